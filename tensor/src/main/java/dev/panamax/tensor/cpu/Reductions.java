package dev.panamax.tensor.cpu;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.backend.Layout;
import dev.panamax.tensor.backend.ReduceOp;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * Reductions of the CPU backend: one output element per combination of kept indices, each
 * reducing the trailing (reduced) dimensions, with SIMD sums over contiguous runs.
 */
final class Reductions {

    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    private Reductions() {
    }

    static void reduce(ReduceOp op, MemorySegment a, DType t, Layout ls, int reducedDims, MemorySegment d,
                       Layout ld, MemorySegment idx) {
        // A whole contiguous tensor summed to one value (a loss, a broadcast gradient): no row walk.
        if (op == ReduceOp.SUM && reducedDims == ls.dim() && t.isFloatingPoint() && ls.numel() > 0
                && ls.numel() <= 1 << 16 && ls.isContiguous()) {
            double s = 0; // the row walk's accumulator start, kept so that a sum of -0.0 is +0.0 as before
            s += sumRun(a, t, ls.offset(), ls.numel());
            Elements.set(d, t, ld.offset(), s);
            return;
        }
        int kept = ls.dim() - reducedDims;
        int[] rShape = Arrays.copyOfRange(ls.shape(), kept, ls.dim());
        int[] rStrides = Arrays.copyOfRange(ls.strides(), kept, ls.dim());
        int[] kShape = Arrays.copyOfRange(ls.shape(), 0, kept);
        int[] kStrides = Arrays.copyOfRange(ls.strides(), 0, kept);
        Rows outer = new Rows(kShape, new int[] {ls.offset(), ld.offset()}, kStrides, ld.strides());
        Rows inner = new Rows(rShape, new int[] {0}, rStrides);
        int outputs = ld.numel();
        if (outputs == 0) {
            return;
        }
        if (inner.rows * (long) inner.length == 0 && op != ReduceOp.SUM) {
            throw new IllegalArgumentException(op.name().toLowerCase() + ": cannot reduce over an empty dimension "
                    + "(shape " + Arrays.toString(ls.shape()) + ") because the operation has no identity");
        }
        // A single large contiguous reduction (a full sum). float64: split over two threads at the
        // pairwise summation's first split, so the result is the same as the sequential order. float32:
        // the threads sum disjoint ranges of fixed blocks into one slot per block, added here in block
        // order, exactly as the sequential sumF32 adds them, whatever the number of threads.
        if (outputs == 1 && op == ReduceOp.SUM && inner.rows == 1 && inner.rowStride[0] == 1
                && inner.length > (1 << 16) && t.isFloatingPoint() && Parallel.threads() > 1) {
            int start = ls.offset();
            int n = inner.length;
            if (t == DType.FLOAT32 && a.isNative()) {
                int b = SimdKernels.SUM_BLOCK_F32;
                int blocks = (int) ((n + (long) b - 1) / b);
                double[] partial = new double[blocks];
                Parallel.forRange(blocks, SUM_GRAIN_BLOCKS, (from, to) ->
                        SimdKernels.sumBlocksF32(a, start, n, (int) from, (int) to, partial));
                double s = 0;
                for (double p : partial) {
                    s += p;
                }
                Elements.set(d, t, ld.offset(), s);
                return;
            }
            int half = t == DType.FLOAT64 ? PairwiseSum.split(n) : n / 2;
            double[] partial = new double[2];
            Parallel.forRange(2, 1, (from, to) -> {
                for (long c = from; c < to; c++) {
                    partial[(int) c] = c == 0 ? sumRun(a, t, start, half) : sumRun(a, t, start + half, n - half);
                }
            });
            Elements.set(d, t, ld.offset(), partial[0] + partial[1]);
            return;
        }
        // Sums over leading dims into a contiguous run of outputs (a bias gradient): the rows are added
        // element by element into double accumulators, in each output's own order, so the bits are
        // those of the per-output strided loop below.
        if (op == ReduceOp.SUM && t.isFloatingPoint() && outer.rows == 1 && outer.rowStride[0] == 1
                && outer.rowStride[1] == 1 && (inner.rowStride[0] != 1 || inner.length == 1)) {
            // Large ones split the outputs into contiguous ranges over the threads; each range still
            // walks the rows in order, reading each row's part contiguously.
            long perOut = (long) inner.rows * inner.length;
            int base = ls.offset();
            int out = ld.offset();
            if (perOut * outputs >= 2L * GRAIN && Parallel.threads() > 1) {
                Parallel.forRange(outputs, Math.max(1, GRAIN / Math.max(1, perOut)), (from, to) ->
                        columnSums(a, t, base + (int) from, inner, d, out + (int) from, (int) (to - from)));
            } else {
                columnSums(a, t, base, inner, d, out, outputs);
            }
            return;
        }
        long perOutput = (long) inner.rows * inner.length;
        if (outputs > 1 && perOutput * outputs >= 2L * GRAIN && Parallel.threads() > 1) {
            // Split the outputs (not the rows of the kept dimensions, which may be a single one) over
            // the threads; each output is reduced by one thread exactly as in the sequential loop.
            Parallel.forRange(outputs, Math.max(1, GRAIN / Math.max(1, perOutput)), (from, to) -> {
                int[] s = new int[2];
                int[] is = new int[1];
                for (long k = from; k < to; ) {
                    int row = (int) (k / outer.length);
                    int j = (int) (k % outer.length);
                    int end = (int) Math.min(outer.length, j + (to - k));
                    outer.start(row, s);
                    int p = s[0] + j * outer.rowStride[0];
                    int q = s[1] + j * outer.rowStride[1];
                    for (; j < end; j++, k++, p += outer.rowStride[0], q += outer.rowStride[1]) {
                        reduceOne(op, a, t, p, inner, is, d, q, idx);
                    }
                }
            });
            return;
        }
        int[] s = new int[2];
        int[] is = new int[1];
        for (int row = 0; row < outer.rows; row++) {
            outer.start(row, s);
            for (int j = 0, p = s[0], q = s[1]; j < outer.length; j++, p += outer.rowStride[0], q += outer.rowStride[1]) {
                reduceOne(op, a, t, p, inner, is, d, q, idx);
            }
        }
    }

    /** Blocks of a float32 full sum per task (64 Ki elements). */
    private static final int SUM_GRAIN_BLOCKS = (1 << 16) / SimdKernels.SUM_BLOCK_F32;

    /** Elements reduced per task: below twice this, a reduction runs on the caller's thread. */
    private static final int GRAIN = 1 << 15;

    private static void columnSums(MemorySegment a, DType t, int base, Rows inner, MemorySegment d, int out, int k) {
        double[] acc = new double[k];
        int[] is = new int[1];
        int st = inner.rowStride[0];
        boolean simd = a.isNative();
        MemorySegment as = simd ? Native.exact(a) : a;
        for (int row = 0; row < inner.rows; row++) {
            inner.start(row, is);
            for (int i = 0, p = base + is[0]; i < inner.length; i++, p += st) {
                if (t == DType.FLOAT32) {
                    addRowF32(as, p, acc, k, simd);
                } else {
                    addRowF64(as, p, acc, k, simd);
                }
            }
        }
        for (int j = 0; j < k; j++) {
            Elements.set(d, t, out + j, acc[j]);
        }
    }

    /** Doubles per step of a column sum, and the floats widened into them (half the vector's bits). */
    private static final VectorSpecies<Double> D8 = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F8 =
            VectorSpecies.of(float.class, VectorShape.forBitSize(D8.vectorBitSize() / 2));
    private static final int W = D8.length();

    /** {@code acc[j] += a[p + j]} for {@code j < k}, each float widened to double (a vector at a time when SIMD). */
    private static void addRowF32(MemorySegment a, int p, double[] acc, int k, boolean simd) {
        int j = 0;
        if (simd) {
            for (int upper = k - W + 1; j < upper; j += W) {
                DoubleVector wide = (DoubleVector) FloatVector.fromMemorySegment(F8, a, (long) (p + j) * 4, NATIVE)
                        .convertShape(VectorOperators.F2D, D8, 0);
                DoubleVector.fromArray(D8, acc, j).add(wide).intoArray(acc, j);
            }
        }
        for (; j < k; j++) {
            acc[j] += a.getAtIndex(JAVA_FLOAT_UNALIGNED, p + j);
        }
    }

    /** {@code acc[j] += a[p + j]} for {@code j < k} (a vector at a time when SIMD). */
    private static void addRowF64(MemorySegment a, int p, double[] acc, int k, boolean simd) {
        int j = 0;
        if (simd) {
            for (int upper = k - W + 1; j < upper; j += W) {
                DoubleVector.fromArray(D8, acc, j).add(DoubleVector.fromMemorySegment(D8, a, (long) (p + j) * 8, NATIVE))
                        .intoArray(acc, j);
            }
        }
        for (; j < k; j++) {
            acc[j] += a.getAtIndex(JAVA_DOUBLE_UNALIGNED, p + j);
        }
    }

    private static double scalarSum(MemorySegment a, DType t, long start, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Elements.get(a, t, start + i);
        }
        return s;
    }

    private static double sumRun(MemorySegment a, DType t, long start, int n) {
        return switch (t) {
            case FLOAT32 -> a.isNative() ? SimdKernels.sumF32(a, start, n) : scalarSum(a, t, start, n);
            case FLOAT64 -> PairwiseSum.sum(a, start, n);
            case INT64, BOOL -> scalarSum(a, t, start, n);
        };
    }

    private static double extreme(boolean max, MemorySegment a, DType t, int start, int n) {
        if (t == DType.FLOAT32) {
            return max ? SimdKernels.maxF32(a, start, n) : SimdKernels.minF32(a, start, n);
        }
        return max ? SimdKernels.maxF64(a, start, n) : SimdKernels.minF64(a, start, n);
    }

    private static void reduceOne(ReduceOp op, MemorySegment a, DType t, int base, Rows inner, int[] is,
                                  MemorySegment d, int out, MemorySegment idx) {
        int len = inner.length;
        int st = inner.rowStride[0];
        switch (op) {
            case SUM -> {
                if (t == DType.INT64) {
                    long s = 0;
                    for (int row = 0; row < inner.rows; row++) {
                        inner.start(row, is);
                        for (int i = 0, p = base + is[0]; i < len; i++, p += st) {
                            s += a.getAtIndex(JAVA_LONG_UNALIGNED, p);
                        }
                    }
                    d.setAtIndex(JAVA_LONG_UNALIGNED, out, s);
                    return;
                }
                double s = 0;
                for (int row = 0; row < inner.rows; row++) {
                    inner.start(row, is);
                    if (st == 1 && t.isFloatingPoint()) {
                        s += sumRun(a, t, base + is[0], len);
                    } else {
                        for (int i = 0, p = base + is[0]; i < len; i++, p += st) {
                            s += Elements.get(a, t, p);
                        }
                    }
                }
                Elements.set(d, t, out, s);
            }
            case MAX, MIN -> {
                boolean max = op == ReduceOp.MAX;
                double best = 0;
                long bestL = 0;
                int bestAt = -1;
                int flat = 0;
                boolean integral = t == DType.INT64;
                boolean simd = st == 1 && (t == DType.FLOAT32 || t == DType.FLOAT64) && a.isNative();
                outerLoop:
                for (int row = 0; row < inner.rows; row++) {
                    inner.start(row, is);
                    if (simd) {
                        // The SIMD extreme of the run, then (when needed) the first element equal to
                        // it: the same element, index and zero sign as the scalar loop below picks.
                        int p0 = base + is[0];
                        double e = extreme(max, a, t, p0, len);
                        boolean nan = Double.isNaN(e);
                        if (nan || bestAt < 0 || (max ? e > best : e < best)) {
                            if (nan || idx != null || e == 0) {
                                int i = t == DType.FLOAT32 ? SimdKernels.indexOfF32(a, p0, len, e)
                                        : SimdKernels.indexOfF64(a, p0, len, e);
                                e = Elements.get(a, t, p0 + i);
                                bestAt = flat + i;
                            } else {
                                bestAt = flat;
                            }
                            best = e;
                            if (nan) {
                                break;
                            }
                        }
                        flat += len;
                        continue;
                    }
                    for (int i = 0, p = base + is[0]; i < len; i++, p += st, flat++) {
                        if (integral) {
                            long v = a.getAtIndex(JAVA_LONG_UNALIGNED, p);
                            if (bestAt < 0 || (max ? v > bestL : v < bestL)) {
                                bestL = v;
                                bestAt = flat;
                            }
                        } else {
                            double v = Elements.get(a, t, p);
                            if (Double.isNaN(v)) {
                                best = v;
                                bestAt = flat;
                                break outerLoop;
                            }
                            if (bestAt < 0 || (max ? v > best : v < best)) {
                                best = v;
                                bestAt = flat;
                            }
                        }
                    }
                }
                if (integral) {
                    Elements.setLong(d, t, out, bestL);
                } else {
                    Elements.set(d, t, out, best);
                }
                if (idx != null) {
                    idx.setAtIndex(JAVA_LONG_UNALIGNED, out, bestAt);
                }
            }
        }
    }
}
