"""The tutorial job written for speed in PyTorch: one thread (torch.set_num_threads(1)), no
DataLoader (a torch.randperm per epoch and index slicing), zero_grad(set_to_none=True), the
full-data MSE after each epoch under no_grad. Same sizes as the tutorial: 13-200-100-1 LeakyReLU,
Adam 1e-3, MSE, batch 50, 300 epochs. Times the training loop; prints one JSON line.

Usage: python pytorch_tuned.py CSV [--epochs 300] [--threads 1]
"""
import argparse, json, time
import numpy as np
import pandas as pd
import torch
import torch.nn as nn


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("csv")
    parser.add_argument("--epochs", type=int, default=300)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    df = pd.read_csv(args.csv)
    X = torch.from_numpy(df.drop(columns=["medv"]).to_numpy(np.float32))
    y = torch.from_numpy(df["medv"].to_numpy(np.float32)).reshape(-1, 1)
    model = nn.Sequential(nn.Linear(13, 200), nn.LeakyReLU(), nn.Linear(200, 100),
                          nn.LeakyReLU(), nn.Linear(100, 1))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    criterion = nn.MSELoss()
    n = len(X)
    started = time.perf_counter()
    for epoch in range(args.epochs):
        order = torch.randperm(n)
        for start in range(0, n, 50):
            index = order[start:start + 50]
            loss = criterion(model(X[index]), y[index])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
        with torch.no_grad():
            mse = criterion(model(X), y).item()
    seconds = time.perf_counter() - started
    print(json.dumps({"name": f"pytorch tuned loop ({args.threads} thread)",
                      "train_seconds": seconds, "final_mse": mse,
                      "threads": torch.get_num_threads(), "torch": torch.__version__}))


if __name__ == "__main__":
    main()
