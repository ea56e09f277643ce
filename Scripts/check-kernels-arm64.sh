#!/usr/bin/env bash
# Runs the kernel conformance program (Scripts/kernel_conformance.c) natively and, cross-compiled
# for arm64, under qemu-user: every instruction-set variant the target has (here AVX2 and the
# generic C natively; NEON and the generic C on arm64) is compared bit for bit with the scalar
# fmaf loops of the numerical contract, including products split over 1-4 threads. This is how
# the NEON kernels, which no x86-64 machine can run natively, are checked before a Mac runs them.
# It does the same with Scripts/csv_conformance.c, the C reader of plain CSV rows (CTabregCSV)
# against strtod, whose eight-bytes-at-a-time digit reading assumes a little-endian CPU.
#
# Installs Debian's qemu-user, the arm64 cross binutils/gcc (for the linker and crt files) and
# the arm64 C library with apt-get when they are missing. Compiles with the toolchain's clang
# (the kernels use clang vector extensions), at -O2 as SwiftPM compiles C in release builds.
set -euo pipefail
cd "$(dirname "$0")/.."

clang_bin=$(command -v clang)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "-- native ($(uname -m))"
"$clang_bin" -O2 -pthread -I Sources/CTabregKernels/include Scripts/kernel_conformance.c -lm \
    -o "$work/native"
"$work/native"
"$clang_bin" -O2 -I Sources/CTabregCSV/include Scripts/csv_conformance.c -lm -o "$work/csv-native"
"$work/csv-native"

if [ "$(uname -m)" = "aarch64" ] || [ "$(uname -m)" = "arm64" ]; then
    exit 0 # the native run above was the arm64 run
fi

if ! command -v qemu-aarch64 > /dev/null || ! command -v aarch64-linux-gnu-ld > /dev/null \
    || [ ! -d /usr/aarch64-linux-gnu/lib ]; then
    echo "-- installing qemu-user and the arm64 cross toolchain (apt-get)"
    if [ "$(id -u)" -eq 0 ]; then sudo_prefix=""; else sudo_prefix="sudo"; fi
    $sudo_prefix apt-get update -qq > /dev/null
    DEBIAN_FRONTEND=noninteractive $sudo_prefix apt-get install -y -qq \
        qemu-user gcc-aarch64-linux-gnu libc6-dev-arm64-cross > /dev/null
fi

echo "-- arm64 under qemu-user"
"$clang_bin" --target=aarch64-linux-gnu -O2 -pthread -static \
    -I Sources/CTabregKernels/include Scripts/kernel_conformance.c -lm -o "$work/arm64"
qemu-aarch64 "$work/arm64"
"$clang_bin" --target=aarch64-linux-gnu -O2 -static -I Sources/CTabregCSV/include \
    Scripts/csv_conformance.c -lm -o "$work/csv-arm64"
qemu-aarch64 "$work/csv-arm64"
