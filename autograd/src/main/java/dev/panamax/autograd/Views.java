package dev.panamax.autograd;

import dev.panamax.tensor.Tensor;

/**
 * Forward and backward of the movement ops. Forward returns a view of the input's data; the
 * gradient is the inverse movement (or a scatter into zeros for narrow and select).
 */
final class Views {

    private Views() {
    }

    static Variable reshape(Variable a, int[] shape) {
        Tensor out = a.data().reshape(shape);
        return Variable.record(out, a, () -> new ReshapeBackward(a));
    }

    static final class ReshapeBackward extends Node {
        ReshapeBackward(Variable a) {
            super(a);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {g.reshape(inputShape(0))};
        }
    }

    static Variable permute(Variable a, int[] perm) {
        Tensor out = a.data().permute(perm);
        return Variable.record(out, a, () -> new PermuteBackward(a, perm));
    }

    static final class PermuteBackward extends Node {
        private final int[] inverse;

        PermuteBackward(Variable a, int[] perm) {
            super(a);
            int n = perm.length;
            inverse = new int[n];
            for (int i = 0; i < n; i++) {
                inverse[perm[i] < 0 ? perm[i] + n : perm[i]] = i;
            }
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {g.permute(inverse)};
        }
    }

    static Variable expand(Variable a, int[] shape) {
        Tensor out = a.data().expand(shape);
        return Variable.record(out, a, () -> new ExpandBackward(a));
    }

    static final class ExpandBackward extends Node {
        ExpandBackward(Variable a) {
            super(a);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {sumTo(g, inputShape(0))};
        }
    }

    /** Narrow (also slice) along {@code dim} from {@code start} for {@code length}. */
    static Variable narrow(Variable a, int dim, int start, int length) {
        Tensor out = a.data().narrow(dim, start, length);
        return Variable.record(out, a, () -> new NarrowBackward(a, dim, start, length));
    }

    static final class NarrowBackward extends Node {
        private final int dim;
        private final int start;
        private final int length;

        NarrowBackward(Variable a, int dim, int start, int length) {
            super(a);
            this.dim = dim;
            this.start = start;
            this.length = length;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor z = Tensor.zeros(g.dtype(), g.device(), inputShape(0));
            z.narrow(dim, start, length).copy_(g);
            return new Tensor[] {z};
        }
    }

    static Variable select(Variable a, int dim, int index) {
        Tensor out = a.data().select(dim, index);
        return Variable.record(out, a, () -> new SelectBackward(a, dim, index));
    }

    static final class SelectBackward extends Node {
        private final int dim;
        private final int index;

        SelectBackward(Variable a, int dim, int index) {
            super(a);
            this.dim = dim;
            this.index = index;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor z = Tensor.zeros(g.dtype(), g.device(), inputShape(0));
            z.select(dim, index).copy_(g);
            return new Tensor[] {z};
        }
    }
}
