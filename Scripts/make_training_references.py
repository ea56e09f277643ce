"""Writes Tests/TabregNetworkTests/Fixtures/training_references.json: PyTorch's numbers for the
training options tabreg re-implements, so the Swift tests compare against an independent
reference instead of their own output.

Recorded (all float32 tensors unless noted):
- activations: value and autograd derivative of LeakyReLU(0.01), ReLU, Tanh, Sigmoid, GELU
  (exact), ELU(alpha=1) and SELU at fixed points, 0 included (to pin the derivative at 0).
- dropout: the multiplier nn.Dropout(p) gives kept elements in training mode (its random mask is
  not reproduced), and that eval mode is the identity.
- clipping: clip_grad_norm_ on fixed gradients of two tensors, once clipping and once not:
  the returned total norm and the gradients afterwards.
- optimizers: Adam(weight_decay) and AdamW(weight_decay) for 5 steps from fixed parameters with
  fixed per-step gradients (set directly on .grad): the parameters after every step.
- schedules: the learning rate used in each epoch (read before scheduler.step(), stepping once
  per epoch) for CosineAnnealingLR(T_max=epochs, eta_min=0), StepLR(step_size, gamma) and
  ReduceLROnPlateau(defaults) fed a fixed metric sequence. Learning rates are Python floats.

Run from the repository root with torch and numpy installed (e.g. in a venv outside the repo):
    python3 Scripts/make_training_references.py
"""
import json
import math
import os

import numpy as np
import torch

torch.set_default_dtype(torch.float32)
here = os.path.dirname(os.path.abspath(__file__))
out_path = os.path.join(here, "..", "Tests", "TabregNetworkTests", "Fixtures",
                        "training_references.json")


def floats(t):
    return [float(v) for v in t.detach().flatten()]


ref = {"torch_version": torch.__version__}

# Activations ------------------------------------------------------------------------------------
points = torch.tensor([-4.0, -2.5, -1.0, -0.5, -0.001, 0.0, 0.001, 0.3, 1.0, 2.5, 4.0])
activations = {
    "leaky_relu": torch.nn.LeakyReLU(0.01),
    "relu": torch.nn.ReLU(),
    "tanh": torch.nn.Tanh(),
    "sigmoid": torch.nn.Sigmoid(),
    "gelu": torch.nn.GELU(),
    "elu": torch.nn.ELU(alpha=1.0),
    "selu": torch.nn.SELU(),
}
ref["activations"] = {"points": floats(points)}
for name, module in activations.items():
    x = points.clone().requires_grad_(True)
    y = module(x)
    y.sum().backward()
    ref["activations"][name] = {"values": floats(y), "derivatives": floats(x.grad)}

# Dropout ----------------------------------------------------------------------------------------
ref["dropout"] = []
for p in [0.1, 0.25, 0.5, 0.8]:
    module = torch.nn.Dropout(p)
    module.train()
    torch.manual_seed(0)
    y = module(torch.ones(10000))
    kept = sorted(set(floats(y)) - {0.0})
    assert len(kept) == 1, kept
    module.eval()
    z = module(torch.full((5,), 3.0))
    assert floats(z) == [3.0] * 5
    ref["dropout"].append({"p": p, "kept_multiplier": kept[0],
                           "zero_fraction_seed0": float((y == 0).float().mean())})

# Clipping ---------------------------------------------------------------------------------------
gen = np.random.default_rng(7)
grad_a = gen.normal(size=(3, 2)).astype(np.float32)
grad_b = gen.normal(size=(2,)).astype(np.float32)
ref["clipping"] = {"gradients": [floats(torch.tensor(grad_a)), floats(torch.tensor(grad_b))],
                   "cases": []}
for max_norm in [0.5, 1.0, 100.0]:
    a = torch.zeros(3, 2, requires_grad=True)
    b = torch.zeros(2, requires_grad=True)
    a.grad = torch.tensor(grad_a)
    b.grad = torch.tensor(grad_b)
    norm = torch.nn.utils.clip_grad_norm_([a, b], max_norm)
    ref["clipping"]["cases"].append({"max_norm": max_norm, "total_norm": float(norm),
                                     "clipped": [floats(a.grad), floats(b.grad)]})

# Optimizers -------------------------------------------------------------------------------------
initial = [gen.normal(size=(4, 3)).astype(np.float32), gen.normal(size=(3,)).astype(np.float32)]
steps = 5
gradients = [[gen.normal(size=p.shape).astype(np.float32) for p in initial] for _ in range(steps)]
ref["optimizers"] = {"initial": [floats(torch.tensor(p)) for p in initial],
                     "shapes": [list(p.shape) for p in initial],
                     "gradients": [[floats(torch.tensor(g)) for g in step] for step in gradients],
                     "cases": []}
cases = [("adam", 0.01, 0.0), ("adam", 0.01, 0.1), ("adam", 0.05, 0.5), ("adamw", 0.01, 0.01),
         ("adamw", 0.01, 0.1), ("adamw", 0.05, 0.5)]
for name, lr, decay in cases:
    params = [torch.tensor(p, requires_grad=True) for p in initial]
    cls = torch.optim.Adam if name == "adam" else torch.optim.AdamW
    opt = cls(params, lr=lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=decay)
    trajectory = []
    for step in range(steps):
        for p, g in zip(params, gradients[step]):
            p.grad = torch.tensor(g)
        opt.step()
        trajectory.append([floats(p) for p in params])
    ref["optimizers"]["cases"].append({"optimizer": name, "lr": lr, "weight_decay": decay,
                                       "parameters_after_step": trajectory})


# Schedules --------------------------------------------------------------------------------------
def rates(make, epochs, metrics=None, base=0.1):
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=base)
    sched = make(opt)
    used = []
    for epoch in range(epochs):
        used.append(opt.param_groups[0]["lr"])
        opt.step()
        if metrics is None:
            sched.step()
        else:
            sched.step(metrics[epoch])
    return used


plateau_metrics = ([10.0 - 0.5 * i for i in range(8)] + [6.5] * 14 + [6.4998] * 3
                   + [6.0] + [6.0] * 20 + [5.0] * 4)
ref["schedules"] = {
    "base_lr": 0.1,
    "cosine": {"epochs": 12, "rates": rates(
        lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=12, eta_min=0), 12)},
    "cosine_300": {"epochs": 300, "rates": rates(
        lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=300, eta_min=0), 300)},
    "step": {"epochs": 12, "step_size": 4, "gamma": 0.1, "rates": rates(
        lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=4, gamma=0.1), 12)},
    "step_half": {"epochs": 10, "step_size": 3, "gamma": 0.5, "rates": rates(
        lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=3, gamma=0.5), 10)},
    "plateau": {"epochs": len(plateau_metrics), "metrics": plateau_metrics,
                "rates": rates(lambda o: torch.optim.lr_scheduler.ReduceLROnPlateau(o),
                               len(plateau_metrics), plateau_metrics)},
}

with open(out_path, "w") as f:
    json.dump(ref, f, indent=1)
print("wrote", os.path.relpath(out_path))
