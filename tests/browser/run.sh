#!/usr/bin/env bash
# Installs the pinned npm packages (package-lock.json) into this folder, then runs the booth
# test. Environment: see booth.test.js.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
if [[ ! -d node_modules/playwright-core || ! -d node_modules/axe-core ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
exec node booth.test.js
