package dev.panamax.bindings;

import static dev.panamax.bindings.SimSupport.cuda;
import static dev.panamax.bindings.SimSupport.downloadDoubles;
import static dev.panamax.bindings.SimSupport.downloadFloats;
import static dev.panamax.bindings.SimSupport.randomDoubles;
import static dev.panamax.bindings.SimSupport.randomFloats;
import static dev.panamax.bindings.SimSupport.upload;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamax.bindings.cublas.cublas_h;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.bytedeco.openblas.global.openblas;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * cuda-sim's cuBLAS against OpenBLAS (column-major CBLAS) on random shapes, leading dimensions,
 * transposes, sides, triangles and increments, so the emulation cannot share a misreading of the
 * documentation with the code it tests.
 */
class CublasSimTest {

    private static final int N = cublas_h.CUBLAS_OP_N();
    private static final int T = cublas_h.CUBLAS_OP_T();
    private static Cublas blas;
    private static MemorySegment handle;
    private final Random random = new Random(42);
    private final Arena arena = Arena.ofAuto();

    @BeforeAll
    static void init() {
        SimSupport.requireSim();
        blas = Cublas.get();
        handle = blas.create();
    }

    @AfterAll
    static void destroy() {
        if (handle != null) {
            blas.destroy(handle);
        }
    }

    @BeforeEach
    void requireSim() {
        SimSupport.requireSim();
    }

    private static int cblasOp(int op) {
        return op == N ? openblas.CblasNoTrans : openblas.CblasTrans;
    }

    private static int cblasUplo(int uplo) {
        return uplo == cublas_h.CUBLAS_FILL_MODE_UPPER() ? openblas.CblasUpper : openblas.CblasLower;
    }

    private static void close(float[] expected, float[] actual, float tolerance, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            float scale = Math.max(1, Math.abs(expected[i]));
            assertTrue(Math.abs(expected[i] - actual[i]) <= tolerance * scale,
                    what + ": element " + i + " is " + actual[i] + ", OpenBLAS gives " + expected[i]);
        }
    }

    private static void close(double[] expected, double[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            double scale = Math.max(1, Math.abs(expected[i]));
            assertTrue(Math.abs(expected[i] - actual[i]) <= tolerance * scale,
                    what + ": element " + i + " is " + actual[i] + ", OpenBLAS gives " + expected[i]);
        }
    }

    private MemorySegment f(float v) {
        return arena.allocateFrom(JAVA_FLOAT, v);
    }

    private MemorySegment d(double v) {
        return arena.allocateFrom(JAVA_DOUBLE, v);
    }

    @Test
    void gemmMatchesOpenBlasOverShapesTransposesAndLeadingDimensions() {
        for (int trial = 0; trial < 48; trial++) {
            int m = 1 + random.nextInt(23);
            int n = 1 + random.nextInt(23);
            int k = 1 + random.nextInt(23);
            int ta = random.nextBoolean() ? N : T;
            int tb = random.nextBoolean() ? N : T;
            int lda = (ta == N ? m : k) + random.nextInt(4);
            int ldb = (tb == N ? k : n) + random.nextInt(4);
            int ldc = m + random.nextInt(4);
            int aCols = ta == N ? k : m;
            int bCols = tb == N ? n : k;
            String what = "gemm " + trial + " m=" + m + " n=" + n + " k=" + k + " ta=" + ta + " tb=" + tb;
            if (trial % 2 == 0) {
                float[] a = randomFloats(random, lda * aCols);
                float[] b = randomFloats(random, ldb * bCols);
                float[] c = randomFloats(random, ldc * n);
                float alpha = random.nextFloat() * 2 - 1;
                float beta = trial % 3 == 0 ? 0 : random.nextFloat();
                MemorySegment da = upload(a);
                MemorySegment db = upload(b);
                MemorySegment dc = upload(c);
                blas.sgemm(handle, ta, tb, m, n, k, alpha, da, lda, db, ldb, beta, dc, ldc);
                openblas.cblas_sgemm(openblas.CblasColMajor, cblasOp(ta), cblasOp(tb), m, n, k, alpha, a, lda, b, ldb,
                        beta, c, ldc);
                close(c, downloadFloats(dc, c.length), 1e-5f, what);
                cuda().free(da);
                cuda().free(db);
                cuda().free(dc);
            } else {
                double[] a = randomDoubles(random, lda * aCols);
                double[] b = randomDoubles(random, ldb * bCols);
                double[] c = randomDoubles(random, ldc * n);
                double alpha = random.nextDouble() * 2 - 1;
                double beta = trial % 3 == 0 ? 0 : random.nextDouble();
                MemorySegment da = upload(a);
                MemorySegment db = upload(b);
                MemorySegment dc = upload(c);
                blas.dgemm(handle, ta, tb, m, n, k, alpha, da, lda, db, ldb, beta, dc, ldc);
                openblas.cblas_dgemm(openblas.CblasColMajor, cblasOp(ta), cblasOp(tb), m, n, k, alpha, a, lda, b, ldb,
                        beta, c, ldc);
                close(c, downloadDoubles(dc, c.length), 1e-12, what);
                cuda().free(da);
                cuda().free(db);
                cuda().free(dc);
            }
        }
    }

    @Test
    void betaZeroNeverReadsC() {
        float[] a = randomFloats(random, 12);
        float[] b = randomFloats(random, 12);
        float[] c = new float[9];
        java.util.Arrays.fill(c, Float.NaN);
        MemorySegment da = upload(a);
        MemorySegment db = upload(b);
        MemorySegment dc = upload(c);
        blas.sgemm(handle, N, N, 3, 3, 4, 1f, da, 3, db, 4, 0f, dc, 3);
        for (float v : downloadFloats(dc, 9)) {
            assertTrue(Float.isFinite(v));
        }
        cuda().free(da);
        cuda().free(db);
        cuda().free(dc);
    }

    @Test
    void stridedAndPointerArrayBatchesMatchOneGemmPerMatrix() {
        int m = 5;
        int n = 4;
        int k = 3;
        int batches = 3;
        float[] a = randomFloats(random, m * k * batches);
        float[] b = randomFloats(random, k * n * batches);
        float[] c = new float[m * n * batches];
        MemorySegment da = upload(a);
        MemorySegment db = upload(b);
        MemorySegment dc = upload(c);
        assertEquals(0, cublas_h.cublasSgemmStridedBatched(handle, N, N, m, n, k, f(1), da, m, m * k, db, k, k * n, f(0),
                dc, m, m * n, batches));
        float[] expected = c.clone();
        for (int i = 0; i < batches; i++) {
            float[] ai = java.util.Arrays.copyOfRange(a, i * m * k, (i + 1) * m * k);
            float[] bi = java.util.Arrays.copyOfRange(b, i * k * n, (i + 1) * k * n);
            float[] ci = new float[m * n];
            openblas.cblas_sgemm(openblas.CblasColMajor, openblas.CblasNoTrans, openblas.CblasNoTrans, m, n, k, 1, ai, m,
                    bi, k, 0, ci, m);
            System.arraycopy(ci, 0, expected, i * m * n, m * n);
        }
        close(expected, downloadFloats(dc, c.length), 1e-5f, "gemmStridedBatched");
        // The same through device arrays of device pointers.
        MemorySegment dc2 = upload(new float[c.length]);
        MemorySegment pointers = cuda().malloc(3L * batches * 8);
        try (Arena host = Arena.ofConfined()) {
            MemorySegment list = host.allocate(ADDRESS, 3L * batches);
            for (int i = 0; i < batches; i++) {
                list.setAtIndex(ADDRESS, i, MemorySegment.ofAddress(da.address() + 4L * i * m * k));
                list.setAtIndex(ADDRESS, batches + i, MemorySegment.ofAddress(db.address() + 4L * i * k * n));
                list.setAtIndex(ADDRESS, 2 * batches + i, MemorySegment.ofAddress(dc2.address() + 4L * i * m * n));
            }
            cuda().memcpy(pointers, list, 3L * batches * 8, dev.panamax.bindings.cudart.cudart_h.cudaMemcpyHostToDevice());
        }
        MemorySegment p = pointers.reinterpret(3L * batches * 8);
        assertEquals(0, cublas_h.cublasSgemmBatched(handle, N, N, m, n, k, f(1), p, m, p.asSlice(8L * batches), k, f(0),
                p.asSlice(16L * batches), m, batches));
        close(expected, downloadFloats(dc2, c.length), 1e-5f, "gemmBatched");
        for (MemorySegment s : new MemorySegment[] {da, db, dc, dc2, pointers}) {
            cuda().free(s);
        }
    }

    @Test
    void levelTwoMatchesOpenBlas() {
        for (int trial = 0; trial < 20; trial++) {
            int m = 1 + random.nextInt(17);
            int n = 1 + random.nextInt(17);
            int trans = random.nextBoolean() ? N : T;
            int lda = m + random.nextInt(3);
            int incx = (random.nextBoolean() ? 1 : -1) * (1 + random.nextInt(2));
            int incy = 1 + random.nextInt(2);
            int lx = trans == N ? n : m;
            int ly = trans == N ? m : n;
            double[] a = randomDoubles(random, lda * n);
            double[] x = randomDoubles(random, lx * Math.abs(incx));
            double[] y = randomDoubles(random, ly * incy);
            MemorySegment da = upload(a);
            MemorySegment dx = upload(x);
            MemorySegment dy = upload(y);
            blas.dgemv(handle, trans, m, n, 0.7, da, lda, dx, incx, 0.3, dy, incy);
            openblas.cblas_dgemv(openblas.CblasColMajor, cblasOp(trans), m, n, 0.7, a, lda, x, incx, 0.3, y, incy);
            close(y, downloadDoubles(dy, y.length), 1e-12, "gemv " + trial);
            // ger: A += alpha x y^T with x of length m, y of length n
            double[] gx = randomDoubles(random, m);
            double[] gy = randomDoubles(random, n);
            MemorySegment dgx = upload(gx);
            MemorySegment dgy = upload(gy);
            assertEquals(0, cublas_h.cublasDger_v2(handle, m, n, d(1.5), dgx, 1, dgy, 1, da, lda));
            openblas.cblas_dger(openblas.CblasColMajor, m, n, 1.5, gx, 1, gy, 1, a, lda);
            close(a, downloadDoubles(da, a.length), 1e-12, "ger " + trial);
            // trsv and symv on the leading n x n square (use a well-conditioned triangle)
            int s = Math.min(m, n);
            int uplo = random.nextBoolean() ? cublas_h.CUBLAS_FILL_MODE_UPPER() : cublas_h.CUBLAS_FILL_MODE_LOWER();
            int diag = random.nextBoolean() ? cublas_h.CUBLAS_DIAG_UNIT() : cublas_h.CUBLAS_DIAG_NON_UNIT();
            for (int i = 0; i < s; i++) {
                a[i + i * lda] = 4 + random.nextDouble();
            }
            cuda().free(da);
            da = upload(a);
            double[] v = randomDoubles(random, s);
            MemorySegment dv = upload(v);
            assertEquals(0, cublas_h.cublasDtrsv_v2(handle, uplo, trans, diag, s, da, lda, dv, 1));
            openblas.cblas_dtrsv(openblas.CblasColMajor, cblasUplo(uplo), cblasOp(trans),
                    diag == cublas_h.CUBLAS_DIAG_UNIT() ? openblas.CblasUnit : openblas.CblasNonUnit, s, a, lda, v, 1);
            close(v, downloadDoubles(dv, s), 1e-10, "trsv " + trial);
            double[] sy = randomDoubles(random, s);
            MemorySegment dsy = upload(sy);
            assertEquals(0, cublas_h.cublasDsymv_v2(handle, uplo, s, d(0.5), da, lda, dv, 1, d(0), dsy, 1));
            openblas.cblas_dsymv(openblas.CblasColMajor, cblasUplo(uplo), s, 0.5, a, lda, v, 1, 0, sy, 1);
            close(sy, downloadDoubles(dsy, s), 1e-10, "symv " + trial);
            for (MemorySegment seg : new MemorySegment[] {da, dx, dy, dgx, dgy, dv, dsy}) {
                cuda().free(seg);
            }
        }
    }

    @Test
    void levelOneMatchesOpenBlas() {
        for (int trial = 0; trial < 20; trial++) {
            int n = 1 + random.nextInt(40);
            int incx = (trial % 3 == 0 ? -1 : 1) * (1 + random.nextInt(3));
            int incy = 1 + random.nextInt(3);
            float[] x = randomFloats(random, n * Math.abs(incx));
            float[] y = randomFloats(random, n * incy);
            MemorySegment dx = upload(x);
            MemorySegment dy = upload(y);
            assertEquals(openblas.cblas_sdot(n, x, incx, y, incy), blas.sdot(handle, n, dx, incx, dy, incy), 1e-5f);
            blas.saxpy(handle, n, 0.25f, dx, incx, dy, incy);
            openblas.cblas_saxpy(n, 0.25f, x, incx, y, incy);
            close(y, downloadFloats(dy, y.length), 1e-6f, "axpy " + trial);
            int pos = Math.abs(incx);
            assertEquals(openblas.cblas_snrm2(n, x, pos), blas.snrm2(handle, n, dx, pos), 1e-5f);
            assertEquals(openblas.cblas_isamax(n, x, pos) + 1, blas.isamax(handle, n, dx, pos), "1-based amax");
            try (Arena host = Arena.ofConfined()) {
                MemorySegment out = host.allocate(JAVA_FLOAT);
                assertEquals(0, cublas_h.cublasSasum_v2(handle, n, dx, pos, out));
                assertEquals(openblas.cblas_sasum(n, x, pos), out.get(JAVA_FLOAT, 0), 1e-5f);
                MemorySegment index = host.allocate(JAVA_INT);
                assertEquals(0, cublas_h.cublasIsamin_v2(handle, n, dx, pos, index));
                int smallest = 0; // OpenBLAS's CBLAS has no isamin: the first index of the smallest |x|
                for (int i = 1; i < n; i++) {
                    smallest = Math.abs(x[i * pos]) < Math.abs(x[smallest * pos]) ? i : smallest;
                }
                assertEquals(smallest + 1, index.get(JAVA_INT, 0));
            }
            blas.sscal(handle, n, -2f, dx, pos);
            openblas.cblas_sscal(n, -2f, x, pos);
            close(x, downloadFloats(dx, x.length), 0, "scal " + trial);
            cuda().free(dx);
            cuda().free(dy);
        }
    }

    @Test
    void levelThreeTriangularAndSymmetricMatchOpenBlas() {
        int[] sides = {cublas_h.CUBLAS_SIDE_LEFT(), cublas_h.CUBLAS_SIDE_RIGHT()};
        int[] uplos = {cublas_h.CUBLAS_FILL_MODE_LOWER(), cublas_h.CUBLAS_FILL_MODE_UPPER()};
        int[] diags = {cublas_h.CUBLAS_DIAG_NON_UNIT(), cublas_h.CUBLAS_DIAG_UNIT()};
        for (int side : sides) {
            for (int uplo : uplos) {
                for (int trans : new int[] {N, T}) {
                    for (int diag : diags) {
                        int m = 2 + random.nextInt(9);
                        int n = 2 + random.nextInt(9);
                        boolean left = side == cublas_h.CUBLAS_SIDE_LEFT();
                        int ka = left ? m : n;
                        int lda = ka + random.nextInt(3);
                        int ldb = m + random.nextInt(3);
                        double[] a = randomDoubles(random, lda * ka);
                        for (int i = 0; i < ka; i++) {
                            a[i + i * lda] = 3 + random.nextDouble();
                        }
                        double[] b = randomDoubles(random, ldb * n);
                        MemorySegment da = upload(a);
                        MemorySegment db = upload(b);
                        String what = "side=" + side + " uplo=" + uplo + " trans=" + trans + " diag=" + diag;
                        int cSide = left ? openblas.CblasLeft : openblas.CblasRight;
                        int cDiag = diag == cublas_h.CUBLAS_DIAG_UNIT() ? openblas.CblasUnit : openblas.CblasNonUnit;
                        assertEquals(0, cublas_h.cublasDtrsm_v2(handle, side, uplo, trans, diag, m, n, d(1.5), da, lda,
                                db, ldb));
                        double[] solved = b.clone();
                        openblas.cblas_dtrsm(openblas.CblasColMajor, cSide, cblasUplo(uplo), cblasOp(trans), cDiag, m,
                                n, 1.5, a, lda, solved, ldb);
                        close(solved, downloadDoubles(db, b.length), 1e-10, "trsm " + what);
                        // trmm out of place into C, against OpenBLAS's in-place trmm on a copy of B.
                        MemorySegment dc = upload(new double[ldb * n]);
                        assertEquals(0, cublas_h.cublasDtrmm_v2(handle, side, uplo, trans, diag, m, n, d(0.5), da, lda,
                                db, ldb, dc, ldb));
                        double[] product = solved.clone();
                        openblas.cblas_dtrmm(openblas.CblasColMajor, cSide, cblasUplo(uplo), cblasOp(trans), cDiag, m,
                                n, 0.5, a, lda, product, ldb);
                        double[] got = downloadDoubles(dc, product.length);
                        for (int j = 0; j < n; j++) {
                            for (int i = m; i < ldb; i++) {
                                got[i + j * ldb] = product[i + j * ldb]; /* rows past m are not part of C */
                            }
                        }
                        close(product, got, 1e-12, "trmm " + what);
                        // symm with the same triangle
                        double[] c = randomDoubles(random, ldb * n);
                        MemorySegment dc2 = upload(c);
                        assertEquals(0, cublas_h.cublasDsymm_v2(handle, side, uplo, m, n, d(0.75), da, lda, db, ldb,
                                d(0.25), dc2, ldb));
                        openblas.cblas_dsymm(openblas.CblasColMajor, cSide, cblasUplo(uplo), m, n, 0.75, a, lda, solved,
                                ldb, 0.25, c, ldb);
                        close(c, downloadDoubles(dc2, c.length), 1e-12, "symm " + what);
                        // syrk: C (n x n) = op(A) op(A)^T with A n x k (N) or k x n (T)
                        int k = 1 + random.nextInt(6);
                        int ldk = (trans == N ? n : k) + 1;
                        double[] ak = randomDoubles(random, ldk * (trans == N ? k : n));
                        double[] ck = randomDoubles(random, n * n);
                        MemorySegment dak = upload(ak);
                        MemorySegment dck = upload(ck);
                        assertEquals(0, cublas_h.cublasDsyrk_v2(handle, uplo, trans, n, k, d(1.25), dak, ldk, d(0.5),
                                dck, n));
                        openblas.cblas_dsyrk(openblas.CblasColMajor, cblasUplo(uplo), cblasOp(trans), n, k, 1.25, ak, ldk,
                                0.5, ck, n);
                        close(ck, downloadDoubles(dck, ck.length), 1e-12, "syrk " + what);
                        for (MemorySegment s : new MemorySegment[] {da, db, dc, dc2, dak, dck}) {
                            cuda().free(s);
                        }
                    }
                }
            }
        }
    }

    @Test
    void geamTransposesAndAdds() {
        int m = 4;
        int n = 3;
        float[] a = randomFloats(random, n * m); // A is n x m, used transposed
        float[] b = randomFloats(random, m * n);
        MemorySegment da = upload(a);
        MemorySegment db = upload(b);
        MemorySegment dc = upload(new float[m * n]);
        assertEquals(0, cublas_h.cublasSgeam(handle, T, N, m, n, f(2), da, n, f(-1), db, m, dc, m));
        float[] c = downloadFloats(dc, m * n);
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                assertEquals(2 * a[j + i * n] - b[i + j * m], c[i + j * m], 1e-6f);
            }
        }
        for (MemorySegment s : new MemorySegment[] {da, db, dc}) {
            cuda().free(s);
        }
    }

    @Test
    void invalidArgumentsAreRejectedAsDocumented() {
        int invalid = cublas_h.CUBLAS_STATUS_INVALID_VALUE();
        MemorySegment a = upload(new float[64]);
        assertEquals(invalid, cublas_h.cublasSgemm_v2(handle, N, N, -1, 2, 2, f(1), a, 2, a, 2, f(0), a, 2));
        assertEquals(invalid, cublas_h.cublasSgemm_v2(handle, N, N, 4, 2, 2, f(1), a, 3, a, 2, f(0), a, 4), "lda < m");
        assertEquals(invalid, cublas_h.cublasSgemm_v2(handle, T, N, 4, 2, 3, f(1), a, 2, a, 3, f(0), a, 4), "lda < k");
        assertEquals(invalid, cublas_h.cublasSgemm_v2(handle, 7, N, 4, 2, 3, f(1), a, 4, a, 3, f(0), a, 4), "op");
        assertEquals(invalid, cublas_h.cublasSgemv_v2(handle, N, 2, 2, f(1), a, 2, a, 0, f(0), a, 1), "incx = 0");
        assertEquals(invalid, cublas_h.cublasStrsm_v2(handle, 0, 2, N, 0, 2, 2, f(1), a, 2, a, 2), "FULL fill mode");
        assertEquals(cublas_h.CUBLAS_STATUS_NOT_INITIALIZED(),
                cublas_h.cublasSgemm_v2(MemorySegment.NULL, N, N, 1, 1, 1, f(1), a, 1, a, 1, f(0), a, 1));
        // A matrix larger than its allocation: the GPU would read out of bounds.
        assertEquals(cublas_h.CUBLAS_STATUS_EXECUTION_FAILED(),
                cublas_h.cublasSgemm_v2(handle, N, N, 16, 16, 16, f(1), a, 16, a, 16, f(0), a, 16));
        cuda().free(a);
        assertEquals("CUBLAS_STATUS_INVALID_VALUE", blas.statusName(invalid));
        assertEquals("13.0.0", blas.version());
    }

    @Test
    void tf32MathRoundsSingleProductInputs() {
        float x = 1 + 1f / (1 << 12); // not representable with 10 mantissa bits
        MemorySegment a = upload(new float[] {x});
        MemorySegment b = upload(new float[] {1});
        MemorySegment c = upload(new float[] {0});
        blas.sgemm(handle, N, N, 1, 1, 1, 1f, a, 1, b, 1, 0f, c, 1);
        assertEquals(x, downloadFloats(c, 1)[0]);
        blas.setMathMode(handle, cublas_h.CUBLAS_TF32_TENSOR_OP_MATH());
        blas.sgemm(handle, N, N, 1, 1, 1, 1f, a, 1, b, 1, 0f, c, 1);
        blas.setMathMode(handle, cublas_h.CUBLAS_DEFAULT_MATH());
        assertEquals(1f, downloadFloats(c, 1)[0]);
        cuda().free(a);
        cuda().free(b);
        cuda().free(c);
    }
}
