#!/usr/bin/env python3
"""Records PyTorch's forward values and gradients for every entry of the autograd GradTable.

Run by hand (needs torch and numpy; CI only reads the committed JSON):

    cd autograd/src/test/python
    python3 make_torch_fixtures.py > ../resources/fixtures/torch_grads.json

Everything is float64. Inputs are drawn here, in table order, from NumPy's RandomState(0) and
written into the JSON, so the Java test (TorchFixtureTest) replays the very same numbers. For each
case the gradients are those of sum(output * weights) with respect to every input, where the
weights (shaped like the output) are drawn from the same RandomState and also written out.

The table below mirrors GradTable.java name for name (TorchFixtureTest fails if they drift apart):
the domain of each input (normal, positive, away from kinks, or fixed values), and the op written
with PyTorch's API. Numbers are written with repr (Python's json does), so they round-trip exactly.
"""
import json
import sys

import numpy as np
import torch

SEED = 0
rs = np.random.RandomState(SEED)

# Kinks of abs, relu and the clamps below; "away" inputs keep at least MARGIN from each, so that
# central differences (eps 1e-6) in the Java gradcheck of the same table stay on one side.
KINKS = [-1.0, -0.5, 0.0, 0.5, 1.0]
MARGIN = 0.05
MASK = torch.tensor([[True, False, True], [False, False, True]])


def n(*shape):
    return ("normal", shape, None)


def p(*shape):
    return ("positive", shape, None)


def a(*shape):
    return ("away", shape, None)


def fixed(values, *shape):
    return ("fixed", shape, values)


def away(x):
    x = np.array(x, dtype=np.float64).reshape(-1)
    for i in range(x.size):
        for k in KINKS:
            if abs(x[i] - k) < MARGIN:
                x[i] = k + MARGIN if x[i] >= k else k - MARGIN
    return x


def draw(spec):
    kind, shape, values = spec
    if kind == "normal":
        x = rs.standard_normal(shape)
    elif kind == "positive":
        x = rs.uniform(0.5, 2.0, shape)
    elif kind == "away":
        x = away(rs.standard_normal(shape))
    else:
        x = values
    return np.asarray(x, dtype=np.float64).reshape(shape)


def sl(x, dim, start, end):
    """x[start:end] along dim (Python slice semantics: negative from the end, clipped)."""
    idx = [slice(None)] * x.dim()
    idx[dim] = slice(start, end)
    return x[tuple(idx)]


ENTRIES = [
    # ---- arithmetic, with broadcasting, 0-d operands and non-contiguous views
    ("add", lambda v: v[0] + v[1], [n(2, 3), n(2, 3)]),
    ("add.broadcast", lambda v: v[0] + v[1], [n(3, 1), n(4)]),
    ("add.scalar0d", lambda v: v[0] + v[1], [n(), n(2, 3)]),
    ("add.transposed", lambda v: v[0].t() + v[1], [n(3, 2), n(2, 3)]),
    ("add.double", lambda v: v[0] + 1.5, [n(2, 3)]),
    ("sub", lambda v: v[0] - v[1], [n(2, 3), n(2, 3)]),
    ("sub.broadcast", lambda v: v[0] - v[1], [n(3, 1), n(4)]),
    ("sub.scalar0d", lambda v: v[0] - v[1], [n(2, 3), n()]),
    ("sub.double", lambda v: v[0] - 0.75, [n(2, 3)]),
    ("mul", lambda v: v[0] * v[1], [n(2, 3), n(2, 3)]),
    ("mul.broadcast", lambda v: v[0] * v[1], [n(3, 1), n(4)]),
    ("mul.scalar0d", lambda v: v[0] * v[1], [n(), n(2, 3)]),
    ("mul.expanded", lambda v: v[0].expand(3, 4) * v[1], [n(3, 1), n(3, 4)]),
    ("mul.narrowed", lambda v: v[0].narrow(0, 1, 2) * v[1], [n(4, 3), n(2, 3)]),
    ("mul.same", lambda v: v[0] * v[0], [n(2, 3)]),
    ("mul.double", lambda v: v[0] * -2.5, [n(2, 3)]),
    ("div", lambda v: v[0] / v[1], [n(2, 3), p(2, 3)]),
    ("div.broadcast", lambda v: v[0] / v[1], [n(3, 1), p(4)]),
    ("div.scalar0d", lambda v: v[0] / v[1], [n(2, 3), p()]),
    ("div.transposed", lambda v: v[0] / v[1].t(), [n(2, 3), p(3, 2)]),
    ("div.double", lambda v: v[0] / 4.0, [n(2, 3)]),
    ("rsub", lambda v: torch.rsub(v[0], 2.0), [n(2, 3)]),
    ("rdiv", lambda v: 3.0 / v[0], [p(2, 3)]),
    # ---- powers: scalar exponents, and tensor exponents differentiated in base and exponent
    ("pow.2", lambda v: v[0].pow(2), [n(2, 3)]),
    ("pow.3", lambda v: v[0].pow(3), [n(2, 3)]),
    ("pow.0.5", lambda v: v[0].pow(0.5), [p(2, 3)]),
    ("pow.-1.5", lambda v: v[0].pow(-1.5), [p(2, 3)]),
    ("pow.0", lambda v: v[0].pow(0), [n(2, 3)]),  # PyTorch: gradient exactly 0 for exponent 0
    ("pow.tensor", lambda v: v[0].pow(v[1]), [p(2, 3), n(2, 3)]),
    ("pow.tensor.broadcast", lambda v: v[0].pow(v[1]), [p(2, 3), n(3)]),
    ("pow.tensor.scalar0d", lambda v: v[0].pow(v[1]), [p(2, 3), n()]),
    ("maximum", lambda v: torch.maximum(v[0], v[1]), [n(2, 3), n(2, 3)]),
    ("maximum.broadcast", lambda v: torch.maximum(v[0], v[1]), [n(3, 1), n(4)]),
    ("minimum", lambda v: torch.minimum(v[0], v[1]), [n(2, 3), n(2, 3)]),
    ("minimum.broadcast", lambda v: torch.minimum(v[0], v[1]), [n(3, 1), n(4)]),
    # ---- elementwise functions (kinked ones on inputs away from the kinks)
    ("neg", lambda v: -v[0], [n(2, 3)]),
    ("abs", lambda v: v[0].abs(), [a(2, 3)]),
    ("exp", lambda v: v[0].exp(), [n(2, 3)]),
    ("exp.scalar0d", lambda v: v[0].exp(), [n()]),
    ("log", lambda v: v[0].log(), [p(2, 3)]),
    ("sqrt", lambda v: v[0].sqrt(), [p(2, 3)]),
    ("sin", lambda v: v[0].sin(), [n(2, 3)]),
    ("sin.transposed", lambda v: v[0].t().sin(), [n(3, 2)]),
    ("cos", lambda v: v[0].cos(), [n(2, 3)]),
    ("tanh", lambda v: v[0].tanh(), [n(2, 3)]),
    ("tanh.narrowed", lambda v: v[0].narrow(1, 1, 2).tanh(), [n(3, 4)]),
    ("sigmoid", lambda v: v[0].sigmoid(), [n(2, 3)]),
    ("relu", lambda v: v[0].relu(), [a(2, 3)]),
    ("relu.expanded", lambda v: v[0].expand(2, 3).relu(), [a(3)]),
    ("square", lambda v: v[0].square(), [n(2, 3)]),
    ("clamp", lambda v: v[0].clamp(-0.5, 1.0), [a(3, 4)]),
    ("clampMin", lambda v: v[0].clamp(min=-0.5), [a(3, 4)]),
    ("clampMax", lambda v: v[0].clamp(max=0.5), [a(3, 4)]),
    ("where", lambda v: torch.where(MASK, v[0], v[1]), [n(2, 3), n(2, 3)]),
    ("where.broadcast", lambda v: torch.where(MASK, v[0], v[1]), [n(3), n(2, 1)]),
    # ---- reductions
    ("sum", lambda v: v[0].sum(), [n(2, 3, 4)]),
    ("sum.scalar0d", lambda v: v[0].sum(), [n()]),
    ("sum.transposed", lambda v: (v[0].t() * v[1]).sum(), [n(3, 2), n(2, 3)]),
    ("sum.dim", lambda v: v[0].sum(1), [n(2, 3, 4)]),
    ("sum.dim.keepdim", lambda v: v[0].sum(-1, keepdim=True), [n(2, 3, 4)]),
    ("sum.dims", lambda v: v[0].sum((0, 2)), [n(2, 3, 4)]),
    ("sum.dims.keepdim", lambda v: v[0].sum((-1, 0), keepdim=True), [n(2, 3, 4)]),
    ("mean", lambda v: v[0].mean(), [n(2, 3, 4)]),
    ("mean.dim", lambda v: v[0].mean(1), [n(2, 3, 4)]),
    ("mean.dim.keepdim", lambda v: v[0].mean(0, keepdim=True), [n(2, 3, 4)]),
    ("max", lambda v: v[0].max(), [n(3, 4)]),
    ("min", lambda v: v[0].min(), [n(3, 4)]),
    ("max.dim", lambda v: v[0].max(1).values, [n(3, 4)]),
    ("max.dim.keepdim", lambda v: v[0].max(0, keepdim=True).values, [n(3, 4)]),
    ("max.dim.transposed", lambda v: v[0].t().max(-1).values, [n(3, 4)]),
    ("min.dim", lambda v: v[0].min(0).values, [n(3, 4)]),
    ("min.dim.keepdim", lambda v: v[0].min(-1, keepdim=True).values, [n(3, 4)]),
    ("logsumexp", lambda v: torch.logsumexp(v[0], 1), [n(3, 4)]),
    ("logsumexp.keepdim", lambda v: torch.logsumexp(v[0], 0, keepdim=True), [n(3, 4)]),
    ("logsumexp.negdim", lambda v: torch.logsumexp(v[0], -1), [n(2, 3, 4)]),
    ("softmax", lambda v: torch.softmax(v[0], 1), [n(3, 4)]),
    ("softmax.dim0", lambda v: torch.softmax(v[0], 0), [n(3, 4)]),
    ("softmax.transposed", lambda v: torch.softmax(v[0].t(), -1), [n(3, 4)]),
    ("logSoftmax", lambda v: torch.log_softmax(v[0], 1), [n(3, 4)]),
    ("logSoftmax.dim0", lambda v: torch.log_softmax(v[0], 0), [n(3, 4)]),
    ("softmax.3d.mid", lambda v: torch.softmax(v[0], 1), [n(2, 3, 4)]),
    ("softmax.narrowed", lambda v: torch.softmax(v[0].narrow(1, 1, 3), 1), [n(3, 5)]),
    ("softmax.permuted", lambda v: torch.softmax(v[0].permute(2, 0, 1), 1), [n(2, 3, 4)]),
    ("softmax.expandedGrad", lambda v: torch.softmax(v[0], 0).sum(1), [n(3, 4)]),
    ("softmax.0d", lambda v: torch.softmax(v[0], 0), [n()]),
    ("logSoftmax.3d.first", lambda v: torch.log_softmax(v[0], 0), [n(2, 3, 4)]),
    ("logSoftmax.transposed", lambda v: torch.log_softmax(v[0].t(), 1), [n(3, 4)]),
    ("logSoftmax.negdim", lambda v: torch.log_softmax(v[0], -1), [n(5)]),
    ("logSoftmax.expandedGrad", lambda v: torch.log_softmax(v[0], 0).sum(1), [n(3, 4)]),
    ("logSoftmax.0d", lambda v: torch.log_softmax(v[0], 0), [n()]),
    # ---- matrix products
    ("matmul.1d1d", lambda v: v[0] @ v[1], [n(4), n(4)]),
    ("matmul.1d2d", lambda v: v[0] @ v[1], [n(3), n(3, 4)]),
    ("matmul.2d1d", lambda v: v[0] @ v[1], [n(3, 4), n(4)]),
    ("matmul.2d2d", lambda v: v[0] @ v[1], [n(2, 3), n(3, 4)]),
    ("matmul.3d3d", lambda v: v[0] @ v[1], [n(2, 2, 3), n(2, 3, 4)]),
    ("matmul.3d2d", lambda v: v[0] @ v[1], [n(2, 2, 3), n(3, 4)]),
    ("matmul.2d3d", lambda v: v[0] @ v[1], [n(2, 3), n(2, 3, 4)]),
    ("matmul.1d3d", lambda v: v[0] @ v[1], [n(3), n(2, 3, 4)]),
    ("matmul.4d3d", lambda v: v[0] @ v[1], [n(2, 1, 2, 3), n(3, 3, 2)]),
    ("matmul.transposed", lambda v: v[0].t() @ v[1], [n(3, 2), n(3, 4)]),
    ("mm", lambda v: v[0].mm(v[1]), [n(2, 3), n(3, 4)]),
    ("mm.transposed", lambda v: v[0].mm(v[1].t()), [n(2, 3), n(4, 3)]),
    # ---- movement
    ("reshape", lambda v: v[0].reshape(6, 4), [n(2, 3, 4)]),
    ("reshape.infer", lambda v: v[0].reshape(-1, 2), [n(2, 3, 4)]),
    ("reshape.transposed", lambda v: v[0].t().reshape(-1), [n(3, 4)]),
    ("reshape.scalar0d", lambda v: v[0].reshape(1, 1), [n()]),
    ("view", lambda v: v[0].view(4, 6), [n(2, 3, 4)]),
    ("flatten", lambda v: v[0].flatten(), [n(2, 3, 4)]),
    ("flatten.range", lambda v: v[0].flatten(1, 2), [n(2, 3, 4)]),
    ("flatten.range.neg", lambda v: v[0].flatten(0, -2), [n(2, 3, 4)]),
    ("transpose", lambda v: v[0].transpose(0, 2), [n(2, 3, 4)]),
    ("transpose.neg", lambda v: v[0].transpose(-1, -2), [n(2, 3, 4)]),
    ("t", lambda v: v[0].t(), [n(2, 3)]),
    ("t.1d", lambda v: v[0].t() * v[0], [n(3)]),
    ("permute", lambda v: v[0].permute(2, 0, 1), [n(2, 3, 4)]),
    ("permute.neg", lambda v: v[0].permute(-1, 1, 0), [n(2, 3, 4)]),
    ("unsqueeze", lambda v: v[0].unsqueeze(1), [n(2, 3)]),
    ("unsqueeze.neg", lambda v: v[0].unsqueeze(-1), [n(2, 3)]),
    ("squeeze", lambda v: v[0].squeeze(), [n(2, 1, 3, 1)]),
    ("squeeze.dim", lambda v: v[0].squeeze(1), [n(2, 1, 3, 1)]),
    ("squeeze.dim.noop", lambda v: v[0].squeeze(0), [n(2, 1, 3)]),
    ("narrow", lambda v: v[0].narrow(0, 1, 2), [n(4, 3)]),
    ("narrow.neg", lambda v: v[0].narrow(-1, -3, 2), [n(4, 3)]),
    ("slice", lambda v: sl(v[0], 0, 1, 3), [n(4, 3)]),
    ("slice.neg", lambda v: sl(v[0], 1, -2, 100), [n(4, 3)]),
    ("select", lambda v: v[0].select(1, 2), [n(3, 4)]),
    ("select.neg", lambda v: v[0].select(-2, -1), [n(3, 4)]),
    ("expand", lambda v: v[0].expand(3, 4), [n(3, 1)]),
    ("expand.newdims", lambda v: v[0].expand(2, -1, 4), [n(3, 1)]),
    ("expand.scalar0d", lambda v: v[0].expand(2, 3), [n()]),
    # ---- compositions
    ("chain.mlp", lambda v: torch.logsumexp((v[0] @ v[1] + v[2]).tanh().sum(1), 0), [n(4, 3), n(3, 5), n(5)]),
]

# Ties and kinks, where PyTorch's conventions (not calculus) decide the gradient:
#   relu'(0) = 0 (threshold_backward passes only where the result is > 0); abs'(0) = sign(0) = 0;
#   clamp passes the gradient where min <= x <= max, bounds included;
#   maximum/minimum give half the gradient to each side of a tie;
#   a full max()/min() reduction splits the gradient evenly among all equal extremes;
#   max(dim)/min(dim) send it to the returned index, the first occurrence on CPU;
#   pow: exponent 0 has gradient 0 even at x = 0; d/de x^e is 0 where x == 0 and e >= 0.
TIES = [
    ("ties.relu", lambda v: v[0].relu(), [fixed([-1, 0, 0.5, 0], 4)]),
    ("ties.abs", lambda v: v[0].abs(), [fixed([-1, 0, 2], 3)]),
    ("ties.clamp", lambda v: v[0].clamp(-0.5, 0.5), [fixed([-1, -0.5, 0, 0.5, 1], 5)]),
    ("ties.clampMin", lambda v: v[0].clamp(min=0), [fixed([-1, 0, 1], 3)]),
    ("ties.clampMax", lambda v: v[0].clamp(max=0), [fixed([-1, 0, 1], 3)]),
    ("ties.maximum", lambda v: torch.maximum(v[0], v[1]), [fixed([1, 2, 3, -1], 4), fixed([1, 0, 3, 5], 4)]),
    ("ties.minimum", lambda v: torch.minimum(v[0], v[1]), [fixed([1, 2, 3, -1], 4), fixed([1, 0, 3, 5], 4)]),
    ("ties.max", lambda v: v[0].max(), [fixed([1, 3, 3, 2, 3, 0], 2, 3)]),
    ("ties.min", lambda v: v[0].min(), [fixed([0, 3, 0, 2, 1, 5], 2, 3)]),
    ("ties.max.dim", lambda v: v[0].max(1).values, [fixed([1, 3, 3, 2, 2, 0], 2, 3)]),
    ("ties.min.dim", lambda v: v[0].min(0, keepdim=True).values, [fixed([1, 3, 0, 1, 2, 0], 2, 3)]),
    ("ties.pow.0", lambda v: v[0].pow(0), [fixed([0, 1, -2], 3)]),
    ("ties.pow.2.at0", lambda v: v[0].pow(2), [fixed([0, 1, -2], 3)]),
    ("ties.pow.tensor.base0", lambda v: v[0].pow(v[1]), [fixed([0, 0, 2, 0], 4), fixed([2, 0, 1, 1], 4)]),
]


def flat(t):
    return np.asarray(t, dtype=np.float64).reshape(-1).tolist()


def record(name, fn, specs):
    arrays = [draw(s) for s in specs]
    xs = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in arrays]
    out = fn(xs)
    weights = np.asarray(rs.standard_normal(tuple(out.shape)), dtype=np.float64)
    (out * torch.tensor(weights)).sum().backward()
    return {
        "name": name,
        "inputs": [{"shape": list(x.shape), "data": flat(x)} for x in arrays],
        "weights": flat(weights),
        "output": {"shape": list(out.shape), "data": flat(out.detach().contiguous())},
        "grads": [flat(x.grad) for x in xs],
    }


def main():
    torch.manual_seed(SEED)
    cases = [record(*e) for e in ENTRIES + TIES]
    names = [c["name"] for c in cases]
    assert len(names) == len(set(names)), "duplicate names"
    head = {"generator": "autograd/src/test/python/make_torch_fixtures.py", "torch": torch.__version__,
            "numpy_seed": SEED, "dtype": "float64", "loss": "sum(output * weights)"}
    lines = ["{", '"meta": ' + json.dumps(head) + ",", '"cases": [']
    lines += [json.dumps(c) + ("," if i < len(cases) - 1 else "") for i, c in enumerate(cases)]
    lines += ["]", "}"]
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
