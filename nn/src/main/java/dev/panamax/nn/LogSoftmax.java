package dev.panamax.nn;

import dev.panamax.autograd.Variable;

/** Applies {@code logSoftmax} along a dimension. */
public final class LogSoftmax extends Module {

    private final int dim;

    public LogSoftmax(int dim) {
        this.dim = dim;
    }

    @Override
    public Variable forward(Variable x) {
        return x.logSoftmax(dim);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim;
    }
}
