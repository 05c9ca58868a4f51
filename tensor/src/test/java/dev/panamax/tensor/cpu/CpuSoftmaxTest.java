package dev.panamax.tensor.cpu;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fused softmax kernels on native (pooled) tensors, which take the SIMD row and column paths:
 * each row's result is independent of how the rows were split over the threads (a row computed
 * alone gives the same bits), the SIMD paths agree with the strided scalar path of the same data
 * (a transposed copy), and the backward rules agree with a float64 reference.
 */
class CpuSoftmaxTest {

    private static final int ROWS = 300;
    private static final int COLS = 1037; // a row longer than a sum block, with a vector tail

    private static Tensor matrix(DType t, int rows, int cols, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble() * 16 - 8;
        }
        return Tensor.of(v).reshape(rows, cols).to(t);
    }

    @Test
    void eachRowIsComputedAloneWhateverTheSplit() {
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (boolean log : new boolean[] {false, true}) {
                Tensor x = matrix(t, ROWS, COLS, 1);
                Tensor all = log ? x.logSoftmax(1) : x.softmax(1);
                for (int row : new int[] {0, 1, 137, ROWS - 1}) {
                    Tensor alone = x.select(0, row).contiguous();
                    Tensor one = log ? alone.logSoftmax(0) : alone.softmax(0);
                    assertArrayEquals(one.toDoubleArray(), all.select(0, row).toDoubleArray(), t + " row " + row);
                }
            }
        }
    }

    @Test
    void simdPathsAgreeWithTheStridedPath() {
        for (boolean log : new boolean[] {false, true}) {
            Tensor x = matrix(DType.FLOAT32, ROWS, COLS, 2);
            Tensor xt = x.t().contiguous().t(); // the same values, rows now strided
            double[] rows = (log ? x.logSoftmax(1) : x.softmax(1)).toDoubleArray();
            double[] strided = (log ? xt.logSoftmax(1) : xt.softmax(1)).toDoubleArray();
            // dim 0 of the contiguous transpose runs the column path over the same rows
            double[] columns = (log ? x.t().contiguous().logSoftmax(0) : x.t().contiguous().softmax(0))
                    .t().contiguous().toDoubleArray();
            double[] ref = reference(x.to(DType.FLOAT64), log);
            for (int i = 0; i < rows.length; i++) {
                double tol = 1e-6 * Math.max(1, Math.abs(ref[i]));
                assertEquals(ref[i], rows[i], tol, "row path " + i);
                assertEquals(ref[i], strided[i], tol, "strided path " + i);
                assertEquals(ref[i], columns[i], tol, "column path " + i);
            }
        }
    }

    @Test
    void backwardMatchesTheFloat64Rules() {
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (boolean log : new boolean[] {false, true}) {
                Tensor x = matrix(t, 40, 301, 3);
                Tensor g = matrix(t, 40, 301, 4);
                Tensor y = log ? x.logSoftmax(1) : x.softmax(1);
                Tensor dx = log ? Tensor.logSoftmaxBackward(g, y, 1) : Tensor.softmaxBackward(g, y, 1);
                double[] yv = y.toDoubleArray();
                double[] gv = g.toDoubleArray();
                double[] got = dx.toDoubleArray();
                for (int r = 0; r < 40; r++) {
                    double s = 0;
                    for (int j = 0; j < 301; j++) {
                        s += log ? gv[r * 301 + j] : gv[r * 301 + j] * yv[r * 301 + j];
                    }
                    for (int j = 0; j < 301; j++) {
                        int i = r * 301 + j;
                        double e = log ? gv[i] - Math.exp(yv[i]) * s : yv[i] * (gv[i] - s);
                        assertEquals(e, got[i], (t == DType.FLOAT32 ? 1e-5 : 1e-12) * Math.max(1, Math.abs(e)),
                                t + " log " + log + " at " + i);
                    }
                }
                // The transposed (strided) gradient gives the same values.
                Tensor dxt = log ? Tensor.logSoftmaxBackward(g.t().contiguous().t(), y, 1)
                        : Tensor.softmaxBackward(g.t().contiguous().t(), y, 1);
                double[] gotT = dxt.toDoubleArray();
                for (int i = 0; i < got.length; i++) {
                    assertEquals(got[i], gotT[i], (t == DType.FLOAT32 ? 1e-5 : 1e-12) * Math.max(1, Math.abs(got[i])));
                }
            }
        }
    }

    @Test
    void aNanOrInfinityAnywhereInALongRowMakesItNan() {
        Tensor x = matrix(DType.FLOAT32, 4, COLS, 5);
        double[] v = x.toDoubleArray();
        v[5] = Double.NaN;                          // row 0: NaN in the vector body
        v[COLS + COLS - 1] = Double.POSITIVE_INFINITY; // row 1: +inf in the tail
        for (int j = 0; j < COLS; j++) {
            v[2 * COLS + j] = Double.NEGATIVE_INFINITY; // row 2: all -inf
        }
        v[3 * COLS + 7] = Double.NEGATIVE_INFINITY;  // row 3: one -inf gives 0 there
        Tensor y = Tensor.of(v).reshape(4, COLS).to(DType.FLOAT32);
        for (boolean log : new boolean[] {false, true}) {
            double[] out = (log ? y.logSoftmax(1) : y.softmax(1)).toDoubleArray();
            for (int j = 0; j < 3 * COLS; j++) {
                assertTrue(Double.isNaN(out[j]), "row " + j / COLS + " element " + j % COLS);
            }
            assertEquals(log ? Double.NEGATIVE_INFINITY : 0.0, out[3 * COLS + 7]);
            assertTrue(Double.isFinite(out[3 * COLS + 8]));
        }
    }

    @Test
    void rowsShorterThanAVectorGiveTheStridedPathsBits() {
        // 200 rows of n < 16 elements (a classifier's logits): the masked-vector rows against the
        // scalar strided loop over the same values, bit for bit, forward and backward; with a NaN,
        // an infinity and an all -inf row among them, and sizes that split over the threads.
        for (int n = 1; n < 16; n++) {
            int rows = n == 10 ? 7000 : 200;
            Tensor x = matrix(DType.FLOAT32, rows, n, 10 + n);
            double[] v = x.toDoubleArray();
            v[3 * n] = Double.NaN;
            v[5 * n + n - 1] = Double.POSITIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                v[7 * n + j] = Double.NEGATIVE_INFINITY;
            }
            v[9 * n] = Double.NEGATIVE_INFINITY;
            x = Tensor.of(v).reshape(rows, n).to(DType.FLOAT32);
            Tensor xt = x.t().contiguous().t();
            Tensor g = matrix(DType.FLOAT32, rows, n, 40 + n);
            Tensor gt = g.t().contiguous().t();
            for (boolean log : new boolean[] {false, true}) {
                Tensor y = log ? x.logSoftmax(1) : x.softmax(1);
                Tensor yt = log ? xt.logSoftmax(1) : xt.softmax(1);
                assertArrayEquals(yt.toDoubleArray(), y.toDoubleArray(), "forward n=" + n + " log " + log);
                Tensor yc = y.clone();
                Tensor ys = yc.t().contiguous().t();
                Tensor dx = log ? Tensor.logSoftmaxBackward(g, yc, 1) : Tensor.softmaxBackward(g, yc, 1);
                Tensor dxs = log ? Tensor.logSoftmaxBackward(gt, ys, 1) : Tensor.softmaxBackward(gt, ys, 1);
                assertArrayEquals(dxs.toDoubleArray(), dx.toDoubleArray(), "backward n=" + n + " log " + log);
            }
            if (n > 1) {
                double[] ref = reference(x.to(DType.FLOAT64).slice(0, 10, rows), false);
                double[] got = x.softmax(1).slice(0, 10, rows).contiguous().toDoubleArray();
                for (int i = 0; i < ref.length; i++) {
                    assertEquals(ref[i], got[i], 1e-6 * Math.max(1, Math.abs(ref[i])), "n=" + n + " at " + i);
                }
            }
        }
    }

    private static double[] reference(Tensor x, boolean log) {
        int rows = x.shape()[0];
        int cols = x.shape()[1];
        double[] v = x.toDoubleArray();
        double[] r = new double[v.length];
        for (int i = 0; i < rows; i++) {
            double m = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                m = Math.max(m, v[i * cols + j]);
            }
            double s = 0;
            for (int j = 0; j < cols; j++) {
                s += Math.exp(v[i * cols + j] - m);
            }
            for (int j = 0; j < cols; j++) {
                double z = v[i * cols + j] - m;
                r[i * cols + j] = log ? z - Math.log(s) : Math.exp(z) / s;
            }
        }
        return r;
    }
}
