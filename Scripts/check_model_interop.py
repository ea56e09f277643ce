#!/usr/bin/env python3
"""Checks that tabreg's model files work outside tabreg.

(a) Opens MODEL (model.safetensors) with Python's `safetensors` library, parses the JSON model
    description in `__metadata__["tabreg"]`, and checks that the tensor names, dtypes and shapes
    are the ones the described architecture needs (PyTorch nn.Linear layout: weight
    [out_features, in_features], bias [out_features]).
(b) Encodes the rows of DATA (a CSV) from that description alone (column lookup by name,
    median imputation with missing indicators, one-hot levels), runs ONNX in onnxruntime on
    them, and compares with the `prediction` column of PREDICTIONS (written by
    `tabreg predict`): max relative difference at most --tolerance (default 1e-5), relative to
    each prediction or, for predictions smaller than the mean |prediction|, to that mean.
(c) Runs onnx.checker.check_model (full check, with shape inference) on ONNX.
(d) Recomputes the predictions in numpy straight from the safetensors weights with PyTorch's
    nn.Linear convention (y = x @ weight.T + bias) and the described scaling and activation,
    and compares them with PREDICTIONS too: this shows the file alone, read the PyTorch way,
    reproduces tabreg's numbers.

Needs: pip install safetensors onnxruntime numpy onnx
Exit code 0 when every check passes, 1 otherwise (the reason on stderr).
"""
import argparse
import csv
import json
import math
import sys

import numpy as np
import onnx
import onnxruntime
from safetensors import safe_open

# tabreg's missing-value spellings, compared after trimming and lower-casing (pandas' defaults
# plus "?"): see TabregData's MissingValues.
MISSING_TOKENS = {"", "na", "n/a", "#n/a", "#na", "<na>", "nan", "-nan", "null", "none", "?"}


def fail(message):
    print(f"check_model_interop: {message}", file=sys.stderr)
    sys.exit(1)


def load_tensors(path):
    with safe_open(path, framework="numpy") as handle:
        return {name: handle.get_tensor(name) for name in handle.keys()}


def check_safetensors(path):
    with safe_open(path, framework="numpy") as handle:
        metadata = handle.metadata() or {}
        tensors = {name: handle.get_tensor(name) for name in handle.keys()}
    if "tabreg" not in metadata:
        fail(f"{path}: __metadata__ has no 'tabreg' entry (keys: {sorted(metadata)})")
    try:
        description = json.loads(metadata["tabreg"])
    except json.JSONDecodeError as error:
        fail(f"{path}: __metadata__['tabreg'] is not JSON: {error}")
    if metadata.get("format") != "pt":
        fail(f"{path}: __metadata__['format'] is {metadata.get('format')!r}, expected 'pt'")
    layers = description["architecture"]["layers"]
    expected = {}
    for layer in layers:
        expected[layer["weight"]] = (layer["output_size"], layer["input_size"])
        expected[layer["bias"]] = (layer["output_size"],)
    if set(expected) != set(tensors):
        fail(f"{path}: tensors {sorted(tensors)} but the architecture needs {sorted(expected)}")
    for name, shape in expected.items():
        tensor = tensors[name]
        if tensor.dtype != np.float32 or tuple(tensor.shape) != shape:
            fail(f"{path}: {name} is {tensor.dtype} {tensor.shape}, expected float32 {shape}")
        if not np.all(np.isfinite(tensor)):
            fail(f"{path}: {name} holds non-finite values")
    encoded = description["encoded_features"]
    if layers[0]["input_size"] != len(encoded):
        fail(f"{path}: first layer takes {layers[0]['input_size']} inputs, {len(encoded)} encoded")
    print(f"safetensors: {len(tensors)} tensors, shapes as the architecture says, "
          f"format_version {description['format_version']}, {len(encoded)} encoded features")
    return description


def find_column(header, name):
    if name in header:
        return header.index(name)
    folded = [column.lower() for column in header]
    if name.lower() in folded:
        return folded.index(name.lower())
    fail(f"the data has no column {name!r}")


def encode_rows(description, data_path):
    with open(data_path, newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], [row for row in rows[1:] if row]
    features = {feature["name"]: feature for feature in description["features"]}
    matrix = np.zeros((len(body), len(description["encoded_features"])), dtype=np.float32)
    for column, encoded in enumerate(description["encoded_features"]):
        source = features[encoded["source"]]
        index = find_column(header, source["name"])
        for row_number, row in enumerate(body):
            cell = row[index].strip()
            missing = cell.lower() in MISSING_TOKENS
            kind = encoded["kind"]
            if kind == "value":
                if missing:
                    value = source["impute"]
                else:
                    value = float(cell)
            elif kind == "missing_indicator":
                value = 1.0 if missing else 0.0
            elif kind == "level":
                level = source.get("missing_level") if missing else cell
                value = 1.0 if level == encoded["level"] else 0.0
            else:
                fail(f"unknown encoded feature kind {kind!r}")
            matrix[row_number, column] = value
    return matrix


def read_predictions(path):
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    if "prediction" not in header:
        fail(f"{path} has no 'prediction' column")
    index = header.index("prediction")
    return np.array([float(row[index]) for row in rows[1:] if row], dtype=np.float64)


def relative_difference(values, reference):
    """max |values - reference| / max(|reference|, mean |reference|).

    Relative to each prediction, except that predictions smaller than the typical one are
    compared at the typical scale: float32 networks agree to a few ulps of their intermediate
    sums, so a prediction that happens to be near zero must not turn that rounding noise into a
    large relative error."""
    if not len(reference):
        return 0.0
    floor = max(float(np.mean(np.abs(reference))), 1e-30)
    scale = np.maximum(np.abs(reference), floor)
    return float(np.max(np.abs(values - reference) / scale))


def numpy_forward(description, tensors, features):
    """The network as PyTorch would run it from the file: float32 layers, y = x @ W.T + b."""
    scaler = description["scaler"]
    inputs = features.astype(np.float64)
    if scaler["method"] != "none":
        inputs = (inputs - np.array(scaler["offset"])) / np.array(scaler["scale"])
    hidden = inputs.astype(np.float32)
    architecture = description["architecture"]
    name = architecture["activation"]
    slope = np.float32(architecture.get("negative_slope") or 0.0)
    alpha = np.float32(architecture.get("alpha") or 1.0)
    selu_alpha, selu_scale = np.float32(1.6732632423543772), np.float32(1.0507009873554805)
    erf = np.vectorize(math.erf, otypes=[np.float64])
    activations = {
        "leaky-relu": lambda x: np.where(x > 0, x, x * slope),
        "relu": lambda x: np.maximum(x, np.float32(0)),
        "tanh": np.tanh,
        "sigmoid": lambda x: (1 / (1 + np.exp(-x.astype(np.float64)))).astype(np.float32),
        "gelu": lambda x: (0.5 * x * (1 + erf(x / math.sqrt(2)))).astype(np.float32),
        "elu": lambda x: np.where(x > 0, x, alpha * np.expm1(x)),
        "selu": lambda x: selu_scale * np.where(x > 0, x, selu_alpha * np.expm1(x)),
    }
    layers = architecture["layers"]
    for index, layer in enumerate(layers):
        hidden = hidden @ tensors[layer["weight"]].T + tensors[layer["bias"]]
        if index < len(layers) - 1:
            hidden = activations[name](hidden).astype(np.float32)
    output = hidden[:, 0].astype(np.float64)
    target = description["target"]
    if target["scaling"] == "standard":
        output = output * target["std"] + target["mean"]
    return output


def check_numpy(model_path, description, data_path, predictions_path, tolerance):
    features = encode_rows(description, data_path)
    recomputed = numpy_forward(description, load_tensors(model_path), features)
    tabreg_predictions = read_predictions(predictions_path)
    worst = relative_difference(recomputed, tabreg_predictions)
    print(f"numpy (PyTorch layout) vs tabreg predict: {len(recomputed)} rows, "
          f"max relative difference {worst:.3g} (tolerance {tolerance:g})")
    if not worst <= tolerance:
        fail(f"numpy recomputation differs by {worst:.3g}, above {tolerance:g}")


def check_onnx(onnx_path, description, data_path, predictions_path, tolerance):
    model = onnx.load(onnx_path)
    onnx.checker.check_model(model, full_check=True)
    print(f"onnx.checker: {onnx_path} is valid (ir_version {model.ir_version}, "
          f"opset {model.opset_import[0].version})")
    features = encode_rows(description, data_path)
    session = onnxruntime.InferenceSession(onnx_path, providers=["CPUExecutionProvider"])
    (onnx_predictions,) = session.run(["prediction"], {"features": features})
    tabreg_predictions = read_predictions(predictions_path)
    if onnx_predictions.shape != (len(tabreg_predictions), 1):
        fail(f"onnxruntime returned {onnx_predictions.shape} for {len(tabreg_predictions)} rows")
    worst = relative_difference(onnx_predictions[:, 0].astype(np.float64), tabreg_predictions)
    print(f"onnxruntime vs tabreg predict: {len(tabreg_predictions)} rows, "
          f"max relative difference {worst:.3g} (tolerance {tolerance:g})")
    if not worst <= tolerance:
        fail(f"max relative difference {worst:.3g} exceeds {tolerance:g}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", required=True, help="model.safetensors written by tabreg")
    parser.add_argument("--onnx", required=True, help="ONNX file from `tabreg export`")
    parser.add_argument("--data", required=True, help="CSV whose rows were predicted")
    parser.add_argument("--predictions", required=True, help="CSV from `tabreg predict`")
    parser.add_argument("--tolerance", type=float, default=1e-5)
    arguments = parser.parse_args()
    description = check_safetensors(arguments.model)
    check_onnx(arguments.onnx, description, arguments.data, arguments.predictions,
               arguments.tolerance)
    check_numpy(arguments.model, description, arguments.data, arguments.predictions,
                arguments.tolerance)
    print("check_model_interop: all checks passed")


if __name__ == "__main__":
    main()
