#!/usr/bin/env bash
# Fails when a tracked C++ file is not clang-format clean (the repository's .clang-format).
# Run by ctest as style.clang_format; fix with: git ls-files '*.cc' '*.h' | xargs clang-format -i
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
command -v clang-format >/dev/null || { echo "check-format: clang-format is not installed" >&2; exit 2; }
files=$(git ls-files '*.cc' '*.h' 2>/dev/null || find . -name '*.cc' -o -name '*.h' | grep -v '^./build')
# shellcheck disable=SC2086
if ! clang-format --dry-run -Werror $files; then
  echo "check-format: the files above are not clang-format clean" >&2
  exit 1
fi
echo "check-format: $(echo "$files" | wc -w) files clean"
