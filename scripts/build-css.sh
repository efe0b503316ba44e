#!/usr/bin/env bash
# Builds the Designsystemet theme with its own command-line tool and copies the component CSS,
# and the theme into static/vendor/ (not committed; scripts/install-assets.sh runs this).
set -euo pipefail
cd "$(dirname "$0")/.."

VENDOR=static/vendor
DS_CSS=node_modules/@digdir/designsystemet-css/dist
mkdir -p "$VENDOR/designsystemet"

# The theme (colours, typography, radius) from designsystemet.config.json. The tool works offline; if it
# fails anyway, fall back to the package's default theme so the pages still look right.
if node_modules/.bin/designsystemet tokens create --config designsystemet.config.json >/dev/null 2>&1 \
   && node_modules/.bin/designsystemet tokens build -t build/design-tokens -o build/design-tokens-build --clean >/dev/null 2>&1 \
   && [ -f build/design-tokens-build/helsefellesskap.css ]; then
  cp build/design-tokens-build/helsefellesskap.css "$VENDOR/designsystemet/theme.css"
else
  echo "Designsystemet-temaet kunne ikke bygges; bruker standardtemaet fra pakken." >&2
  cp "$DS_CSS/theme/designsystemet.css" "$VENDOR/designsystemet/theme.css"
fi

# Component CSS: index.css is the whole bundle.
cp "$DS_CSS/src/index.css" "$VENDOR/designsystemet/designsystemet.css"
echo "Designsystemet er lagt i $VENDOR/."
