package dev.panamax.tensor;

import dev.panamax.tensor.backend.Layout;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;

/** Construction of tensors from Java data, ranges and generators. */
final class Factory {

    private Factory() {
    }

    static Tensor fullLike(double value, Tensor like) {
        Tensor t = Tensor.empty(like.dtype(), like.device(), like.layout().shape());
        t.backend().fill(t.storage(), t.layout(), value);
        return t;
    }

    static Tensor fromArray(Object data, int length, DType dtype, int[] shape) {
        int[] s = shape.length == 0 ? new int[] {length} : shape;
        int n = Layout.checkedNumel("of", s);
        if (n != length) {
            throw new IllegalArgumentException("of: shape " + Arrays.toString(s) + " needs " + n
                    + " elements but the array holds " + length);
        }
        Tensor t = Tensor.empty(dtype, Device.CPU, s);
        t.backend().fromArray(data, t.storage());
        return t;
    }

    static Tensor fromNested(Object nested, DType dtype) {
        ArrayList<Integer> shape = new ArrayList<>();
        Object cur = nested;
        while (cur != null && cur.getClass().isArray() && cur.getClass().getComponentType().isArray()) {
            shape.add(Array.getLength(cur));
            cur = Array.getLength(cur) > 0 ? Array.get(cur, 0) : null;
        }
        if (cur == null || !cur.getClass().isArray()) {
            throw new IllegalArgumentException("of: expected nested arrays of numbers, got "
                    + (nested == null ? "null" : nested.getClass().getSimpleName()));
        }
        shape.add(Array.getLength(cur));
        int[] s = shape.stream().mapToInt(Integer::intValue).toArray();
        double[] flat = new double[Layout.checkedNumel("of", s)];
        int[] pos = {0};
        flatten(nested, s, 0, flat, pos);
        Tensor t = Tensor.empty(dtype, Device.CPU, s);
        t.backend().fromArray(flat, t.storage());
        return t;
    }

    private static void flatten(Object a, int[] shape, int depth, double[] out, int[] pos) {
        int len = Array.getLength(a);
        if (len != shape[depth]) {
            throw new IllegalArgumentException("of: ragged nested array: expected length " + shape[depth]
                    + " at depth " + depth + " but found " + len);
        }
        if (depth == shape.length - 1) {
            for (int i = 0; i < len; i++) {
                out[pos[0]++] = ((Number) Array.get(a, i)).doubleValue();
            }
            return;
        }
        for (int i = 0; i < len; i++) {
            Object e = Array.get(a, i);
            if (e == null || !e.getClass().isArray()) {
                throw new IllegalArgumentException("of: ragged nested array at depth " + (depth + 1));
            }
            flatten(e, shape, depth + 1, out, pos);
        }
    }

    static Tensor arange(double start, double end, double step, DType dtype) {
        if (step == 0 || !Double.isFinite(step) || !Double.isFinite(start) || !Double.isFinite(end)) {
            throw new IllegalArgumentException("arange: start " + start + ", end " + end + " and step " + step
                    + " must be finite and step non-zero");
        }
        double count = Math.ceil((end - start) / step);
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("arange: " + count + " elements exceed the per-tensor limit");
        }
        int n = (int) Math.max(0, count);
        if (dtype == DType.INT64) {
            long[] v = new long[n];
            for (int i = 0; i < n; i++) {
                v[i] = (long) (start + i * step);
            }
            return fromArray(v, n, dtype, new int[] {n});
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = start + i * step;
        }
        return fromArray(v, n, dtype, new int[] {n});
    }

    static Tensor linspace(double start, double end, int steps, DType dtype) {
        if (steps < 0) {
            throw new IllegalArgumentException("linspace: number of steps must be non-negative, got " + steps);
        }
        double[] v = new double[steps];
        if (steps == 1) {
            v[0] = start;
        } else if (steps > 1) {
            double step = (end - start) / (steps - 1);
            for (int i = 0; i < steps; i++) {
                v[i] = i * step + start;
            }
            v[steps - 1] = end;
        }
        return fromArray(v, steps, dtype, new int[] {steps});
    }

    static Tensor eye(int n, DType dtype) {
        Tensor t = Tensor.zeros(dtype, n, n);
        if (n > 0) {
            // The diagonal of an n×n matrix is a 1-D view with stride n + 1.
            Tensor diag = new Tensor(t.storage(), Layout.of(new int[] {n}, new int[] {n + 1}, 0));
            diag.fill_(1);
        }
        return t;
    }

    /** kind 0: uniform [0,1); kind 1: standard normal. */
    static Tensor random(Generator gen, int kind, DType dtype, int[] shape) {
        int n = Layout.checkedNumel(kind == 0 ? "rand" : "randn", shape);
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException((kind == 0 ? "rand" : "randn") + ": dtype must be floating point, got "
                    + dtype.pyName());
        }
        double[] v = new double[n];
        if (kind == 0) {
            gen.fillUniform(v, 0, n);
        } else {
            gen.fillNormal(v, 0, n);
        }
        Tensor t = Tensor.empty(dtype, Device.CPU, shape);
        t.backend().fromArray(v, t.storage());
        return t;
    }

    static Tensor randint(Generator gen, long low, long high, int[] shape) {
        int n = Layout.checkedNumel("randint", shape);
        if (high <= low) {
            throw new IllegalArgumentException("randint: high (" + high + ") must be greater than low (" + low + ")");
        }
        long[] v = new long[n];
        gen.fillLong(v, 0, n, low, high);
        Tensor t = Tensor.empty(DType.INT64, Device.CPU, shape);
        t.backend().fromArray(v, t.storage());
        return t;
    }
}
