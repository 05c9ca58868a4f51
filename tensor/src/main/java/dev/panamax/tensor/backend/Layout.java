package dev.panamax.tensor.backend;

import java.util.Arrays;

/**
 * Shape, strides (in elements) and storage offset of a tensor view.
 *
 * <p>Movement operations (reshape, permute, narrow, select, expand, ...) produce new layouts over
 * the same storage; backends read and write through layouts and never infer shapes themselves.
 * Layouts are immutable; the arrays they expose must not be modified.
 */
public final class Layout {
    private static final int[] NO_DIMS = {};
    private static final int[] UNIT_STRIDE = {1};

    private final int[] shape;
    private final int[] strides;
    private final int offset;
    private final int numel;

    private Layout(int[] shape, int[] strides, int offset, int numel) {
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        this.numel = numel;
    }

    /** A layout from explicit parts; the arrays are owned by the new layout. */
    public static Layout of(int[] shape, int[] strides, int offset) {
        return new Layout(shape, strides, offset, checkedNumel("layout", shape));
    }

    /** The row-major contiguous layout of {@code shape} at offset 0. */
    public static Layout contiguous(int... shape) {
        int n = checkedNumel("layout", shape);
        if (shape.length <= 1) { // layouts never change their arrays, so these can be shared
            return new Layout(shape.clone(), shape.length == 0 ? NO_DIMS : UNIT_STRIDE, 0, n);
        }
        int[] st = new int[shape.length];
        int s = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            st[d] = s;
            s *= Math.max(1, shape[d]);
        }
        return new Layout(shape.clone(), st, 0, n);
    }

    /**
     * The number of elements of {@code shape}.
     *
     * @throws IllegalArgumentException if a size is negative or the count exceeds 2^31 - 1
     */
    public static int checkedNumel(String op, int[] shape) {
        long n = 1;
        for (int s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException(op + ": negative size in shape " + Arrays.toString(shape));
            }
            n *= s;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(op + ": shape " + Arrays.toString(shape)
                        + " has more than 2^31-1 elements, the per-tensor limit");
            }
        }
        return (int) n;
    }

    public int[] shape() {
        return shape;
    }

    public int[] strides() {
        return strides;
    }

    public int offset() {
        return offset;
    }

    public int numel() {
        return numel;
    }

    public int dim() {
        return shape.length;
    }

    /** Whether the elements are row-major and dense (any offset). */
    public boolean isContiguous() {
        if (numel == 0) {
            return true;
        }
        int expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && strides[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return true;
    }

    /** The storage index of the element at a multi-index. */
    public int indexOf(int[] idx) {
        int p = offset;
        for (int d = 0; d < idx.length; d++) {
            p += idx[d] * strides[d];
        }
        return p;
    }

    /** This layout with its dimensions reordered: new dim i is old dim {@code perm[i]}. */
    public Layout permute(int[] perm) {
        int[] sh = new int[perm.length];
        int[] st = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            sh[i] = shape[perm[i]];
            st[i] = strides[perm[i]];
        }
        return new Layout(sh, st, offset, numel);
    }

    /** The sub-range {@code [start, start + length)} of dimension {@code dim}. */
    public Layout narrow(int dim, int start, int length) {
        int[] sh = shape.clone();
        sh[dim] = length;
        int n = numel == 0 || shape[dim] == 0 ? 0 : numel / shape[dim] * length;
        return new Layout(sh, strides, n == 0 ? offset : offset + start * strides[dim], n);
    }

    /** Dimension {@code dim} fixed at {@code index} and removed. */
    public Layout select(int dim, int index) {
        int n = shape[dim] == 0 ? 0 : numel / shape[dim];
        return new Layout(remove(shape, dim), remove(strides, dim), n == 0 ? offset : offset + index * strides[dim], n);
    }

    /** A new dimension of size 1 inserted at {@code dim}. */
    public Layout unsqueeze(int dim) {
        int st = dim < shape.length ? strides[dim] * shape[dim] : 1;
        return new Layout(insert(shape, dim, 1), insert(strides, dim, Math.max(st, 1)), offset, numel);
    }

    /** Dimension {@code dim} (of size 1) removed. */
    public Layout squeeze(int dim) {
        return new Layout(remove(shape, dim), remove(strides, dim), offset, numel);
    }

    /**
     * This layout broadcast to {@code target} (aligned at the right; size-1 or missing dims get stride 0).
     * The caller has checked that the shapes are compatible.
     */
    public Layout broadcastTo(int[] target) {
        if (Arrays.equals(shape, target)) {
            return this;
        }
        int[] st = new int[target.length];
        int lead = target.length - shape.length;
        for (int d = 0; d < target.length; d++) {
            int sd = d - lead;
            st[d] = sd < 0 || shape[sd] == 1 && target[d] != 1 ? 0 : strides[sd];
        }
        return new Layout(target.clone(), st, offset, checkedNumel("broadcast", target));
    }

    /**
     * This layout viewed with a new shape of the same element count without copying, or
     * {@code null} when the strides do not allow it (the caller then copies).
     */
    public Layout reshape(int[] newShape) {
        if (isContiguous()) {
            Layout c = contiguous(newShape);
            return new Layout(c.shape, c.strides, offset, numel);
        }
        // Split the old shape into runs of dims that are mutually contiguous; each run must map onto
        // a run of new dims with the same element count.
        int[] newStrides = new int[newShape.length];
        int oi = 0;
        int ni = 0;
        int on = shape.length;
        int nn = newShape.length;
        while (oi < on || ni < nn) {
            // skip size-1 dims on both sides
            if (oi < on && shape[oi] == 1) {
                oi++;
                continue;
            }
            if (ni < nn && newShape[ni] == 1) {
                newStrides[ni] = 1;
                ni++;
                continue;
            }
            if (oi >= on || ni >= nn) {
                return null;
            }
            long oldCount = shape[oi];
            int runEnd = oi;
            long newCount = newShape[ni];
            int nStart = ni;
            while (oldCount != newCount) {
                if (oldCount < newCount) {
                    int next = runEnd + 1;
                    while (next < on && shape[next] == 1) {
                        next++;
                    }
                    if (next >= on || strides[runEnd] != strides[next] * shape[next]) {
                        return null;
                    }
                    runEnd = next;
                    oldCount *= shape[next];
                } else {
                    ni++;
                    if (ni >= nn) {
                        return null;
                    }
                    newCount *= newShape[ni];
                }
            }
            int stride = strides[runEnd];
            for (int k = ni; k >= nStart; k--) {
                newStrides[k] = stride;
                stride *= newShape[k];
            }
            oi = runEnd + 1;
            ni++;
        }
        return new Layout(newShape.clone(), newStrides, offset, numel);
    }

    private static int[] remove(int[] a, int i) {
        int[] r = new int[a.length - 1];
        System.arraycopy(a, 0, r, 0, i);
        System.arraycopy(a, i + 1, r, i, a.length - i - 1);
        return r;
    }

    private static int[] insert(int[] a, int i, int v) {
        int[] r = new int[a.length + 1];
        System.arraycopy(a, 0, r, 0, i);
        r[i] = v;
        System.arraycopy(a, i, r, i + 1, a.length - i);
        return r;
    }

    @Override
    public String toString() {
        return "Layout" + Arrays.toString(shape) + " strides " + Arrays.toString(strides) + " offset " + offset;
    }
}
