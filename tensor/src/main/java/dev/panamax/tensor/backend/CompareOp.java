package dev.panamax.tensor.backend;

/** Elementwise comparisons of two operands of one dtype; the output is a BOOL mask. */
public enum CompareOp implements Op {
    LT, LE, GT, GE, EQ, NE
}
