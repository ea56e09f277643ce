"""Generates a ~100 MB numeric CSV and times pandas.read_csv on it (best of N runs).

Usage:
    python3 Benchmarks/csv_throughput.py generate FILE [MEGABYTES]
    python3 Benchmarks/csv_throughput.py pandas FILE [REPEATS]
The file has 14 columns shaped like the Boston housing data (floats with 1-6 decimals, small
integers, a few exponents), seeded, so every run generates the same bytes.
"""
import random
import sys
import time


def generate(path, megabytes=100.0):
    rng = random.Random(20261129)
    target = int(megabytes * 1e6)
    header = "crim,zn,indus,chas,nox,rm,age,dis,rad,tax,ptratio,b,lstat,medv\n"
    written = 0
    with open(path, "w", newline="\n") as out:
        out.write(header)
        written += len(header)
        lines = []
        while written < target:
            row = [
                f"{rng.expovariate(0.3):.5f}",
                f"{rng.choice([0, 0, 0, 12.5, 25, 80]):g}",
                f"{rng.uniform(0.4, 28):.2f}",
                str(rng.randint(0, 1)),
                f"{rng.uniform(0.38, 0.87):.4f}",
                f"{rng.gauss(6.3, 0.7):.3f}",
                f"{rng.uniform(2, 100):.1f}",
                f"{rng.uniform(1.1, 12.1):.4f}",
                str(rng.randint(1, 24)),
                str(rng.randint(187, 711)),
                f"{rng.uniform(12.6, 22):.1f}",
                f"{rng.uniform(0.3, 396.9):.2f}",
                f"{rng.uniform(1.7, 38):.2f}",
                f"{rng.uniform(5, 50):.1f}" if rng.random() > 0.01 else f"{rng.uniform(5, 50):.3e}",
            ]
            line = ",".join(row) + "\n"
            lines.append(line)
            written += len(line)
            if len(lines) == 10000:
                out.write("".join(lines))
                lines = []
        out.write("".join(lines))


def time_pandas(path, repeats=5):
    import os
    import pandas

    size = os.path.getsize(path)
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        frame = pandas.read_csv(path)
        best = min(best, time.perf_counter() - start)
    print(f"pandas {pandas.__version__}: {frame.shape[0]} rows x {frame.shape[1]} columns")
    print(f"best of {repeats}: {best:.3f} s for {size / 1e6:.1f} MB = {size / 1e6 / best:.0f} MB/s")


if __name__ == "__main__":
    command, path = sys.argv[1], sys.argv[2]
    if command == "generate":
        generate(path, float(sys.argv[3]) if len(sys.argv) > 3 else 100.0)
    elif command == "pandas":
        time_pandas(path, int(sys.argv[3]) if len(sys.argv) > 3 else 5)
    else:
        sys.exit(f"unknown command {command}")
