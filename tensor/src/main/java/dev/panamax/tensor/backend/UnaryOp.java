package dev.panamax.tensor.backend;

/** Elementwise functions of one operand; the output has the input's dtype. */
public enum UnaryOp implements Op {
    NEG, ABS, EXP, LOG, SQRT, SIN, COS, TANH, SIGMOID, RELU, SQUARE;

    /** Whether the op is defined only for floating-point dtypes. */
    public boolean floatOnly() {
        return switch (this) {
            case NEG, ABS, RELU, SQUARE -> false;
            case EXP, LOG, SQRT, SIN, COS, TANH, SIGMOID -> true;
        };
    }
}
