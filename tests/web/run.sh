#!/usr/bin/env bash
# Runs the voter-client/web tests with Node's built-in test runner.
#   run.sh WEB_DIR unit    every test/*.test.js but the cross-implementation one
#   run.sh WEB_DIR cross   test/cross.test.js (needs URNE_WEB_FIXTURE)
# Installs the pinned packages (npm ci: package-lock.json) when node_modules is missing.
# Exits 77 (skipped) with a message when node or npm is absent.
set -euo pipefail
web="$1"
which="$2"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "SKIPPED: node/npm not installed (scripts/install-deps.sh --browser installs them)"
  exit 77
fi
cd "$web"
if [[ ! -d node_modules/@noble/curves || ! -d node_modules/@noble/hashes ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
if [[ "$which" == cross ]]; then
  exec node --test test/cross.test.js
fi
files=()
for f in test/*.test.js; do [[ "$f" == test/cross.test.js ]] || files+=("$f"); done
exec node --test "${files[@]}"
