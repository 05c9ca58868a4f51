package dev.panamax.tensor.cuda;

import dev.panamax.tensor.backend.Layout;
import java.util.Random;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks the row-major to column-major mapping by running the planned call through a reference
 * column-major strided-batched GEMM written from the BLAS definition, against a naive row-major product.
 */
class GemmPlanTest {

    /** Column-major {@code C = op(A)·op(B)} per batch, with leading dimensions and batch strides, as cuBLAS defines it. */
    static void referenceGemm(GemmPlan p, double[] a, long aBase, double[] b, long bBase, double[] c, long cBase) {
        assertTrue(p.lda() >= Math.max(1, p.transA() ? p.k() : p.m()), "lda too small: " + p);
        assertTrue(p.ldb() >= Math.max(1, p.transB() ? p.n() : p.k()), "ldb too small: " + p);
        assertTrue(p.ldc() >= Math.max(1, p.m()), "ldc too small: " + p);
        for (int q = 0; q < p.batch(); q++) {
            for (int i = 0; i < p.m(); i++) {
                for (int j = 0; j < p.n(); j++) {
                    double s = 0;
                    for (int l = 0; l < p.k(); l++) {
                        long ai = aBase + q * p.strideA() + (p.transA() ? l + (long) i * p.lda() : i + (long) l * p.lda());
                        long bi = bBase + q * p.strideB() + (p.transB() ? j + (long) l * p.ldb() : l + (long) j * p.ldb());
                        s += a[(int) ai] * b[(int) bi];
                    }
                    c[(int) (cBase + q * p.strideC() + i + (long) j * p.ldc())] = s;
                }
            }
        }
    }

    /** A layout of shape {@code [batch, rows, cols]} in some storage order, possibly padded and offset. */
    static Layout layout(Random r, int batch, int rows, int cols, boolean transposed, boolean broadcastBatch) {
        int pad = r.nextInt(3);
        int offset = r.nextInt(4);
        int rs;
        int cs;
        int matrix;
        if (transposed) {
            rs = 1;
            cs = rows + pad;
            matrix = cs * Math.max(cols, 1);
        } else {
            cs = 1;
            rs = cols + pad;
            matrix = rs * Math.max(rows, 1);
        }
        return Layout.of(new int[] {batch, rows, cols}, new int[] {broadcastBatch ? 0 : matrix + r.nextInt(3), rs, cs},
                offset);
    }

    static int extent(Layout l) {
        int e = l.offset() + 1;
        for (int d = 0; d < l.dim(); d++) {
            e += (l.shape()[d] - 1) * l.strides()[d];
        }
        return e;
    }

    @Test
    void plannedCallsComputeTheRowMajorProduct() {
        Random r = new Random(7);
        for (int trial = 0; trial < 400; trial++) {
            int batch = 1 + r.nextInt(3);
            int m = 1 + r.nextInt(5);
            int n = 1 + r.nextInt(5);
            int k = 1 + r.nextInt(5);
            Layout la = layout(r, batch, m, k, r.nextBoolean(), r.nextInt(4) == 0);
            Layout lb = layout(r, batch, k, n, r.nextBoolean(), r.nextInt(4) == 0);
            Layout ld = layout(r, batch, m, n, false, false);
            double[] a = new double[extent(la)];
            double[] b = new double[extent(lb)];
            for (int i = 0; i < a.length; i++) {
                a[i] = r.nextInt(19) - 9;
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = r.nextInt(19) - 9;
            }
            GemmPlan p = GemmPlan.of(la, lb, ld);
            assertNotNull(p, () -> la + " " + lb + " " + ld);
            double[] c = new double[extent(ld)];
            referenceGemm(p, b, lb.offset(), a, la.offset(), c, ld.offset());
            for (int q = 0; q < batch; q++) {
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double s = 0;
                        for (int l = 0; l < k; l++) {
                            s += a[la.indexOf(new int[] {q, i, l})] * b[lb.indexOf(new int[] {q, l, j})];
                        }
                        assertEquals(s, c[ld.indexOf(new int[] {q, i, j})], "trial " + trial + " " + p);
                    }
                }
            }
        }
    }

    @Test
    void operandsWithoutAUnitStrideNeedACopy() {
        assertNull(GemmPlan.operand(3, 4, 8, 2));
        assertNull(GemmPlan.operand(3, 4, 0, 1), "broadcast rows");
        assertEquals(new GemmPlan.Operand(false, 4), GemmPlan.operand(3, 4, 4, 1));
        assertEquals(new GemmPlan.Operand(true, 3), GemmPlan.operand(3, 4, 1, 3));
        assertEquals(new GemmPlan.Operand(false, 1), GemmPlan.operand(5, 1, 1, 99), "a column vector");
        assertEquals(new GemmPlan.Operand(false, 4), GemmPlan.operand(1, 4, 0, 1), "a single row");
        assertEquals(new GemmPlan.Operand(true, 7), GemmPlan.operand(1, 4, 0, 7), "a single strided row");
        // a column-major output cannot be written through the transposition identity
        assertNull(GemmPlan.of(Layout.contiguous(1, 2, 3), Layout.contiguous(1, 3, 2),
                Layout.of(new int[] {1, 2, 2}, new int[] {4, 1, 2}, 0)));
    }
}
