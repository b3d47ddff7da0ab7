#!/usr/bin/env bash
# Renders the theme's SVG favicon as the PNG fallback (180×180, also the Apple touch icon) with
# Debian's headless Chromium, transparent outside the rounded square. Run once after changing
# favicon.svg and commit the PNG: builds never run it (the text's font depends on the machine).
#
#   tools/favicon-png.sh
set -euo pipefail
cd "$(dirname "$0")/.."
img=themes/italia/static/img
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/icon.html" <<HTML
<!DOCTYPE html><html><head><style>html,body{margin:0;background:transparent}img{display:block;width:180px;height:180px}</style></head>
<body><img src="file://$PWD/$img/favicon.svg" alt=""></body></html>
HTML
chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
  --user-data-dir="$work/profile" --hide-scrollbars --default-background-color=00000000 \
  --allow-file-access-from-files --window-size=180,180 \
  --screenshot="$PWD/$img/favicon.png" "file://$work/icon.html" >"$work/log" 2>&1 || { cat "$work/log" >&2; exit 1; }
file "$img/favicon.png" 2>/dev/null || ls -l "$img/favicon.png"
