#!/usr/bin/env bash
# The unit and integration tests again, in a Debug build (no NDEBUG: every assert runs) with
# AddressSanitizer (and LeakSanitizer) and UndefinedBehaviorSanitizer, in build-asan/.
#
# Any report fails its test: the code is built with -fno-sanitize-recover=all, so the first
# error aborts the process that hit it; a test process that aborts fails, and a report from a
# program a test starts (urne-board, urne-admin, ...) makes tests/support abort the test
# (AbortOnSanitizerReport), even when the test expected that program to fail.
#
# Not run here: the end-to-end demos (e2e.*), the browser tests (browser.*, web.*) — they
# drive the same programs through the same code paths as the integration tests, and take most
# of their time in eg4096 arithmetic, which ASan slows down several times; the Release run
# (run-tests.sh) runs them — and the style checks (style.*), which do not depend on the build.
# Usage: scripts/test-sanitizers.sh   (.ci/run runs it after ./run-tests.sh)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/install-deps.sh"
build="$root/build-asan"
# -O1: Debug semantics (asserts on, NDEBUG undefined) at a speed the eg4096 tests can afford.
# -g1: line tables and function names, all a sanitizer report needs (file:line in every
# frame), a third of -g's object size: the build is about a fifth faster and links faster.
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Debug -DURNE_SANITIZE=ON \
  -DURNE_BUILD_BENCH=OFF -DCMAKE_CXX_FLAGS_DEBUG="-g1 -O1" -DCMAKE_C_FLAGS_DEBUG="-g1 -O1" >/dev/null
cmake --build "$build" -j "$(nproc)" -- --no-print-directory

# LeakSanitizer runs at every exit (detect_leaks); reports go to the stderr of the process.
export ASAN_OPTIONS="detect_leaks=1:strict_string_checks=1:check_initialization_order=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$root/scripts/lsan.supp:print_suppressions=0"
cd "$build"
ctest --output-on-failure -j "$(nproc)" --timeout 900 -E '^(e2e|browser|web|style)\.'
