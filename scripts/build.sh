#!/usr/bin/env bash
# Installs the Debian packages urne needs (if missing), configures and builds it in build/.
# Usage: scripts/build.sh [extra targets...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/install-deps.sh" "${URNE_DEPS_FLAGS:-}"
jobs="$(nproc)"
cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$root/build" -j "$jobs" -- --no-print-directory "$@"
