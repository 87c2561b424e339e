#!/bin/sh
# The memory-bomb figures (issue #13): two ~15 MiB MANIFESTs of empty repeated fields signed
# by fresh keys and one voter's ~15 MiB BALLOT posted at once while a voter casts, against a
# real urne-board with its default limits. Prints how long the cast took (target: within 2 s)
# and the board's peak RSS (target: under 300 MB). The test asserts the refusals, the cast
# and the RSS; only this script reports the time. Usage: bench/memory_bomb.sh [BUILD_DIR]
set -eu
BUILD=${1:-build}
make -C "$BUILD" -j2 urne-board bulletin_board_tests >/dev/null
"$BUILD/tests/bulletin-board/bulletin_board_tests" \
  --gtest_filter='BoardLimits.MemoryBombsAreRefusedBeforeParsingWhileACastCompletes' |
  grep -E 'cast during|peak RSS|OK|FAILED'
