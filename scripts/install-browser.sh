#!/usr/bin/env bash
# The browser tests drive Debian's Chromium through Playwright for Python; install it when missing.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installerer Chromium for nettlesertestene (apt-get)…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "Chromium mangler: installer pakken «chromium» (Debian) for å kjøre nettlesertestene." >&2
fi
