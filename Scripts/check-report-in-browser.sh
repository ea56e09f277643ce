#!/usr/bin/env bash
# Renders an HTML report in headless Chromium to a PNG and fails when the browser reports a
# problem or the page comes out blank.
#
# Usage: Scripts/check-report-in-browser.sh REPORT.html OUT.png [WIDTH]
#
# - Installs Debian's `chromium` package with apt-get if no Chromium is found.
# - Fails (exit 1) when the browser logs any console message (the report has no scripts, so
#   every console line is an error: a script error, a failed resource load, a CSP violation),
#   a network error (net::ERR_...), or writes no screenshot.
# - Fails when the HTML refers to anything outside itself (script, link, img, iframe, src=,
#   url(, @import): Chromium does not log a missing file:// resource, so this is checked here.
# - Fails when the page is blank: fewer than 8 distinct colours, or under 2% of its pixels
#   differing from the background (the colour below the page), counted down to the page's
#   last non-background row.
# - Crops the screenshot below the page's last non-background row (the window is taller than
#   the page), so the PNG shows the whole report and nothing else.
# WIDTH is the window width in CSS pixels (default 1280, a laptop screen).
set -euo pipefail

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
    echo "usage: $0 REPORT.html OUT.png [WIDTH]" >&2
    exit 64
fi
report=$1
output=$2
width=${3:-1280}
height=6000

if [ ! -s "$report" ]; then
    echo "error: report $report does not exist or is empty" >&2
    exit 1
fi

external=$(grep -n -o -i -E '<(script|link|img|iframe|object|embed)[ >/]|[ "]src=|url\(|@import' \
    "$report" | head -n 5 || true)
if [ -n "$external" ]; then
    echo "error: $report is not self-contained; it refers to other resources at:" >&2
    echo "$external" >&2
    exit 1
fi

find_browser() {
    for name in chromium chromium-browser google-chrome google-chrome-stable; do
        if command -v "$name" >/dev/null 2>&1; then
            command -v "$name"
            return 0
        fi
    done
    return 1
}

if ! browser=$(find_browser); then
    echo "Chromium not found; installing Debian's chromium package" >&2
    if [ "$(id -u)" -eq 0 ]; then sudo_prefix=""; else sudo_prefix="sudo"; fi
    $sudo_prefix apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo_prefix apt-get install -y -qq chromium >&2
    browser=$(find_browser) || { echo "error: chromium did not install" >&2; exit 1; }
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
report_url="file://$(cd "$(dirname "$report")" && pwd)/$(basename "$report")"
log="$work/browser.log"
raw="$work/screenshot.png"

# --no-sandbox: CI containers run as root, where Chromium's sandbox refuses to start.
# --enable-logging=stderr --v=0: console messages appear in the log as "...:CONSOLE..." lines.
# --host-resolver-rules: no network, so a report that needed it would show the failure.
status=0
timeout 180 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --no-first-run --no-default-browser-check --disable-extensions --mute-audio \
    --user-data-dir="$work/profile" --enable-logging=stderr --v=0 \
    --host-resolver-rules="MAP * ~NOTFOUND" \
    --force-device-scale-factor=1 --window-size="$width,$height" \
    --screenshot="$raw" "$report_url" >"$work/browser.out" 2>"$log" || status=$?

problems=$(grep -E ':CONSOLE[^]]*\]|net::ERR_' "$log" || true)
if [ -n "$problems" ]; then
    echo "error: the browser reported problems rendering $report:" >&2
    echo "$problems" >&2
    exit 1
fi
if [ "$status" -ne 0 ] || [ ! -s "$raw" ]; then
    echo "error: Chromium exited with status $status and wrote no screenshot; its log:" >&2
    tail -n 20 "$log" >&2
    exit 1
fi

# Decode the PNG with the standard library only, check it is not blank, crop and re-encode.
python3 - "$raw" "$output" <<'PYTHON'
import itertools
import struct
import sys
import zlib

source, target = sys.argv[1], sys.argv[2]
data = open(source, "rb").read()
if data[:8] != b"\x89PNG\r\n\x1a\n":
    sys.exit("error: screenshot is not a PNG")
position, chunks = 8, []
while position < len(data):
    length, kind = struct.unpack(">I4s", data[position:position + 8])
    chunks.append((kind, data[position + 8:position + 8 + length]))
    position += 12 + length
header = next(body for kind, body in chunks if kind == b"IHDR")
width, height, depth, color_type, _, _, interlace = struct.unpack(">IIBBBBB", header)
if depth != 8 or color_type not in (2, 6) or interlace != 0:
    sys.exit(f"error: unexpected PNG format depth={depth} color_type={color_type}")
channels = 3 if color_type == 2 else 4
stride = width * channels
raw = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))

# Undo the PNG row filters. Plain Python is slow per byte, so the common filters use whole-row
# operations: "up" adds bytes in parallel inside one big integer (the high bits handled
# separately so no carry crosses a byte), "sub" accumulates each channel with itertools.
low_bits = int.from_bytes(b"\x7f" * stride, "little")
high_bits = int.from_bytes(b"\x80" * stride, "little")

def add_up(line, previous):
    a, b = int.from_bytes(line, "little"), int.from_bytes(previous, "little")
    total = ((a & low_bits) + (b & low_bits)) ^ ((a ^ b) & high_bits)
    return bytearray(total.to_bytes(stride, "little"))

rows, previous = [], bytearray(stride)
for y in range(height):
    filter_type = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    if filter_type == 1:
        for channel in range(channels):
            line[channel::channels] = bytes(
                value & 255 for value in itertools.accumulate(line[channel::channels]))
    elif filter_type == 2:
        line = add_up(line, previous)
    elif filter_type in (3, 4):
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            if filter_type == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
                continue
            upper_left = previous[i - channels] if i >= channels else 0
            p = left + up - upper_left
            pa, pb, pc = abs(p - left), abs(p - up), abs(p - upper_left)
            predictor = left if pa <= pb and pa <= pc else (up if pb <= pc else upper_left)
            line[i] = (line[i] + predictor) & 255
    elif filter_type != 0:
        sys.exit(f"error: unknown PNG filter {filter_type}")
    rows.append(bytes(line))
    previous = line

# The background is the colour of the window's bottom-left pixel: the window is taller than
# the page, so that is the canvas below it.
background = rows[-1][0:3]

# Crop the rows below the last one that differs from the background, keeping a margin.
background_row = (background + (b"\xff" if channels == 4 else b"")) * width
last = height - 1
while last > 0 and rows[last] == background_row:
    last -= 1
kept = min(height, last + 1 + 24)
if kept >= height:
    print(f"warning: the page may be taller than the {height}-pixel window", file=sys.stderr)

# Blank or nearly so: judged on the page itself (the cropped rows), not the whole window.
counts = {}
for line in rows[:kept:2]:
    for x in range(0, stride, channels * 2):
        pixel = line[x:x + 3]
        counts[pixel] = counts.get(pixel, 0) + 1
sampled = sum(counts.values())
other_share = 1 - counts.get(background, 0) / sampled
if len(counts) < 8 or other_share < 0.02:
    sys.exit(f"error: the page looks blank: {len(counts)} colours, "
             f"{other_share:.1%} of pixels differ from the background")

def chunk(kind, body):
    return (struct.pack(">I", len(body)) + kind + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))

# Re-encode as RGB without row filters (a flat page compresses well without them).
out_rows = []
for line in rows[:kept]:
    if channels == 4:
        line = bytes(value for index, value in enumerate(line) if index % 4 != 3)
    out_rows.append(b"\x00" + line)
png = (b"\x89PNG\r\n\x1a\n"
       + chunk(b"IHDR", struct.pack(">IIBBBBB", width, kept, 8, 2, 0, 0, 0))
       + chunk(b"IDAT", zlib.compress(b"".join(out_rows), 9))
       + chunk(b"IEND", b""))
with open(target, "wb") as handle:
    handle.write(png)
print(f"ok: {target}: {width}x{kept} pixels, {len(counts)} colours, "
      f"{other_share:.1%} of pixels differ from the background")
PYTHON
