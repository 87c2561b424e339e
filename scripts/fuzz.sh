#!/usr/bin/env bash
# Builds the libFuzzer targets with clang, AddressSanitizer and UBSan in build-fuzz, then
# fuzzes every parser of untrusted bytes for SECONDS (default 60). Not part of the test run.
# Usage: scripts/fuzz.sh [SECONDS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-60}"
"$root/scripts/install-deps.sh"
command -v clang++ >/dev/null || { echo "fuzz: needs clang (apt-get install clang)" >&2; exit 2; }
cmake -S "$root" -B "$root/build-fuzz" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DURNE_BUILD_FUZZ=ON \
  -DURNE_BUILD_BENCH=OFF -DURNE_BUILD_TESTS=OFF \
  -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fsanitize=fuzzer-no-link" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
cmake --build "$root/build-fuzz" -j "$(nproc)" --target fuzz_parsers
corpus="$root/build-fuzz/corpus"
mkdir -p "$corpus"
"$root/build-fuzz/tests/fuzz/fuzz_parsers" -max_total_time="$seconds" -max_len=8192 \
  -print_final_stats=1 "$corpus"
