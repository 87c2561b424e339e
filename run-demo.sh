#!/usr/bin/env bash
# The urne demo on a fresh Debian 12 machine: installs what it needs, builds, then runs a
# complete votation on this machine (see README.md). Flags are passed to scripts/demo.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# Only the five programs the demo runs (the test command builds everything); --browser: node,
# npm and Chromium for the hosted booth and the demo's browser voters.
URNE_DEPS_FLAGS=--browser "$root/scripts/build.sh" urne-board urne-admin urne-trustee urne-vote urne-verify
exec "$root/scripts/demo.sh" "$@"
