package dev.panamax.tensor;

import java.util.Arrays;

/** Matrix products with NumPy's dimension rules, all reduced to the backend's batched matmul. */
final class LinearAlgebra {

    private LinearAlgebra() {
    }

    private static DType floatType(String op, Tensor a, Tensor b) {
        DType t = Ops.resultType(a, b);
        if (!t.isFloatingPoint()) {
            throw new UnsupportedOperationException(op + ": expected floating-point operands, got " + a.describe()
                    + " and " + b.describe());
        }
        return t;
    }

    static Tensor mm(Tensor a, Tensor b) {
        return mm("mm", a, b);
    }

    private static Tensor mm(String op, Tensor a, Tensor b) {
        a.live(op);
        b.live(op);
        Ops.sameDevice(op, a, b);
        if (a.dim() != 2 || b.dim() != 2) {
            throw new IllegalArgumentException(op + ": expected two matrices, got " + a.describe() + " and " + b.describe());
        }
        if (a.size(1) != b.size(0)) {
            throw new IllegalArgumentException(op + ": inner dimensions differ: " + a.describe() + " and " + b.describe());
        }
        floatType(op, a, b);
        return batched(op, a.unsqueeze(0), b.unsqueeze(0)).squeeze(0);
    }

    static Tensor dot(Tensor a, Tensor b) {
        return dot("dot", a, b);
    }

    private static Tensor dot(String op, Tensor a, Tensor b) {
        a.live(op);
        b.live(op);
        if (a.dim() != 1 || b.dim() != 1 || a.size(0) != b.size(0)) {
            throw new IllegalArgumentException(op + ": expected two 1-D tensors of equal length, got " + a.describe()
                    + " and " + b.describe());
        }
        Ops.sameDevice(op, a, b);
        floatType(op, a, b);
        return batched(op, a.reshape(1, 1, -1), b.reshape(1, -1, 1)).reshape();
    }

    static Tensor outer(Tensor a, Tensor b) {
        a.live("outer");
        b.live("outer");
        if (a.dim() != 1 || b.dim() != 1) {
            throw new IllegalArgumentException("outer: expected two 1-D tensors, got " + a.describe() + " and "
                    + b.describe());
        }
        return a.unsqueeze(1).mul(b.unsqueeze(0));
    }

    static Tensor matmul(Tensor a, Tensor b) {
        a.live("matmul");
        b.live("matmul");
        Ops.sameDevice("matmul", a, b);
        if (a.dim() == 0 || b.dim() == 0) {
            throw new IllegalArgumentException("matmul: both operands need at least one dimension, got "
                    + a.describe() + " and " + b.describe());
        }
        if (a.dim() == 1 && b.dim() == 1) {
            return dot("matmul", a, b);
        }
        if (a.dim() == 2 && b.dim() == 2) {
            return mm("matmul", a, b);
        }
        floatType("matmul", a, b);
        boolean aVec = a.dim() == 1;
        boolean bVec = b.dim() == 1;
        Tensor x = aVec ? a.unsqueeze(0) : a;
        Tensor y = bVec ? b.unsqueeze(1) : b;
        int m = x.size(-2);
        int k = x.size(-1);
        int k2 = y.size(-2);
        int n = y.size(-1);
        if (k != k2) {
            throw new IllegalArgumentException("matmul: inner dimensions differ: " + a.describe() + " @ " + b.describe());
        }
        int[] xb = Arrays.copyOf(x.layout().shape(), x.dim() - 2);
        int[] yb = Arrays.copyOf(y.layout().shape(), y.dim() - 2);
        int[] batch = Shapes.broadcastShapes(xb, yb);
        if (batch == null) {
            throw new IllegalArgumentException("matmul: batch dimensions of " + a.describe() + " and " + b.describe()
                    + " cannot be broadcast together");
        }
        int count = 1;
        for (int s : batch) {
            count *= s;
        }
        Tensor x3 = x.expand(concat(batch, m, k)).reshape(count, m, k);
        Tensor y3 = y.expand(concat(batch, k, n)).reshape(count, k, n);
        Tensor r = batched("matmul", x3, y3).reshape(concat(batch, m, n));
        if (aVec) {
            r = r.squeeze(-2);
        }
        if (bVec) {
            r = r.squeeze(-1);
        }
        return r;
    }

    private static int[] concat(int[] batch, int p, int q) {
        int[] r = Arrays.copyOf(batch, batch.length + 2);
        r[batch.length] = p;
        r[batch.length + 1] = q;
        return r;
    }

    /** [B,m,k] · [B,k,n] → [B,m,n]. */
    private static Tensor batched(String op, Tensor a, Tensor b) {
        DType t = floatType(op, a, b);
        if (a.size(2) != b.size(1)) {
            throw new IllegalArgumentException(op + ": inner dimensions differ: " + a.describe() + " and "
                    + b.describe());
        }
        Tensor x = a.to(t);
        Tensor y = b.to(t);
        Tensor out = Tensor.empty(t, a.device(), a.size(0), a.size(1), b.size(2));
        if (out.numel() > 0) {
            a.backend().matmul(x.storage(), x.layout(), y.storage(), y.layout(), out.storage(), out.layout());
        }
        return out;
    }
}
