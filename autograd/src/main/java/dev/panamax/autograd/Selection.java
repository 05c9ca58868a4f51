package dev.panamax.autograd;

import dev.panamax.tensor.Tensor;

/** Forward and backward of {@code where}, {@code maximum} and {@code minimum}. */
final class Selection {

    private Selection() {
    }

    static Variable where(Tensor mask, Variable a, Variable b) {
        Tensor out = Tensor.where(mask, a.data(), b.data());
        return Variable.record(out, a, b, () -> new WhereBackward(mask, a, b));
    }

    static final class WhereBackward extends Node {
        private final Saved mask;

        WhereBackward(Tensor mask, Variable a, Variable b) {
            super(a, b);
            this.mask = save(mask);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor m = mask.get();
            Tensor zero = Tensor.zerosLike(g);
            return new Tensor[] {needsGrad(0) ? sumTo(Tensor.where(m, g, zero), inputShape(0)) : null,
                    needsGrad(1) ? sumTo(Tensor.where(m, zero, g), inputShape(1)) : null};
        }
    }

    /** Elementwise max or min of two variables; ties share the gradient equally (PyTorch's rule). */
    static Variable extreme(Variable a, Variable b, boolean max) {
        Tensor out = max ? a.data().maximum(b.data()) : a.data().minimum(b.data());
        return Variable.record(out, a, b, () -> new ExtremeBackward(a, b, max));
    }

    static final class ExtremeBackward extends Node {
        private final Saved x;
        private final Saved y;
        private final boolean max;

        ExtremeBackward(Variable a, Variable b, boolean max) {
            super(a, b);
            this.x = save(a.data());
            this.y = save(b.data());
            this.max = max;
        }

        @Override
        public String name() {
            return max ? "MaximumBackward" : "MinimumBackward";
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor xa = x.get();
            Tensor yb = y.get();
            Tensor wins = (max ? xa.gt(yb) : xa.lt(yb)).to(g.dtype());
            Tensor ties = xa.eq(yb).to(g.dtype()).mul(0.5);
            Tensor shareA = wins.add(ties);
            Tensor shareB = (max ? xa.lt(yb) : xa.gt(yb)).to(g.dtype()).add(ties);
            return new Tensor[] {needsGrad(0) ? sumTo(g.mul(shareA), inputShape(0)) : null,
                    needsGrad(1) ? sumTo(g.mul(shareB), inputShape(1)) : null};
        }
    }
}
