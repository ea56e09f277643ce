"""scikit-learn's MLPRegressor on the tutorial job, and the whole scikit-learn script.

Same sizes as the tutorial: hidden (200, 100), Adam with learning_rate_init 1e-3, batch 50,
300 epochs (max_iter=300 with tol=0 and n_iter_no_change=300, so no epoch is skipped),
no early stopping, shuffled, random_state=1. Note: MLPRegressor's hidden activation is ReLU
(it has no LeakyReLU), and it computes no full-data MSE after each epoch (it only records the
running training loss), so its loop does a little less work than the tutorial's.

The script as a whole is the user's job in Python: read the CSV with pandas, train the network
(training rows only: a shuffled 80/20 split when --test-fraction > 0, standardized features),
fit ordinary least squares on the same rows, print MSE for both. `--json` prints the timing.

Usage: python sklearn_mlp.py CSV [--epochs 300] [--test-fraction 0]
"""
import argparse, json, time, warnings
started_process = time.perf_counter()
import numpy as np
import pandas as pd
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LinearRegression
from sklearn.metrics import mean_squared_error
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("csv")
    parser.add_argument("--epochs", type=int, default=300)
    parser.add_argument("--test-fraction", type=float, default=0.0)
    parser.add_argument("--scale", action="store_true")
    args = parser.parse_args()
    df = pd.read_csv(args.csv)
    X = df.drop(columns=["medv"]).to_numpy(np.float64)
    y = df["medv"].to_numpy(np.float64)
    if args.test_fraction > 0:
        X_train, X_test, y_train, y_test = train_test_split(
            X, y, test_size=args.test_fraction, random_state=1, shuffle=True)
    else:
        X_train, X_test, y_train, y_test = X, X[:0], y, y[:0]
    mlp = MLPRegressor(hidden_layer_sizes=(200, 100), activation="relu", solver="adam",
                       learning_rate_init=1e-3, batch_size=50, max_iter=args.epochs, tol=0.0,
                       n_iter_no_change=args.epochs, early_stopping=False, shuffle=True,
                       random_state=1)
    model = make_pipeline(StandardScaler(), mlp) if args.scale else mlp
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        started = time.perf_counter()
        model.fit(X_train, y_train)
        train_seconds = time.perf_counter() - started
    ols = LinearRegression().fit(X_train, y_train)
    result = {"name": "scikit-learn MLPRegressor (ReLU)", "train_seconds": train_seconds,
              "epochs_run": mlp.n_iter_,
              "network_train_mse": mean_squared_error(y_train, model.predict(X_train)),
              "ols_train_mse": mean_squared_error(y_train, ols.predict(X_train))}
    if len(y_test):
        result["network_test_mse"] = mean_squared_error(y_test, model.predict(X_test))
        result["ols_test_mse"] = mean_squared_error(y_test, ols.predict(X_test))
    result["process_seconds"] = time.perf_counter() - started_process
    print(json.dumps(result))


if __name__ == "__main__":
    main()
