package dev.panamax.tensor;

import java.util.Arrays;

/** Shape arithmetic and validation shared by the frontend; every error names the op. */
final class Shapes {

    private Shapes() {
    }

    /** Normalises a possibly negative dimension index into {@code [0, rank)}. */
    static int dim(String op, int d, int rank, Tensor t) {
        int r = d < 0 ? d + Math.max(rank, 1) : d;
        if (r < 0 || r >= Math.max(rank, 1) || (rank == 0 && d != 0 && d != -1)) {
            throw new IndexOutOfBoundsException(op + ": dimension " + d + " is out of range for a tensor of "
                    + rank + " dimension" + (rank == 1 ? "" : "s") + (t == null ? "" : ": " + t.describe()));
        }
        return r;
    }

    /** As {@link #dim}, for ops that need a real dimension: a 0-d tensor has none. */
    static int dimOfDimensioned(String op, int d, int rank, Tensor t) {
        if (rank == 0) {
            throw new IndexOutOfBoundsException(op + ": dimension " + d + " is out of range: a 0-d tensor has no "
                    + "dimensions" + (t == null ? "" : ": " + t.describe()));
        }
        return dim(op, d, rank, t);
    }

    static int[] allDims(int rank) {
        int[] d = new int[rank];
        for (int i = 0; i < rank; i++) {
            d[i] = i;
        }
        return d;
    }

    /** Resolves one -1 in a requested shape against the element count. */
    static int[] inferSize(String op, int[] shape, int numel, Tensor t) {
        int[] s = shape.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException(op + ": only one dimension can be -1 in " + Arrays.toString(shape));
                }
                infer = i;
            } else if (s[i] < 0) {
                throw new IllegalArgumentException(op + ": invalid size " + s[i] + " in " + Arrays.toString(shape));
            } else {
                known *= s[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || numel % known != 0) {
                throw new IllegalArgumentException(op + ": shape " + Arrays.toString(shape)
                        + " is invalid for " + t.describe() + " with " + numel + " elements");
            }
            s[infer] = (int) (numel / known);
        } else if (known != numel) {
            throw new IllegalArgumentException(op + ": shape " + Arrays.toString(shape) + " is invalid for "
                    + t.describe() + " with " + numel + " elements");
        }
        return s;
    }

    /** The broadcast shape of two tensors, NumPy rules. */
    static int[] broadcast(String op, Tensor a, Tensor b) {
        int[] x = a.layout().shape();
        if (Arrays.equals(x, b.layout().shape())) {
            return x; // a layout's own array: callers never modify it
        }
        int[] r = broadcastShapes(x, b.layout().shape());
        if (r == null) {
            throw new IllegalArgumentException(op + ": shapes " + a.describe() + " and " + b.describe()
                    + " cannot be broadcast together");
        }
        return r;
    }

    /** The broadcast of two shapes, or null if incompatible. */
    static int[] broadcastShapes(int[] x, int[] y) {
        int n = Math.max(x.length, y.length);
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            int a = i - (n - x.length) >= 0 ? x[i - (n - x.length)] : 1;
            int b = i - (n - y.length) >= 0 ? y[i - (n - y.length)] : 1;
            if (a != b && a != 1 && b != 1) {
                return null;
            }
            r[i] = a == 1 ? b : a;
        }
        return r;
    }

    /** The target of {@code expand}: -1 keeps a size; only size-1 dims may grow. */
    static int[] expandTarget(String op, int[] shape, int[] req, Tensor t) {
        if (req.length < shape.length) {
            throw new IllegalArgumentException(op + ": the requested shape " + Arrays.toString(req)
                    + " has fewer dimensions than " + t.describe());
        }
        int[] r = req.clone();
        int lead = req.length - shape.length;
        for (int i = 0; i < req.length; i++) {
            int cur = i >= lead ? shape[i - lead] : 1;
            if (r[i] == -1) {
                if (i < lead) {
                    throw new IllegalArgumentException(op + ": -1 is not allowed for a new leading dimension in "
                            + Arrays.toString(req));
                }
                r[i] = cur;
            } else if (cur != 1 && cur != r[i]) {
                throw new IllegalArgumentException(op + ": cannot expand " + t.describe() + " to "
                        + Arrays.toString(req) + ": size " + cur + " at dimension " + i + " is not 1");
            }
        }
        return r;
    }

    /** Validates a permutation of {@code rank} dims (negatives allowed). */
    static int[] permutation(String op, int[] perm, int rank, Tensor t) {
        if (perm.length != rank) {
            throw new IllegalArgumentException(op + ": permutation " + Arrays.toString(perm) + " has "
                    + perm.length + " entries for " + t.describe());
        }
        int[] p = new int[rank];
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < rank; i++) {
            p[i] = dim(op, perm[i], rank, t);
            if (seen[p[i]]) {
                throw new IllegalArgumentException(op + ": dimension " + perm[i] + " repeats in "
                        + Arrays.toString(perm));
            }
            seen[p[i]] = true;
        }
        return p;
    }
}
