#!/bin/sh
# Times urne-verify on a 10,000-ballot record (ristretto255, 3 questions, 9 options).
# Usage: bench/verify_10k.sh [BUILD_DIR] [BALLOTS]   (default build, 10000). Prints the time.
set -eu
BUILD=${1:-build}
N=${2:-10000}
RECORD=${TMPDIR:-/tmp}/urne-verify-bench-$N.rec
make -C "$BUILD" -j2 urne-verify urne-gen-record >/dev/null
if [ ! -s "$RECORD" ]; then
  echo "generating $RECORD ($N ballots)…" >&2
  "$BUILD/tools/urne-gen-record" --ballots "$N" --out "$RECORD"
fi
ls -l "$RECORD" >&2
START=$(date +%s.%N)
"$BUILD/verifier/urne-verify" "$RECORD" | tail -1
END=$(date +%s.%N)
echo "urne-verify, $N ballots, $(nproc) cores: $(awk "BEGIN{print $END - $START}") s"
