#!/usr/bin/env python3
"""Regenerates the NumPy reference fixtures that the samples module's tests compare against.

Run by hand (not by CI) from anywhere: python3 samples/src/test/python/make_fixtures.py
The training loops below follow the tutorials' NumPy code line for line, with plotting left
out and each loss appended to a list. Every number is written with repr (json.dumps uses it), so
the Java tests read back the very doubles NumPy computed.
"""

import json
import math
import random
import struct
import sys
from pathlib import Path

import numpy as np

FIXTURES = Path(__file__).resolve().parent.parent / "resources" / "fixtures"


def quadratic_numpy(seed):
    """Seed 000, part one: fits y = w x^2 + b with hand-written gradients."""
    np.random.seed(seed)
    x = np.linspace(-1, 1, 100).reshape(100, 1)
    y = 3 * np.power(x, 2) + 2 + 0.2 * np.random.rand(x.size).reshape(100, 1)

    w = np.random.rand(1, 1)
    b = np.random.rand(1, 1)

    losses = []
    lr = 0.001
    for i in range(800):
        y_pred = np.power(x, 2) * w + b
        loss = 0.5 * (y_pred - y) ** 2
        loss = loss.sum()
        losses.append(float(loss))
        grad_w = np.sum((y_pred - y) * np.power(x, 2))
        grad_b = np.sum(y_pred - y)
        w -= lr * grad_w
        b -= lr * grad_b
    return {"seed": seed, "iterations": 800, "lr": lr, "losses": losses,
            "w": float(w[0, 0]), "b": float(b[0, 0])}


def two_layer_numpy(seed):
    """Seed 002, regression part, NumPy version; the tutorial sets no seed, so one is set here."""
    np.random.seed(seed)
    x = np.random.randn(64, 1000)
    y = np.random.randn(10)
    w1 = np.random.randn(1000, 100)
    w2 = np.random.randn(100, 10)

    losses = []
    lr = 0.000001
    for i in range(500):
        h = x.dot(w1)
        h_relu = np.maximum(h, 0)
        y_pred = h_relu.dot(w2)

        loss = np.square(y_pred - y).sum()
        losses.append(float(loss))

        grad_y_pred = 2.0 * (y_pred - y)
        grad_w2 = h_relu.T.dot(grad_y_pred)
        grad_h_relu = grad_y_pred.dot(w2.T)
        grad_h = grad_h_relu.copy()
        grad_h[h < 0] = 0
        grad_w1 = x.T.dot(grad_h)

        w1 -= lr * grad_w1
        w2 -= lr * grad_w2
    return {"seed": seed, "iterations": 500, "lr": lr, "losses": losses}


def cubic_numpy(seed):
    """Seeds 003/004, the NumPy warm-up: fits a cubic to sin(x) on [-pi, pi]."""
    np.random.seed(seed)
    x = np.linspace(-math.pi, math.pi, 2000)
    y = np.sin(x)

    a = np.random.randn()
    b = np.random.randn()
    c = np.random.randn()
    d = np.random.randn()

    losses = []
    learning_rate = 1e-6
    for t in range(2000):
        y_pred = a + b * x + c * x ** 2 + d * x ** 3

        loss = np.square(y_pred - y).sum()
        losses.append(float(loss))

        grad_y_pred = 2.0 * (y_pred - y)
        grad_a = grad_y_pred.sum()
        grad_b = (grad_y_pred * x).sum()
        grad_c = (grad_y_pred * x ** 2).sum()
        grad_d = (grad_y_pred * x ** 3).sum()

        a -= learning_rate * grad_a
        b -= learning_rate * grad_b
        c -= learning_rate * grad_c
        d -= learning_rate * grad_d
    return {"seed": seed, "iterations": 2000, "lr": learning_rate, "losses": losses,
            "a": float(a), "b": float(b), "c": float(c), "d": float(d)}


def repr_cases():
    """Doubles paired with Python's repr of them, as 16 hex digits of the bits and the text."""
    special = [0.0, -0.0, 1.0, -1.0, 0.1, 0.2, 0.3, 1 / 3, 2 / 3, 100.0, 123.456, 4.35,
               1e-4, 1e-5, 9.999e-5, 0.00012345, 1e15, 1e16, 9999999999999998.0,
               1234567890123456.0, 12345678901234567.0, 1e22, 1e23, 1e100, -1.5e-7,
               2.0 ** 53, 2.0 ** 53 + 2, 2.0 ** 63, 2.0 ** -1074, 2.0 ** -1073, 3 * 2.0 ** -1074,
               2.2250738585072014e-308, 1.7976931348623157e308, 5e-324, 28939368.090465397,
               2.998681441869641, 2.09891722848425, -0.008416368779585176, 1e-06, 0.001,
               float("inf"), float("-inf"), float("nan"), 9.5, 0.5, 1e-323, 2e-323, 9e-323]
    rng = random.Random(20240521)
    values = list(special)
    for _ in range(400):
        bits = rng.getrandbits(64)
        v = struct.unpack("<d", struct.pack("<Q", bits))[0]
        if not math.isnan(v):
            values.append(v)
    for _ in range(300):
        values.append(rng.uniform(-1, 1) * 10.0 ** rng.randint(-30, 30))
    for _ in range(200):
        values.append(round(rng.uniform(0, 1000), rng.randint(0, 6)))
    for _ in range(100):
        values.append(float(np.float32(rng.uniform(-10, 10))))
    lines = []
    for v in values:
        bits = struct.unpack("<Q", struct.pack("<d", v))[0]
        lines.append(f"{bits:016x} {v!r}")
    return "\n".join(lines) + "\n"


def write(name, data):
    path = FIXTURES / name
    data = {"generator": f"make_fixtures.py, numpy {np.__version__}", **data}
    path.write_text(json.dumps(data, indent=1) + "\n")
    print("wrote", path)


def main():
    FIXTURES.mkdir(parents=True, exist_ok=True)
    write("quadratic_numpy_seed666.json", quadratic_numpy(666))
    for seed in (0, 1):
        write(f"two_layer_numpy_seed{seed}.json", two_layer_numpy(seed))
        write(f"cubic_numpy_seed{seed}.json", cubic_numpy(seed))
    path = FIXTURES / "pyrepr_cases.txt"
    path.write_text(repr_cases())
    print("wrote", path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
