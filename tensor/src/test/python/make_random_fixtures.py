#!/usr/bin/env python3
"""Writes the NumPy legacy RandomState fixtures checked by NumpyGeneratorTest.

Run by hand from the repository root (not by CI):

    python3 tensor/src/test/python/make_random_fixtures.py

The output, tensor/src/test/resources/fixtures/numpy_random.json, is one JSON object whose
values are all flat arrays of numbers, one key per line. Floats are written with Python's repr,
which round-trips exactly through Java's Double.parseDouble. Keys:

  seeds                  the seeds used for every per-seed key below
  randint_ranges         triples (low, high, count) drawn in order by randint/<seed>
  interleaved_ops        triples (op, low, high): op 0 = rand(), 1 = randn(),
                         2 = randint(low, high); low and high are 0 for ops 0 and 1
  rand/<seed>            rand(1000)
  randn/<seed>           randn(1001), an odd count so the cached second normal is used
  randint/<seed>         randint(low, high, count, dtype=int64) for each triple, concatenated
  interleaved/<seed>     one scalar call per op in interleaved_ops
  reseed/<seed>          randn(); seed(seed); randn(3): the reseed must drop the cached normal

Normals depend on the platform C library's log, so regenerate on the platform whose NumPy the
Java side is meant to agree with (the committed file comes from Linux x86-64, glibc).
"""

import json
import pathlib
import sys

import numpy as np

SEEDS = [0, 1, 666, 2**32 - 1, 12345]

RANDINT_RANGES = [
    (0, 1, 5),  # a single value: consumes no randomness
    (0, 2, 50),
    (0, 3, 50),
    (0, 10, 100),
    (-5, 5, 50),
    (-100, -50, 50),  # negative low and high
    (7, 1007, 50),
    (0, 2**31, 20),
    (-(2**31), 2**31 - 1, 20),
    (0, 2**32, 20),  # exactly 2^32 values: raw 32-bit outputs
    (-(2**31), 2**31, 20),
    (0, 2**32 + 1, 20),  # just over 2^32: the 64-bit path
    (-(2**40), 2**40, 20),
    (-(10**18), 10**18, 20),
    (2**62, 2**63 - 1, 20),
    (-(2**63), -(2**63) + 3, 20),
    (-(2**63), 2**63 - 1, 20),  # the widest range int64 randint accepts
]

INTERLEAVED_PATTERN = [
    (0, 0, 0),
    (1, 0, 0),
    (1, 0, 0),
    (2, 0, 10),
    (1, 0, 0),  # the cached normal survives the randint above
    (0, 0, 0),
    (2, -3, 2**33),
    (1, 0, 0),
    (2, 0, 2**32),
    (0, 0, 0),
    (1, 0, 0),
    (1, 0, 0),
    (1, 0, 0),
]
INTERLEAVED_OPS = INTERLEAVED_PATTERN * 40


def per_seed(seed):
    """Returns the fixture arrays for one seed."""
    out = {}
    rs = np.random.RandomState(seed)
    out[f"rand/{seed}"] = [float(v) for v in rs.rand(1000)]

    rs = np.random.RandomState(seed)
    out[f"randn/{seed}"] = [float(v) for v in rs.randn(1001)]

    rs = np.random.RandomState(seed)
    values = []
    for low, high, count in RANDINT_RANGES:
        values += [int(v) for v in rs.randint(low, high, count, dtype=np.int64)]
    out[f"randint/{seed}"] = values

    rs = np.random.RandomState(seed)
    values = []
    for op, low, high in INTERLEAVED_OPS:
        if op == 0:
            values.append(float(rs.rand()))
        elif op == 1:
            values.append(float(rs.randn()))
        else:
            values.append(int(rs.randint(low, high, dtype=np.int64)))
    out[f"interleaved/{seed}"] = values

    rs = np.random.RandomState(seed)
    values = [float(rs.randn())]
    rs.seed(seed)
    values += [float(v) for v in rs.randn(3)]
    out[f"reseed/{seed}"] = values
    return out


def number(v):
    """Formats an int exactly and a float with its shortest round-trip repr."""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise TypeError(f"not a number: {v!r}")
    return str(v) if isinstance(v, int) else repr(v)


def main():
    fixtures = {
        "seeds": SEEDS,
        "randint_ranges": [x for triple in RANDINT_RANGES for x in triple],
        "interleaved_ops": [x for triple in INTERLEAVED_OPS for x in triple],
    }
    for seed in SEEDS:
        fixtures.update(per_seed(seed))

    lines = [f"  {json.dumps(key)}: [{', '.join(number(v) for v in values)}]"
             for key, values in fixtures.items()]
    text = "{\n" + ",\n".join(lines) + "\n}\n"
    json.loads(text)  # sanity check: the output is valid JSON

    module = pathlib.Path(__file__).resolve().parents[3]  # the tensor module
    target = module / "src" / "test" / "resources" / "fixtures" / "numpy_random.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text)
    print(f"wrote {target} with NumPy {np.__version__}", file=sys.stderr)


if __name__ == "__main__":
    main()
