#!/usr/bin/env python3
"""PyTorch's training loops run from Python: a cross-check of the DJL-driven PyTorch figures.

bench/run.sh runs this (label ``pytorch-python``) when python3 can import torch. It times the same
four workloads as dev.panamax.bench.PanamaxLoops and the DJL baseline TorchLoops -- the cubic fit,
the quadratic regression, the two-layer net and one MNIST-shaped epoch, float32, line for line as
the tutorials write them -- with torch's intra- and inter-op threads pinned to the count given.
The data are drawn from torch's own generator (the timing does not depend on the values).

Each workload: ``warmup`` untimed runs, then ``iterations`` timed runs. For every timed run it also
records how many cores other processes kept busy (machine busy time from /proc/stat minus this
process's CPU time), as the JMH runs' InterferenceProfiler does, and writes everything as JMH-shaped
JSON so that bench's Report reads it like any other run.

    python3 bench/python/torch_loops.py OUT.json [--properties FILE] [--threads 2] [--warmup 2]
                                        [--iterations 5] [--only cubic,twoLayer]
"""

import argparse
import json
import math
import os
import platform
import sys
import time

import torch

THREADS = 2
CUBIC_POINTS, CUBIC_ITERATIONS, CUBIC_LR = 2000, 2000, 1e-6
QUADRATIC_POINTS, QUADRATIC_ITERATIONS, QUADRATIC_LR = 100, 800, 1e-3
BATCH, IN, HIDDEN, OUT, TWO_LAYER_ITERATIONS, TWO_LAYER_LR = 64, 1000, 100, 10, 500, 1e-6
IMAGES, PIXELS, MNIST_HIDDEN, CLASSES, MNIST_BATCH, MNIST_LR = 60000, 784, 100, 10, 64, 0.1
METRIC = "\u00b7others"  # InterferenceProfiler.METRIC


def sgd_step(params, lr):
    """p -= lr * p.grad, then the gradient zeroed, outside the tape."""
    with torch.no_grad():
        for p in params:
            p -= lr * p.grad
            p.grad.zero_()


def cubic(state):
    x = torch.linspace(-math.pi, math.pi, CUBIC_POINTS)
    y = torch.sin(x)
    a, b, c, d = (torch.randn((), requires_grad=True) for _ in range(4))
    last = float("nan")
    for _ in range(CUBIC_ITERATIONS):
        y_pred = a + b * x + c * x ** 2 + d * x ** 3
        loss = (y_pred - y).pow(2).sum()
        last = loss.item()
        loss.backward()
        sgd_step((a, b, c, d), CUBIC_LR)
    return last


def quadratic(state):
    x = torch.linspace(-1, 1, QUADRATIC_POINTS).unsqueeze(1)
    y = 3 * x.pow(2) + 2 + 0.2 * torch.rand(x.size())
    w = torch.randn(1, 1, requires_grad=True)
    b = torch.zeros(1, 1, requires_grad=True)
    pred = None
    for _ in range(QUADRATIC_ITERATIONS):
        pred = x.pow(2).mm(w) + b
        loss = 0.5 * (pred - y).pow(2).sum()
        loss.backward()
        sgd_step((w, b), QUADRATIC_LR)
    return pred[0, 0].item()


def two_layer(state):
    x = torch.randn(BATCH, IN)
    y = torch.randn(OUT)
    w1 = torch.randn(IN, HIDDEN, requires_grad=True)
    w2 = torch.randn(HIDDEN, OUT, requires_grad=True)
    last = float("nan")
    for _ in range(TWO_LAYER_ITERATIONS):
        y_pred = x.mm(w1).clamp(min=0).mm(w2)
        loss = (y_pred - y).pow(2).sum()
        last = loss.item()
        loss.backward()
        sgd_step((w1, w2), TWO_LAYER_LR)
    return last


def mnist_data():
    images = torch.rand(IMAGES, PIXELS)
    labels = torch.randint(0, CLASSES, (IMAGES,))
    params = []
    for fan_in, shape in ((PIXELS, (PIXELS, MNIST_HIDDEN)), (PIXELS, (MNIST_HIDDEN,)),
                          (MNIST_HIDDEN, (MNIST_HIDDEN, CLASSES)), (MNIST_HIDDEN, (CLASSES,))):
        bound = 1 / math.sqrt(fan_in)
        params.append(((torch.rand(shape) * 2 - 1) * bound).requires_grad_())
    return images, labels, params


def mnist_epoch(state):
    images, labels, (w1, b1, w2, b2) = state
    last = float("nan")
    for start in range(0, IMAGES - MNIST_BATCH + 1, MNIST_BATCH):
        xb = images[start:start + MNIST_BATCH]
        yb = labels[start:start + MNIST_BATCH]
        h = torch.sigmoid(xb.mm(w1) + b1)
        logits = h.mm(w2) + b2
        loss = -logits.log_softmax(1).gather(1, yb.unsqueeze(1)).mean()
        loss.backward()
        sgd_step((w1, b1, w2, b2), MNIST_LR)
        if start + 2 * MNIST_BATCH > IMAGES:
            last = loss.item()
    return last


WORKLOADS = [("cubic", cubic, None), ("quadratic", quadratic, None),
             ("twoLayer", two_layer, None), ("mnistEpoch", mnist_epoch, mnist_data)]


def machine_busy_ticks():
    try:
        with open("/proc/stat") as f:
            fields = f.readline().split()
        # user nice system irq softirq steal, as InterferenceProfiler counts them
        return sum(int(fields[i]) for i in (1, 2, 3, 6, 7, 8))
    except OSError:
        return None


def own_ticks():
    t = os.times()
    return round((t.user + t.system) * 100)


def measure(fn, state, warmup, iterations):
    for _ in range(warmup):
        fn(state)
    times, others = [], []
    for _ in range(iterations):
        machine0, own0, t0 = machine_busy_ticks(), own_ticks(), time.perf_counter()
        fn(state)
        seconds = time.perf_counter() - t0
        machine1, own1 = machine_busy_ticks(), own_ticks()
        times.append(seconds * 1e3)
        if machine0 is not None and machine1 is not None:
            others.append(max(0, (machine1 - machine0) - (own1 - own0)) / 100 / seconds)
    return times, others


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--properties", help="where to write the version and thread counts (Report's probe file)")
    parser.add_argument("--threads", type=int, default=THREADS)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--iterations", type=int, default=5)
    parser.add_argument("--only", default="", help="comma-separated workload names (default: all)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(args.threads)
    torch.manual_seed(0)
    wanted = set(filter(None, args.only.split(",")))
    version = f"{platform.python_version()}, torch {torch.__version__}, {torch.get_num_threads()} threads"
    entries = []
    for name, fn, make in WORKLOADS:
        if wanted and name not in wanted:
            continue
        state = make() if make else None
        times, others = measure(fn, state, args.warmup, args.iterations)
        print(f"torch_loops.py: {name}: {sorted(times)[len(times) // 2]:.1f} ms (median of {len(times)})",
              file=sys.stderr)
        entry = {
            "benchmark": f"python.torch.TorchLoops.{name}",
            "mode": "avgt",
            "params": {},
            "primaryMetric": {"score": sum(times) / len(times), "scoreUnit": "ms/op", "rawData": [times]},
            "secondaryMetrics": {},
            "vmName": "CPython",
            "vmVersion": version,
        }
        if len(others) == len(times):
            entry["secondaryMetrics"][METRIC] = {"score": sum(others) / len(others), "scoreUnit": "cores",
                                                 "rawData": [others]}
        entries.append(entry)
    with open(args.out, "w") as f:
        json.dump(entries, f, indent=1)
    if args.properties:
        with open(args.properties, "w") as f:
            f.write(f"version={torch.__version__} (Python {platform.python_version()})\n")
            f.write(f"threads.setting=torch.set_num_threads({args.threads}), "
                    f"torch.set_num_interop_threads({args.threads})\n")
            f.write(f"threads.reported={torch.get_num_threads()}\n")
            f.write(f"detail=inter-op threads {torch.get_num_interop_threads()}; "
                    f"training loops only, a cross-check of the DJL figures\n")


if __name__ == "__main__":
    main()
