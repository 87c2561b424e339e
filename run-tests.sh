#!/usr/bin/env bash
# The whole urne test suite on a fresh Debian 12 machine: installs what it needs, builds,
# and runs every test (unit, integration on loopback, end-to-end, browser).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
URNE_DEPS_FLAGS=--browser "$root/scripts/build.sh"
cd "$root/build"
ctest --output-on-failure -j "$(nproc)" --timeout 900
