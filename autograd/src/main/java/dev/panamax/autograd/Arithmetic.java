package dev.panamax.autograd;

import dev.panamax.tensor.Tensor;

/**
 * Forward and backward of the broadcasting binary ops; gradients are reduced back to each input's
 * shape with {@link Node#sumTo}.
 */
final class Arithmetic {

    private Arithmetic() {
    }

    static Variable add(Variable a, Variable b) {
        Tensor out = a.data().add(b.data());
        return Variable.record(out, a, b, () -> new AddBackward(a, b));
    }

    static Variable sub(Variable a, Variable b) {
        Tensor out = a.data().sub(b.data());
        return Variable.record(out, a, b, () -> new SubBackward(a, b));
    }

    static Variable mul(Variable a, Variable b) {
        Tensor out = a.data().mul(b.data());
        return Variable.record(out, a, b, () -> new MulBackward(a, b));
    }

    static Variable div(Variable a, Variable b) {
        Tensor out = a.data().div(b.data());
        return Variable.record(out, a, b, () -> new DivBackward(a, b));
    }

    static final class AddBackward extends Node {
        AddBackward(Variable a, Variable b) {
            super(a, b);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {needsGrad(0) ? sumTo(g, inputShape(0)) : null,
                    needsGrad(1) ? sumTo(g, inputShape(1)) : null};
        }
    }

    static final class SubBackward extends Node {
        SubBackward(Variable a, Variable b) {
            super(a, b);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {needsGrad(0) ? sumTo(g, inputShape(0)) : null,
                    needsGrad(1) ? sumTo(g.neg(), inputShape(1)) : null};
        }
    }

    static final class MulBackward extends Node {
        private final Saved a;
        private final Saved b;

        MulBackward(Variable x, Variable y) {
            super(x, y);
            this.a = y.requiresGrad() ? save(x.data()) : null;
            this.b = x.requiresGrad() ? save(y.data()) : null;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {needsGrad(0) ? sumTo(g.mul(b.get()), inputShape(0)) : null,
                    needsGrad(1) ? sumTo(g.mul(a.get()), inputShape(1)) : null};
        }
    }

    static final class DivBackward extends Node {
        private final Saved a;
        private final Saved b;

        DivBackward(Variable x, Variable y) {
            super(x, y);
            this.a = y.requiresGrad() ? save(x.data()) : null;
            this.b = save(y.data());
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor bt = b.get();
            Tensor ga = needsGrad(0) ? sumTo(g.div(bt), inputShape(0)) : null;
            // d(a/b)/db = -a / b²
            Tensor gb = needsGrad(1) ? sumTo(g.mul(a.get()).div(bt.square()).neg(), inputShape(1)) : null;
            return new Tensor[] {ga, gb};
        }
    }
}
