#!/usr/bin/env bash
# Issue #18 target P2, urne-verify in bounded memory: verifies synthetic R5 records
# (bench/r5-manifest.json, ristretto255) of several sizes and prints, for each, the wall
# time, CPU time (user + system) and peak RSS of urne-verify (/usr/bin/time -v) beside the
# targets: peak RSS <= 1 GiB at every N from 10,000 to 1,000,000, and 1,000,000 ballots in
# <= 480 s wall (the wall target shown for smaller N is that rate, scaled linearly).
# Each N is run 3 times (median wall and CPU, max RSS): about 20 minutes at 1,000,000.
#
# Usage: bench/verify_scale.sh [BUILD_DIR] [N…]    (default: build, 10000 100000)
# Records are generated once (all cores) and cached in ${URNE_BENCH_RECORDS:-bench/records}
# (gitignored). A 1,000,000-ballot record takes about 5.8 GB of disk. Benchmarks, never tests.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$(cd "${1:-$root/build}" && pwd)"
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000)
cache="${URNE_BENCH_RECORDS:-$root/bench/records}"
manifest="$root/bench/r5-manifest.json"
mkdir -p "$cache"
cmake --build "$build" -j2 --target urne-gen-record urne-verify >/dev/null
gen="$build/tools/urne-gen-record"
verify="$build/verifier/urne-verify"

record() {  # record N: the cached record of N R5 ballots
  local file="$cache/r5-$1.urnerec"
  if [ ! -s "$file" ]; then
    echo "generating $file (all cores)…" >&2
    "$gen" --manifest "$manifest" --ballots "$1" --out "$file" 2>"$file.log" ||
      { cat "$file.log" >&2; rm -f "$file"; exit 1; }
  fi
  echo "$file"
}

# One run: "WALL_S CPU_S RSS_KIB EXIT" (/usr/bin/time -v's elapsed, user + system, maximum RSS).
run() {
  local out="$cache/time.out" code=0
  /usr/bin/time -v -o "$out" "$verify" "$1" >"$cache/verify.out" 2>/dev/null || code=$?
  awk -v code="$code" '
    /Elapsed \(wall clock\)/ { n = split($NF, t, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + t[i] }
    /User time/ { u = $NF } /System time/ { s = $NF } /Maximum resident/ { m = $NF }
    END { printf "%.1f %.1f %d %d\n", w, u + s, m, code }' "$out"
}

median() { printf '%s\n' "$@" | sort -g | sed -n "$((($# + 1) / 2))p"; }
row() { printf '%-10s %-10s %-10s %-12s %-8s %s\n' "$@"; }

echo "== urne-verify on R5 records, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
row "ballots" "wall" "CPU" "peak RSS" "exit" "target (wall at the 1M rate; RSS <= 1 GiB)"
for n in "${sizes[@]}"; do
  rec=$(record "$n")
  runs=3
  walls=() cpus=() rsss=() code=0
  for _ in $(seq "$runs"); do
    read -r w c m code <<<"$(run "$rec")"
    walls+=("$w") cpus+=("$c") rsss+=("$m")
  done
  wall=$(median "${walls[@]}") cpu=$(median "${cpus[@]}")
  rss=$(printf '%s\n' "${rsss[@]}" | sort -g | tail -1)
  goal=$(awk "BEGIN{printf \"%.0f\", 480 * $n / 1000000}")
  verdict=$(awk "BEGIN{print ($rss <= 1048576 && $wall <= $goal) ? \"met\" : \"MISSED\"}")
  row "$n" "${wall} s" "${cpu} s" "$((rss / 1024)) MiB" "$code" \
    "<= ${goal} s, <= 1024 MiB: $verdict (median of 3)"
done
