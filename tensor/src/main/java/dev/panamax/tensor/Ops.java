package dev.panamax.tensor;

import dev.panamax.tensor.backend.BinaryOp;
import dev.panamax.tensor.backend.CompareOp;
import dev.panamax.tensor.backend.Layout;
import dev.panamax.tensor.backend.ReduceOp;
import dev.panamax.tensor.backend.UnaryOp;
import java.util.Arrays;

/**
 * The frontend of every computing op: validation, type promotion and broadcasting, done once
 * before the backend runs.
 */
final class Ops {

    private Ops() {
    }

    static void sameDevice(String op, Tensor a, Tensor b) {
        if (!a.device().equals(b.device())) {
            throw new IllegalArgumentException(op + ": expected all tensors on one device, got "
                    + a.describe() + " on " + a.device() + " and " + b.describe() + " on " + b.device());
        }
    }

    /** The result dtype of an op between two tensors (PyTorch's rules, see {@link Tensor}). */
    static DType resultType(Tensor a, Tensor b) {
        boolean da = a.dim() > 0;
        boolean db = b.dim() > 0;
        if (da == db) {
            return DType.promote(a.dtype(), b.dtype());
        }
        Tensor dimmed = da ? a : b;
        Tensor zero = da ? b : a;
        return zero.dtype().category().compareTo(dimmed.dtype().category()) > 0 ? zero.dtype() : dimmed.dtype();
    }

    /** The result dtype of an op between a tensor and a Java double. */
    static DType resultType(Tensor a) {
        return a.dtype().isFloatingPoint() ? a.dtype() : DType.FLOAT32;
    }

    private static void noBool(String op, DType t, Tensor a) {
        if (t == DType.BOOL) {
            throw new UnsupportedOperationException(op + ": arithmetic is not supported on bool tensors ("
                    + a.describe() + "); convert with to(DType.INT64) or to(DType.FLOAT32)");
        }
    }

    static Tensor binary(String op, BinaryOp bop, Tensor a, Tensor b) {
        a.live(op);
        b.live(op);
        sameDevice(op, a, b);
        DType t = resultType(a, b);
        if (bop == BinaryOp.DIV && !t.isFloatingPoint()) {
            t = DType.FLOAT32;
        }
        noBool(op, t, a);
        int[] shape = Shapes.broadcast(op, a, b);
        Tensor x = a.to(t);
        Tensor y = b.to(t);
        Tensor out = Tensor.empty(t, a.device(), shape);
        a.backend().binary(bop, x.storage(), x.layout().broadcastTo(shape), y.storage(), y.layout().broadcastTo(shape),
                out.storage(), out.layout());
        return out;
    }

    static Tensor scalar(String op, BinaryOp bop, Tensor a, double s, boolean scalarFirst) {
        a.live(op);
        DType t;
        if (a.dtype() == DType.INT64 && s == Math.rint(s) && bop != BinaryOp.DIV && (bop != BinaryOp.POW || s >= 0)
                && Math.abs(s) < 0x1p53) {
            t = DType.INT64;
        } else {
            t = resultType(a);
        }
        Tensor x = a.to(t);
        Tensor out = Tensor.empty(t, a.device(), a.layout().shape());
        a.backend().binaryScalar(bop, x.storage(), x.layout(), s, scalarFirst, out.storage(), out.layout());
        return out;
    }

    static Tensor unary(String op, UnaryOp uop, Tensor a) {
        a.live(op);
        DType t = a.dtype();
        noBool(op, t, a);
        if (uop.floatOnly() && !t.isFloatingPoint()) {
            t = DType.FLOAT32;
        }
        Tensor x = a.to(t);
        Tensor out = Tensor.empty(t, a.device(), a.layout().shape());
        a.backend().unary(uop, x.storage(), x.layout(), out.storage(), out.layout());
        return out;
    }

    static Tensor compare(String op, CompareOp cop, Tensor a, Tensor b) {
        a.live(op);
        b.live(op);
        sameDevice(op, a, b);
        DType t = resultType(a, b);
        int[] shape = Shapes.broadcast(op, a, b);
        Tensor x = a.to(t);
        Tensor y = b.to(t);
        Tensor out = Tensor.empty(DType.BOOL, a.device(), shape);
        a.backend().compare(cop, x.storage(), x.layout().broadcastTo(shape), y.storage(),
                y.layout().broadcastTo(shape), out.storage(), out.layout());
        return out;
    }

    static Tensor compareScalar(String op, CompareOp cop, Tensor a, double s) {
        a.live(op);
        Tensor out = Tensor.empty(DType.BOOL, a.device(), a.layout().shape());
        // The scalar takes the tensor's dtype first: x.eq(0.1) on float32 compares with 0.1f.
        double v = a.dtype() == DType.FLOAT32 ? (float) s : s;
        a.backend().compareScalar(cop, a.storage(), a.layout(), v, out.storage(), out.layout());
        return out;
    }

    static Tensor where(Tensor mask, Tensor a, Tensor b) {
        mask.live("where");
        a.live("where");
        b.live("where");
        sameDevice("where", mask, a);
        sameDevice("where", a, b);
        if (mask.dtype() != DType.BOOL) {
            throw new IllegalArgumentException("where: condition must be bool, got " + mask.describe());
        }
        DType t = resultType(a, b);
        int[] ab = Shapes.broadcast("where", a, b);
        int[] shape = Shapes.broadcastShapes(mask.layout().shape(), ab);
        if (shape == null) {
            throw new IllegalArgumentException("where: condition " + mask.describe() + " cannot be broadcast with "
                    + Arrays.toString(ab));
        }
        Tensor x = a.to(t);
        Tensor y = b.to(t);
        Tensor out = Tensor.empty(t, a.device(), shape);
        a.backend().where(mask.storage(), mask.layout().broadcastTo(shape), x.storage(), x.layout().broadcastTo(shape),
                y.storage(), y.layout().broadcastTo(shape), out.storage(), out.layout());
        return out;
    }

    static void requireBool(String op, Tensor a, Tensor b) {
        a.live(op);
        b.live(op);
        if (a.dtype() != DType.BOOL || b.dtype() != DType.BOOL) {
            throw new IllegalArgumentException(op + ": expects bool tensors, got " + a.describe() + " and "
                    + b.describe());
        }
    }

    /**
     * {@code self += alpha·other} in one backend pass when both are dense, of one floating-point
     * dtype, shape and device, and either the same view or in different storages; false (nothing
     * done) otherwise, and for anything the two-op path must check or reject.
     */
    static boolean addScaledInPlace(Tensor self, Tensor other, double alpha) {
        checkWritable("add_", self);
        other.live("add_");
        Layout ls = self.layout();
        Layout lo = other.layout();
        if (!self.device().equals(other.device()) || self.dtype() != other.dtype() || !self.dtype().isFloatingPoint()
                || !ls.isContiguous() || !lo.isContiguous() || !Arrays.equals(ls.shape(), lo.shape())) {
            return false;
        }
        if (self.storage() == other.storage() && ls.offset() != lo.offset()) {
            return false;
        }
        if (!self.backend().addScaledInPlace(self.storage(), ls, other.storage(), lo, alpha)) {
            return false;
        }
        self.storage().bumpVersion();
        return true;
    }

    static void checkWritable(String op, Tensor t) {
        t.live(op);
        int[] sh = t.layout().shape();
        int[] st = t.layout().strides();
        for (int d = 0; d < sh.length; d++) {
            if (st[d] == 0 && sh[d] > 1) {
                throw new IllegalArgumentException(op + ": cannot write in place to an expanded tensor "
                        + t.describe() + " (several elements share one memory location); clone() it first");
            }
        }
    }

    static Tensor binaryInPlace(String op, BinaryOp bop, Tensor self, Tensor other) {
        checkWritable(op, self);
        other.live(op);
        sameDevice(op, self, other);
        DType t = resultType(self, other);
        if (bop == BinaryOp.DIV && !t.isFloatingPoint()) {
            t = DType.FLOAT32;
        }
        if (t.category().compareTo(self.dtype().category()) > 0) {
            throw new IllegalArgumentException(op + ": result type " + t.pyName() + " can't be cast to the "
                    + "in-place output " + self.describe() + " (operand " + other.describe() + ")");
        }
        t = self.dtype();
        noBool(op, t, self);
        int[] shape = Shapes.broadcast(op, self, other);
        if (!Arrays.equals(shape, self.layout().shape())) {
            throw new IllegalArgumentException(op + ": operand " + other.describe()
                    + " does not broadcast to the in-place output " + self.describe());
        }
        Tensor y = other.to(t);
        self.backend().binary(bop, self.storage(), self.layout(), y.storage(), y.layout().broadcastTo(shape),
                self.storage(), self.layout());
        self.storage().bumpVersion();
        return self;
    }

    static Tensor scalarInPlace(String op, BinaryOp bop, Tensor self, double s) {
        checkWritable(op, self);
        noBool(op, self.dtype(), self);
        if (!self.dtype().isFloatingPoint() && (bop == BinaryOp.DIV || s != Math.rint(s))) {
            throw new IllegalArgumentException(op + ": result type float32 can't be cast to the in-place output "
                    + self.describe() + " (scalar " + s + ")");
        }
        self.backend().binaryScalar(bop, self.storage(), self.layout(), s, false, self.storage(), self.layout());
        self.storage().bumpVersion();
        return self;
    }

    /**
     * Reduces {@code dims}; for MAX/MIN with {@code indicesOut != null} also stores the positions.
     */
    static Tensor reduce(String op, ReduceOp rop, Tensor a, int[] dims, boolean keepdim, Tensor[] indicesOut) {
        a.live(op);
        int rank = a.dim();
        boolean[] reduced = new boolean[Math.max(rank, 1)];
        for (int d : dims) {
            int n = Shapes.dim(op, d, rank, a);
            if (reduced[n]) {
                throw new IllegalArgumentException(op + ": dimension " + d + " appears twice in " + Arrays.toString(dims));
            }
            reduced[n] = true;
        }
        DType t = a.dtype();
        if (t == DType.BOOL) {
            if (rop == ReduceOp.SUM) {
                t = DType.INT64;
            } else {
                throw new UnsupportedOperationException(op + ": not supported on bool tensors (" + a.describe() + ")");
            }
        }
        Tensor x = a.to(t);
        int[] perm = new int[rank];
        int k = 0;
        int keptCount = 0;
        for (int d = 0; d < rank; d++) {
            if (!reduced[d]) {
                perm[k++] = d;
                keptCount++;
            }
        }
        int[] keptShape = new int[keptCount];
        for (int i = 0; i < keptCount; i++) {
            keptShape[i] = a.layout().shape()[perm[i]];
        }
        for (int d = 0; d < rank; d++) {
            if (reduced[d]) {
                perm[k++] = d;
            }
        }
        Layout ls = x.layout().permute(perm);
        if (rop != ReduceOp.SUM && a.numel() == 0 && Layout.checkedNumel(op, keptShape) > 0) {
            throw new IllegalArgumentException(op + ": cannot reduce over an empty dimension of " + a.describe()
                    + " because the operation has no identity");
        }
        Tensor out = Tensor.empty(t, a.device(), keptShape);
        Tensor idx = indicesOut == null ? null : Tensor.empty(DType.INT64, a.device(), keptShape);
        a.backend().reduce(rop, x.storage(), ls, rank - keptCount, out.storage(), out.layout(),
                idx == null ? null : idx.storage());
        if (keepdim && rank > 0) {
            int[] ks = new int[rank];
            for (int d = 0; d < rank; d++) {
                ks[d] = reduced[d] ? 1 : a.layout().shape()[d];
            }
            out = out.reshape(ks);
            idx = idx == null ? null : idx.reshape(ks);
        }
        if (indicesOut != null) {
            indicesOut[0] = idx;
        }
        return out;
    }

    static Tensor mean(Tensor a, int[] dims, boolean keepdim) {
        a.live("mean");
        if (!a.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("mean: input dtype must be floating point, got " + a.describe()
                    + "; convert with to(DType.FLOAT32)");
        }
        Tensor s = reduce("mean", ReduceOp.SUM, a, dims, keepdim, null);
        long count = s.numel() == 0 ? 0 : a.numel() / Math.max(1, s.numel());
        if (a.numel() == 0) {
            count = 0;
        }
        return s.div(count);
    }

    static Tensor logsumexp(Tensor a, int dim, boolean keepdim) {
        a.live("logsumexp");
        Tensor x = a.dtype().isFloatingPoint() ? a : a.to(DType.FLOAT32);
        if (x.numel() == 0) {
            // log(sum over nothing) = log(0) = -inf, or an empty result
            Tensor r = reduce("logsumexp", ReduceOp.SUM, x, new int[] {dim}, keepdim, null);
            return r.fill_(Double.NEGATIVE_INFINITY);
        }
        Tensor m = reduce("logsumexp", ReduceOp.MAX, x, new int[] {dim}, true, null);
        // An infinite maximum would turn x - m into NaN; shifting by 0 there is exact.
        Tensor shift = Tensor.where(m.abs().eq(Double.POSITIVE_INFINITY), Factory.fullLike(0, m), m);
        Tensor r = x.sub(shift).exp().sum(dim, true).log().add(shift);
        return keepdim ? r : r.squeeze(dim);
    }

    /**
     * softmax or log-softmax along {@code dim}, one fused backend call (a composition of max, exp,
     * sum and div made four passes over memory and, for log-softmax, lost accuracy to a separate
     * logsumexp).
     */
    static Tensor softmax(String op, Tensor a, int dim, boolean log) {
        a.live(op);
        Tensor x = a.dtype().isFloatingPoint() ? a : a.to(DType.FLOAT32);
        int d = Shapes.dim(op, dim, x.dim(), x);
        Tensor out = Tensor.empty(x.dtype(), a.device(), x.layout().shape());
        if (x.numel() > 0) {
            a.backend().softmax(x.storage(), atLeast1d(x.layout()), d, log, out.storage(), atLeast1d(out.layout()));
        }
        return out;
    }

    /** The gradient of {@link #softmax} with respect to its input, from its output and the output's gradient. */
    static Tensor softmaxBackward(String op, Tensor grad, Tensor out, int dim, boolean log) {
        grad.live(op);
        out.live(op);
        sameDevice(op, grad, out);
        if (!out.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": expected a floating-point softmax output, got " + out.describe());
        }
        int[] shape = out.layout().shape();
        if (!Arrays.equals(Shapes.broadcastShapes(grad.layout().shape(), shape), shape)) {
            throw new IllegalArgumentException(op + ": gradient " + grad.describe() + " does not broadcast to the "
                    + "output's shape " + Arrays.toString(shape) + " (output " + out.describe() + ")");
        }
        int d = Shapes.dim(op, dim, out.dim(), out);
        Tensor g = grad.to(out.dtype());
        Tensor dx = Tensor.empty(out.dtype(), out.device(), shape);
        if (out.numel() > 0) {
            out.backend().softmaxBackward(g.storage(), atLeast1d(g.layout().broadcastTo(shape)), out.storage(),
                    atLeast1d(out.layout()), d, log, dx.storage(), atLeast1d(dx.layout()));
        }
        return dx;
    }

    /** A 0-d layout as the one-element 1-d layout over the same element (backends see rank ≥ 1). */
    private static Layout atLeast1d(Layout l) {
        return l.dim() > 0 ? l : Layout.of(new int[] {1}, new int[] {1}, l.offset());
    }
}
