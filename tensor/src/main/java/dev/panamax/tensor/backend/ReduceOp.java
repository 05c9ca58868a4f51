package dev.panamax.tensor.backend;

/** Reductions over one or more dimensions. */
public enum ReduceOp implements Op {
    SUM, MAX, MIN
}
