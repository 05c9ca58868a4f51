package dev.panamax.tensor.cpu;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The unpacked float32 path for a product whose operands both run contiguously along the depth:
 * A row-major (unit column stride) and B stored transposed (unit row stride), as in a linear
 * layer's forward pass {@code x·Wᵀ}. Each element of C is a dot product of a row of A and a
 * column of B, both read straight from memory 16 lanes at a time, so nothing is packed: the
 * packed path would have to transpose both operands, which for a mini-batch of 64 rows costs
 * about as much as the multiply-adds.
 *
 * <p>A 4×4 block of C keeps 16 vector accumulators over the whole depth; they are then folded
 * into one vector whose lane {@code 4r + c} holds element (r, c), in four rounds of lane
 * selections and adds. The order of every sum depends on k alone, never on the thread count or
 * the block's position. Only for 16-lane vectors (AVX-512) and a depth that is a multiple of 16;
 * elsewhere the packed path runs.
 */
final class GemmF32Dot {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ValueLayout.OfFloat ELEM =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(LE);

    /** Rows and columns of the block of C computed at once. */
    static final int BLOCK = 4;

    /**
     * The least number of rows and of columns: for thinner products the packed path's narrow
     * kernels do as well.
     */
    private static final int MIN_SIDE = 16;
    /** The least depth for which the fold at the end of a block is worth it. */
    private static final int MIN_DEPTH = 64;
    /**
     * Products of at most this many elements of C take this path: past it, packing is spread
     * over enough multiply-adds that the packed micro-kernel (no fold, fewer loads per
     * multiply-add) wins.
     */
    private static final long MAX_OUTPUT = 128L * 128;
    /** Products with at least this many multiply-adds are split over the worker threads. */
    private static final long PARALLEL_WORK = 64L * 64 * 256;

    /**
     * Lane selections of the fold: for distance d (8, 4, 2, 1), {@code FOLD[2s]} keeps lanes
     * whose bit d is clear from the first vector and brings the second's lanes down by d, and
     * {@code FOLD[2s+1]} brings the first's lanes up by d and keeps the second's.
     */
    private static final float[][] FOLD = new float[8][16];

    static {
        for (int s = 0, d = 8; d >= 1; s++, d >>= 1) {
            for (int l = 0; l < 16; l++) {
                FOLD[2 * s][l] = (l & d) == 0 ? l : 16 + l - d;
                FOLD[2 * s + 1][l] = (l & d) == 0 ? l + d : 16 + l;
            }
        }
    }

    /**
     * The depth step of {@link #block}'s loop, {@link #L}, read from a field the JIT cannot fold:
     * with a constant step, C2 unrolls the loop four times and hoists all the loads of A, which
     * leaves too few vector registers for the 16 accumulators, and they spill to the stack.
     */
    @SuppressWarnings("FieldMayBeFinal")
    private static int stride = L;

    private GemmF32Dot() {
    }

    /**
     * Whether C = alpha·A·B + beta·C takes this path: decided by the shape and the operands'
     * layout only, so the bits never depend on the thread count.
     */
    static boolean suits(int m, int n, int k, long aCs, long bRs) {
        return L == 16 && aCs == 1 && bRs == 1 && k >= MIN_DEPTH && k % L == 0
                && m >= MIN_SIDE && n >= MIN_SIDE && (long) m * n <= MAX_OUTPUT;
    }

    /** C = alpha·A·B + beta·C for a product that {@link #suits}; blocks split over the threads. */
    static void gemm(int m, int n, int k, float alpha,
            MemorySegment a, long aOff, long aRs,
            MemorySegment b, long bOff, long bCs,
            float beta, MemorySegment c, long cOff, long cRs, long cCs) {
        int rowBlocks = (m + BLOCK - 1) / BLOCK;
        int colBlocks = (n + BLOCK - 1) / BLOCK;
        if ((long) m * n * k < PARALLEL_WORK || Parallel.threads() == 1) {
            blocks(0, rowBlocks, 0, colBlocks, m, n, k, alpha, a, aOff, aRs, b, bOff, bCs,
                    beta, c, cOff, cRs, cCs);
            return;
        }
        MemorySegment as = Gemm.forWorkers(a);
        MemorySegment bs = Gemm.forWorkers(b);
        MemorySegment cs = Gemm.forWorkers(c);
        if (rowBlocks >= colBlocks) {
            Parallel.forRange(rowBlocks, 1, (i0, i1) -> blocks((int) i0, (int) i1, 0, colBlocks,
                    m, n, k, alpha, as, aOff, aRs, bs, bOff, bCs, beta, cs, cOff, cRs, cCs));
        } else {
            Parallel.forRange(colBlocks, 1, (j0, j1) -> blocks(0, rowBlocks, (int) j0, (int) j1,
                    m, n, k, alpha, as, aOff, aRs, bs, bOff, bCs, beta, cs, cOff, cRs, cCs));
        }
    }

    /**
     * Row blocks {@code [ib0, ib1)} by column blocks {@code [jb0, jb1)}, row block by row block,
     * so the four rows of A stay in the L1 cache while the columns of B stream past them.
     */
    private static void blocks(int ib0, int ib1, int jb0, int jb1, int m, int n, int k,
            float alpha, MemorySegment a, long aOff, long aRs, MemorySegment b, long bOff,
            long bCs, float beta, MemorySegment c, long cOff, long cRs, long cCs) {
        float[] acc = new float[16 * L];
        float[] out = new float[16];
        for (int ib = ib0; ib < ib1; ib++) {
            int i = ib * BLOCK;
            // Rows past the end repeat the last one; their results are not stored.
            long a0 = (aOff + Math.min(i, m - 1) * aRs) * Float.BYTES;
            long a1 = (aOff + Math.min(i + 1, m - 1) * aRs) * Float.BYTES;
            long a2 = (aOff + Math.min(i + 2, m - 1) * aRs) * Float.BYTES;
            long a3 = (aOff + Math.min(i + 3, m - 1) * aRs) * Float.BYTES;
            for (int jb = jb0; jb < jb1; jb++) {
                int j = jb * BLOCK;
                long b0 = (bOff + Math.min(j, n - 1) * bCs) * Float.BYTES;
                long b1 = (bOff + Math.min(j + 1, n - 1) * bCs) * Float.BYTES;
                long b2 = (bOff + Math.min(j + 2, n - 1) * bCs) * Float.BYTES;
                long b3 = (bOff + Math.min(j + 3, n - 1) * bCs) * Float.BYTES;
                block(k, a, a0, a1, a2, a3, b, b0, b1, b2, b3, acc);
                fold(acc, out);
                store(out, Math.min(BLOCK, m - i), Math.min(BLOCK, n - j), alpha, beta, c,
                        cOff + i * cRs + j * cCs, cRs, cCs);
            }
        }
    }

    /** C(r, c) = alpha·out[4r + c] + beta·C(r, c) for the first rows×cols elements of a block. */
    private static void store(float[] out, int rows, int cols, float alpha, float beta,
            MemorySegment c, long at, long cRs, long cCs) {
        for (int r = 0; r < rows; r++) {
            for (int q = 0; q < cols; q++) {
                long idx = at + r * cRs + q * cCs;
                float v = alpha * out[4 * r + q];
                if (beta != 0f) {
                    v += beta * c.getAtIndex(ELEM, idx);
                }
                c.setAtIndex(ELEM, idx, v);
            }
        }
    }

    /**
     * The 16 dot products of rows at byte offsets a0..a3 of {@code a} with columns at b0..b3 of
     * {@code b} over the depth k (a multiple of L), as 16 vectors of partial sums stored in
     * {@code acc}, row-major ({@code acc[(4r + c)·L ...]}). The fold is a separate method: in one
     * method with it, the live vectors overflow C1's virtual registers, and the product then
     * runs unoptimised until C2 compiles it. (A masked last step for a k that is not a multiple
     * of L did the same, and split off it was not inlined everywhere; such depths take the packed
     * path.)
     */
    private static void block(int k, MemorySegment a, long a0, long a1, long a2, long a3,
            MemorySegment b, long b0, long b1, long b2, long b3, float[] acc) {
        a = Native.exact(a);
        b = Native.exact(b);
        FloatVector s00 = FloatVector.zero(S);
        FloatVector s01 = s00, s02 = s00, s03 = s00, s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        FloatVector s20 = s00, s21 = s00, s22 = s00, s23 = s00, s30 = s00, s31 = s00, s32 = s00;
        FloatVector s33 = s00;
        int step = stride;
        for (int p = 0; p < k; p += step) {
            long o = (long) p * Float.BYTES;
            FloatVector x0 = FloatVector.fromMemorySegment(S, a, a0 + o, LE);
            FloatVector x1 = FloatVector.fromMemorySegment(S, a, a1 + o, LE);
            FloatVector x2 = FloatVector.fromMemorySegment(S, a, a2 + o, LE);
            FloatVector x3 = FloatVector.fromMemorySegment(S, a, a3 + o, LE);
            FloatVector y = FloatVector.fromMemorySegment(S, b, b0 + o, LE);
            s00 = x0.fma(y, s00);
            s10 = x1.fma(y, s10);
            s20 = x2.fma(y, s20);
            s30 = x3.fma(y, s30);
            y = FloatVector.fromMemorySegment(S, b, b1 + o, LE);
            s01 = x0.fma(y, s01);
            s11 = x1.fma(y, s11);
            s21 = x2.fma(y, s21);
            s31 = x3.fma(y, s31);
            y = FloatVector.fromMemorySegment(S, b, b2 + o, LE);
            s02 = x0.fma(y, s02);
            s12 = x1.fma(y, s12);
            s22 = x2.fma(y, s22);
            s32 = x3.fma(y, s32);
            y = FloatVector.fromMemorySegment(S, b, b3 + o, LE);
            s03 = x0.fma(y, s03);
            s13 = x1.fma(y, s13);
            s23 = x2.fma(y, s23);
            s33 = x3.fma(y, s33);
        }
        s00.intoArray(acc, 0);
        s01.intoArray(acc, 1 * L);
        s02.intoArray(acc, 2 * L);
        s03.intoArray(acc, 3 * L);
        s10.intoArray(acc, 4 * L);
        s11.intoArray(acc, 5 * L);
        s12.intoArray(acc, 6 * L);
        s13.intoArray(acc, 7 * L);
        s20.intoArray(acc, 8 * L);
        s21.intoArray(acc, 9 * L);
        s22.intoArray(acc, 10 * L);
        s23.intoArray(acc, 11 * L);
        s30.intoArray(acc, 12 * L);
        s31.intoArray(acc, 13 * L);
        s32.intoArray(acc, 14 * L);
        s33.intoArray(acc, 15 * L);
    }

    /**
     * Folds the 16 vectors of {@code acc} into {@code out}: lane t of the result is the sum of
     * the lanes of vector t. Each round pairs vector i with the one half the count further on and
     * adds the halves of the two, so every output lane sums its 16 lanes in the same tree.
     */
    private static void fold(float[] acc, float[] out) {
        FloatVector lo = FloatVector.fromArray(S, FOLD[0], 0);
        FloatVector hi = FloatVector.fromArray(S, FOLD[1], 0);
        FloatVector a0 = FloatVector.fromArray(S, acc, 0);
        FloatVector b0 = FloatVector.fromArray(S, acc, 8 * L);
        FloatVector w0 = lo.selectFrom(a0, b0).add(hi.selectFrom(a0, b0));
        FloatVector a1 = FloatVector.fromArray(S, acc, 1 * L);
        FloatVector b1 = FloatVector.fromArray(S, acc, 9 * L);
        FloatVector w1 = lo.selectFrom(a1, b1).add(hi.selectFrom(a1, b1));
        FloatVector a2 = FloatVector.fromArray(S, acc, 2 * L);
        FloatVector b2 = FloatVector.fromArray(S, acc, 10 * L);
        FloatVector w2 = lo.selectFrom(a2, b2).add(hi.selectFrom(a2, b2));
        FloatVector a3 = FloatVector.fromArray(S, acc, 3 * L);
        FloatVector b3 = FloatVector.fromArray(S, acc, 11 * L);
        FloatVector w3 = lo.selectFrom(a3, b3).add(hi.selectFrom(a3, b3));
        FloatVector a4 = FloatVector.fromArray(S, acc, 4 * L);
        FloatVector b4 = FloatVector.fromArray(S, acc, 12 * L);
        FloatVector w4 = lo.selectFrom(a4, b4).add(hi.selectFrom(a4, b4));
        FloatVector a5 = FloatVector.fromArray(S, acc, 5 * L);
        FloatVector b5 = FloatVector.fromArray(S, acc, 13 * L);
        FloatVector w5 = lo.selectFrom(a5, b5).add(hi.selectFrom(a5, b5));
        FloatVector a6 = FloatVector.fromArray(S, acc, 6 * L);
        FloatVector b6 = FloatVector.fromArray(S, acc, 14 * L);
        FloatVector w6 = lo.selectFrom(a6, b6).add(hi.selectFrom(a6, b6));
        FloatVector a7 = FloatVector.fromArray(S, acc, 7 * L);
        FloatVector b7 = FloatVector.fromArray(S, acc, 15 * L);
        FloatVector w7 = lo.selectFrom(a7, b7).add(hi.selectFrom(a7, b7));
        lo = FloatVector.fromArray(S, FOLD[2], 0);
        hi = FloatVector.fromArray(S, FOLD[3], 0);
        w0 = lo.selectFrom(w0, w4).add(hi.selectFrom(w0, w4));
        w1 = lo.selectFrom(w1, w5).add(hi.selectFrom(w1, w5));
        w2 = lo.selectFrom(w2, w6).add(hi.selectFrom(w2, w6));
        w3 = lo.selectFrom(w3, w7).add(hi.selectFrom(w3, w7));
        lo = FloatVector.fromArray(S, FOLD[4], 0);
        hi = FloatVector.fromArray(S, FOLD[5], 0);
        w0 = lo.selectFrom(w0, w2).add(hi.selectFrom(w0, w2));
        w1 = lo.selectFrom(w1, w3).add(hi.selectFrom(w1, w3));
        lo = FloatVector.fromArray(S, FOLD[6], 0);
        hi = FloatVector.fromArray(S, FOLD[7], 0);
        lo.selectFrom(w0, w1).add(hi.selectFrom(w0, w1)).intoArray(out, 0);
    }
}
