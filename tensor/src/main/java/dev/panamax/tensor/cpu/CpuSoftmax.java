package dev.panamax.tensor.cpu;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.backend.Layout;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED;

/**
 * Fused softmax and log-softmax (forward and backward) along one dimension of the CPU backend.
 *
 * <p>A "row" is the run of elements along the softmax dimension for one combination of the other
 * indices. Each row is computed by one thread, in one fixed order, so results do not depend on the
 * thread count; rows are split over {@link Parallel}'s threads when the work is large. Forward:
 * the row maximum, then {@code e = exp(x - max)} and its sum in one pass (softmax stores {@code e}),
 * then {@code e · (1 / sum)} (PyTorch's scaling) or {@code (x - max) - log(sum)}. An infinite maximum or a NaN makes the
 * whole row NaN, as in PyTorch ({@code x - max} is NaN there). Backward, from the forward's output
 * {@code y}: softmax {@code dx = y·(g − Σ g·y)}, log-softmax {@code dx = g − exp(y)·Σ g}.
 *
 * <p>Paths: float32 rows with unit stride in native memory run Vector API loops (exp by
 * {@link FloatExpVector}); their sums accumulate in one float vector over blocks of
 * {@value #BLOCK} elements, each block's lanes then added in lane order in double. A float32
 * contiguous tensor whose softmax dimension is not the last runs the same steps vectorized across
 * neighbouring rows ({@link CpuSoftmaxColumns}), each lane summing its row in order in float, flushed to
 * double every {@value #BLOCK} elements. Everything else walks the strides with scalar loops
 * (float32 exp by {@link FloatExp}, sums in double in row order; float64 by {@code Math.exp}).
 */
final class CpuSoftmax {

    static final VectorSpecies<Float> F32S = FloatVector.SPECIES_PREFERRED;
    static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    /** Elements summed in a float accumulator before they are added in double. */
    static final int BLOCK = 1024;
    /** About this many elements per task when rows are split over the threads. */
    private static final int GRAIN = 1 << 15;

    private CpuSoftmax() {
    }

    /** The rows of a call: the dims other than {@code dim}, with each operand's offset and strides. */
    private record Rows(int count, int n, int[] keptShape, int[][] keptStrides, int[] offsets, int[] dimStrides) {

        static Rows of(int dim, Layout... ls) {
            int[] shape = ls[0].shape();
            int rank = shape.length;
            int[] kept = new int[rank - 1];
            int[][] ks = new int[ls.length][rank - 1];
            int[] offsets = new int[ls.length];
            int[] ds = new int[ls.length];
            for (int j = 0; j < ls.length; j++) {
                offsets[j] = ls[j].offset();
                ds[j] = ls[j].strides()[dim];
            }
            int count = 1;
            for (int d = 0, k = 0; d < rank; d++) {
                if (d == dim) {
                    continue;
                }
                kept[k] = shape[d];
                count *= shape[d];
                for (int j = 0; j < ls.length; j++) {
                    ks[j][k] = ls[j].strides()[d];
                }
                k++;
            }
            return new Rows(count, shape[dim], kept, ks, offsets, ds);
        }

        /** Calls {@code body} with each operand's start of rows {@code [from, to)}, in row-major order. */
        void forEach(long from, long to, RowBody body) {
            int k = keptShape.length;
            int[] idx = new int[k];
            int[] start = offsets.clone();
            long r = from;
            for (int d = k - 1; d >= 0; d--) {
                idx[d] = (int) (r % keptShape[d]);
                r /= keptShape[d];
                for (int j = 0; j < start.length; j++) {
                    start[j] += idx[d] * keptStrides[j][d];
                }
            }
            for (long row = from; row < to; row++) {
                body.row(start);
                for (int d = k - 1; d >= 0; d--) {
                    for (int j = 0; j < start.length; j++) {
                        start[j] += keptStrides[j][d];
                    }
                    if (++idx[d] < keptShape[d]) {
                        break;
                    }
                    for (int j = 0; j < start.length; j++) {
                        start[j] -= idx[d] * keptStrides[j][d];
                    }
                    idx[d] = 0;
                }
            }
        }
    }

    @FunctionalInterface
    private interface RowBody {
        void row(int[] starts);
    }

    /** Runs {@code body} over {@code [0, count)} rows of {@code n} elements, split over the threads when large. */
    static void split(int count, int n, Parallel.RangeBody body) {
        if ((long) count * n < 2L * GRAIN) {
            body.run(0, count);
        } else {
            Parallel.forRange(count, Math.max(1, GRAIN / Math.max(1, n)), body);
        }
    }

    /** {@code dst = softmax(src)} (or log-softmax) along {@code dim}; layouts of one shape, rank ≥ 1. */
    static void forward(MemorySegment a, Layout la, int dim, boolean log, MemorySegment d, Layout ld, DType t) {
        if (la.numel() == 0) {
            return;
        }
        boolean f32 = t == DType.FLOAT32;
        boolean simd = f32 && CpuBackend.simdMemory(a, null, d);
        if (simd && la.isContiguous() && ld.isContiguous() && dim < la.dim() - 1) {
            int inner = 1;
            for (int k = dim + 1; k < la.dim(); k++) {
                inner *= la.shape()[k];
            }
            if (inner >= F32S.length()) {
                CpuSoftmaxColumns.forward(a, la.offset(), d, ld.offset(), la.numel() / (inner * la.shape()[dim]),
                        la.shape()[dim], inner, log);
                return;
            }
        }
        if (simd && dim == la.dim() - 1 && la.isContiguous() && ld.isContiguous() && la.shape()[dim] < F32S.length()) {
            int n = la.shape()[dim];
            long ao = la.offset();
            long dof = ld.offset();
            split(la.numel() / n, n, (from, to) -> shortRows(a, ao, d, dof, from, to, n, log));
            return;
        }
        Rows rows = Rows.of(dim, la, ld);
        int n = rows.n();
        int sa = rows.dimStrides()[0];
        int sd = rows.dimStrides()[1];
        split(rows.count(), n, (from, to) -> {
            float[] lanes = new float[F32S.length()];
            rows.forEach(from, to, s -> {
                if (simd && sa == 1 && sd == 1) {
                    rowF32(a, s[0], d, s[1], n, log, lanes);
                } else if (f32) {
                    stridedF32(a, s[0], sa, d, s[1], sd, n, log);
                } else {
                    stridedF64(a, s[0], sa, d, s[1], sd, n, log);
                }
            });
        });
    }

    /** The gradient {@code dst} of softmax (or log-softmax) from its output {@code y} and output gradient {@code g}. */
    static void backward(MemorySegment g, Layout lg, MemorySegment y, Layout ly, int dim, boolean log,
                         MemorySegment d, Layout ld, DType t) {
        if (ld.numel() == 0) {
            return;
        }
        boolean f32 = t == DType.FLOAT32;
        boolean simd = f32 && CpuBackend.simdMemory(g, y, d);
        if (simd && dim == ld.dim() - 1 && lg.isContiguous() && ly.isContiguous() && ld.isContiguous()
                && ld.shape()[dim] < F32S.length()) {
            int n = ld.shape()[dim];
            long go = lg.offset();
            long yo = ly.offset();
            long dof = ld.offset();
            split(ld.numel() / n, n, (from, to) -> shortRowsBackward(g, go, y, yo, d, dof, from, to, n, log));
            return;
        }
        Rows rows = Rows.of(dim, lg, ly, ld);
        int n = rows.n();
        int sg = rows.dimStrides()[0];
        int sy = rows.dimStrides()[1];
        int sd = rows.dimStrides()[2];
        split(rows.count(), n, (from, to) -> {
            float[] lanes = new float[F32S.length()];
            rows.forEach(from, to, s -> {
                if (simd && sg == 1 && sy == 1 && sd == 1) {
                    rowBackwardF32(g, s[0], y, s[1], d, s[2], n, log, lanes);
                } else {
                    stridedBackward(f32, g, s[0], sg, y, s[1], sy, d, s[2], sd, n, log);
                }
            });
        });
    }

    // ------------------------------------------------------------------ float32 unit-stride rows

    static FloatVector load(MemorySegment s, long i) {
        return FloatVector.fromMemorySegment(F32S, s, i * 4L, NATIVE);
    }

    /** Adds the lanes of {@code v} in lane order, in double. */
    private static double lanesInOrder(FloatVector v, float[] lanes) {
        v.intoArray(lanes, 0);
        double s = 0;
        for (float x : lanes) {
            s += x;
        }
        return s;
    }

    private static float rowMax(MemorySegment a, long ai, int n) {
        int step = F32S.length();
        int upper = F32S.loopBound(n);
        int i = 0;
        float m = Float.NEGATIVE_INFINITY;
        if (upper > 0) {
            FloatVector vm = FloatVector.broadcast(F32S, Float.NEGATIVE_INFINITY);
            for (; i < upper; i += step) {
                vm = vm.max(load(a, ai + i));
            }
            m = vm.test(VectorOperators.IS_NAN).anyTrue() ? Float.NaN : vm.reduceLanes(VectorOperators.MAX);
        }
        for (; i < n; i++) {
            m = Math.max(m, a.getAtIndex(JAVA_FLOAT_UNALIGNED, ai + i));
        }
        return m;
    }

    // Each pass is a method of its own: one method holding all of them outgrows C2's inlining budget
    // (NodeCountInliningCutoff), and a vector operation left out of line boxes its vectors.

    static void rowF32(MemorySegment a, long ai, MemorySegment d, long di, int n, boolean log, float[] lanes) {
        float m = rowMax(a, ai, n);
        double sum = expSum(a, ai, d, di, n, m, !log, lanes);
        if (log) {
            shiftF32(a, ai, d, di, n, m, (float) Math.log(sum));
        } else {
            scaleF32(d, di, n, (float) (1 / sum));
        }
    }

    /** The sum of {@code exp(x - m)} over a row, storing the exponentials in {@code d} when {@code store}. */
    private static double expSum(MemorySegment a, long ai, MemorySegment d, long di, int n, float m, boolean store,
                                 float[] lanes) {
        int step = F32S.length();
        int upper = F32S.loopBound(n);
        double sum = 0;
        int i = 0;
        while (i < upper) {
            int end = Math.min(upper, i + BLOCK);
            FloatVector acc = FloatVector.zero(F32S);
            for (; i < end; i += step) {
                FloatVector e = FloatExpVector.exp(load(a, ai + i).sub(m));
                if (store) {
                    e.intoMemorySegment(d, (di + i) * 4L, NATIVE);
                }
                acc = acc.add(e);
            }
            sum += lanesInOrder(acc, lanes);
        }
        for (; i < n; i++) {
            float e = FloatExp.exp(a.getAtIndex(JAVA_FLOAT_UNALIGNED, ai + i) - m);
            if (store) {
                d.setAtIndex(JAVA_FLOAT_UNALIGNED, di + i, e);
            }
            sum += e;
        }
        return sum;
    }

    /** {@code d = (x - m) - ls} over a row. */
    private static void shiftF32(MemorySegment a, long ai, MemorySegment d, long di, int n, float m, float ls) {
        int step = F32S.length();
        int upper = F32S.loopBound(n);
        int i = 0;
        for (; i < upper; i += step) {
            load(a, ai + i).sub(m).sub(ls).intoMemorySegment(d, (di + i) * 4L, NATIVE);
        }
        for (; i < n; i++) {
            d.setAtIndex(JAVA_FLOAT_UNALIGNED, di + i, a.getAtIndex(JAVA_FLOAT_UNALIGNED, ai + i) - m - ls);
        }
    }

    /** {@code d *= r} over a row (the reciprocal of the sum, as PyTorch scales). */
    private static void scaleF32(MemorySegment d, long di, int n, float r) {
        int step = F32S.length();
        int upper = F32S.loopBound(n);
        int i = 0;
        for (; i < upper; i += step) {
            load(d, di + i).mul(r).intoMemorySegment(d, (di + i) * 4L, NATIVE);
        }
        for (; i < n; i++) {
            d.setAtIndex(JAVA_FLOAT_UNALIGNED, di + i, d.getAtIndex(JAVA_FLOAT_UNALIGNED, di + i) * r);
        }
    }

    static void rowBackwardF32(MemorySegment g, long gi, MemorySegment y, long yi, MemorySegment d, long di, int n,
                               boolean log, float[] lanes) {
        float s = (float) gradSum(g, gi, y, yi, n, log, lanes);
        if (log) {
            logBackwardF32(g, gi, y, yi, d, di, n, s);
        } else {
            backwardF32(g, gi, y, yi, d, di, n, s);
        }
    }

    /** {@code Σ g·y} (softmax) or {@code Σ g} (log-softmax) over a row. */
    private static double gradSum(MemorySegment g, long gi, MemorySegment y, long yi, int n, boolean log,
                                  float[] lanes) {
        int step = F32S.length();
        int upper = F32S.loopBound(n);
        double sum = 0;
        int i = 0;
        while (i < upper) {
            int end = Math.min(upper, i + BLOCK);
            FloatVector acc = FloatVector.zero(F32S);
            for (; i < end; i += step) {
                FloatVector gv = load(g, gi + i);
                acc = log ? acc.add(gv) : gv.fma(load(y, yi + i), acc);
            }
            sum += lanesInOrder(acc, lanes);
        }
        for (; i < n; i++) {
            float gv = g.getAtIndex(JAVA_FLOAT_UNALIGNED, gi + i);
            sum += log ? gv : gv * y.getAtIndex(JAVA_FLOAT_UNALIGNED, yi + i);
        }
        return sum;
    }

    private static void backwardF32(MemorySegment g, long gi, MemorySegment y, long yi, MemorySegment d, long di,
                                    int n, float s) {
        int step = F32S.length();
        int upper = F32S.loopBound(n);
        int i = 0;
        for (; i < upper; i += step) {
            load(y, yi + i).mul(load(g, gi + i).sub(s)).intoMemorySegment(d, (di + i) * 4L, NATIVE);
        }
        for (; i < n; i++) {
            float gv = g.getAtIndex(JAVA_FLOAT_UNALIGNED, gi + i);
            d.setAtIndex(JAVA_FLOAT_UNALIGNED, di + i, y.getAtIndex(JAVA_FLOAT_UNALIGNED, yi + i) * (gv - s));
        }
    }

    private static void logBackwardF32(MemorySegment g, long gi, MemorySegment y, long yi, MemorySegment d, long di,
                                       int n, float s) {
        int step = F32S.length();
        int upper = F32S.loopBound(n);
        int i = 0;
        for (; i < upper; i += step) {
            load(g, gi + i).sub(FloatExpVector.exp(load(y, yi + i)).mul(s)).intoMemorySegment(d, (di + i) * 4L, NATIVE);
        }
        for (; i < n; i++) {
            float gv = g.getAtIndex(JAVA_FLOAT_UNALIGNED, gi + i);
            d.setAtIndex(JAVA_FLOAT_UNALIGNED, di + i, gv - FloatExp.exp(y.getAtIndex(JAVA_FLOAT_UNALIGNED, yi + i)) * s);
        }
    }

    // ------------------------------------------------------------------ float32 rows shorter than a vector

    // Contiguous rows of n < L elements (a classifier's logits): one masked vector per row, with the
    // same steps as the scalar row loop, so the same bits: the maximum, exp(x - max) by the vector exp
    // (bit for bit FloatExp), the n exponentials summed in order in double, then the shift or scale.

    /** Rows {@code [from, to)} of {@code n} elements, contiguous from {@code ao} and {@code dof}. */
    static void shortRows(MemorySegment a, long ao, MemorySegment d, long dof, long from, long to, int n,
                          boolean log) {
        VectorMask<Float> in = F32S.indexInRange(0, n);
        float[] lanes = new float[F32S.length()];
        for (long r = from; r < to; r++) {
            long ai = (ao + r * n) * 4L;
            long di = (dof + r * n) * 4L;
            FloatVector x = FloatVector.fromMemorySegment(F32S, a, ai, NATIVE, in);
            float m = x.compare(VectorOperators.NE, x, in).anyTrue() ? Float.NaN
                    : x.reduceLanes(VectorOperators.MAX, in);
            FloatVector shifted = x.sub(m);
            FloatVector e = FloatExpVector.exp(shifted.blend(0f, in.not()));
            e.intoArray(lanes, 0);
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += lanes[i];
            }
            FloatVector out = log ? shifted.sub((float) Math.log(sum)) : e.mul((float) (1 / sum));
            out.intoMemorySegment(d, di, NATIVE, in);
        }
    }

    /** The backward of {@link #shortRows}: {@code Σ g} or {@code Σ g·y} in order in double, then the rule. */
    static void shortRowsBackward(MemorySegment g, long go, MemorySegment y, long yo, MemorySegment d, long dof,
                                  long from, long to, int n, boolean log) {
        VectorMask<Float> in = F32S.indexInRange(0, n);
        float[] lanes = new float[F32S.length()];
        for (long r = from; r < to; r++) {
            FloatVector gv = FloatVector.fromMemorySegment(F32S, g, (go + r * n) * 4L, NATIVE, in);
            FloatVector yv = FloatVector.fromMemorySegment(F32S, y, (yo + r * n) * 4L, NATIVE, in);
            (log ? gv : gv.mul(yv)).intoArray(lanes, 0);
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += lanes[i];
            }
            float s = (float) sum;
            FloatVector out = log ? gv.sub(FloatExpVector.exp(yv).mul(s)) : yv.mul(gv.sub(s));
            out.intoMemorySegment(d, (dof + r * n) * 4L, NATIVE, in);
        }
    }

    // ------------------------------------------------------------------ strided rows (scalar)

    static void stridedF32(MemorySegment a, int ai, int sa, MemorySegment d, int di, int sd, int n, boolean log) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0, p = ai; i < n; i++, p += sa) {
            m = Math.max(m, a.getAtIndex(JAVA_FLOAT_UNALIGNED, p));
        }
        double sum = 0;
        for (int i = 0, p = ai, q = di; i < n; i++, p += sa, q += sd) {
            float e = FloatExp.exp(a.getAtIndex(JAVA_FLOAT_UNALIGNED, p) - m);
            if (!log) {
                d.setAtIndex(JAVA_FLOAT_UNALIGNED, q, e);
            }
            sum += e;
        }
        if (log) {
            float ls = (float) Math.log(sum);
            for (int i = 0, p = ai, q = di; i < n; i++, p += sa, q += sd) {
                d.setAtIndex(JAVA_FLOAT_UNALIGNED, q, a.getAtIndex(JAVA_FLOAT_UNALIGNED, p) - m - ls);
            }
        } else {
            float r = (float) (1 / sum);
            for (int i = 0, q = di; i < n; i++, q += sd) {
                d.setAtIndex(JAVA_FLOAT_UNALIGNED, q, d.getAtIndex(JAVA_FLOAT_UNALIGNED, q) * r);
            }
        }
    }

    static void stridedF64(MemorySegment a, int ai, int sa, MemorySegment d, int di, int sd, int n, boolean log) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0, p = ai; i < n; i++, p += sa) {
            m = Math.max(m, a.getAtIndex(JAVA_DOUBLE_UNALIGNED, p));
        }
        double sum = 0;
        for (int i = 0, p = ai, q = di; i < n; i++, p += sa, q += sd) {
            double e = Math.exp(a.getAtIndex(JAVA_DOUBLE_UNALIGNED, p) - m);
            if (!log) {
                d.setAtIndex(JAVA_DOUBLE_UNALIGNED, q, e);
            }
            sum += e;
        }
        if (log) {
            double ls = Math.log(sum);
            for (int i = 0, p = ai, q = di; i < n; i++, p += sa, q += sd) {
                d.setAtIndex(JAVA_DOUBLE_UNALIGNED, q, a.getAtIndex(JAVA_DOUBLE_UNALIGNED, p) - m - ls);
            }
        } else {
            double r = 1 / sum;
            for (int i = 0, q = di; i < n; i++, q += sd) {
                d.setAtIndex(JAVA_DOUBLE_UNALIGNED, q, d.getAtIndex(JAVA_DOUBLE_UNALIGNED, q) * r);
            }
        }
    }

    static void stridedBackward(boolean f32, MemorySegment g, int gi, int sg, MemorySegment y, int yi, int sy,
                                MemorySegment d, int di, int sd, int n, boolean log) {
        if (f32) {
            double sum = 0;
            for (int i = 0, p = gi, q = yi; i < n; i++, p += sg, q += sy) {
                float gv = g.getAtIndex(JAVA_FLOAT_UNALIGNED, p);
                sum += log ? gv : gv * y.getAtIndex(JAVA_FLOAT_UNALIGNED, q);
            }
            float s = (float) sum;
            for (int i = 0, p = gi, q = yi, o = di; i < n; i++, p += sg, q += sy, o += sd) {
                float gv = g.getAtIndex(JAVA_FLOAT_UNALIGNED, p);
                float yv = y.getAtIndex(JAVA_FLOAT_UNALIGNED, q);
                d.setAtIndex(JAVA_FLOAT_UNALIGNED, o, log ? gv - FloatExp.exp(yv) * s : yv * (gv - s));
            }
        } else {
            double sum = 0;
            for (int i = 0, p = gi, q = yi; i < n; i++, p += sg, q += sy) {
                double gv = g.getAtIndex(JAVA_DOUBLE_UNALIGNED, p);
                sum += log ? gv : gv * y.getAtIndex(JAVA_DOUBLE_UNALIGNED, q);
            }
            for (int i = 0, p = gi, q = yi, o = di; i < n; i++, p += sg, q += sy, o += sd) {
                double gv = g.getAtIndex(JAVA_DOUBLE_UNALIGNED, p);
                double yv = y.getAtIndex(JAVA_DOUBLE_UNALIGNED, q);
                d.setAtIndex(JAVA_DOUBLE_UNALIGNED, o, log ? gv - Math.exp(yv) * sum : yv * (gv - sum));
            }
        }
    }
}
