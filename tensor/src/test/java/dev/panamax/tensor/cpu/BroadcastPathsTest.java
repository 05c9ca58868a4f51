package dev.panamax.tensor.cpu;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.Memory;
import dev.panamax.tensor.MemoryScope;
import dev.panamax.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CPU backend's fast paths for tensors in native memory (above the heap limit) against
 * element-by-element Java arithmetic: a single broadcast element (0-d, [1], expanded) on either side
 * of every binary op, fills of broadcast scalars, whole-tensor sums, and scoped storages' release.
 */
class BroadcastPathsTest {

    private static final int N = 2003; // native storage, and a vector tail

    private record Op(String name, BiFunction<Tensor, Tensor, Tensor> tensor, DoubleBinaryOperator scalar) {
    }

    private static final Op[] OPS = {
        new Op("add", Tensor::add, (x, y) -> x + y),
        new Op("sub", Tensor::sub, (x, y) -> x - y),
        new Op("mul", Tensor::mul, (x, y) -> x * y),
        new Op("div", Tensor::div, (x, y) -> x / y),
        new Op("pow", Tensor::pow, Math::pow),
        new Op("maximum", Tensor::maximum, Math::max),
        new Op("minimum", Tensor::minimum, Math::min),
    };

    private static double[] values(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[N];
        for (int i = 0; i < N; i++) {
            v[i] = r.nextDouble(0.1, 3) * (r.nextBoolean() ? 1 : -1);
        }
        v[7] = Double.NaN;
        v[8] = 0.0;
        v[9] = -0.0;
        return v;
    }

    private static double expected(Op op, DType t, double x, double y) {
        if (t == DType.FLOAT32) {
            double r = op.name().equals("pow") ? PowKernels.pow((float) x, (float) y) : op.scalar().applyAsDouble((float) x, (float) y);
            return (float) r;
        }
        return op.scalar().applyAsDouble(x, y);
    }

    private static void check(String what, Op op, DType t, double[] x, double[] y, Tensor got) {
        double[] g = got.toDoubleArray();
        assertEquals(Math.max(x.length, y.length), g.length);
        for (int i = 0; i < g.length; i++) {
            double xi = x[x.length == 1 ? 0 : i];
            double yi = y[y.length == 1 ? 0 : i];
            double want = expected(op, t, xi, yi);
            assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(g[i]),
                    what + " " + op.name() + " " + t.pyName() + " at " + i + ": " + xi + ", " + yi);
        }
    }

    @Test
    void singleBroadcastElementOnEitherSide() {
        double[] v = values(3);
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor vec = Tensor.of(v, N).to(t);
            for (double s : new double[] {2.0, -0.75, 3.0, Double.NaN, -0.0}) {
                double[] sv = {t == DType.FLOAT32 ? (float) s : s};
                Tensor zeroD = Tensor.scalar(s, t);
                Tensor one = Tensor.full(s, t, 1);
                Tensor expanded = Tensor.full(s, t, 1, 1).expand(1, N).reshape(N);
                for (Op op : OPS) {
                    check("0-d x vector", op, t, sv, v, op.tensor().apply(zeroD, vec));
                    check("vector x 0-d", op, t, v, sv, op.tensor().apply(vec, zeroD));
                    check("[1] x vector", op, t, sv, v, op.tensor().apply(one, vec));
                    check("vector x [1]", op, t, v, sv, op.tensor().apply(vec, one));
                    check("expanded x vector", op, t, sv, v, op.tensor().apply(expanded, vec));
                    check("vector x expanded", op, t, v, sv, op.tensor().apply(vec, expanded));
                }
            }
        }
    }

    @Test
    void smallHeapRowBroadcastOverALargeOutput() {
        double[] v = values(21);
        int rows = 64;
        int cols = 100; // a 400-byte row: a heap storage, staged in native memory for the SIMD loops
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            double[] mv = new double[rows * cols];
            for (int k = 0; k < mv.length; k++) {
                mv[k] = v[k % N];
            }
            Tensor m = Tensor.of(mv, rows, cols).to(t);
            Tensor row = Tensor.of(java.util.Arrays.copyOfRange(v, 1000, 1000 + cols), cols).to(t);
            for (Op op : OPS) {
                double[] got = op.tensor().apply(m, row).toDoubleArray();
                double[] gotT = op.tensor().apply(row, m).toDoubleArray();
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        double x = mv[i * cols + j];
                        double y = v[1000 + j];
                        assertEquals(Double.doubleToLongBits(expected(op, t, x, y)),
                                Double.doubleToLongBits(got[i * cols + j]), op.name() + " " + t.pyName());
                        assertEquals(Double.doubleToLongBits(expected(op, t, y, x)),
                                Double.doubleToLongBits(gotT[i * cols + j]), op.name() + " " + t.pyName());
                    }
                }
            }
            Tensor acc = m.clone();
            acc.add_(row);
            double[] got = acc.toDoubleArray();
            for (int k = 0; k < rows * cols; k++) {
                assertEquals(Double.doubleToLongBits(expected(OPS[0], t, mv[k], v[1000 + k % cols])),
                        Double.doubleToLongBits(got[k]), "add_ " + t.pyName());
            }
        }
    }

    @Test
    void inPlaceWithABroadcastElement() {
        double[] v = values(5);
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor a = Tensor.of(v, N).to(t).clone();
            a.sub_(Tensor.scalar(0.5, t));
            check("sub_ 0-d", OPS[1], t, v, new double[] {0.5}, a);
        }
    }

    @Test
    void broadcastScalarCopiesAreFills() {
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT64, DType.BOOL}) {
            for (double s : new double[] {0.0, -0.0, 1.5, -3.0}) {
                Tensor src = Tensor.scalar(s, DType.FLOAT64);
                Tensor filled = src.expand(N).contiguous().to(t);
                Tensor converted = src.to(t).expand(3, N).contiguous();
                double want = switch (t) {
                    case FLOAT32 -> (float) s;
                    case FLOAT64 -> s;
                    case INT64 -> (long) s;
                    case BOOL -> s != 0 ? 1 : 0;
                };
                for (double g : filled.toDoubleArray()) {
                    assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(g), t + " fill " + s);
                }
                for (double g : converted.toDoubleArray()) {
                    assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(g), t + " fill " + s);
                }
                Tensor dst = Tensor.zeros(t, N).fill_(s);
                for (double g : dst.toDoubleArray()) {
                    assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(g), t + " fill_ " + s);
                }
            }
        }
    }

    @Test
    void wholeTensorSums() {
        double[] v = values(9);
        v[7] = 1; // no NaN
        double exact = 0;
        for (double x : v) {
            exact += x;
        }
        double f32exact = 0;
        for (double x : v) {
            f32exact += (float) x;
        }
        assertEquals(exact, Tensor.of(v, N).sum().item(), 1e-12 * N);
        Tensor f = Tensor.of(v, N).to(DType.FLOAT32);
        double whole = f.sum().item();
        assertEquals(f32exact, whole, 1e-4); // float accumulators
        // the one-output fast path gives the row walk's bits (each row of an expanded view is one such sum)
        double[] rows = f.reshape(1, N).expand(2, N).sum(1, false).toDoubleArray();
        assertEquals(whole, rows[0]);
        assertEquals(whole, rows[1]);
        assertEquals(whole, f.reshape(1, N).sum(new int[] {0, 1}, true).item());
        assertEquals(0.0, Tensor.full(-0.0, DType.FLOAT32, N).sum().item());
        assertEquals(Double.doubleToLongBits(0.0), Double.doubleToLongBits(Tensor.full(-0.0, DType.FLOAT64, N).sum().item()));
        assertEquals(0.0, Tensor.zeros(DType.FLOAT32, 0).sum().item());
    }

    @Test
    void columnSumsAddEachOutputInOrderInDouble() {
        double[] v = values(13);
        v[7] = 1;
        int rows = 64;
        int cols = 100;
        double[] m = new double[rows * cols];
        for (int i = 0; i < m.length; i++) {
            m[i] = v[i % N] * (1 + i % 7);
        }
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor x = Tensor.of(m, rows, cols).to(t);
            Tensor x3 = x.reshape(4, 16, cols);
            double[] got = x.sum(0, false).toDoubleArray();
            double[] got3 = x3.sum(new int[] {0, 1}, true).toDoubleArray();
            for (int j = 0; j < cols; j++) {
                double acc = 0;
                for (int i = 0; i < rows; i++) {
                    acc += t == DType.FLOAT32 ? (float) m[i * cols + j] : m[i * cols + j];
                }
                double want = t == DType.FLOAT32 ? (float) acc : acc;
                assertEquals(want, got[j], t + " column " + j);
                assertEquals(want, got3[j], t + " column " + j + " of [4, 16, " + cols + "]");
            }
        }
    }

    @Test
    void compareAndWhereWithBroadcastElements() {
        double[] v = values(17);
        for (int n : new int[] {5, N}) {
            double[] x = java.util.Arrays.copyOf(v, n);
            Tensor a = Tensor.of(x, n);
            boolean[] gt = new boolean[n];
            for (int i = 0; i < n; i++) {
                gt[i] = x[i] > 0.5;
            }
            Tensor viaScalar = a.gt(0.5);
            Tensor viaTensor = a.gt(Tensor.scalar(0.5, DType.FLOAT64));
            Tensor reversed = Tensor.scalar(0.5, DType.FLOAT64).lt(a);
            Tensor picked = Tensor.where(viaTensor, Tensor.scalar(1.0, DType.FLOAT64), a);
            double[] p = picked.toDoubleArray();
            double[] s1 = viaScalar.toDoubleArray();
            double[] s2 = viaTensor.toDoubleArray();
            double[] s3 = reversed.toDoubleArray();
            for (int i = 0; i < n; i++) {
                assertEquals(gt[i] ? 1.0 : 0.0, s1[i]);
                assertEquals(gt[i] ? 1.0 : 0.0, s2[i]);
                assertEquals(gt[i] ? 1.0 : 0.0, s3[i]);
                assertEquals(Double.doubleToLongBits(gt[i] ? 1.0 : x[i]), Double.doubleToLongBits(p[i]));
            }
        }
    }

    @Test
    void scopedStoragesAreReleasedAndKeptOnesSurvive() {
        Tensor kept;
        Tensor dropped;
        Tensor inner;
        try (MemoryScope outer = Memory.scope()) {
            dropped = Tensor.zeros(DType.FLOAT32, N).add(1);
            kept = Tensor.zeros(DType.FLOAT32, N).add(2).keep();
            try (MemoryScope s = Memory.scope()) {
                inner = Tensor.zeros(DType.FLOAT32, N).add(3);
                assertTrue(s.ownedCount() >= 2);
            }
            assertTrue(inner.isReleased());
            assertFalse(dropped.isReleased());
            assertTrue(outer.ownedCount() >= 2);
        }
        assertTrue(dropped.isReleased());
        assertFalse(kept.isReleased());
        assertEquals(2.0 * N, kept.sum().item());
    }
}
