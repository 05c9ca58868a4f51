package dev.panamax.tensor.cpu;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The dtype-specialised strided loops ({@link TypedLoops}) behind compare, where and copy, on transposed
 * (non-contiguous) operands, small (heap) and large (native), against element-by-element Java on the
 * transposed index: scalar and tensor compares of every op including NaN and signed zeros, where on
 * float32/float64/bool, copies of transposed floats and of bool masks to floating point.
 */
class TypedLoopsTest {

    private static final int[][] SHAPES = {{7, 9}, {61, 67}}; // heap and native storage

    private static double[] values(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextInt(4) == 0 ? r.nextInt(-2, 3) : r.nextDouble(-3, 3);
        }
        v[1] = Double.NaN;
        v[2] = 0.0;
        v[3] = -0.0;
        v[4] = Double.POSITIVE_INFINITY;
        return v;
    }

    /** Element (i, j) of the transpose of a rows×cols row-major array. */
    private static double tr(double[] v, int cols, int i, int j) {
        return v[j * cols + i];
    }

    private record Cmp(String name, BiFunction<Tensor, Double, Tensor> scalar, BiFunction<Tensor, Tensor, Tensor> tensor,
                       java.util.function.BiPredicate<Double, Double> ref) {
    }

    private static final Cmp[] CMPS = {
        new Cmp("lt", Tensor::lt, Tensor::lt, (x, y) -> x < y),
        new Cmp("le", Tensor::le, Tensor::le, (x, y) -> x <= y),
        new Cmp("gt", Tensor::gt, Tensor::gt, (x, y) -> x > y),
        new Cmp("ge", Tensor::ge, Tensor::ge, (x, y) -> x >= y),
        new Cmp("eq", Tensor::eq, Tensor::eq, (x, y) -> x.doubleValue() == y.doubleValue()),
        new Cmp("ne", Tensor::ne, Tensor::ne, (x, y) -> x.doubleValue() != y.doubleValue()),
    };

    private static double round(DType t, double v) {
        return t == DType.FLOAT32 ? (float) v : v;
    }

    @Test
    void comparesOfTransposedOperands() {
        for (int[] s : SHAPES) {
            int rows = s[0];
            int cols = s[1];
            double[] x = values(11, rows * cols);
            double[] y = values(12, rows * cols);
            for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                Tensor a = Tensor.of(x, rows, cols).to(t).t();
                Tensor b = Tensor.of(y, rows, cols).to(t).t();
                assertFalse(a.isContiguous());
                for (Cmp c : CMPS) {
                    for (double sc : new double[] {0.0, -0.0, 0.5, 1.0, Double.NaN}) {
                        double[] got = c.scalar().apply(a, sc).toDoubleArray();
                        for (int i = 0; i < cols; i++) {
                            for (int j = 0; j < rows; j++) {
                                boolean want = c.ref().test(round(t, tr(x, cols, i, j)), sc);
                                assertEquals(want ? 1.0 : 0.0, got[i * rows + j],
                                        c.name() + " " + t.pyName() + " scalar " + sc + " at " + i + "," + j);
                            }
                        }
                    }
                    double[] got = c.tensor().apply(a, b).toDoubleArray();
                    for (int i = 0; i < cols; i++) {
                        for (int j = 0; j < rows; j++) {
                            boolean want = c.ref().test(round(t, tr(x, cols, i, j)), round(t, tr(y, cols, i, j)));
                            assertEquals(want ? 1.0 : 0.0, got[i * rows + j], c.name() + " " + t.pyName() + " tensor");
                        }
                    }
                }
            }
        }
    }

    @Test
    void whereAndCopiesOfTransposedOperands() {
        for (int[] s : SHAPES) {
            int rows = s[0];
            int cols = s[1];
            double[] x = values(21, rows * cols);
            double[] y = values(22, rows * cols);
            double[] m = values(23, rows * cols);
            Tensor maskT = Tensor.of(m, rows, cols).gt(0.0).t();
            for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                Tensor a = Tensor.of(x, rows, cols).to(t).t();
                Tensor b = Tensor.of(y, rows, cols).to(t).t();
                double[] w = Tensor.where(maskT, a, b).toDoubleArray();
                double[] copy = a.contiguous().toDoubleArray();
                double[] maskF = maskT.to(t).toDoubleArray();
                for (int i = 0; i < cols; i++) {
                    for (int j = 0; j < rows; j++) {
                        int k = i * rows + j;
                        boolean take = tr(m, cols, i, j) > 0;
                        double want = round(t, take ? tr(x, cols, i, j) : tr(y, cols, i, j));
                        assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(w[k]),
                                "where " + t.pyName() + " at " + i + "," + j);
                        assertEquals(Double.doubleToRawLongBits(round(t, tr(x, cols, i, j))),
                                Double.doubleToRawLongBits(copy[k]), "copy " + t.pyName());
                        assertEquals(take ? 1.0 : 0.0, maskF[k], "bool to " + t.pyName());
                    }
                }
            }
            Tensor other = Tensor.of(y, rows, cols).lt(0.0).t();
            Tensor first = Tensor.of(x, rows, cols).ge(1.0).t();
            double[] wb = Tensor.where(maskT, first, other).toDoubleArray();
            for (int i = 0; i < cols; i++) {
                for (int j = 0; j < rows; j++) {
                    boolean want = tr(m, cols, i, j) > 0 ? tr(x, cols, i, j) >= 1.0 : tr(y, cols, i, j) < 0.0;
                    assertEquals(want ? 1.0 : 0.0, wb[i * rows + j], "where bool at " + i + "," + j);
                }
            }
        }
    }

    /**
     * The dense vector paths (float32 against a scalar a float holds exactly, bool to float32) at
     * lengths around the vector length, against the element-by-element comparison in double,
     * with NaN, signed zeros, infinities and scalars beyond the float range.
     */
    @Test
    void denseFloatComparesAndMaskConversions() {
        for (int n : new int[] {1, 7, 15, 16, 17, 31, 33, 100, 6400, 70001}) {
            double[] x = values(21, Math.max(n, 5));
            double[] v = java.util.Arrays.copyOf(x, n);
            Tensor a = Tensor.of(v, n).to(DType.FLOAT32);
            for (Cmp c : CMPS) {
                for (double sc : new double[] {0.0, -0.0, 0.5, -2.0, 0.1, 1e300, Double.NaN,
                    Double.NEGATIVE_INFINITY}) {
                    Tensor mask = c.scalar().apply(a, sc);
                    double[] got = mask.toDoubleArray();
                    double[] asFloat = mask.to(DType.FLOAT32).toDoubleArray();
                    for (int i = 0; i < n; i++) {
                        // the scalar is rounded to the tensor's dtype first (1e300 is +inf in float32)
                        boolean want = c.ref().test((double) (float) v[i], (double) (float) sc);
                        assertEquals(want ? 1.0 : 0.0, got[i], c.name() + " scalar " + sc + " at " + i + " of " + n);
                        assertEquals(want ? 1.0 : 0.0, asFloat[i], "mask to float32 at " + i + " of " + n);
                    }
                }
            }
        }
    }
}
