"""The tutorial's PyTorch script, as written: pandas -> float tensors -> TensorDataset ->
DataLoader(batch_size=50, shuffle=True, num_workers=4); 13-200-100-1 with LeakyReLU; Adam 1e-3;
MSELoss; 300 epochs; after each epoch the MSE over all the data. Only the training loop (the 300
epochs with their per-epoch MSE) is timed; the result is one JSON line on stdout.

One deliberate change from the tutorial: the target is reshaped to (N, 1). The tutorial feeds a
(N,) target to MSELoss against (N, 1) predictions, which silently broadcasts to an N x N loss;
keeping that would make this anchor do 50x more loss work and train the wrong model.

Usage: python tutorial_pytorch.py CSV [--workers 4] [--epochs 300]
"""
import argparse, json, time
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("csv")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--epochs", type=int, default=300)
    args = parser.parse_args()

    torch.manual_seed(1)
    df = pd.read_csv(args.csv)
    X = torch.tensor(df.drop(columns=["medv"]).values, dtype=torch.float32)
    y = torch.tensor(df["medv"].values, dtype=torch.float32).reshape(-1, 1)
    loader = DataLoader(TensorDataset(X, y), batch_size=50, shuffle=True,
                        num_workers=args.workers)
    model = nn.Sequential(nn.Linear(13, 200), nn.LeakyReLU(), nn.Linear(200, 100),
                          nn.LeakyReLU(), nn.Linear(100, 1))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    criterion = nn.MSELoss()
    losses, errors = [], []
    started = time.perf_counter()
    for epoch in range(args.epochs):
        epoch_loss = 0.0
        for xb, yb in loader:
            optimizer.zero_grad()
            loss = criterion(model(xb), yb)
            loss.backward()
            optimizer.step()
            epoch_loss += loss.item() * len(xb)
        losses.append(epoch_loss / len(X))
        with torch.no_grad():
            errors.append(criterion(model(X), y).item())
    seconds = time.perf_counter() - started
    print(json.dumps({"name": f"pytorch tutorial script (DataLoader, {args.workers} workers)",
                      "train_seconds": seconds, "final_mse": errors[-1],
                      "threads": torch.get_num_threads(), "torch": torch.__version__}))


if __name__ == "__main__":
    main()
