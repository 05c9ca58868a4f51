package dev.panamax.autograd;

import dev.panamax.tensor.Tensor;

/**
 * Forward and backward of softmax and log-softmax: fused primitives with their own backward
 * (rather than compositions of max, exp, sum and div) for speed and, for log-softmax, accuracy.
 * The backward needs only the forward's output: softmax {@code dx = y·(g − Σ g·y)}, log-softmax
 * {@code dx = g − exp(y)·Σ g}, the sums along the softmax dimension.
 */
final class Softmax {

    private Softmax() {
    }

    static Variable softmax(Variable a, int dim) {
        Tensor out = a.data().softmax(dim);
        return Variable.record(out, a, () -> new SoftmaxBackward(a, out, dim, false));
    }

    static Variable logSoftmax(Variable a, int dim) {
        Tensor out = a.data().logSoftmax(dim);
        return Variable.record(out, a, () -> new SoftmaxBackward(a, out, dim, true));
    }

    /** The node of both ops; {@code log} picks log-softmax's rule. */
    static final class SoftmaxBackward extends Node {
        private final Saved y;
        private final int dim;
        private final boolean log;

        SoftmaxBackward(Variable a, Tensor out, int dim, boolean log) {
            super(a);
            this.y = save(out);
            this.dim = dim;
            this.log = log;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor out = y.get();
            return new Tensor[] {log ? Tensor.logSoftmaxBackward(g, out, dim) : Tensor.softmaxBackward(g, out, dim)};
        }
    }
}
