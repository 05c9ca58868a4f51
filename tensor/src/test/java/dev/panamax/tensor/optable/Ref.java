package dev.panamax.tensor.optable;

import dev.panamax.tensor.DType;
import java.util.Arrays;

/**
 * A reference array: row-major float64 values, a shape, and the dtype the values stand for.
 *
 * <p>Reference results are computed in plain Java on these arrays with the shape and stride logic
 * of {@link RefView} and {@link RefOps}, never by calling {@code Tensor} operations.
 *
 * @param shape the sizes of the dimensions
 * @param data  the elements in row-major order (bool as 0/1, int64 exactly as long as |v| &lt; 2^53)
 * @param dtype the dtype an implementation must produce
 */
record Ref(int[] shape, double[] data, DType dtype) {

    Ref {
        if (data.length != numel(shape)) {
            throw new IllegalArgumentException("Ref: " + data.length + " values for shape " + Arrays.toString(shape));
        }
    }

    /** A reference whose values are rounded to how {@code dtype} stores them. */
    static Ref rounded(int[] shape, double[] data, DType dtype) {
        double[] d = data.clone();
        for (int i = 0; i < d.length; i++) {
            d[i] = round(d[i], dtype);
        }
        return new Ref(shape.clone(), d, dtype);
    }

    /** {@code v} as stored by {@code dtype}: float32 rounding, bool as 0/1; int64 values are taken as given. */
    static double round(double v, DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> (float) v;
            case FLOAT64, INT64 -> v;
            case BOOL -> v != 0 ? 1 : 0;
        };
    }

    /** {@code v} converted to {@code dtype} as a cast does: truncation toward zero for int64. */
    static double convert(double v, DType dtype) {
        return dtype == DType.INT64 ? (double) (long) v : round(v, dtype);
    }

    static int numel(int[] shape) {
        long n = 1;
        for (int s : shape) {
            n *= s;
        }
        return Math.toIntExact(n);
    }

    /** The row-major strides of {@code shape} (size-0 dims counted as 1). */
    static int[] rowMajorStrides(int[] shape) {
        int[] st = new int[shape.length];
        int s = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            st[d] = s;
            s *= Math.max(1, shape[d]);
        }
        return st;
    }

    /** Advances a row-major multi-index; returns false after the last one. */
    static boolean next(int[] idx, int[] shape) {
        for (int d = shape.length - 1; d >= 0; d--) {
            if (++idx[d] < shape[d]) {
                return true;
            }
            idx[d] = 0;
        }
        return false;
    }

    int dim() {
        return shape.length;
    }

    int numel() {
        return data.length;
    }

    /** This reference with another dtype, values converted as a cast does. */
    Ref as(DType t) {
        double[] d = new double[data.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = convert(data[i], t);
        }
        return new Ref(shape, d, t);
    }

    /** The same values with a new shape of the same element count. */
    Ref withShape(int... s) {
        return new Ref(s.clone(), data, dtype);
    }

    @Override
    public String toString() {
        return dtype.pyName() + Arrays.toString(shape);
    }
}
