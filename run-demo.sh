#!/usr/bin/env bash
# The urne demo on a fresh Debian 12 machine: installs what it needs, builds, then runs a
# complete votation on this machine (see README.md). Flags are passed to scripts/demo.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$root/scripts/build.sh"
if [[ -x "$root/scripts/demo.sh" ]]; then
  exec "$root/scripts/demo.sh" "$@"
fi
exec "$root/build/tools/urne-walkthrough"
