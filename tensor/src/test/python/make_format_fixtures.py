#!/usr/bin/env python3
"""Prints the PyTorch text that TensorFormatTest expects, one case per block.

Run by hand from the repository root (not by CI) when adding a case to TensorFormatTest:

    python3 tensor/src/test/python/make_format_fixtures.py

Each block is the case name, the Java expression that builds the same tensor, and repr(t) as
PyTorch prints it, with one deliberate difference that Panamax makes: the dtype suffix reads
dtype=float64 instead of dtype=torch.float64, and PyTorch's 80-column rule for placing suffixes
is applied to that shorter text. The committed expectations come from PyTorch 2.13.
"""

import torch
import torch._tensor_str as tensor_str

_add_suffixes = tensor_str._add_suffixes


def _panamax_suffixes(text, suffixes, indent, force_newline):
    return _add_suffixes(text, [s.replace("torch.", "") for s in suffixes], indent, force_newline)


tensor_str._add_suffixes = _panamax_suffixes

nan, inf = float("nan"), float("inf")
F32, F64, I64, B = torch.float32, torch.float64, torch.int64, torch.bool

cases = [
 ("floatIntegers", torch.tensor([1., 2., 3.]), 'Tensor.of(new float[] {1, 2, 3})'),
 ("float64Row", torch.tensor([[1.0, 2.5]], dtype=F64), 'Tensor.of(new double[][] {{1.0, 2.5}})'),
 ("negativePadding", torch.tensor([-1., 2.]), 'Tensor.of(new float[] {-1, 2})'),
 ("fixedPoint", torch.tensor([0.1, 0.25, 10.5]), 'Tensor.of(new float[] {0.1f, 0.25f, 10.5f})'),
 ("int64", torch.tensor([1, -20, 3]), 'Tensor.of(new long[] {1, -20, 3})'),
 ("bool", torch.tensor([True, False]), 'Tensor.of(new boolean[] {true, false})'),
 ("scalarFloat", torch.tensor(3.5), 'Tensor.scalar(3.5)'),
 ("scalarInt64", torch.tensor(7), 'Tensor.scalar(7, DType.INT64)'),
 ("scalarFloat64", torch.tensor(2., dtype=F64), 'Tensor.scalar(2, DType.FLOAT64)'),
 ("scalarNan", torch.tensor(nan), 'Tensor.scalar(Double.NaN)'),
 ("scalarBool", torch.tensor(True), 'Tensor.scalar(1, DType.BOOL)'),
 ("scalarNegativeZero", torch.tensor(-0.), 'Tensor.scalar(-0.0)'),
 ("empty1d", torch.empty(0), 'Tensor.zeros(0)'),
 ("empty2d", torch.empty(0, 3), 'Tensor.zeros(0, 3)'),
 ("emptyInt64", torch.empty(0, dtype=I64), 'Tensor.zeros(DType.INT64, 0)'),
 ("emptyFloat64", torch.empty(2, 0, dtype=F64), 'Tensor.zeros(DType.FLOAT64, 2, 0)'),
 ("emptyBool", torch.empty(0, 2, dtype=B), 'Tensor.zeros(DType.BOOL, 0, 2)'),
 ("sciSmall", torch.tensor([1e-5, 1.0]), 'Tensor.of(new float[] {1e-5f, 1})'),
 ("sciRatio", torch.tensor([1., 1e4 + 0.5]), 'Tensor.of(new float[] {1, 10000.5f})'),
 ("sciBig", torch.tensor([1e8, 1.0]), 'Tensor.of(new float[] {1e8f, 1})'),
 ("integral1e8", torch.tensor([1e8]), 'Tensor.of(new float[] {1e8f})'),
 ("ratioExactly1000", torch.tensor([0.5, 500.]), 'Tensor.of(new float[] {0.5f, 500})'),
 ("integralRatioAbove1000", torch.tensor([1., 2000.]), 'Tensor.of(new float[] {1, 2000})'),
 ("nanFixed", torch.tensor([nan, 1.5, inf, -inf]), 'Tensor.of(new float[] {Float.NaN, 1.5f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY})'),
 ("nanIntegral", torch.tensor([nan, 1., inf]), 'Tensor.of(new float[] {Float.NaN, 1, Float.POSITIVE_INFINITY})'),
 ("zeros", torch.zeros(3), 'Tensor.zeros(3)'),
 ("negativeZero", torch.tensor([-0., 1.5]), 'Tensor.of(new float[] {-0.0f, 1.5f})'),
 ("halfEvenScientific", torch.tensor([0.03125, 0.00015, 1.03125], dtype=F64), 'Tensor.of(new double[] {0.03125, 0.00015, 1.03125})'),
 ("halfEvenScientificSmall", torch.tensor([1.03125e-5, 1.0], dtype=F64), 'Tensor.of(new double[] {1.03125e-5, 1.0})'),
 ("halfEvenFixed", torch.tensor([0.03125, 1.03125], dtype=F64), 'Tensor.of(new double[] {0.03125, 1.03125})'),
 ("exactBinaryValueRounding", torch.tensor([0.00015, 0.1], dtype=F64), 'Tensor.of(new double[] {0.00015, 0.1})'),
 ("scientificNegative", torch.tensor([-1e9, 3.]), 'Tensor.of(new float[] {-1e9f, 3})'),
 ("matrix", torch.tensor([[1., 2.], [3., 4.]]), 'Tensor.of(new float[][] {{1, 2}, {3, 4}})'),
 ("threeDims", torch.arange(8.).reshape(2, 2, 2), 'Tensor.arange(0, 8, 1, DType.FLOAT32).reshape(2, 2, 2)'),
 ("transposedView", torch.arange(6.).reshape(2, 3).t(), 'Tensor.arange(0, 6, 1, DType.FLOAT32).reshape(2, 3).t()'),
 ("wrappedRow", torch.arange(30.), 'Tensor.arange(0, 30, 1, DType.FLOAT32)'),
 ("wrappedFloat64", torch.arange(12., dtype=F64) / 3, 'Tensor.arange(0, 12, 1, DType.FLOAT64).div(3)'),
 ("wrappedMatrix", torch.arange(40).reshape(2, 20) * 1000, 'Tensor.arange(40).reshape(2, 20).mul(1000)'),
 ("suffixOnItsOwnLine", torch.arange(24., dtype=F64) + 0.5, 'Tensor.arange(0, 24, 1, DType.FLOAT64).add(0.5)'),
 ("suffixOnTheLastLine", torch.arange(14., dtype=F64) + 0.5, 'Tensor.arange(0, 14, 1, DType.FLOAT64).add(0.5)'),
 ("elided1d", torch.arange(2000), 'Tensor.arange(2000)'),
 ("elided2d", torch.arange(2000.).reshape(40, 50), 'Tensor.arange(0, 2000, 1, DType.FLOAT32).reshape(40, 50)'),
 ("elided3d", torch.arange(1200).reshape(10, 10, 12), 'Tensor.arange(1200).reshape(10, 10, 12)'),
 ("elidedBool", torch.arange(1001) % 3 == 0, 'Tensor.arange(1001).sub(Tensor.arange(1001).div(3).to(DType.INT64).mul(3)).eq(0)'),
 ("elidedFloat64", torch.linspace(0, 1, 1001, dtype=F64), 'Tensor.linspace(0, 1, 1001, DType.FLOAT64)'),
]

for name, t, java in cases:
    print("## " + name)
    print("// " + java)
    print(repr(t))
