#!/usr/bin/env python3
"""Records PyTorch's parameter trajectories for every optimizer in dev.panamax.nn.optim, in float64.

Run by hand (needs torch):
    python3 make_optim_fixtures.py > ../resources/fixtures/optim_trajectories.json

The problem has two parameters, a 2x3 matrix W and a bias b of 2, and the loss
    f(W, b) = sum((x W^T + b - y)^2) + 0.1 sum(W^4)
on a fixed 4x3 input x and 4x2 target y. The inputs and initial values come from NumPy's
RandomState(11) and are written into the JSON, so the Java test replays exactly the same numbers.
Each case runs 25 steps (each an LBFGS step(closure) for LBFGS) and records, after every step,
both parameters (row-major) and the loss evaluated before that step. A case with "sign": -1
optimizes -f with maximize=True, so it follows the same path as minimizing f. For ASGD the
averaged parameters (state "ax") are recorded too, for LBFGS the final func_evals and n_iter.
The Rprop cases start with lr inside step_sizes, where PyTorch's code and its documented algorithm
agree (outside, Panamax follows the documentation; see OptimizerTest).
"""
import json

import numpy as np
import torch

torch.set_default_dtype(torch.float64)  # optimizer scalars (step, eta, mu) in float64 too

STEPS = 25
rs = np.random.RandomState(11)
X = rs.randn(4, 3)
Y = rs.randn(4, 2)
W0 = rs.randn(2, 3) * 0.5
B0 = rs.randn(2) * 0.5


def loss_fn(w, b, sign):
    x = torch.tensor(X)
    y = torch.tensor(Y)
    return sign * (((x @ w.T + b - y) ** 2).sum() + 0.1 * (w ** 4).sum())


CASES = [
    ("sgd_plain", "SGD", {"lr": 0.01}, 1),
    ("sgd_momentum", "SGD", {"lr": 0.01, "momentum": 0.9}, 1),
    ("sgd_momentum_dampening", "SGD", {"lr": 0.01, "momentum": 0.9, "dampening": 0.3}, 1),
    ("sgd_nesterov", "SGD", {"lr": 0.01, "momentum": 0.9, "nesterov": True}, 1),
    ("sgd_weight_decay", "SGD", {"lr": 0.01, "momentum": 0.5, "weight_decay": 0.1}, 1),
    ("sgd_maximize", "SGD", {"lr": 0.01, "momentum": 0.9, "maximize": True}, -1),
    ("adam_default", "Adam", {}, 1),
    ("adam_amsgrad", "Adam", {"lr": 0.05, "amsgrad": True}, 1),
    ("adam_weight_decay", "Adam", {"lr": 0.05, "betas": [0.8, 0.99], "weight_decay": 0.1, "eps": 1e-6}, 1),
    ("adam_maximize", "Adam", {"lr": 0.05, "maximize": True}, -1),
    ("adamw_default", "AdamW", {}, 1),
    ("adamw_amsgrad", "AdamW", {"lr": 0.05, "amsgrad": True, "weight_decay": 0.2}, 1),
    ("adagrad_default", "Adagrad", {}, 1),
    ("adagrad_decay", "Adagrad", {"lr": 0.1, "lr_decay": 0.05, "weight_decay": 0.1,
                                  "initial_accumulator_value": 0.5}, 1),
    ("adamax_default", "Adamax", {}, 1),
    ("adamax_weight_decay", "Adamax", {"lr": 0.05, "weight_decay": 0.1, "betas": [0.85, 0.95]}, 1),
    ("asgd_default", "ASGD", {}, 1),
    ("asgd_t0_weight_decay", "ASGD", {"lr": 0.01, "lambd": 0.05, "alpha": 0.6, "t0": 5, "weight_decay": 0.1}, 1),
    ("rmsprop_default", "RMSprop", {}, 1),
    ("rmsprop_centered", "RMSprop", {"lr": 0.005, "centered": True}, 1),
    ("rmsprop_momentum", "RMSprop", {"lr": 0.005, "momentum": 0.8}, 1),
    ("rmsprop_centered_momentum_wd", "RMSprop", {"lr": 0.005, "alpha": 0.9, "centered": True, "momentum": 0.5,
                                                 "weight_decay": 0.1, "maximize": True}, -1),
    ("rprop_default", "Rprop", {}, 1),
    ("rprop_custom", "Rprop", {"lr": 0.02, "etas": [0.3, 1.5], "step_sizes": [1e-3, 0.05]}, 1),
    ("lbfgs_default", "LBFGS", {}, 1),
    ("lbfgs_strong_wolfe", "LBFGS", {"line_search_fn": "strong_wolfe"}, 1),
    ("lbfgs_small_history", "LBFGS", {"lr": 0.5, "max_iter": 4, "history_size": 2}, 1),
    ("lbfgs_wolfe_small_history", "LBFGS", {"max_iter": 3, "history_size": 2, "line_search_fn": "strong_wolfe"}, 1),
]


def make(name, opts, params):
    kw = dict(opts)
    for key in ("betas", "etas", "step_sizes"):
        if key in kw:
            kw[key] = tuple(kw[key])
    if name != "LBFGS":
        kw["foreach"] = False  # the single-tensor loop (the CPU default) whose order Panamax follows
    return getattr(torch.optim, name)(params, **kw)


def run(name, opts, sign):
    w = torch.tensor(W0, requires_grad=True)
    b = torch.tensor(B0, requires_grad=True)
    opt = make(name, opts, [w, b])
    out = {"W": [], "b": [], "losses": []}
    if name == "ASGD":
        out["axW"], out["axb"] = [], []

    def closure():
        opt.zero_grad()
        loss = loss_fn(w, b, sign)
        loss.backward()
        return loss

    for _ in range(STEPS):
        if name == "LBFGS":
            loss = opt.step(closure)
        else:
            loss = closure()
            opt.step()
        out["losses"].append(loss.item())
        out["W"].extend(w.detach().reshape(-1).tolist())
        out["b"].extend(b.detach().reshape(-1).tolist())
        if name == "ASGD":
            out["axW"].extend(opt.state[w]["ax"].reshape(-1).tolist())
            out["axb"].extend(opt.state[b]["ax"].reshape(-1).tolist())
    if name == "LBFGS":
        st = opt.state[w]
        out["funcEvals"] = st["func_evals"]
        out["nIter"] = st["n_iter"]
    return out


cases = []
for case_name, opt_name, opts, sign in CASES:
    c = {"name": case_name, "optimizer": opt_name, "options": opts, "sign": sign}
    c.update(run(opt_name, opts, sign))
    cases.append(c)

head = {"torch": torch.__version__, "steps": STEPS, "x": X.ravel().tolist(), "y": Y.ravel().tolist(),
        "W0": W0.ravel().tolist(), "b0": B0.tolist()}
print("{")
for key, value in head.items():
    print(f" {json.dumps(key)}: {json.dumps(value)},")
print(' "cases": [')
print(",\n".join("  " + json.dumps(c) for c in cases))
print(" ]")
print("}")
