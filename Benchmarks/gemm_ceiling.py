"""The machine's single-core float32 GEMM rate (numpy, 2048^3), the ceiling for the kernels.

Run with OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 (run.sh does). Prints one
JSON line with GFLOP/s (best of 5) and the BLAS library and kernel threadpoolctl reports.
"""
import json, time
import numpy as np
from threadpoolctl import threadpool_info

n = 2048
rng = np.random.default_rng(1)
a = rng.standard_normal((n, n), dtype=np.float32)
b = rng.standard_normal((n, n), dtype=np.float32)
a @ b
best = float("inf")
for _ in range(5):
    started = time.perf_counter()
    a @ b
    best = min(best, time.perf_counter() - started)
info = [{k: v for k, v in lib.items() if k in ("internal_api", "version", "architecture",
                                                 "num_threads", "threading_layer")}
        for lib in threadpool_info()]
print(json.dumps({"gflops": 2 * n ** 3 / best / 1e9, "seconds": best, "blas": info}))
