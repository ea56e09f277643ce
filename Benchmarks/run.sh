#!/usr/bin/env bash
# The speed benchmark: tabreg and its anchors side by side, in one go, on this machine.
#
#   Benchmarks/run.sh            # everything (about 3-5 minutes on a 2-core machine)
#   Benchmarks/run.sh --quick    # skip the tutorial script as written (its 4 DataLoader workers
#                                # take 45 s on an idle 2-core machine, 19 min were seen under
#                                # load); the table then shows out/earlier-pytorch-tutorial.json,
#                                # marked as an earlier run, when that file exists
#
# It builds tabreg with the README's own command (`swift build -c release`, no flags), creates
# Benchmarks/.venv with torch (CPU), scikit-learn, numpy, pandas and threadpoolctl when they are
# missing, runs every anchor, and prints a table of times and ratios. Outputs go to
# Benchmarks/out/ (not committed): results.json, the 1,000,000-row CSV, the runs' files.
# Timings on shared machines move by 10-20% between runs: compare ratios from one run.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
out="$here/out"
mkdir -p "$out"
quick=0
[[ "${1:-}" == "--quick" ]] && quick=1
csv="$root/Tests/TabregNetworkTests/Fixtures/boston_housing.csv"
[[ -f /work/shared/data/boston_housing.csv ]] && csv=/work/shared/data/boston_housing.csv

# --- Python environment -----------------------------------------------------------------------
venv="$here/.venv"
py="$venv/bin/python"
if [[ ! -x "$py" ]]; then
    python3 -m venv "$venv"
fi
if ! "$py" -c "import torch, sklearn, numpy, pandas, threadpoolctl" 2>/dev/null; then
    echo "== installing torch (CPU), scikit-learn, numpy, pandas, threadpoolctl into $venv" >&2
    # The default Linux torch wheel pulls several GB of CUDA libraries; prefer a CPU-only
    # wheel from a local wheel folder (PIP_FIND_LINKS) when one is there.
    cpu_wheel=""
    for dir in ${PIP_FIND_LINKS:-}; do
        for wheel in "$dir"/torch-*+cpu-*.whl; do [[ -f "$wheel" ]] && cpu_wheel="$wheel"; done
    done
    "$venv/bin/pip" install --quiet ${cpu_wheel:-torch} scikit-learn numpy pandas threadpoolctl >&2
fi

# --- tabreg, built as the README builds it ------------------------------------------------------
echo "== swift build -c release --product tabreg" >&2
(cd "$root" && swift build -c release --product tabreg >&2)
tabreg="$root/.build/release/tabreg"

one_thread=(env OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1)

echo "== numpy float32 GEMM ceiling, one thread" >&2
# OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE may be set on this workplace's machines for old OpenBLAS
# builds; they slow a current one, so they are unset for this one command only.
"${one_thread[@]}" env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$py" "$here/gemm_ceiling.py" \
    > "$out/gemm.json"

# The training-loop anchors run in interleaved rounds (tabreg with its default threads, tabreg
# with --threads 1, the tuned PyTorch loop, scikit-learn), so that a burst of load from other
# processes hits all of them alike; the report takes each one's fastest round (noise only ever
# adds time) and shows the median too.
rounds=${BENCH_ROUNDS:-3}
for round in $(seq $rounds); do
    echo "== training loops, round $round of $rounds" >&2
    "$tabreg" train --data "$csv" --target medv --scale none --test-fraction 0 --json --quiet \
        --output "$out/tabreg-tutorial" > "$out/tabreg-tutorial-$round.json"
    "$tabreg" train --data "$csv" --target medv --scale none --test-fraction 0 --json --quiet \
        --threads 1 --output "$out/tabreg-tutorial-1t" > "$out/tabreg-tutorial-1t-$round.json"
    "${one_thread[@]}" "$py" "$here/pytorch_tuned.py" "$csv" > "$out/pytorch-tuned-$round.json"
    "${one_thread[@]}" "$py" "$here/sklearn_mlp.py" "$csv" > "$out/sklearn-$round.json"
done

if [[ $quick == 0 ]]; then
    echo "== the tutorial's PyTorch script as written (DataLoader, 4 workers)" >&2
    "$py" "$here/tutorial_pytorch.py" "$csv" --workers 4 > "$out/pytorch-tutorial.json"
    echo "== the same with num_workers=0" >&2
    "$py" "$here/tutorial_pytorch.py" "$csv" --workers 0 > "$out/pytorch-tutorial-0.json"
fi

echo "== whole commands: tabreg train vs the scikit-learn script" >&2
whole_tabreg="$tabreg train --data $csv --target medv --quiet --output $out/tabreg-whole"
whole_sklearn="${one_thread[*]} $py $here/sklearn_mlp.py $csv --test-fraction 0.2 --scale"
if command -v hyperfine > /dev/null; then
    hyperfine --runs 3 --warmup 1 --export-json "$out/whole.json" \
        -n "tabreg train" "$whole_tabreg" -n "scikit-learn script" "$whole_sklearn" >&2
else
    echo "(hyperfine not found: timing each command once; apt-get install hyperfine)" >&2
    "$py" - "$out/whole.json" "$whole_tabreg" "$whole_sklearn" <<'PY'
import json, subprocess, sys, time
results = []
for name, command in zip(["tabreg train", "scikit-learn script"], sys.argv[2:]):
    started = time.perf_counter()
    subprocess.run(command, shell=True, check=True, stdout=subprocess.DEVNULL)
    results.append({"command": name, "median": time.perf_counter() - started})
json.dump({"results": results}, open(sys.argv[1], "w"))
PY
fi

echo "== scale: a 1,000,000-row, 20-feature CSV" >&2
large="$out/large.csv"
[[ -f "$large" ]] || "$py" "$here/make_large_csv.py" "$large"
"$py" "$here/pandas_read.py" "$large" > "$out/pandas-read.json"
# The parse alone (CSV bytes to typed columns, what read_csv does), best of 3.
(cd "$root" && swift build -c release --product CSVBenchmark >&2)
"$root/.build/release/CSVBenchmark" "$large" 3 > "$out/tabreg-parse.txt"
/usr/bin/time -v -o "$out/large-time.txt" "$tabreg" train --data "$large" --target y \
    --scale none --test-fraction 0 --epochs 1 --batch-size 256 --json --quiet \
    --output "$out/tabreg-large" > "$out/tabreg-large.json"
"$tabreg" train --data "$csv" --target medv --scale none --test-fraction 0 --epochs 300 \
    --batch-size 256 --json --quiet --output "$out/tabreg-small" > "$out/tabreg-small.json"

"$py" "$here/report.py" "$out" --quick "$quick"
