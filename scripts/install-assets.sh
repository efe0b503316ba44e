#!/usr/bin/env bash
# Front-end assets built from npm (Designsystemet CSS). Nothing to do until package.json exists.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f package.json ]; then
  if [ ! -d node_modules ] || [ package.json -nt node_modules ]; then
    npm install --no-audit --no-fund --loglevel=error
    touch node_modules
  fi
  if [ -f scripts/build-css.sh ]; then bash scripts/build-css.sh; fi
fi
