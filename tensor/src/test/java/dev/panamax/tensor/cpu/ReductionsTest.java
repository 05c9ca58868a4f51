package dev.panamax.tensor.cpu;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.Tensor;
import dev.panamax.tensor.ValuesIndices;
import dev.panamax.tensor.backend.Layout;
import dev.panamax.tensor.backend.ReduceOp;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Max and min of native (pooled) tensors, whose contiguous float runs take the SIMD path, against a
 * plain scalar reference: the first extreme (first NaN), its index and the sign of a zero, on rows
 * with NaNs in the vector body and in the tail, mixed zeros, infinities and ties.
 */
class ReductionsTest {

    private static final int ROWS = 40;
    private static final int COLS = 301; // not a multiple of any vector length: every row has a tail

    private static double[] data() {
        SplittableRandom r = new SplittableRandom(3);
        double[] v = new double[ROWS * COLS];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.round(r.nextDouble() * 40 - 20) / 4.0; // many ties
        }
        for (int j = 0; j < COLS; j++) {
            v[j] = j % 3 == 0 ? 0.0 : -0.0;             // row 0: zeros, the first is +0
            v[COLS + j] = j % 2 == 0 ? -0.0 : 0.0;      // row 1: zeros, the first is -0
            v[4 * COLS + j] = Double.NEGATIVE_INFINITY; // row 4: all -inf
            v[5 * COLS + j] = Double.POSITIVE_INFINITY; // row 5: all +inf
        }
        v[2 * COLS + 5] = Double.NaN;           // row 2: NaN in the vector body
        v[3 * COLS + COLS - 1] = Double.NaN;    // row 3: NaN in the tail
        v[6 * COLS + 40] = 1e30;                // row 6: a single extreme
        v[6 * COLS + 41] = -1e30;
        v[7 * COLS + 17] = Double.NaN;          // row 7: two NaNs
        v[7 * COLS + 200] = Double.NaN;
        v[8 * COLS + COLS - 2] = 99;            // row 8: extremes in the tail
        v[8 * COLS + COLS - 1] = -99;
        return v;
    }

    /** The scalar rule: the first NaN, else the first element beyond every earlier one. */
    private static int reference(double[] v, int from, int n, int step, boolean max) {
        int at = 0;
        for (int i = 0; i < n; i++) {
            double x = v[from + i * step];
            if (Double.isNaN(x)) {
                return i;
            }
            double b = v[from + at * step];
            if (max ? x > b : x < b) {
                at = i;
            }
        }
        return at;
    }

    private static void check(DType t, boolean max) {
        double[] v = data();
        Tensor m = Tensor.of(v, ROWS, COLS).to(t);
        double[] mv = m.toDoubleArray(); // the values as stored (float32 rounds the random ones)
        for (int dim = 0; dim < 2; dim++) {
            ValuesIndices r = max ? m.max(dim, false) : m.min(dim, false);
            double[] got = r.values().toDoubleArray();
            long[] idx = r.indices().toLongArray();
            int outputs = dim == 1 ? ROWS : COLS;
            for (int o = 0; o < outputs; o++) {
                int from = dim == 1 ? o * COLS : o;
                int n = dim == 1 ? COLS : ROWS;
                int step = dim == 1 ? 1 : COLS;
                int want = reference(mv, from, n, step, max);
                String what = t + (max ? " max" : " min") + " over dim " + dim + ", output " + o;
                assertEquals(want, idx[o], what + ": index");
                assertEquals(Double.doubleToRawLongBits(mv[from + want * step]), Double.doubleToRawLongBits(got[o]),
                        what + ": value " + got[o]);
            }
        }
        // Without indices (softmax's and logsumexp's use) and across rows of a non-contiguous view.
        Tensor view = m.narrow(1, 1, COLS - 3);
        double[] all = view.contiguous().toDoubleArray();
        int want = reference(all, 0, all.length, 1, max);
        double got = (max ? view.max() : view.min()).item();
        assertEquals(Double.doubleToRawLongBits(all[want]), Double.doubleToRawLongBits(got), t + " global over a view");
        Tensor noNaN = Tensor.of(data(), ROWS, COLS).to(t).narrow(0, 8, 1);
        double[] row = noNaN.toDoubleArray();
        assertEquals(row[reference(row, 0, row.length, 1, max)], (max ? noNaN.max() : noNaN.min()).item(), t + " row 8");
    }

    @Test
    void maxFloat32() {
        check(DType.FLOAT32, true);
    }

    @Test
    void minFloat32() {
        check(DType.FLOAT32, false);
    }

    @Test
    void maxFloat64() {
        check(DType.FLOAT64, true);
    }

    @Test
    void minFloat64() {
        check(DType.FLOAT64, false);
    }

    @Test
    void rowExtremesWithoutIndicesKeepTheFirstElement() {
        // softmax's and logsumexp's path: a row-wise max/min through the backend with no indices.
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            double[] v = data();
            CpuBackend b = CpuBackend.INSTANCE;
            var src = b.allocate(t, v.length);
            b.fromArray(v, src);
            double[] stored = b.toDoubles(src, Layout.contiguous(ROWS, COLS));
            for (boolean max : new boolean[] {true, false}) {
                var dst = b.allocate(t, ROWS);
                b.reduce(max ? ReduceOp.MAX : ReduceOp.MIN, src, Layout.contiguous(ROWS, COLS), 1, dst,
                        Layout.contiguous(ROWS), null);
                double[] got = b.toDoubles(dst, Layout.contiguous(ROWS));
                for (int o = 0; o < ROWS; o++) {
                    int want = reference(stored, o * COLS, COLS, 1, max);
                    assertEquals(Double.doubleToRawLongBits(stored[o * COLS + want]), Double.doubleToRawLongBits(got[o]),
                            t + (max ? " max" : " min") + " of row " + o + ": " + got[o]);
                }
            }
        }
    }

    @Test
    void sumsOverLeadingDimsAddEachColumnInRowOrderInDouble() {
        // the bias-gradient reduction: widths up to 20 (vector steps and tails), 100 and 301,
        // float32 and float64, native (pooled) and small heap tensors, 2-D and 3-D
        SplittableRandom r = new SplittableRandom(9);
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int k : new int[] {2, 3, 7, 8, 9, 15, 16, 17, 20, 100, 301}) { // (one column is a contiguous run: pairwise in float64)
                for (int rows : new int[] {3, 64}) {
                    double[] v = new double[rows * k];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = (r.nextDouble() - 0.5) * Math.pow(2, r.nextInt(40) - 20);
                    }
                    Tensor x = Tensor.of(v).reshape(rows, k).to(t);
                    double[] xs = x.toDoubleArray();
                    double[] expected = new double[k];
                    for (int j = 0; j < k; j++) {
                        double acc = 0;
                        for (int i = 0; i < rows; i++) {
                            acc += xs[i * k + j];
                        }
                        expected[j] = t == DType.FLOAT32 ? (float) acc : acc;
                    }
                    String what = t + " " + rows + "x" + k;
                    org.junit.jupiter.api.Assertions.assertArrayEquals(expected, x.sum(0, false).toDoubleArray(), what);
                    // the same rows as [2, rows/2 (or 1), k] summed over the first two dims
                    if (rows % 2 == 0) {
                        Tensor x3 = x.reshape(2, rows / 2, k);
                        org.junit.jupiter.api.Assertions.assertArrayEquals(expected,
                                x3.sum(new int[] {0, 1}, false).toDoubleArray(), what + " 3-D");
                    }
                }
            }
        }
    }
}
