package dev.panamax.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Checks {@link Gemm} against a naive triple loop that accumulates in double. */
class GemmTest {

    /** How a matrix view is laid out in its segment. */
    private enum Layout {
        ROW, COL, STRIDED, REVERSED, BROADCAST_ROWS, BROADCAST_COLS;

        static final Layout[] OUTPUTS = {ROW, COL, STRIDED, REVERSED};
    }

    /** A rows×cols view: element (i, j) at index {@code off + i*rs + j*cs} of {@code seg}. */
    private record View(MemorySegment seg, long off, long rs, long cs, int rows, int cols,
            boolean dbl) {

        long index(int i, int j) {
            return off + i * rs + j * cs;
        }

        long size() {
            return seg.byteSize() / (dbl ? Double.BYTES : Float.BYTES);
        }

        double get(long idx) {
            return dbl ? seg.getAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, idx)
                    : seg.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, idx);
        }

        void set(long idx, double v) {
            if (dbl) {
                seg.setAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, idx, v);
            } else {
                seg.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, idx, (float) v);
            }
        }

        double at(int i, int j) {
            return get(index(i, j));
        }

        double[][] toArray() {
            double[][] out = new double[rows][cols];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    out[i][j] = at(i, j);
                }
            }
            return out;
        }

        double[][] transposedToArray() {
            double[][] out = new double[cols][rows];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    out[j][i] = at(i, j);
                }
            }
            return out;
        }

        double[] snapshot() {
            double[] all = new double[(int) size()];
            for (int t = 0; t < all.length; t++) {
                all[t] = get(t);
            }
            return all;
        }
    }

    /** Allocates a view with a random offset and padding, filling the whole segment randomly. */
    private static View view(Arena arena, Random rnd, Layout layout, int rows, int cols,
            boolean dbl) {
        int pad = rnd.nextInt(4);
        long rs;
        long cs;
        switch (layout) {
            case ROW -> {
                rs = cols + pad;
                cs = 1;
            }
            case COL -> {
                rs = 1;
                cs = rows + pad;
            }
            case STRIDED -> {
                cs = 2 + rnd.nextInt(2);
                rs = (long) cols * cs + pad;
            }
            case REVERSED -> {
                rs = -(cols + pad);
                cs = 1;
            }
            case BROADCAST_ROWS -> {
                rs = 0;
                cs = 1;
            }
            default -> {
                rs = 1;
                cs = 0;
            }
        }
        long rowSpan = (Math.max(rows, 1) - 1L) * rs;
        long colSpan = (Math.max(cols, 1) - 1L) * cs;
        long lead = rnd.nextInt(19);
        long off = lead - Math.min(0, rowSpan) - Math.min(0, colSpan);
        long size = off + Math.max(0, rowSpan) + Math.max(0, colSpan) + 1 + rnd.nextInt(5);
        MemorySegment seg = arena.allocate(size * (dbl ? Double.BYTES : Float.BYTES), 64);
        View v = new View(seg, off, rs, cs, rows, cols, dbl);
        for (long t = 0; t < size; t++) {
            v.set(t, rnd.nextDouble() * 2 - 1);
        }
        return v;
    }

    private static void gemm(double alpha, View a, View b, double beta, View c, int k) {
        if (c.dbl) {
            Gemm.dgemm(c.rows, c.cols, k, alpha, a.seg, a.off, a.rs, a.cs, b.seg, b.off, b.rs,
                    b.cs, beta, c.seg, c.off, c.rs, c.cs);
        } else {
            Gemm.sgemm(c.rows, c.cols, k, (float) alpha, a.seg, a.off, a.rs, a.cs, b.seg, b.off,
                    b.rs, b.cs, (float) beta, c.seg, c.off, c.rs, c.cs);
        }
    }

    /**
     * Runs one product and checks every element of C against the reference and every other
     * element of C's segment for being untouched.
     */
    private static void check(Random rnd, int m, int n, int k, Layout la, Layout lb, Layout lc,
            double alpha, double beta, boolean dbl) {
        String what = (dbl ? "dgemm" : "sgemm") + " m=" + m + " n=" + n + " k=" + k + " A=" + la
                + " B=" + lb + " C=" + lc + " alpha=" + alpha + " beta=" + beta;
        if (!dbl) {
            alpha = (float) alpha;
            beta = (float) beta;
        }
        try (Arena arena = Arena.ofConfined()) {
            View a = view(arena, rnd, la, m, k, dbl);
            View b = view(arena, rnd, lb, k, n, dbl);
            View c = view(arena, rnd, lc, m, n, dbl);
            if (beta == 0) {
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        c.set(c.index(i, j), Double.NaN);
                    }
                }
            }
            double[] before = c.snapshot();
            boolean[] inView = new boolean[before.length];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    inView[(int) c.index(i, j)] = true;
                }
            }
            double[][] ad = a.toArray();
            double[][] bt = b.transposedToArray();
            gemm(alpha, a, b, beta, c, k);
            double tol = (dbl ? 1e-12 : 1e-5) * Math.sqrt(Math.max(k, 1));
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    double mag = 0;
                    double[] ai = ad[i];
                    double[] bj = bt[j];
                    for (int p = 0; p < k; p++) {
                        double x = ai[p] * bj[p];
                        sum += x;
                        mag += Math.abs(x);
                    }
                    double c0 = before[(int) c.index(i, j)];
                    double want = alpha * sum + (beta == 0 ? 0 : beta * c0);
                    double scale = Math.abs(alpha) * mag + (beta == 0 ? 0 : Math.abs(beta * c0));
                    double got = c.at(i, j);
                    if (!(Math.abs(got - want) <= tol * scale + Double.MIN_NORMAL)) {
                        fail(what + ": C(" + i + "," + j + ") = " + got + ", expected " + want);
                    }
                }
            }
            double[] after = c.snapshot();
            for (int t = 0; t < after.length; t++) {
                if (!inView[t] && Double.doubleToRawLongBits(after[t])
                        != Double.doubleToRawLongBits(before[t])) {
                    fail(what + ": element " + t + " outside C changed");
                }
            }
        }
    }

    private static final int[] SIZES = {1, 2, 3, 5, 7, 8, 13, 16, 17, 29, 31, 32, 33, 47, 64, 97,
        128, 131, 173, 211, 257, 300};

    private static int size(Random rnd, int max) {
        int s;
        do {
            s = SIZES[rnd.nextInt(SIZES.length)];
        } while (s > max);
        return s;
    }

    private static double pick(Random rnd, double... choices) {
        int i = rnd.nextInt(choices.length + 1);
        return i < choices.length ? choices[i] : rnd.nextDouble() * 4 - 2;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void randomShapesLayoutsAndScales(boolean dbl) {
        Random rnd = new Random(dbl ? 11 : 7);
        Layout[] all = Layout.values();
        for (int t = 0; t < 250; t++) {
            int m = size(rnd, 300);
            int n = size(rnd, 300);
            int k = size(rnd, (int) Math.min(300, 4_000_000L / ((long) m * n) + 1));
            check(rnd, m, n, k, all[rnd.nextInt(all.length)], all[rnd.nextInt(all.length)],
                    Layout.OUTPUTS[rnd.nextInt(Layout.OUTPUTS.length)],
                    pick(rnd, 1, -1, 0.5), pick(rnd, 0, 1, 0), dbl);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void everyTransposeCombination(boolean dbl) {
        Random rnd = new Random(3);
        for (Layout la : new Layout[] {Layout.ROW, Layout.COL}) {
            for (Layout lb : new Layout[] {Layout.ROW, Layout.COL}) {
                for (Layout lc : new Layout[] {Layout.ROW, Layout.COL}) {
                    check(rnd, 67, 45, 83, la, lb, lc, 1.5, 0.75, dbl);
                    check(rnd, 229, 251, 199, la, lb, lc, -1, 0, dbl);
                }
            }
        }
    }

    /**
     * The training loops' shapes (one side of 64 or 10, depth 64) in every orientation of A and
     * B: the 8- and 4-row and one-vector-wide remainder kernels, the transposing packs of a
     * row-major A and a column-major B, and the row and column thread splits.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void trainingLoopShapesInEveryOrientation(boolean dbl) {
        Random rnd = new Random(13);
        int[][] shapes = {{64, 100, 1000}, {1000, 100, 64}, {64, 100, 784}, {100, 784, 64},
            {64, 10, 100}, {100, 10, 64}, {64, 100, 10}, {10, 100, 64}};
        for (int[] s : shapes) {
            for (Layout la : new Layout[] {Layout.ROW, Layout.COL}) {
                for (Layout lb : new Layout[] {Layout.ROW, Layout.COL}) {
                    check(rnd, s[0], s[1], s[2], la, lb, Layout.ROW, 1, 0, dbl);
                }
            }
        }
        check(rnd, 64, 100, 1000, Layout.ROW, Layout.COL, Layout.COL, -0.5, 0.25, dbl);
        check(rnd, 100, 64, 784, Layout.STRIDED, Layout.REVERSED, Layout.ROW, 2, 1, dbl);
    }

    /** Every remainder of rows, columns and depth around the micro-tile and vector sizes. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void remainderTilesAndDepths(boolean dbl) {
        Random rnd = new Random(17);
        Layout[] ab = {Layout.ROW, Layout.COL};
        for (int m : new int[] {4, 5, 8, 9, 12, 13, 14, 15, 18, 22, 26, 27, 32, 36}) {
            for (int n : new int[] {9, 16, 17, 31, 33, 38, 48, 50, 72}) {
                // Deep enough to take the packed path (more than 20³ multiply-adds).
                int k = new int[] {15, 16, 17, 31, 33, 64}[rnd.nextInt(6)];
                k = Math.max(k, 8001 / (m * n) + 1 + rnd.nextInt(3));
                check(rnd, m, n, k, ab[rnd.nextInt(2)], ab[rnd.nextInt(2)], Layout.ROW,
                        pick(rnd, 1, -1.5), pick(rnd, 0, 1), dbl);
            }
        }
    }

    /** Shapes that cross the cache blocks and the thread split in each direction. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void crossesEveryBlockBoundary(boolean dbl) {
        Random rnd = new Random(5);
        check(rnd, 301, 77, 1100, Layout.ROW, Layout.ROW, Layout.ROW, 1, 1, dbl);
        check(rnd, 350, 290, 300, Layout.ROW, Layout.COL, Layout.ROW, 1, 0, dbl);
        check(rnd, 23, 2100, 70, Layout.ROW, Layout.ROW, Layout.ROW, 0.5, 2, dbl);
        check(rnd, 41, 2113, 97, Layout.STRIDED, Layout.COL, Layout.STRIDED, -2, 0, dbl);
        check(rnd, 260, 33, 600, Layout.COL, Layout.STRIDED, Layout.COL, 1, -0.5, dbl);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void matrixVectorAndDotProducts(boolean dbl) {
        Random rnd = new Random(9);
        Layout[] all = Layout.values();
        int[] lengths = {1, 2, 15, 16, 17, 33, 100, 301, 777};
        for (int t = 0; t < 80; t++) {
            int m = lengths[rnd.nextInt(lengths.length)];
            int k = lengths[rnd.nextInt(lengths.length)];
            boolean column = rnd.nextBoolean();
            Layout la = all[rnd.nextInt(all.length)];
            Layout lb = all[rnd.nextInt(all.length)];
            Layout lc = Layout.OUTPUTS[rnd.nextInt(Layout.OUTPUTS.length)];
            double alpha = pick(rnd, 1, -3);
            double beta = pick(rnd, 0, 1);
            if (column) {
                check(rnd, m, 1, k, la, lb, lc, alpha, beta, dbl);
            } else {
                check(rnd, 1, m, k, la, lb, lc, alpha, beta, dbl);
            }
        }
        check(rnd, 1, 1, 1, Layout.ROW, Layout.ROW, Layout.ROW, 2, 0, dbl);
        check(rnd, 1, 1, 1000, Layout.STRIDED, Layout.COL, Layout.ROW, 1, 1, dbl);
        check(rnd, 5000, 1, 900, Layout.ROW, Layout.ROW, Layout.ROW, 1, 0, dbl);
        check(rnd, 5000, 1, 900, Layout.COL, Layout.STRIDED, Layout.REVERSED, 1, 0.5, dbl);
        check(rnd, 1, 4500, 1000, Layout.ROW, Layout.ROW, Layout.ROW, -1, 1, dbl);
        check(rnd, 1, 4500, 1000, Layout.COL, Layout.COL, Layout.COL, 1, 0, dbl);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void emptyDepthScalesC(boolean dbl) {
        Random rnd = new Random(13);
        for (double beta : new double[] {0, 1, 2.5, -1}) {
            for (Layout lc : Layout.OUTPUTS) {
                check(rnd, 7, 9, 0, Layout.ROW, Layout.ROW, lc, 1, beta, dbl);
                check(rnd, 40, 1, 0, Layout.COL, Layout.ROW, lc, 2, beta, dbl);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void zeroAlphaIgnoresNaNsInOperands(boolean dbl) {
        try (Arena arena = Arena.ofConfined()) {
            Random rnd = new Random(17);
            View a = view(arena, rnd, Layout.ROW, 5, 6, dbl);
            View b = view(arena, rnd, Layout.ROW, 6, 4, dbl);
            View c = view(arena, rnd, Layout.ROW, 5, 4, dbl);
            a.set(a.index(2, 3), Double.NaN);
            b.set(b.index(1, 1), Double.POSITIVE_INFINITY);
            double c12 = c.at(1, 2);
            gemm(0, a, b, -2, c, 6);
            assertEquals(dbl ? -2 * c12 : -2 * (float) c12, c.at(1, 2), 0);
            gemm(0, a, b, 0, c, 6);
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 4; j++) {
                    assertEquals(0, c.at(i, j), 0);
                }
            }
        }
    }

    /**
     * A small C with a long depth is split over k (each thread packs only its slices of A and
     * B, the partial products are summed at the end); a tall C with a short depth over rows.
     */
    @Test
    void depthSplitChosenForSmallOutputsWithLongDepth() {
        assertEquals(GemmF32.Split.DEPTH, GemmF32.split(64, 100, 1000, 2, true, true));
        assertEquals(GemmF32.Split.ROWS, GemmF32.split(1000, 100, 64, 2, true, true));
        assertEquals(GemmF32.Split.ROWS, GemmF32.split(64, 100, 100, 2, true, true));
        assertEquals(GemmF32.Split.ROWS, GemmF32.split(2000, 2000, 2000, 2, true, true));
    }

    @Test
    void depthSplitSumsEverySliceWithBetaAndEveryOutputLayout() {
        Random rnd = new Random(31);
        int[][] shapes = {{64, 100, 1000}, {100, 64, 784}, {10, 10, 5000}, {3, 200, 300},
            {33, 17, 129}, {64, 100, 1000 + 13}};
        for (int[] s : shapes) {
            for (Layout lc : Layout.OUTPUTS) {
                check(rnd, s[0], s[1], s[2], Layout.ROW, Layout.ROW, lc, 1, 0, false);
                check(rnd, s[0], s[1], s[2], Layout.COL, Layout.STRIDED, lc, -0.5, 0.75, false);
            }
        }
    }

    /**
     * Small products with a small B (only B packed, A read in place): rows in blocks of four and
     * a remainder, one and two vectors wide, every layout of A, B and C, with and without beta.
     */
    @Test
    void smallProductsPackingOnlyB() {
        Random rnd = new Random(37);
        int[][] shapes = {{64, 10, 100}, {100, 10, 64}, {64, 100, 10}, {10, 100, 64},
            {7, 33, 50}, {9, 17, 41}, {6, 48, 31}, {3, 20, 200}};
        Layout[] all = Layout.values();
        for (int[] s : shapes) {
            for (Layout lc : Layout.OUTPUTS) {
                check(rnd, s[0], s[1], s[2], all[rnd.nextInt(all.length)],
                        all[rnd.nextInt(all.length)], lc, 1, 0, false);
                check(rnd, s[0], s[1], s[2], Layout.COL, Layout.COL, lc, -1.5, 0.5, false);
                check(rnd, s[0], s[1], s[2], Layout.ROW, Layout.ROW, lc, 2, 1, false);
            }
        }
    }

    /**
     * Operands both contiguous along the depth (A row-major, B stored transposed, as in a linear
     * layer's {@code x·Wᵀ}) take the unpacked dot-product path on AVX-512: ragged rows and
     * columns around its 4×4 blocks, reversed rows, a broadcast column, every output layout, with
     * and without alpha and beta.
     */
    @Test
    void dotProductPathForDepthContiguousOperands() {
        assertEquals(jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length() == 16, GemmF32Dot.suits(64, 100, 784, 1, 1));
        assertEquals(false, GemmF32Dot.suits(64, 100, 100, 1, 1)); // k not a multiple of 16
        assertEquals(false, GemmF32Dot.suits(64, 100, 784, 100, 1)); // A not contiguous along k
        assertEquals(false, GemmF32Dot.suits(1024, 1024, 1024, 1, 1)); // large: packed path
        assertEquals(false, GemmF32Dot.suits(8, 100, 784, 1, 1)); // thin: packed path
        Random rnd = new Random(41);
        int[][] shapes = {{64, 100, 784}, {17, 18, 64}, {19, 63, 80}, {100, 64, 784},
            {31, 16, 1024}, {128, 128, 256}, {16, 33, 64}};
        for (int[] s : shapes) {
            for (Layout lc : Layout.OUTPUTS) {
                check(rnd, s[0], s[1], s[2], Layout.ROW, Layout.COL, lc, 1, 0, false);
                check(rnd, s[0], s[1], s[2], Layout.REVERSED, Layout.COL, lc, -0.5, 0.75, false);
            }
            check(rnd, s[0], s[1], s[2], Layout.ROW, Layout.BROADCAST_COLS, Layout.ROW, 2, 1, false);
        }
    }

    /**
     * Heap segments (a caller's own arrays) are accepted at any size: they take the unpacked loops,
     * since the packed and dot-product kernels tell the JIT their segments are native.
     */
    @Test
    void heapSegmentsAtPackedSizes() {
        int m = 70;
        int n = 90;
        int k = 128;
        Random rnd = new Random(47);
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        float[] c = new float[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextFloat() * 2 - 1;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = rnd.nextFloat() * 2 - 1;
        }
        for (int i = 0; i < c.length; i++) {
            c[i] = rnd.nextFloat();
        }
        float[] c0 = c.clone();
        // B stored transposed: the shape and layout of the dot-product path, on the heap.
        Gemm.sgemm(m, n, k, 1.5f, MemorySegment.ofArray(a), 0, k, 1, MemorySegment.ofArray(b), 0, 1, k,
                0.5f, MemorySegment.ofArray(c), 0, n, 1);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    sum += (double) a[i * k + p] * b[j * k + p];
                }
                double want = 1.5 * sum + 0.5 * c0[i * n + j];
                assertEquals(want, c[i * n + j], 1e-4, "C(" + i + "," + j + ")");
            }
        }
    }

    /**
     * Each element of C is one dot product whose order depends on k alone: the rows of a product
     * computed on their own (on one thread, at other block positions) match the same rows of the
     * whole product (split over the threads) bit for bit.
     */
    @Test
    void dotProductPathBitsIndependentOfSplitAndPosition() {
        int m = 64;
        int n = 100;
        int k = 784;
        try (Arena arena = Arena.ofConfined()) {
            Random rnd = new Random(43);
            MemorySegment a = arena.allocate((long) m * k * Float.BYTES, 64);
            MemorySegment w = arena.allocate((long) n * k * Float.BYTES, 64);
            for (long t = 0; t < (long) m * k; t++) {
                a.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, t, rnd.nextFloat() * 2 - 1);
            }
            for (long t = 0; t < (long) n * k; t++) {
                w.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, t, rnd.nextFloat() * 2 - 1);
            }
            MemorySegment whole = arena.allocate((long) m * n * Float.BYTES, 64);
            Gemm.sgemm(m, n, k, 1f, a, 0, k, 1, w, 0, 1, k, 0f, whole, 0, n, 1);
            int r0 = 5;
            int rows = 18;
            int c0 = 3;
            int cols = 21;
            MemorySegment part = arena.allocate((long) rows * cols * Float.BYTES, 64);
            Gemm.sgemm(rows, cols, k, 1f, a, (long) r0 * k, k, 1, w, (long) c0 * k, 1, k,
                    0f, part, 0, cols, 1);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    float want = whole.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED,
                            (long) (r0 + i) * n + c0 + j);
                    float got = part.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, (long) i * cols + j);
                    assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(got),
                            "C(" + (r0 + i) + "," + (c0 + j) + ")");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void emptyOutputTouchesNothing(boolean dbl) {
        Random rnd = new Random(19);
        check(rnd, 0, 5, 3, Layout.ROW, Layout.ROW, Layout.ROW, 1, 0, dbl);
        check(rnd, 5, 0, 3, Layout.ROW, Layout.ROW, Layout.ROW, 1, 0, dbl);
        check(rnd, 0, 0, 0, Layout.ROW, Layout.ROW, Layout.ROW, 1, 0, dbl);
    }

    @Test
    void repeatedCallsReuseScratchAcrossShapes() {
        Random rnd = new Random(23);
        int[][] shapes = {{300, 300, 300}, {17, 19, 23}, {250, 8, 260}, {300, 300, 300}};
        for (int[] s : shapes) {
            check(rnd, s[0], s[1], s[2], Layout.ROW, Layout.ROW, Layout.ROW, 1, 0, false);
            check(rnd, s[0], s[1], s[2], Layout.ROW, Layout.ROW, Layout.ROW, 1, 0, true);
        }
    }

    @Test
    void rejectsBadArguments() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(16 * Float.BYTES, 64);
            assertThrows(IllegalArgumentException.class,
                    () -> Gemm.sgemm(-1, 2, 2, 1f, s, 0, 2, 1, s, 0, 2, 1, 0f, s, 0, 2, 1));
            assertThrows(IllegalArgumentException.class,
                    () -> Gemm.sgemm(2, 2, 2, 1f, s, 0, 2, 1, s, 0, 2, 1, 0f, s, 0, 0, 1));
            assertThrows(IndexOutOfBoundsException.class,
                    () -> Gemm.sgemm(4, 4, 4, 1f, s, 1, 4, 1, s, 0, 4, 1, 0f, s, 0, 4, 1));
            assertThrows(IndexOutOfBoundsException.class,
                    () -> Gemm.sgemm(2, 2, 2, 1f, s, 0, -2, 1, s, 0, 2, 1, 0f, s, 0, 2, 1));
            assertThrows(IndexOutOfBoundsException.class,
                    () -> Gemm.dgemm(3, 3, 3, 1, s, 0, 3, 1, s, 0, 3, 1, 0, s, 0, 3, 1));
            assertThrows(IndexOutOfBoundsException.class,
                    () -> Gemm.sgemm(2, 2, 2, 1f, s, 0, Long.MAX_VALUE, 1, s, 0, 2, 1, 0f,
                            s, 0, 2, 1));
            assertThrows(NullPointerException.class,
                    () -> Gemm.sgemm(1, 1, 1, 1f, null, 0, 1, 1, s, 0, 1, 1, 0f, s, 0, 1, 1));
        }
    }

    @Test
    void identityAndKnownProduct() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocateFrom(ValueLayout.JAVA_FLOAT, 1, 2, 3, 4, 5, 6);
            MemorySegment b = arena.allocateFrom(ValueLayout.JAVA_FLOAT, 7, 8, 9, 10, 11, 12);
            MemorySegment c = arena.allocate(4 * Float.BYTES, 64);
            Gemm.sgemm(2, 2, 3, 1f, a, 0, 3, 1, b, 0, 2, 1, 0f, c, 0, 2, 1);
            float[] got = c.toArray(ValueLayout.JAVA_FLOAT);
            assertEquals(Arrays.toString(new float[] {58, 64, 139, 154}), Arrays.toString(got));
        }
    }
}
