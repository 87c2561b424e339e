#!/usr/bin/env bash
# Prints every issue #18 performance target, P1 to P5, each beside its goal and beside the
# naive baseline measured in the same run; each figure is the median of 3 runs (urne-verify
# too, at every record size, a million included). Workload R5: bench/r5-manifest.json (5
# yes/no questions with blank, one choice each).
#
#   P1  ristretto255 encrypt + prove + sign one ballot, one core (urne-bench-r5)
#   P2  urne-verify on records of BALLOTS and of the extra SIZES (measured, never
#       extrapolated, except the 1,000,000 row when that size is not asked for): wall, CPU,
#       peak RSS; proofs across ballots against each proof alone; one bad proof among
#       BALLOTS named exactly
#   P3  board ingest from 64 loopback clients, durable receipts (urne-board-load, the load
#       generator of bench/board_ingest.sh), against pure verification in the same run
#   P4  CLOSE to tally and to RESULT with followers (urne-tally-bench, as
#       bench/tally_after_close.sh), against the old full re-syncs in the same run
#   P5  eg4096 verify and encrypt one ballot, one core (urne-bench-r5), against the same on
#       GMP's products (URNE_EG4096_NO_IFMA=1) where the CPU has AVX-512 IFMA
#
# Usage: bench/perf.sh [--million] [BUILD_DIR] [BALLOTS] [SIZES…]
#   BALLOTS   default 10000: P2's main size and the bad-proof record; P3 posts BALLOTS / 2
#             ballots (P3_BALLOTS), P4 BALLOTS / 4 (P4_BALLOTS; its after-CLOSE times do not
#             grow with N: bench/tally_after_close.sh shows two sizes)
#   SIZES     more record sizes for P2 (for instance 100000), each verified 3 times
#   --million adds 1000000 to SIZES (its record: about 6 GB of disk, about 20 minutes to
#             generate on 2 quiet cores; urne-verify then takes about 6 minutes, 3 times)
# The load generators' own output goes to perf-p3.log and perf-p4.log beside the records.
# Records are generated once (urne-gen-record, all cores) and cached in
# ${URNE_BENCH_RECORDS:-bench/records} (gitignored). Needs a build with -DURNE_BUILD_BENCH=ON
# and tests on (the load generators use tests/support). At the default size it takes about
# 15 minutes on 2 cores (records cached); --million adds about 20 more. Benchmarks, never
# tests: nothing here runs in ctest.
set -euo pipefail
million=0
if [ "${1:-}" = "--million" ]; then
  million=1
  shift
fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$(cd "${1:-$root/build}" && pwd)"
n="${2:-10000}"
shift 2 || shift $#
sizes=("$@")
[ "$million" = 1 ] && sizes+=(1000000)
p3_n="${P3_BALLOTS:-$((n / 2))}"
p4_n="${P4_BALLOTS:-$((n / 4))}"
cache="${URNE_BENCH_RECORDS:-$root/bench/records}"
manifest="$root/bench/r5-manifest.json"
mkdir -p "$cache"
cmake --build "$build" -j2 --target urne-bench-r5 urne-gen-record urne-verify urne-board-load \
  urne-tally-bench urne-board >/dev/null
tool="$build/bench/urne-bench-r5"
gen="$build/tools/urne-gen-record"
verify="$build/verifier/urne-verify"
load="$build/tests/bulletin-board/urne-board-load"
tally="$build/tests/bulletin-board/urne-tally-bench"
cores=$(nproc)

# The record of N R5 ballots (and one with a bad proof in ballot TAMPER), generated once.
record() {  # record N [TAMPER]
  local file="$cache/r5-$1${2:+-bad$2}.urnerec"
  if [ ! -s "$file" ]; then
    echo "generating $file (all cores)…" >&2
    "$gen" --manifest "$manifest" --ballots "$1" --out "$file" ${2:+--tamper-ballot "$2"} \
      2>"$file.log" || { cat "$file.log" >&2; rm -f "$file"; exit 1; }
  fi
  echo "$file"
}

median() { printf '%s\n' "$@" | sort -g | sed -n "$((($# + 1) / 2))p"; }
median3() {  # median3 CMD… : runs CMD 3 times, prints the median of its one-number outputs
  local a b c
  a=$("$@") b=$("$@") c=$("$@")
  printf '%.2f' "$(median "$a" "$b" "$c")"
}
ratio() { awk "BEGIN{printf \"%.1f\", $1 / $2}"; }

# One urne-verify run: "WALL_S CPU_S RSS_KIB EXIT" (/usr/bin/time -v).
verify_run() {
  local out="$cache/time.out" code=0
  /usr/bin/time -v -o "$out" "$verify" "$1" >"$cache/verify.out" 2>&1 || code=$?
  awk -v code="$code" '
    /Elapsed \(wall clock\)/ { n = split($NF, t, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + t[i] }
    /User time/ { u = $NF } /System time/ { s = $NF } /Maximum resident/ { m = $NF }
    END { printf "%.1f %.1f %d %d\n", w, u + s, m, code }' "$out"
}

# RESULT lines of the load generators: field NAME of each run, median over the runs.
field_median() {  # field_median NAME LINE…
  local name="$1" vals=()
  shift
  for line in "$@"; do vals+=("$(tr ' ' '\n' <<<"$line" | sed -n "s/^$name=//p")"); done
  median "${vals[@]}"
}
met() { awk "BEGIN{print ($1) ? \"met\" : \"MISSED\"}"; }

row() { printf '%-40s %-15s %-15s %-15s %s\n' "$@"; }

rec=$(record "$n")
bad=$((n * 2 / 3))
badrec=$(record "$n" "$bad")
for s in "${sizes[@]}"; do record "$s" >/dev/null; done

load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== issue #18 targets, $cores cores, R5 ballots, median of 3, $(date -u +%Y-%m-%dT%H:%MZ)"
row "target" "goal" "measured" "baseline" "note"

# P1 ---------------------------------------------------------------------------------------
p1=$(median3 "$tool" encrypt "$manifest" ristretto255 200)
p1_tab=$(median3 "$tool" key-table "$manifest" ristretto255)
row "P1 ristretto255 encrypt+prove+sign" "<= 2 ms CPU" "$p1 ms" "-" \
  "$(met "$p1 <= 2"); one core; election key's table built once: $p1_tab ms"

# P2 ---------------------------------------------------------------------------------------
v_ind=$(median3 "$tool" verify-ballot "$manifest" ristretto255 200 individual)
v_bal=$(median3 "$tool" verify-ballot "$manifest" ristretto255 200 ballot)
row "ristretto255 verify one ballot" "-" "$v_bal ms" "$v_ind ms" \
  "one batch per ballot; baseline each proof alone"
p_ind=$(median3 "$tool" proofs "$rec" individual)
p_bal=$(median3 "$tool" proofs "$rec" ballot)
p_crs=$(median3 "$tool" proofs "$rec" cross)
x=$(ratio "$p_ind" "$p_crs")
row "P2 proofs per ballot, across ballots" ">= 5x baseline" "$p_crs ms" "$p_ind ms" \
  "$(met "$x >= 5"): ${x}x; one batch per ballot $p_bal ms; one core, $n ballots"

# urne-verify at each size, 3 times: median wall and CPU, max RSS.
largest=0 largest_wall=0
for s in "$n" "${sizes[@]}"; do
  runs=3
  walls=() cpus=() rsss=() codes=()
  for _ in $(seq "$runs"); do
    read -r w c m code <<<"$(verify_run "$(record "$s")")"
    walls+=("$w") cpus+=("$c") rsss+=("$m") codes+=("$code")
  done
  wall=$(median "${walls[@]}") cpu=$(median "${cpus[@]}")
  rss=$(printf '%s\n' "${rsss[@]}" | sort -g | tail -1)
  exits=$(printf '%s\n' "${codes[@]}" | sort -u | tr '\n' ' ')
  goal=$(awk "BEGIN{printf \"%.3g\", 480 * $s / 1000000}")
  # Baseline: the same run with each proof checked alone, i.e. the wall time plus N times the
  # per-ballot difference measured above.
  base=$(awk "BEGIN{printf \"%.0f\", $wall + $s * ($p_ind - $p_crs) / 1000 / $cores}")
  row "P2 urne-verify $s ballots, wall" "<= $goal s" "$wall s" "~$base s" \
    "$(met "$wall <= $goal"); CPU $cpu s; exit $exits(median of 3); baseline = wall + N x (per-proof - cross) / cores"
  row "P2 peak RSS at $s ballots" "<= 1024 MiB" "$((rss / 1024)) MiB" "-" \
    "$(met "$rss <= 1048576"); max of 3"
  if [ "$s" -gt "$largest" ]; then largest=$s largest_wall=$wall; fi
done
if [ "$largest" != 1000000 ]; then
  row "P2 1,000,000 ballots, wall" "<= 480 s" \
    "~$(awk "BEGIN{printf \"%.0f\", $largest_wall * 1000000 / $largest}") s" "-" \
    "NOT MEASURED: extrapolated linearly from $largest (--million measures it)"
fi

start=$(date +%s.%N)
verdict=$("$verify" "$badrec" 2>&1 || true)
took=$(awk "BEGIN{printf \"%.1f\", $(date +%s.%N) - $start}")
# the generator logged "ballot K (entry E) has a bad range proof"
want="$(grep -o 'entry [0-9]*' "$badrec.log" | head -1) (BALLOT): question \"pool\", option 0"
if grep -qF "$want" <<<"$verdict" && grep -q "proof.range.invalid" <<<"$verdict"; then
  named="ballot $bad"
  verdict_note="met: $want"
else
  named="WRONG"
  verdict_note="MISSED: $(grep -m1 -i fail <<<"$verdict")"
fi
row "bad proof among $n ballots" "exact ballot" "$named" "-" "$verdict_note; urne-verify ${took} s"

# P3 ---------------------------------------------------------------------------------------
p3=()
for _ in 1 2 3; do
  out=$("$load" --manifest "$manifest" --ballots "$p3_n" --clients 64 2>>"$cache/perf-p3.log" |
    tee -a "$cache/perf-p3.log")
  p3+=("$(grep '^RESULT' <<<"$out")")
done
ingest=$(field_median ingest "${p3[@]}")
pure=$(field_median pure "${p3[@]}")
p99=$(field_median p99 "${p3[@]}")
share=$(field_median ratio "${p3[@]}")
row "P3 board ingest, 64 clients (/s)" ">= 1000" "$ingest" "$pure" \
  "$(met "$ingest >= 1000"); baseline pure verification (all cores, no gRPC, no storage); $p3_n ballots, fsync before each receipt"
row "P3 ingest / pure verification" ">= 75 %" "$share %" "-" "$(met "$share >= 75")"
row "P3 latency p99" "<= 250 ms" "$p99 ms" "-" \
  "$(met "$p99 <= 250"); p50 $(field_median p50 "${p3[@]}") ms, p95 $(field_median p95 "${p3[@]}") ms"
row "P3 CPU per ballot: board, clients" "<= 2 ms both" \
  "$(field_median board_cpu_ms "${p3[@]}") ms" "$(field_median pure_cpu_ms "${p3[@]}") ms" \
  "clients $(field_median client_cpu_ms "${p3[@]}") ms; baseline pure verification's CPU"

# P4 ---------------------------------------------------------------------------------------
p4=()
for _ in 1 2 3; do
  out=$("$tally" --manifest "$manifest" --ballots "$p4_n" 2>>"$cache/perf-p4.log" |
    tee -a "$cache/perf-p4.log")
  p4+=("$(grep '^RESULT' <<<"$out")")
done
checkpoint=$(field_median checkpoint "${p4[@]}")
row "P4 CLOSE signed and posted" "-" "$(field_median close "${p4[@]}") s" "-" \
  "over the log the authority's follower verified (close --follow-dir): nothing replayed"
result=$(field_median result "${p4[@]}")
row "P4 CLOSE -> tally ready" "<= 10 s" "$checkpoint s" "-" \
  "$(met "$checkpoint <= 10"); all 4 followers' tally checkpoints; $p4_n ballots (flat in N)"
row "P4 CLOSE -> 3 partial decryptions" "-" "$(field_median partials "${p4[@]}") s" \
  "$(field_median old_partials "${p4[@]}") s" "baseline: 3 full re-syncs at once"
row "P4 CLOSE -> RESULT" "<= 60 s" "$result s" "$(field_median old_result "${p4[@]}") s" \
  "$(met "$result <= 60"); baseline: one more full re-sync"

# P5 ---------------------------------------------------------------------------------------
if grep -qw avx512ifma /proc/cpuinfo; then
  ifma="products by AVX-512 IFMA (crypto/amm52)"
else
  ifma="no AVX-512 IFMA here: GMP products, as the baseline"
fi
e_enc=$(median3 "$tool" encrypt "$manifest" eg4096 5)
e_ind=$(median3 "$tool" verify-ballot "$manifest" eg4096 5 individual)
e_pel=$(median3 "$tool" verify-ballot "$manifest" eg4096 5 per-element)
e_bal=$(median3 "$tool" verify-ballot "$manifest" eg4096 5 ballot)
row "P5 eg4096 verify one ballot" "<= 50 ms CPU" "$e_bal ms" "$e_pel ms" \
  "$(met "$e_bal <= 50"); baseline x^q per element; each proof alone $e_ind ms"
e_tab=$(median3 "$tool" key-table "$manifest" eg4096)
# The same figures on GMP's products (what a CPU without AVX-512 IFMA runs), same run.
gmp_path() { URNE_EG4096_NO_IFMA=1 "$@"; }
g_enc=$(median3 gmp_path "$tool" encrypt "$manifest" eg4096 5)
g_bal=$(median3 gmp_path "$tool" verify-ballot "$manifest" eg4096 5 ballot)
row "P5 eg4096 encrypt+prove+sign" "<= 15 ms CPU" "$e_enc ms" "$g_enc ms" \
  "$(met "$e_enc <= 15"); $ifma; baseline GMP products; election key's table built once: $e_tab ms"
row "P5 eg4096 verify, GMP products" "-" "$g_bal ms" "-" "what a CPU without AVX-512 IFMA takes"

echo "load average: $load_at_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
