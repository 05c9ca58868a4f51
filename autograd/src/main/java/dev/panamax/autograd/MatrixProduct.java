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
        private final boolean aColumnMajor;
        private final boolean bColumnMajor;

        MatmulBackward(Variable x, Variable y) {
            super(x, y);
            this.a = y.requiresGrad() ? save(x.data()) : null;
            this.b = x.requiresGrad() ? save(y.data()) : null;
            this.aColumnMajor = columnMajor(x.data());
            this.bColumnMajor = columnMajor(y.data());
        }

        /** Whether the last two dims are stored transposed (as in {@code weight.t()}). */
        private static boolean columnMajor(Tensor t) {
            int[] st = t.strides();
            int n = st.length;
            return n >= 2 && st[n - 2] == 1 && st[n - 1] != 1 && t.size(-2) > 1;
        }

        /**
         * The gradients. Each is produced in the memory orientation of its input's data: for an input
         * that is a transposed view (Linear's {@code x·Wᵀ}) the product is computed transposed and
         * viewed back, so the gradient reaching the parameter is dense in the parameter's own layout
         * and accumulates without a strided pass (a measured speed-up of the MNIST loop).
         */
        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor ga = null;
            Tensor gb = null;
            if (needsGrad(0)) {
                Tensor bt = b.get();
                Tensor prod = aColumnMajor ? bt.matmul(g.transpose(-1, -2)).transpose(-1, -2)
                        : g.matmul(bt.transpose(-1, -2));
                ga = sumTo(prod, inputShape(0));
            }
            if (needsGrad(1)) {
                Tensor at = a.get();
                Tensor prod = bColumnMajor ? g.transpose(-1, -2).matmul(at).transpose(-1, -2)
                        : at.transpose(-1, -2).matmul(g);
                gb = sumTo(prod, inputShape(1));
            }
            return new Tensor[] {ga, gb};
        }
    }
}
