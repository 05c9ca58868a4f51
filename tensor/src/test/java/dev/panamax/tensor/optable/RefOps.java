package dev.panamax.tensor.optable;

import dev.panamax.tensor.DType;
import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/** Reference computations on {@link Ref}s: broadcasting, elementwise maps, reductions, matrix products. */
final class RefOps {

    private RefOps() {
    }

    /** The NumPy broadcast of two shapes. */
    static int[] broadcastShape(int[] a, int[] b) {
        int n = Math.max(a.length, b.length);
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            int x = i < n - a.length ? 1 : a[i - (n - a.length)];
            int y = i < n - b.length ? 1 : b[i - (n - b.length)];
            if (x != y && x != 1 && y != 1) {
                throw new IllegalArgumentException("reference: shapes " + Arrays.toString(a) + " and "
                        + Arrays.toString(b) + " do not broadcast");
            }
            r[i] = x == 1 ? y : x;
        }
        return r;
    }

    /** The values of {@code r} broadcast to {@code target}, row-major. */
    static double[] broadcast(Ref r, int[] target) {
        return RefView.of(r).expand(target).materialize().data();
    }

    static Ref map(Ref a, DType out, DoubleUnaryOperator f) {
        double[] d = new double[a.numel()];
        for (int i = 0; i < d.length; i++) {
            d[i] = f.applyAsDouble(a.data()[i]);
        }
        return Ref.rounded(a.shape(), d, out);
    }

    static Ref zip(Ref a, Ref b, DType out, DoubleBinaryOperator f) {
        return zip(a, b, out, out, f);
    }

    /** {@code f} over broadcast operands first converted to {@code compute}, stored as {@code out}. */
    static Ref zip(Ref a, Ref b, DType compute, DType out, DoubleBinaryOperator f) {
        int[] shape = broadcastShape(a.shape(), b.shape());
        double[] x = broadcast(a, shape);
        double[] y = broadcast(b, shape);
        double[] d = new double[x.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = f.applyAsDouble(Ref.round(x[i], compute), Ref.round(y[i], compute));
        }
        return Ref.rounded(shape, d, out);
    }

    static Ref where(Ref cond, Ref a, Ref b, DType out) {
        int[] shape = broadcastShape(cond.shape(), broadcastShape(a.shape(), b.shape()));
        double[] c = broadcast(cond, shape);
        double[] x = broadcast(a, shape);
        double[] y = broadcast(b, shape);
        double[] d = new double[c.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = c[i] != 0 ? x[i] : y[i];
        }
        return Ref.rounded(shape, d, out);
    }

    /** A boolean reference from a predicate over two broadcast operands compared in their promoted dtype. */
    static Ref test(Ref a, Ref b, DoublePredicate2 p) {
        return zip(a, b, Promotion.tensors(a, b), DType.BOOL, (x, y) -> p.test(x, y) ? 1 : 0);
    }

    /** A predicate of two doubles. */
    @FunctionalInterface
    interface DoublePredicate2 {
        boolean test(double x, double y);
    }

    /** Normalised reduction dims ({@code rank 0} accepts 0 and -1, as PyTorch does). */
    static boolean[] reducedDims(int rank, int[] dims) {
        boolean[] r = new boolean[rank];
        for (int d : dims) {
            int n = d < 0 ? d + Math.max(rank, 1) : d;
            if (rank > 0) {
                r[n] = true;
            }
        }
        return r;
    }

    /**
     * The groups of a reduction: for each output element (kept dims in order), the input values in
     * row-major order of the reduced dims.
     */
    static double[][] groups(Ref a, int[] dims) {
        int[] shape = a.shape();
        boolean[] red = reducedDims(shape.length, dims);
        int outCount = 1;
        int groupSize = 1;
        for (int d = 0; d < shape.length; d++) {
            if (red[d]) {
                groupSize *= shape[d];
            } else {
                outCount *= shape[d];
            }
        }
        double[][] g = new double[outCount][groupSize];
        int[] fill = new int[outCount];
        if (a.numel() > 0) {
            int[] idx = new int[shape.length];
            int i = 0;
            do {
                int o = 0;
                for (int d = 0; d < shape.length; d++) {
                    if (!red[d]) {
                        o = o * shape[d] + idx[d];
                    }
                }
                g[o][fill[o]++] = a.data()[i++];
            } while (Ref.next(idx, shape));
        }
        return g;
    }

    /** The shape of a reduction's result. */
    static int[] reducedShape(int[] shape, int[] dims, boolean keepdim) {
        boolean[] red = reducedDims(shape.length, dims);
        int[] out = new int[shape.length];
        int n = 0;
        for (int d = 0; d < shape.length; d++) {
            if (!red[d]) {
                out[n++] = shape[d];
            } else if (keepdim) {
                out[n++] = 1;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** A reduction of each group to one value. */
    interface GroupFn {
        double apply(double[] group);
    }

    static Ref reduce(Ref a, int[] dims, boolean keepdim, DType out, GroupFn f) {
        double[][] g = groups(a, dims);
        double[] d = new double[g.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = f.apply(g[i]);
        }
        return Ref.rounded(reducedShape(a.shape(), dims, keepdim), d, out);
    }

    /** Neumaier-compensated sum, so the reference is accurate to about one rounding. */
    static double sum(double[] v) {
        double s = 0;
        double c = 0;
        for (double x : v) {
            double t = s + x;
            c += Math.abs(s) >= Math.abs(x) ? (s - t) + x : (x - t) + s;
            s = t;
        }
        double r = s + c;
        return Double.isNaN(r) && !Double.isNaN(s) ? s : r;
    }

    /** The position of the first extreme value (the first NaN if any), or -1 for an empty group. */
    static int extreme(double[] v, boolean max) {
        int best = -1;
        for (int i = 0; i < v.length; i++) {
            if (Double.isNaN(v[i])) {
                return i;
            }
            if (best < 0 || (max ? v[i] > v[best] : v[i] < v[best])) {
                best = i;
            }
        }
        return best;
    }

    static double logsumexp(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            if (Double.isNaN(x)) {
                return Double.NaN;
            }
            m = Math.max(m, x);
        }
        if (Double.isInfinite(m)) {
            return m;
        }
        double[] e = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            e[i] = Math.exp(v[i] - m);
        }
        return m + Math.log(sum(e));
    }

    /**
     * softmax (or log-softmax) along {@code dim}, computed per group and scattered back: shifted by
     * the group's maximum as PyTorch does, so a NaN or {@code +inf} in a group, or a group of only
     * {@code -inf}, gives NaN for the whole group ({@code x - max} is NaN there).
     */
    static Ref softmax(Ref a, int dim, boolean log, DType out) {
        int rank = a.dim();
        int d = rank == 0 ? 0 : (dim < 0 ? dim + rank : dim);
        double[][] g = groups(a, new int[] {d});
        double[] max = new double[g.length];
        double[] logSum = new double[g.length];
        for (int i = 0; i < g.length; i++) {
            double m = Double.NEGATIVE_INFINITY;
            for (double x : g[i]) {
                m = Double.isNaN(x) || Double.isNaN(m) ? Double.NaN : Math.max(m, x);
            }
            double[] e = new double[g[i].length];
            for (int j = 0; j < e.length; j++) {
                e[j] = Math.exp(g[i][j] - m);
            }
            max[i] = m;
            logSum[i] = Math.log(sum(e));
        }
        double[] r = new double[a.numel()];
        if (r.length > 0) {
            int[] shape = a.shape();
            int[] idx = new int[rank];
            int i = 0;
            do {
                int o = 0;
                for (int k = 0; k < rank; k++) {
                    if (k != d) {
                        o = o * shape[k] + idx[k];
                    }
                }
                double shifted = a.data()[i] - max[o];
                r[i++] = log ? shifted - logSum[o] : Math.exp(shifted - logSum[o]);
            } while (Ref.next(idx, shape));
        }
        return Ref.rounded(a.shape(), r, out);
    }

    /**
     * The matrix product with NumPy's rules: 1-D operands get a dimension added (and removed from the
     * result), batch dims broadcast.
     */
    /**
     * The softmax gradient from the forward's output {@code y} and the output gradient {@code g}
     * (broadcast to {@code y}'s shape, rounded to its dtype): {@code y·(g − Σ g·y)}, or
     * {@code g − exp(y)·Σ g} for log-softmax, the sums along {@code dim}.
     */
    static Ref softmaxBackward(Ref g, Ref y, int dim, boolean log) {
        int rank = y.dim();
        int d = rank == 0 ? 0 : (dim < 0 ? dim + rank : dim);
        int[] shape = y.shape();
        double[] gv = broadcast(g, shape);
        for (int i = 0; i < gv.length; i++) {
            gv[i] = Ref.round(gv[i], y.dtype());
        }
        double[] yv = y.data();
        double[] sums = new double[Math.max(1, yv.length)];
        int[] group = new int[yv.length];
        if (yv.length > 0) {
            int[] idx = new int[rank];
            int i = 0;
            do {
                int o = 0;
                for (int k = 0; k < rank; k++) {
                    if (k != d) {
                        o = o * shape[k] + idx[k];
                    }
                }
                group[i] = o;
                sums[o] += log ? gv[i] : gv[i] * yv[i];
                i++;
            } while (Ref.next(idx, shape));
        }
        double[] r = new double[yv.length];
        for (int i = 0; i < r.length; i++) {
            double s = sums[group[i]];
            r[i] = log ? gv[i] - Math.exp(yv[i]) * s : yv[i] * (gv[i] - s);
        }
        return Ref.rounded(shape, r, y.dtype());
    }

    static Ref matmul(Ref a, Ref b, DType out) {
        boolean av = a.dim() == 1;
        boolean bv = b.dim() == 1;
        int[] as = av ? new int[] {1, a.shape()[0]} : a.shape();
        int[] bs = bv ? new int[] {b.shape()[0], 1} : b.shape();
        int m = as[as.length - 2];
        int k = as[as.length - 1];
        int n = bs[bs.length - 1];
        if (bs[bs.length - 2] != k) {
            throw new IllegalArgumentException("reference: inner sizes differ");
        }
        int[] ab = Arrays.copyOf(as, as.length - 2);
        int[] bb = Arrays.copyOf(bs, bs.length - 2);
        int[] batch = broadcastShape(ab, bb);
        int[] fullA = concat(batch, m, k);
        int[] fullB = concat(batch, k, n);
        double[] x = broadcast(new Ref(as, a.data(), a.dtype()), fullA);
        double[] y = broadcast(new Ref(bs, b.data(), b.dtype()), fullB);
        int count = Ref.numel(batch);
        double[] r = new double[count * m * n];
        double[] terms = new double[k];
        for (int p = 0; p < count; p++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    for (int q = 0; q < k; q++) {
                        terms[q] = x[(p * m + i) * k + q] * y[(p * k + q) * n + j];
                    }
                    r[(p * m + i) * n + j] = sum(terms);
                }
            }
        }
        int[] shape = concat(batch, m, n);
        if (av && bv) {
            shape = new int[0];
        } else if (av) {
            shape = remove(shape, shape.length - 2);
        } else if (bv) {
            shape = remove(shape, shape.length - 1);
        }
        return Ref.rounded(shape, r, out);
    }

    private static int[] concat(int[] batch, int p, int q) {
        int[] r = Arrays.copyOf(batch, batch.length + 2);
        r[batch.length] = p;
        r[batch.length + 1] = q;
        return r;
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
