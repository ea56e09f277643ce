#!/bin/sh
# Instructions per useful 8-lane FMA of the AVX2 gemm, per product shape of the tutorial job,
# counted by callgrind (load-independent). Usage: Benchmarks/kernels/callgrind.sh [binary]
# where binary is the harness built from shapes.c (default: build it into /tmp).
set -e
cd "$(dirname "$0")/../.."
bin=${1:-/tmp/tabreg-shapes}
[ -n "$1" ] || clang -O2 -pthread -Wno-unused-function -I Sources/CTabregKernels/include \
    Benchmarks/kernels/shapes.c -o "$bin" -lm
reps=20
printf '%-7s %12s %10s\n' shape Ir Ir/FMA8
for line in "F1 50 200 13" "F2 50 100 200" "F3 1 50 100" "B3w 1 100 50" "B3x 50 100 1" \
    "B2w 200 100 50" "B2x 50 200 100" "B1w 13 200 50" "B1x 50 13 200" \
    "E1 506 200 13" "E2 506 100 200" "E3 1 506 100"; do
    set -- $line
    out=$(mktemp)
    valgrind --tool=callgrind --callgrind-out-file="$out" --toggle-collect='gemm_avx2' \
        "$bin" --only "$1" --reps $reps 2>/dev/null >/dev/null
    ir=$(callgrind_annotate "$out" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
    rm -f "$out"
    awk -v n="$1" -v ir="$ir" -v m="$2" -v nn="$3" -v k="$4" -v r=$reps \
        'BEGIN { printf "%-7s %12d %10.2f\n", n, ir / r, ir / (r * m * nn * k / 8) }'
done
out=$(mktemp)
valgrind --tool=callgrind --callgrind-out-file="$out" --toggle-collect='gemm_avx2' \
    "$bin" --epochs 2 2>/dev/null > "$out.txt"
ir=$(callgrind_annotate "$out" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
fma=$(awk '/useful/ {print $NF}' "$out.txt")
awk -v ir="$ir" -v f="$fma" 'BEGIN { printf "job (2 epochs of every product): %.2f Ir per useful 8-lane FMA\n", ir / (2 * f) }'
rm -f "$out" "$out.txt"
