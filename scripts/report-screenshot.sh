#!/usr/bin/env bash
# Renders an HTML report the way a person sees it: headless Chromium (Debian package `chromium`, installed when
# missing) takes a screenshot, and the script fails unless the picture shows something — at least 2 % of its pixels
# not white and at least 8 distinct colours (text, axes and the coloured curves).
#
#   scripts/report-screenshot.sh report.html report.png [width] [height]
#
# With no report given, it makes one first: `heml train` on the shipped German credit data.
set -euo pipefail

html=${1:-}
png=${2:-report.png}
width=${3:-1280}
height=${4:-2600}

if [ -z "$html" ]; then
    swift build -c release --product heml
    html=$(mktemp -d)/report.html
    .build/release/heml train --encrypted datasets/german_credit_onehot.csv --label bad_credit --report "$html" --quiet
fi
[ -f "$html" ] || { echo "no such report: $html" >&2; exit 2; }

if ! command -v chromium >/dev/null; then
    if [ "$(id -u)" = 0 ]; then apt-get install -y chromium >/dev/null; else sudo apt-get install -y chromium >/dev/null; fi
fi

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" \
    --window-size="$width,$height" --screenshot="$png" "file://$(realpath "$html")" 2>/dev/null

python3 - "$png" <<'PY'
import struct, sys, zlib

def pixels(path):
    """Decodes an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium writes) into rows of pixel tuples."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    offset, idat = 8, b""
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        body = data[offset + 8:offset + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and interlace == 0, "unsupported PNG layout"
        elif kind == b"IDAT":
            idat += body
        offset += 12 + length
    channels = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(idat), width * channels
    previous, rows, position = bytearray(stride), [], 0
    for _ in range(height):
        kind, line = raw[position], bytearray(raw[position + 1:position + 1 + stride])
        position += 1 + stride
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up, corner = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1: line[i] = (line[i] + left) & 255
            elif kind == 2: line[i] = (line[i] + up) & 255
            elif kind == 3: line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        rows.append([tuple(line[i:i + 3]) for i in range(0, stride, channels)])
        previous = line
    return width, height, rows

width, height, rows = pixels(sys.argv[1])
flat = [p for row in rows for p in row]
ink = sum(1 for p in flat if min(p) < 235) / len(flat)
colours = len(set(flat))
print(f"{sys.argv[1]}: {width}×{height} px, {ink:.1%} not white, {colours} colours")
if ink < 0.02 or colours < 8:
    sys.exit("the screenshot looks blank")
PY
