package dev.panamax.tensor.optable;

import dev.panamax.tensor.DType;
import java.util.Arrays;

/**
 * A strided view over a flat {@code double[]}: the reference's own model of movement operations,
 * written independently of the library's layouts.
 */
final class RefView {
    final double[] storage;
    final int[] shape;
    final int[] strides;
    final int offset;
    final DType dtype;

    RefView(double[] storage, int[] shape, int[] strides, int offset, DType dtype) {
        this.storage = storage;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        this.dtype = dtype;
    }

    /** A row-major view of a reference's values (sharing them). */
    static RefView of(Ref r) {
        return new RefView(r.data(), r.shape().clone(), Ref.rowMajorStrides(r.shape()), 0, r.dtype());
    }

    private static int norm(int d, int rank) {
        int r = d < 0 ? d + rank : d;
        if (r < 0 || r >= rank) {
            throw new IllegalArgumentException("RefView: dimension " + d + " out of range for rank " + rank);
        }
        return r;
    }

    RefView permute(int... perm) {
        int[] sh = new int[perm.length];
        int[] st = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            int p = norm(perm[i], shape.length);
            sh[i] = shape[p];
            st[i] = strides[p];
        }
        return new RefView(storage, sh, st, offset, dtype);
    }

    RefView transpose(int d0, int d1) {
        if (shape.length == 0) {
            return this;
        }
        int[] perm = new int[shape.length];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        int a = norm(d0, shape.length);
        int b = norm(d1, shape.length);
        perm[a] = b;
        perm[b] = a;
        return permute(perm);
    }

    RefView narrow(int dim, int start, int length) {
        int d = norm(dim, shape.length);
        int s = start < 0 ? start + shape[d] : start;
        if (s < 0 || length < 0 || s + length > shape[d]) {
            throw new IllegalArgumentException("RefView: narrow out of range");
        }
        int[] sh = shape.clone();
        sh[d] = length;
        return new RefView(storage, sh, strides, offset + s * strides[d], dtype);
    }

    RefView select(int dim, int index) {
        int d = norm(dim, shape.length);
        int i = index < 0 ? index + shape[d] : index;
        if (i < 0 || i >= shape[d]) {
            throw new IllegalArgumentException("RefView: select out of range");
        }
        return new RefView(storage, remove(shape, d), remove(strides, d), offset + i * strides[d], dtype);
    }

    /** Broadcast to {@code target}, aligned at the right; -1 keeps a size (as {@code expand}). */
    RefView expand(int... target) {
        int lead = target.length - shape.length;
        if (lead < 0) {
            throw new IllegalArgumentException("RefView: cannot expand " + Arrays.toString(shape)
                    + " to " + Arrays.toString(target));
        }
        int[] sh = new int[target.length];
        int[] st = new int[target.length];
        for (int d = 0; d < target.length; d++) {
            int src = d - lead;
            int have = src < 0 ? 1 : shape[src];
            int want = target[d] == -1 ? have : target[d];
            if (have != want && have != 1) {
                throw new IllegalArgumentException("RefView: cannot expand " + Arrays.toString(shape)
                        + " to " + Arrays.toString(target));
            }
            sh[d] = want;
            st[d] = src < 0 || have != want ? 0 : strides[src];
        }
        return new RefView(storage, sh, st, offset, dtype);
    }

    RefView unsqueeze(int dim) {
        int d = norm(dim, shape.length + 1);
        int[] sh = new int[shape.length + 1];
        int[] st = new int[shape.length + 1];
        for (int i = 0, j = 0; i < sh.length; i++) {
            if (i == d) {
                sh[i] = 1;
                st[i] = 0;
            } else {
                sh[i] = shape[j];
                st[i] = strides[j];
                j++;
            }
        }
        return new RefView(storage, sh, st, offset, dtype);
    }

    /** Whether the view is dense and row-major (size-1 dims ignored), by this class's own rule. */
    boolean isRowMajor() {
        int expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && strides[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return true;
    }

    /** The viewed elements, in row-major order of this view's shape. */
    Ref materialize() {
        double[] out = new double[Ref.numel(shape)];
        if (out.length > 0) {
            int[] idx = new int[shape.length];
            int i = 0;
            do {
                int p = offset;
                for (int d = 0; d < idx.length; d++) {
                    p += idx[d] * strides[d];
                }
                out[i++] = storage[p];
            } while (Ref.next(idx, shape));
        }
        return new Ref(shape.clone(), out, dtype);
    }

    private static int[] remove(int[] a, int i) {
        int[] r = new int[a.length - 1];
        for (int k = 0, j = 0; k < a.length; k++) {
            if (k != i) {
                r[j++] = a[k];
            }
        }
        return r;
    }
}
