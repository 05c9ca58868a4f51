package dev.panamax.autograd;

import dev.panamax.tensor.Tensor;
import java.util.Arrays;

/** Forward and backward of sum, max/min (global and along a dim) and logsumexp. */
final class Reductions {

    private Reductions() {
    }

    static int[] normalize(int[] dims, int rank) {
        int[] r = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            r[i] = dims[i] < 0 ? dims[i] + rank : dims[i];
        }
        Arrays.sort(r);
        return r;
    }

    /** The gradient of a reduction output (kept or squeezed dims) re-shaped to broadcast over the input. */
    static Tensor unsqueezeReduced(Tensor g, int[] inputShape, int[] dims, boolean keepdim) {
        if (keepdim || inputShape.length == 0) {
            return g;
        }
        int[] shape = inputShape.clone();
        for (int d : normalize(dims, inputShape.length)) {
            shape[d] = 1;
        }
        return g.reshape(shape);
    }

    static Variable sum(Variable a, int[] dims, boolean keepdim) {
        Tensor out = a.data().sum(dims, keepdim);
        return Variable.record(out, a, () -> new SumBackward(a, dims, keepdim));
    }

    static final class SumBackward extends Node {
        private final int[] dims;
        private final boolean keepdim;

        SumBackward(Variable a, int[] dims, boolean keepdim) {
            super(a);
            this.dims = dims;
            this.keepdim = keepdim;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            int[] shape = inputShape(0);
            return new Tensor[] {unsqueezeReduced(g, shape, dims, keepdim).expand(shape).contiguous()};
        }
    }

    /** Global max or min; ties share the gradient evenly, as in PyTorch. */
    static Variable extreme(Variable a, boolean max) {
        Tensor out = max ? a.data().max() : a.data().min();
        return Variable.record(out, a, () -> new ExtremeBackward(a, out, max));
    }

    static final class ExtremeBackward extends Node {
        private final Saved x;
        private final Saved y;
        private final boolean max;

        ExtremeBackward(Variable a, Tensor out, boolean max) {
            super(a);
            this.x = save(a.data());
            this.y = save(out);
            this.max = max;
        }

        @Override
        public String name() {
            return max ? "MaxBackward" : "MinBackward";
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor mask = x.get().eq(y.get()).to(g.dtype());
            return new Tensor[] {mask.mul(g.div(mask.sum()))};
        }
    }

    /** Max or min along {@code dim}: the gradient goes to the selected index only. */
    static Variable extremeAlong(Variable a, int dim, boolean keepdim, boolean max, Tensor[] indicesOut) {
        var vi = max ? a.data().max(dim, keepdim) : a.data().min(dim, keepdim);
        indicesOut[0] = vi.indices();
        return Variable.record(vi.values(), a, () -> new ExtremeAlongBackward(a, dim, keepdim, vi.indices(), max));
    }

    static final class ExtremeAlongBackward extends Node {
        private final int dim;
        private final boolean keepdim;
        private final Saved indices;
        private final boolean max;

        ExtremeAlongBackward(Variable a, int dim, boolean keepdim, Tensor indices, boolean max) {
            super(a);
            this.dim = dim;
            this.keepdim = keepdim;
            this.indices = save(indices);
            this.max = max;
        }

        @Override
        public String name() {
            return max ? "MaxBackward" : "MinBackward";
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            int[] shape = inputShape(0);
            int d = dim < 0 ? dim + shape.length : dim;
            int[] dims = {d};
            Tensor idx = unsqueezeReduced(indices.get(), shape, dims, keepdim);
            Tensor gk = unsqueezeReduced(g, shape, dims, keepdim);
            // One-hot of the selected positions along dim: arange(size) placed on dim, compared with idx.
            int[] posShape = new int[shape.length];
            Arrays.fill(posShape, 1);
            posShape[d] = shape[d];
            Tensor positions = Tensor.arange(shape[d]).to(g.device()).reshape(posShape);
            Tensor hit = positions.eq(idx).to(g.dtype());
            return new Tensor[] {hit.mul(gk)};
        }
    }

    /** {@code log(sum(exp(x)))} along {@code dim}; gradient {@code g · exp(x - out)} = g · softmax(x). */
    static Variable logsumexp(Variable a, int dim, boolean keepdim) {
        Tensor out = a.data().logsumexp(dim, keepdim);
        return Variable.record(out, a, () -> new LogsumexpBackward(a, out, dim, keepdim));
    }

    static final class LogsumexpBackward extends Node {
        private final Saved x;
        private final Saved y;
        private final int dim;
        private final boolean keepdim;

        LogsumexpBackward(Variable a, Tensor out, int dim, boolean keepdim) {
            super(a);
            this.x = save(a.data());
            this.y = save(out);
            this.dim = dim;
            this.keepdim = keepdim;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            int[] shape = inputShape(0);
            int[] dims = {dim};
            Tensor yk = unsqueezeReduced(y.get(), shape, dims, keepdim);
            Tensor gk = unsqueezeReduced(g, shape, dims, keepdim);
            return new Tensor[] {x.get().sub(yk).exp().mul(gk)};
        }
    }
}
