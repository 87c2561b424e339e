#!/usr/bin/env bash
# Installs the pinned npm packages (package-lock.json) of this folder (playwright-core,
# axe-core) and of voter-client/web (@noble, served as the booth's modules), then runs the
# booth test. Exits 77 (skipped) without node, npm or Chromium. Environment: see booth.test.js.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1 || [[ ! -x "${URNE_CHROMIUM:-/usr/bin/chromium}" ]]; then
  echo "SKIPPED: node, npm or Chromium is not installed (scripts/install-deps.sh --browser)"
  exit 77
fi
(cd "$here/../../voter-client/web" && { [[ -d node_modules/@noble/curves && -d node_modules/@noble/hashes ]] ||
  npm ci --no-audit --no-fund --loglevel=error; })
cd "$here"
if [[ ! -d node_modules/playwright-core || ! -d node_modules/axe-core ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
exec node booth.test.js
