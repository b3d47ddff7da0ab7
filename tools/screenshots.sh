#!/usr/bin/env bash
# Screenshots of the bundled portal for the documentation: docs/screenshots/<name>-desktop.png
# (1280×2000) and <name>-mobile.png (390×1800), plus docs/screenshots/README.md.
#
# Builds the portal with portico for a fixed date into a temporary folder, serves it on
# 127.0.0.1 with Python's http.server and photographs each page with Debian's headless Chromium.
# No request leaves the machine.
#
#   tools/screenshots.sh                      # uses target/release/portico, else target/debug/portico
#   PORTICO=target/debug/portico tools/screenshots.sh
#   PORT=8200 tools/screenshots.sh            # default: a free port
#
# Needs: a built portico, python3, chromium. Optional: pngquant and optipng (smaller PNGs).
set -euo pipefail
cd "$(dirname "$0")/.."

DATE=2026-11-26
OUT=docs/screenshots

# name|path|description (the description goes into docs/screenshots/README.md)
PAGES=(
  "home|/|Pagina iniziale"
  "provincia|/province/torino/|Scheda di una Provincia (Torino)"
  "calendario|/calendario/|Calendario degli eventi"
  "evento|/calendario/kick-off/|Pagina di un evento (kick-off, comune a tutti i percorsi)"
  "archivio|/archivio/|Archivio dei project work"
  "project-work|/archivio/torino/|Pagina di un project work pubblicato (Torino)"
)
# name|width|height
SIZES=("desktop|1280|2000" "mobile|390|1800")

# --- portico ---------------------------------------------------------------------------------
if [ -n "${PORTICO:-}" ]; then
  portico=$PORTICO
elif [ -x target/release/portico ]; then
  portico=target/release/portico
else
  portico=target/debug/portico
fi
if [ ! -x "$portico" ]; then
  echo "error: $portico not found: run 'cargo build --release' (or set PORTICO)" >&2
  exit 1
fi
command -v python3 >/dev/null || { echo "error: python3 is required" >&2; exit 1; }
command -v chromium >/dev/null || { echo "error: chromium is required (apt-get install chromium)" >&2; exit 1; }

PORT=${PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
BASE=http://127.0.0.1:$PORT

work=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "building the portal with $portico (date $DATE, base URL $BASE)"
"$portico" --root . build --output-dir "$work/public" --base-url "$BASE" --date "$DATE"
if [ ! -f "$work/public/index.html" ]; then
  echo "error: $portico built no index.html (a stale or stub binary? try PORTICO=target/debug/portico)" >&2
  exit 1
fi

# --- server ----------------------------------------------------------------------------------
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$work/public" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 50); do
  if python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)' "$BASE/" 2>/dev/null; then
    break
  fi
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "error: the server did not start:" >&2
    cat "$work/server.log" >&2
    exit 1
  fi
  sleep 0.2
done

# --- screenshots -----------------------------------------------------------------------------
mkdir -p "$OUT"
for page in "${PAGES[@]}"; do
  IFS='|' read -r name path _ <<<"$page"
  if ! python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=5)' "$BASE$path" 2>/dev/null; then
    echo "error: $BASE$path does not answer 200" >&2
    exit 1
  fi
  for size in "${SIZES[@]}"; do
    IFS='|' read -r kind width height <<<"$size"
    file=$OUT/$name-$kind.png
    profile=$(mktemp -d "$work/profile.XXXXXX")
    rm -f "$file"
    chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
      --disable-background-networking --disable-component-update --disable-sync \
      --user-data-dir="$profile" --hide-scrollbars \
      --window-size="$width,$height" --screenshot="$PWD/$file" "$BASE$path" \
      >"$work/chromium.log" 2>&1 || true
    if [ ! -s "$file" ]; then
      echo "error: no screenshot for $BASE$path at ${width}x$height:" >&2
      cat "$work/chromium.log" >&2
      exit 1
    fi
    echo "  $file"
  done
done

# --- smaller PNGs (optional) -----------------------------------------------------------------
shopt -s nullglob
pngs=("$OUT"/*.png)
if command -v pngquant >/dev/null; then
  pngquant --force --skip-if-larger --strip --speed 1 --ext .png -- "${pngs[@]}" || true
fi
if command -v optipng >/dev/null; then
  optipng -quiet -o2 -strip all -- "${pngs[@]}"
fi

# --- README ----------------------------------------------------------------------------------
{
  echo "# Screenshots of the bundled portal"
  echo
  echo "Made by \`tools/screenshots.sh\`: the bundled portal (demonstration data) built with"
  echo "\`--date $DATE\`, served locally and photographed with headless Chromium at desktop"
  echo "(1280×2000) and mobile (390×1800) width. Run the script again to refresh them."
  echo
  for page in "${PAGES[@]}"; do
    IFS='|' read -r name path description <<<"$page"
    for size in "${SIZES[@]}"; do
      IFS='|' read -r kind width height <<<"$size"
      echo "- [\`$name-$kind.png\`]($name-$kind.png): $description, \`$path\`, $kind ${width}×$height"
    done
  done
} >"$OUT/README.md"

du -cb "$OUT"/*.png | tail -n 1 | awk '{ printf "%d screenshots, %.0f kB in '"$OUT"'\n", '"${#PAGES[@]}"' * 2, $1 / 1000 }'
