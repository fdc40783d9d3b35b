#!/usr/bin/env bash
# Renders the installable web app's PNG icons from wwwroot/icons/icon.svg with headless Chromium
# (needs the chromium and fonts-noto-cjk packages). Run again after changing the SVG.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
icons="$here/src/Tiaodu.Web/wwwroot/icons"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for size in 192 512; do
    printf '<html><body style="margin:0;background:transparent"><img src="file://%s/icon.svg" width="%s" height="%s"></body></html>' \
        "$icons" "$size" "$size" > "$work/icon.html"
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --default-background-color=00000000 \
        --window-size="$size,$size" --screenshot="$icons/icon-$size.png" "file://$work/icon.html" > /dev/null 2>&1
done
ls -l "$icons"/icon-*.png
