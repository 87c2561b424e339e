#!/usr/bin/env bash
# Prints issue #18's performance targets that can be measured here, each beside its goal
# and beside the naive per-proof baseline measured in the same run (median of 3 runs).
# Workload R5: bench/r5-manifest.json (5 yes/no questions with blank, one choice each).
#
# Usage: bench/perf.sh [BUILD_DIR] [BALLOTS]      (default: build, 10000)
# Needs a build with -DURNE_BUILD_BENCH=ON and tests on (the record generator uses
# tests/support). Records are cached by size in ${URNE_BENCH_CACHE:-/tmp/urne-bench}.
# Benchmarks, never tests: nothing here runs in ctest. Takes several minutes.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$(cd "${1:-$root/build}" && pwd)"
n="${2:-10000}"
cache="${URNE_BENCH_CACHE:-/tmp/urne-bench}"
manifest="$root/bench/r5-manifest.json"
mkdir -p "$cache"
cmake --build "$build" -j2 --target urne-bench-r5 urne-gen-record urne-verify >/dev/null
tool="$build/bench/urne-bench-r5"
gen="$build/tools/urne-gen-record"
verify="$build/verifier/urne-verify"

# The record of N R5 ballots (and one with a bad proof in ballot N·2/3), generated once.
record() {  # record N [TAMPER]
  local file="$cache/r5-$1${2:+-bad$2}.rec"
  if [ ! -s "$file" ]; then
    echo "generating $file (all cores)…" >&2
    "$gen" --manifest "$manifest" --ballots "$1" --out "$file" ${2:+--tamper-ballot "$2"} \
      2>"$file.log" || { cat "$file.log" >&2; rm -f "$file"; exit 1; }
  fi
  echo "$file"
}

median3() {  # median3 CMD… : runs CMD 3 times, prints the median of its one-number outputs
  local a b c
  a=$("$@") b=$("$@") c=$("$@")
  printf '%s\n%s\n%s\n' "$a" "$b" "$c" | sort -g | sed -n 2p
}

# wall seconds and peak RSS (KiB) of urne-verify on a record, as "SECONDS KIB EXIT"
verify_run() {
  /usr/bin/time -o "$cache/time.out" -f '%e %M' "$verify" "$1" >/dev/null 2>&1 || true
  tail -1 "$cache/time.out"
}

row() { printf '%-44s %-16s %-14s %-14s %s\n' "$@"; }

rec=$(record "$n")
bad=$((n * 2 / 3))
badrec=$(record "$n" "$bad")

echo "== issue #18 targets, $(nproc) cores, R5 ballots, $(date -u +%Y-%m-%dT%H:%MZ)"
row "target" "goal" "measured" "baseline" "note"

p1=$(median3 "$tool" encrypt "$manifest" ristretto255 200)
p1_tab=$(median3 "$tool" key-table "$manifest" ristretto255)
row "P1 ristretto255 encrypt+prove+sign" "<= 2 ms CPU" "$p1 ms" "-" \
  "one core; election key's table built once: $p1_tab ms"

v_ind=$(median3 "$tool" verify-ballot "$manifest" ristretto255 200 individual)
v_bal=$(median3 "$tool" verify-ballot "$manifest" ristretto255 200 ballot)
row "ristretto255 verify one ballot" "-" "$v_bal ms" "$v_ind ms" "per-ballot batch vs per proof"

p_ind=$(median3 "$tool" proofs "$rec" individual)
p_bal=$(median3 "$tool" proofs "$rec" ballot)
p_crs=$(median3 "$tool" proofs "$rec" cross)
ratio=$(awk "BEGIN{printf \"%.1f\", $p_ind / $p_crs}")
row "P2 proofs per ballot, across ballots" ">= 5x baseline" "$p_crs ms" "$p_ind ms" \
  "${ratio}x; per-ballot batch $p_bal ms; one core, $n ballots"

walls=() rss=()
for _ in 1 2 3; do
  read -r w m <<<"$(verify_run "$rec")"
  walls+=("$w") rss+=("$m")
done
wall=$(printf '%s\n' "${walls[@]}" | sort -g | sed -n 2p)
peak=$(printf '%s\n' "${rss[@]}" | sort -g | sed -n 3p)
per_proof=$(awk "BEGIN{printf \"%.1f\", $wall + $n * ($p_ind - $p_crs) / 1000 / $(nproc)}")
row "P2 urne-verify $n ballots, wall" "-" "$wall s" "~$per_proof s" \
  "baseline = wall + N x (per-proof - cross) / cores"
row "P2 1,000,000 ballots, wall (linear)" "<= 480 s" \
  "$(awk "BEGIN{printf \"%.0f\", $wall * 1000000 / $n}") s" \
  "~$(awk "BEGIN{printf \"%.0f\", $per_proof * 1000000 / $n}") s" "extrapolated from $n"
row "P2 peak RSS at $n ballots" "<= 1 GiB" "$((peak / 1024)) MiB" "-" "max of 3"

start=$(date +%s.%N)
verdict=$("$verify" "$badrec" 2>&1 || true)
took=$(awk "BEGIN{printf \"%.1f\", $(date +%s.%N) - $start}")
# the generator logged "ballot K (entry E) has a bad range proof"
want="$(grep -o 'entry [0-9]*' "$badrec.log" | head -1) (BALLOT): question \"pool\", option 0"
if grep -qF "$want" <<<"$verdict" && grep -q "proof.range.invalid" <<<"$verdict"; then
  named="names ballot $bad"
else
  named="DID NOT name ballot $bad: $(grep -m1 -i fail <<<"$verdict")"
fi
row "bad proof among $n ballots" "exact ballot" "$named" "-" "urne-verify ${took} s"

row "P3 board ingest, 64 clients" ">= 1000/s" "not measured" "-" "no load generator yet"
row "P4 tally after CLOSE, 1M" "<= 10 s" "not measured" "-" ""

e_enc=$(median3 "$tool" encrypt "$manifest" eg4096 5)
e_ind=$(median3 "$tool" verify-ballot "$manifest" eg4096 5 individual)
e_pel=$(median3 "$tool" verify-ballot "$manifest" eg4096 5 per-element)
e_bal=$(median3 "$tool" verify-ballot "$manifest" eg4096 5 ballot)
row "P5 eg4096 verify one ballot" "<= 50 ms CPU" "$e_bal ms" "$e_pel ms" \
  "baseline: x^q per element; per proof $e_ind ms"
e_tab=$(median3 "$tool" key-table "$manifest" eg4096)
row "P5 eg4096 encrypt+prove+sign" "<= 15 ms CPU" "$e_enc ms" "-" \
  "election key's table built once: $e_tab ms"
