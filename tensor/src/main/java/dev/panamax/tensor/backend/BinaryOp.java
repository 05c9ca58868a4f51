package dev.panamax.tensor.backend;

/** Elementwise functions of two operands of one dtype; the output has that dtype. */
public enum BinaryOp implements Op {
    ADD, SUB, MUL, DIV, POW, MAXIMUM, MINIMUM
}
