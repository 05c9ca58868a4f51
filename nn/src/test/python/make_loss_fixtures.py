#!/usr/bin/env python3
"""Records PyTorch's values and gradients for the nn losses and Linear, in float64.

Run by hand (needs torch): python3 make_loss_fixtures.py > ../resources/fixtures/losses.json
The inputs are generated here from NumPy's RandomState(7) and written into the JSON, so the Java
test replays exactly the same numbers.
"""
import json

import numpy as np
import torch
import torch.nn.functional as F

rs = np.random.RandomState(7)


def t(a, grad=True):
    return torch.tensor(a, dtype=torch.float64, requires_grad=grad)


cases = []

logits = rs.randn(5, 4)
target = [3, 0, 1, 3, 2]
weights = rs.randn(5)  # for reduction='none', loss = sum(out * weights)
for red in ("mean", "sum", "none"):
    x = t(logits)
    out = F.cross_entropy(x, torch.tensor(target), reduction=red)
    (out * torch.tensor(weights) if red == "none" else out).sum().backward()
    cases.append({"op": "crossEntropy", "reduction": red, "input": logits.ravel().tolist(), "shape": [5, 4],
                  "target": target, "weights": weights.tolist(), "out": out.detach().reshape(-1).tolist(),
                  "grad": x.grad.reshape(-1).tolist()})
    x = t(logits)
    lp = F.log_softmax(x, dim=1)
    out = F.nll_loss(lp, torch.tensor(target), reduction=red)
    (out * torch.tensor(weights) if red == "none" else out).sum().backward()
    cases.append({"op": "nllOfLogSoftmax", "reduction": red, "input": logits.ravel().tolist(), "shape": [5, 4],
                  "target": target, "weights": weights.tolist(), "out": out.detach().reshape(-1).tolist(),
                  "grad": x.grad.reshape(-1).tolist()})

pred = rs.randn(3, 2)
goal = rs.randn(3, 2)
w6 = rs.randn(6)
for red in ("mean", "sum", "none"):
    x = t(pred)
    out = F.mse_loss(x, torch.tensor(goal), reduction=red)
    (out * torch.tensor(w6).reshape(3, 2) if red == "none" else out).sum().backward()
    cases.append({"op": "mse", "reduction": red, "input": pred.ravel().tolist(), "shape": [3, 2],
                  "target": goal.ravel().tolist(), "weights": w6.tolist(), "out": out.detach().reshape(-1).tolist(),
                  "grad": x.grad.reshape(-1).tolist()})

xin = rs.randn(4, 3)
W = rs.randn(2, 3)
b = rs.randn(2)
x, wt, bt = t(xin), t(W), t(b)
out = F.linear(x, wt, bt)
wout = rs.randn(4, 2)
(out * torch.tensor(wout)).sum().backward()
cases.append({"op": "linear", "input": xin.ravel().tolist(), "weight": W.ravel().tolist(), "bias": b.tolist(),
              "weights": wout.ravel().tolist(), "out": out.detach().reshape(-1).tolist(),
              "gradInput": x.grad.reshape(-1).tolist(), "gradWeight": wt.grad.reshape(-1).tolist(),
              "gradBias": bt.grad.reshape(-1).tolist()})

print(json.dumps({"torch": torch.__version__, "cases": cases}, indent=1))
