#!/usr/bin/env bash
# Issue #18 target P4: from CLOSE to the tally and to the RESULT, at two sizes, each beside the
# old full re-sync measured in the same run (tests/bulletin-board/tally_after_close.cc,
# urne-tally-bench). Each run starts a real urne-board (TLS on loopback, SQLite, fsync before
# each receipt) in a fresh directory, posts an R5 election (bench/r5-manifest.json; 3
# trustees, threshold 2) and N pre-made valid ballots while the three trustees and the
# authority follow the log (board-client/follow.h), waits until they have caught up, posts
# CLOSE, and times: every follower's tally checkpoint; the three partial decryptions, each
# trustee resuming from its checkpoint; the RESULT, the authority resuming from its own.
# Then the old path on the same log: three full re-syncs at once, then one more.
# The after-CLOSE times must not grow with N (the old ones grow linearly).
#
# Usage: bench/tally_after_close.sh [BUILD_DIR] [BALLOTS] [--no-old]   (default: build, 10000;
# the second size is BALLOTS / 4; --no-old skips the old path, which holds the whole log in
# memory: for 100,000 ballots and more). Needs a build with tests on. A benchmark, never a test.
# The bench holds the N pre-made ballots in memory (about 6 KB each).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$(cd "${1:-$root/build}" && pwd)"
n="${2:-10000}"
small=$((n / 4))
old_flag="${3:-}"
cmake --build "$build" -j2 --target urne-tally-bench urne-board >/dev/null
bench="$build/tests/bulletin-board/urne-tally-bench"

declare -A results
for size in "$small" "$n"; do
  echo "-- $size ballots" >&2
  out=$("$bench" --manifest "$root/bench/r5-manifest.json" --ballots "$size" $old_flag)
  echo "$out" | grep -v '^RESULT' >&2
  results[$size]="$(echo "$out" | grep '^RESULT')"
done

field() {  # field SIZE NAME: NAME=value of that size's RESULT line
  echo "${results[$1]}" | tr ' ' '\n' | sed -n "s/^$2=//p"
}

row() { printf '%-34s %-10s %-14s %-14s\n' "$@"; }
echo "== P4 after CLOSE, R5 election, 3 trustees + authority following, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
row "figure (seconds after CLOSE)" "goal" "N=$small" "N=$n"
row "CLOSE signed (from follower)" "-" "$(field "$small" close)" "$(field "$n" close)"
row "tally checkpoints (all 4)" "<= 10" "$(field "$small" checkpoint)" "$(field "$n" checkpoint)"
row "3 partial decryptions" "-" "$(field "$small" partials)" "$(field "$n" partials)"
row "RESULT" "<= 60" "$(field "$small" result)" "$(field "$n" result)"
row "old: 3 partials (full re-syncs)" "-" "$(field "$small" old_partials)" "$(field "$n" old_partials)"
row "old: RESULT (one more re-sync)" "-" "$(field "$small" old_result)" "$(field "$n" old_result)"
