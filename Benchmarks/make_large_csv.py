"""Writes a synthetic regression CSV (default 1,000,000 rows, 20 numeric features x0..x19 and a
target y = a fixed linear function plus a nonlinearity and noise), seeded, to the given path.

Usage: python make_large_csv.py OUT.csv [--rows 1000000] [--features 20]
"""
import argparse
import numpy as np
import pandas as pd

parser = argparse.ArgumentParser()
parser.add_argument("out")
parser.add_argument("--rows", type=int, default=1_000_000)
parser.add_argument("--features", type=int, default=20)
args = parser.parse_args()
rng = np.random.default_rng(2026)
X = rng.standard_normal((args.rows, args.features))
w = rng.standard_normal(args.features)
y = X @ w + 0.5 * np.sin(3 * X[:, 0]) + 0.1 * rng.standard_normal(args.rows)
df = pd.DataFrame(X, columns=[f"x{i}" for i in range(args.features)])
df["y"] = y
df.to_csv(args.out, index=False, float_format="%.6f")
