#!/usr/bin/env bash
# clang-tidy over the C++ files of the folders kept clean (the repository's .clang-tidy;
# every finding is an error), with the include paths and flags of the build's
# compile_commands.json. Their headers are checked through the files that include them
# (the header filter; headers are reached through build/include/<folder>/<folder>/).
#
# Kept clean: the whole tree — the layers (status, crypto, election, board-client, cli), the
# programs, tools/, bench/ and tests/ (tests/.clang-tidy: the same checks without the
# clang-analyzer group). Not tests/fuzz/: its targets are built by scripts/fuzz.sh with
# clang's libFuzzer, outside the build's compile_commands.json. It first checks itself: a
# snippet with a finding the configuration enables must be refused, or the check would pass
# vacuously.
#
# Not a ctest: it parses every file again (15 to 45 s of CPU per file on this machine, most
# of it walking the headers every file includes: absl's status alone is 115,000 lines), so
# CI runs it as its own step (.ci/run), beside the tests, once the Release build has made
# compile_commands.json and the generated headers. CI checks every file but the test cases
# (tests/**/*_test.cc: 85 files, 30 minutes of CPU, which pushed CI to 4,980 s of its
# 5,400): they are compiled with -Wall -Wextra -Werror and run under ASan and UBSan; the
# tests' shared code (tests/support, the fixtures, the load generators) is still checked.
# --all adds them: run it before committing a change to a test case.
# Usage: scripts/check-tidy.sh [--all] [BUILD_DIR] [FILE...]
#   (files: only those, e.g. while fixing)
set -euo pipefail
cases=0
if [[ "${1:-}" == "--all" ]]; then
  cases=1
  shift
fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$(realpath -m "${1:-$root/build}")"
shift || true
command -v clang-tidy >/dev/null || {
  echo "check-tidy: clang-tidy is not installed (scripts/install-deps.sh installs it)" >&2
  exit 2
}
[[ -f "$build/compile_commands.json" ]] || {
  echo "check-tidy: no $build/compile_commands.json; build first (scripts/build.sh)" >&2
  exit 2
}
cd "$root"
clean="status crypto election board-client cli bulletin-board voter-client trustee-tools authority verifier tools bench tests"

# The canary: a use after move, which bugprone-use-after-move must report.
canary_dir="$(mktemp -d)"
trap 'rm -rf "$canary_dir"' EXIT
cat >"$canary_dir/canary.cc" <<'EOF'
#include <string>
#include <utility>
std::string Canary(std::string s) {
  std::string t = std::move(s);
  return s + t;
}
EOF
if clang-tidy --quiet --config-file="$root/.clang-tidy" "$canary_dir/canary.cc" -- -std=c++20 >"$canary_dir/out" 2>&1; then
  echo "check-tidy: the canary (a use after move) passed; the configuration checks nothing" >&2
  cat "$canary_dir/out" >&2
  exit 1
fi

if [[ $# -gt 0 ]]; then
  files=("$@")
else
  mapfile -t files < <(for f in $clean; do git ls-files "$f/*.cc"; done | grep -v '^tests/fuzz/' |
    if ((cases)); then cat; else grep -vE '^tests/.*_test\.cc$'; fi)
fi
folders='status|crypto|election|board-client|cli|bulletin-board|voter-client|trustee-tools|authority|verifier|tools|bench|tests'
log="$(mktemp)"
trap 'rm -rf "$canary_dir" "$log"' EXIT
printf '%s\n' "${files[@]}" |
  xargs -P "$(nproc)" -n 4 clang-tidy --quiet -p "$build" --use-color=false \
    --header-filter="^($root|$build/include/[^/]+)/($folders)/" >"$log" 2>&1 || true
if grep -qE '(warning|error): ' "$log"; then
  grep -E '(warning|error): ' "$log" | sort -u >&2
  echo "check-tidy: $(grep -cE '(warning|error): ' "$log") findings (above); fix them or, for a" \
    "check that does not fit the house style, disable it in .clang-tidy with its reason" >&2
  exit 1
fi
echo "check-tidy: ${#files[@]} files clean"
