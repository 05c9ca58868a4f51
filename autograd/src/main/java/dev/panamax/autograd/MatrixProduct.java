package dev.panamax.autograd;

import dev.panamax.tensor.Tensor;

/**
 * Forward and backward of the matrix product of operands with at least two dimensions (batched,
 * broadcasting); {@link Variable#matmul} reduces 1-D operands to this case with views.
 */
final class MatrixProduct {

    private MatrixProduct() {
    }

    static Variable matmul(Variable a, Variable b) {
        Tensor out = a.data().matmul(b.data());
        return Variable.record(out, a, b, () -> new MatmulBackward(a, b));
    }

    static final class MatmulBackward extends Node {
        private final Saved a;
        private final Saved b;

        MatmulBackward(Variable x, Variable y) {
            super(x, y);
            this.a = y.requiresGrad() ? save(x.data()) : null;
            this.b = x.requiresGrad() ? save(y.data()) : null;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor ga = needsGrad(0) ? sumTo(g.matmul(b.get().transpose(-1, -2)), inputShape(0)) : null;
            Tensor gb = needsGrad(1) ? sumTo(a.get().transpose(-1, -2).matmul(g), inputShape(1)) : null;
            return new Tensor[] {ga, gb};
        }
    }
}
