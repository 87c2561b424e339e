#!/usr/bin/env bash
# Clang's thread-safety analysis over every C++ file that annotates what a mutex guards
# (absl/base/thread_annotations.h: ABSL_GUARDED_BY, ABSL_EXCLUSIVE_LOCKS_REQUIRED, ...).
# GCC builds the project and ignores the annotations; this check compiles those files once
# more with clang++ -fsyntax-only -Wthread-safety -Werror, with the include paths of the
# build's compile_commands.json. It first checks itself: a snippet that reads a guarded
# member without its lock must be refused, or the check would pass vacuously.
# Run by ctest as style.thread_safety. Usage: scripts/check-thread-safety.sh BUILD_DIR
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build}"
command -v clang++ >/dev/null || {
  echo "check-thread-safety: clang++ is not installed (scripts/install-deps.sh installs it)" >&2
  exit 2
}
[[ -f "$build/compile_commands.json" ]] || {
  echo "check-thread-safety: no $build/compile_commands.json; configure with CMake first" >&2
  exit 2
}
flags=(-std=c++20 -fsyntax-only -Wall -Wextra -Werror -Wthread-safety -Wno-unknown-warning-option)

canary="$(mktemp --suffix=.cc)"
trap 'rm -f "$canary"' EXIT
cat >"$canary" <<'EOF'
#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
struct Counter {
  absl::Mutex mu;
  int n ABSL_GUARDED_BY(mu) = 0;
};
int Read(Counter& c) { return c.n; }  // no lock held: must be refused
EOF
if clang++ "${flags[@]}" "$canary" 2>/dev/null; then
  echo "check-thread-safety: clang accepted an unguarded read; the analysis is not active" >&2
  exit 1
fi

cd "$root"
# Files that hold an annotation themselves or whose own header does.
mapfile -t files < <(git ls-files '*.cc' | while read -r f; do
  h="${f%.cc}.h"
  if grep -qE 'ABSL_(PT_)?GUARDED_BY|ABSL_[A-Z_]*LOCKS_REQUIRED' "$f" ||
    { [[ -f "$h" ]] && grep -qE 'ABSL_(PT_)?GUARDED_BY|ABSL_[A-Z_]*LOCKS_REQUIRED' "$h"; }; then
    echo "$f"
  fi
done)
[[ ${#files[@]} -gt 0 ]] || { echo "check-thread-safety: no annotated file found" >&2; exit 1; }

failed=0
for f in "${files[@]}"; do
  # The include paths and definitions the build uses for this file (-I, -isystem, -D).
  mapfile -t args < <(python3 - "$build/compile_commands.json" "$root/$f" <<'EOF'
import json, shlex, sys
for entry in json.load(open(sys.argv[1])):
    if entry["file"] == sys.argv[2]:
        words = shlex.split(entry["command"])
        i = 0
        while i < len(words):
            w = words[i]
            if w in ("-I", "-isystem", "-D"):
                print(w); print(words[i + 1]); i += 2; continue
            if w.startswith(("-I", "-D")):
                print(w)
            i += 1
        break
else:
    sys.exit(f"{sys.argv[2]} is not in {sys.argv[1]}")
EOF
  )
  if ! clang++ "${flags[@]}" "${args[@]}" "$f"; then
    echo "check-thread-safety: $f fails the analysis" >&2
    failed=1
  fi
done
[[ $failed -eq 0 ]] || exit 1
echo "check-thread-safety: ${#files[@]} files pass clang -Wthread-safety"
