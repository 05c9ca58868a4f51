package dev.panamax.autograd;

import dev.panamax.tensor.Tensor;

/** Forward and backward of {@code pow} with a tensor or a scalar exponent. */
final class Power {

    private Power() {
    }

    static Variable pow(Variable a, Variable e) {
        Tensor out = a.data().pow(e.data());
        return Variable.record(out, a, e, () -> new PowBackward(a, e, out));
    }

    static Variable pow(Variable a, double e) {
        Tensor out = a.data().pow(e);
        return Variable.record(out, a, () -> new PowScalarBackward(a, e));
    }

    static final class PowBackward extends Node {
        private final Saved base;
        private final Saved exponent;
        private final Saved result;

        PowBackward(Variable a, Variable e, Tensor out) {
            super(a, e);
            this.base = save(a.data());
            this.exponent = save(e.data());
            this.result = e.requiresGrad() ? save(out) : null;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor x = base.get();
            Tensor p = exponent.get();
            Tensor gx = null;
            Tensor gp = null;
            if (needsGrad(0)) {
                // e · x^(e-1); where e == 0 the derivative is 0 (also at x == 0).
                Tensor d = p.mul(x.pow(p.sub(1)));
                d = Tensor.where(p.eq(0), Tensor.zerosLike(d), d);
                gx = sumTo(g.mul(d), inputShape(0));
            }
            if (needsGrad(1)) {
                // x^e · log(x); PyTorch's convention: 0 where x == 0 and e >= 0.
                Tensor d = result.get().mul(x.log());
                d = Tensor.where(x.eq(0).logicalAnd(p.ge(0)), Tensor.zerosLike(d), d);
                gp = sumTo(g.mul(d), inputShape(1));
            }
            return new Tensor[] {gx, gp};
        }
    }

    static final class PowScalarBackward extends Node {
        private final Saved base;
        private final double e;

        PowScalarBackward(Variable a, double e) {
            super(a);
            this.base = save(a.data());
            this.e = e;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            if (e == 0) {
                return new Tensor[] {Tensor.zerosLike(g)};
            }
            Tensor x = base.get();
            Tensor d = e == 2 ? x.mul(2.0) : x.pow(e - 1).mul(e);
            return new Tensor[] {g.mul(d)};
        }
    }
}
