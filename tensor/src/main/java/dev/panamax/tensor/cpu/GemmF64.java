// GENERATED from GemmF32.java by tensor/codegen/gen_gemm_f64.py. Do not edit by hand: edit the float32 source and rerun the script.
package dev.panamax.tensor.cpu;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The packed float64 path behind {@link Gemm#dgemm}: path choice and thread split, the Goto loop
 * nest, panel packing, the register-blocked micro-kernel and the merge of tiles into C.
 *
 * <p>Callers have already validated the arguments, handled {@code k == 0} and {@code alpha == 0},
 * and oriented the problem so that C is preferably stored with unit column stride. Indices are in
 * elements; the segments hold little-endian doubles.
 */
final class GemmF64 {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ValueLayout.OfDouble ELEM =
            ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(LE);

    /** Rows of the micro-tile. */
    static final int MR = 14;
    /** Columns of the micro-tile: two vectors. */
    static final int NR = 2 * L;
    /** Depth of a packed panel pair. */
    static final int KC = 512;
    /** Rows of a packed A block; a multiple of {@link #MR}. */
    static final int MC = 84;
    /** Columns of a packed B panel; a multiple of {@link #NR}. */
    static final int NC = 1024;

    /** Lane i of a vector read along a row of A lands i panel columns further on. */
    private static final int[] A_SCATTER = new int[L];

    /**
     * Lane selections of {@link #transpose16}: rows 2s and 2s+1 pair the lanes of two vectors
     * 8, 4, 2 and 1 lanes apart (indices from L on select from the second vector).
     */
    private static final double[][] TRANSPOSE = new double[8][L];

    /** Lane i of a column of a tile lands i tile rows further on. */
    private static final int[] TILE_SCATTER = new int[L];

    /** Lane i of a vector read along a column of B lands i panel rows further on. */
    private static final int[] B_SCATTER = new int[L];

    static {
        for (int i = 0; i < L; i++) {
            A_SCATTER[i] = i * MR;
            B_SCATTER[i] = i * NR;
            TILE_SCATTER[i] = i * NR;
        }
        for (int s = 0, d = 8; d >= 1; s++, d >>= 1) {
            for (int l = 0; l < L; l++) {
                TRANSPOSE[2 * s][l] = (l & d) == 0 ? l : L + l - d;
                TRANSPOSE[2 * s + 1][l] = (l & d) == 0 ? l + d : L + l;
            }
        }
    }

    /** Products with at most this many multiply-adds skip packing. */
    private static final long SMALL_WORK = 20L * 20 * 20;
    /** Products with at most this many multiply-adds and a small B pack only B. */
    private static final long PACKED_B_WORK = 128L * 1024;
    /** The most elements of B, padded to whole vectors per row, that {@link GemmF64Unpacked#packedB} packs. */
    private static final long PACKED_B_MAX = 8L * 1024;
    /** Products with at least this many multiply-adds are split over the worker threads. */
    private static final long PARALLEL_WORK = 160L * 160 * 160;

    /** Per-thread packing buffers, grown on demand and reused across calls. */
    private static final class Scratch {
        double[] a = new double[0];
        double[] b = new double[0];
        /** An MR×NR tile, rows NR apart, and a spare slot; room for L rows where L > MR. */
        final double[] tile = new double[Math.max(MR, L) * NR + 1];
        /** A 16×16 block between the halves of {@link #transpose16}. */
        final double[] block = new double[16 * 16];
        /**
         * The partial products of a depth split, kept by the calling thread: native memory, so
         * the kernels' segment accesses see one implementation class (a heap segment here made
         * every merge into C bimorphic and slowed other products down).
         */
        MemorySegment partial = MemorySegment.NULL;
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private GemmF64() {
    }

    /** C = alpha·A·B + beta·C with {@code m, n, k > 0} and {@code alpha != 0}. */
    static void gemm(int m, int n, int k, double alpha,
            MemorySegment a, long aOff, long aRs, long aCs,
            MemorySegment b, long bOff, long bRs, long bCs,
            double beta, MemorySegment c, long cOff, long cRs, long cCs) {
        long work = (long) m * n * k;
        if (n == 1) {
            long grain = Math.max(1, PARALLEL_WORK / k);
            if (work < PARALLEL_WORK) {
                GemmF64Unpacked.gemv(0, m, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs,
                        beta, c, cOff, cRs);
            } else {
                MemorySegment as = Gemm.forWorkers(a);
                MemorySegment bs = Gemm.forWorkers(b);
                MemorySegment cs = Gemm.forWorkers(c);
                Parallel.forRange(m, grain, (i0, i1) -> GemmF64Unpacked.gemv(
                        (int) i0, (int) i1, k, alpha, as, aOff, aRs, aCs, bs, bOff, bRs,
                        beta, cs, cOff, cRs));
            }
        } else if (work <= SMALL_WORK || !a.isNative() || !b.isNative() || !c.isNative()) {
            // Heap segments (small tensors, or a caller's arrays) take the unpacked loops: the
            // packed path's kernels tell the JIT their segments are native (see Native).
            GemmF64Unpacked.small(m, n, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs,
                    beta, c, cOff, cRs, cCs);
        } else if (work <= PACKED_B_WORK && (long) k * roundUp(n, L) <= PACKED_B_MAX) {
            GemmF64Unpacked.packedB(m, n, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs,
                    beta, c, cOff, cRs, cCs);
        } else if (work < PARALLEL_WORK) {
            blocked(0, m, 0, n, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs,
                    beta, c, cOff, cRs, cCs);
        } else {
            boolean aFast = aRs == 1 || (aCs == 1 && L == 16);
            boolean bFast = bCs == 1 || (bRs == 1 && L == 16);
            int threads = Parallel.threads();
            // A depth split changes the rounding, so whether to use one is decided by the shape alone
            // (as if for DEPTH_SLICES threads) and it always uses DEPTH_SLICES slices: the bits never
            // depend on the thread count. Row and column splits leave every element's sum as it is.
            boolean depth = split(m, n, k, DEPTH_SLICES, aFast, bFast) == Split.DEPTH;
            if (!depth && threads == 1) {
                blocked(0, m, 0, n, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs,
                        beta, c, cOff, cRs, cCs);
                return;
            }
            MemorySegment as = Gemm.forWorkers(a);
            MemorySegment bs = Gemm.forWorkers(b);
            MemorySegment cs = Gemm.forWorkers(c);
            Split split = depth ? Split.DEPTH : split(m, n, k, threads, aFast, bFast);
            if (split == Split.DEPTH) {
                splitDepth(m, n, k, alpha, as, aOff, aRs, aCs, bs, bOff, bRs, bCs,
                        beta, cs, cOff, cRs, cCs);
            } else if (split == Split.ROWS) {
                Parallel.forRange(threads, 1, (u0, u1) -> {
                    for (long u = u0; u < u1; u++) {
                        int i0 = bound(u, m, threads, 4);
                        int i1 = bound(u + 1, m, threads, 4);
                        if (i0 < i1) {
                            blocked(i0, i1, 0, n, k, alpha, as, aOff, aRs, aCs, bs, bOff, bRs, bCs,
                                    beta, cs, cOff, cRs, cCs);
                        }
                    }
                });
            } else {
                Parallel.forRange(threads, 1, (u0, u1) -> {
                    for (long u = u0; u < u1; u++) {
                        int j0 = bound(u, n, threads, L);
                        int j1 = bound(u + 1, n, threads, L);
                        if (j0 < j1) {
                            blocked(0, m, j0, j1, k, alpha, as, aOff, aRs, aCs, bs, bOff, bRs, bCs,
                                    beta, cs, cOff, cRs, cCs);
                        }
                    }
                });
            }
        }
    }

    /**
     * The start of part {@code u} of {@code parts} nearly equal parts of {@code [0, len)}, a
     * multiple of {@code unit} except at the end.
     */
    private static int bound(long u, int len, int parts, int unit) {
        if (u >= parts) {
            return len;
        }
        int units = (len + unit - 1) / unit;
        return (int) Math.min(len, (long) units * u / parts * unit);
    }

    /** How a product is shared among the threads. */
    enum Split {
        /** Each thread computes a band of C's rows and packs all of B. */
        ROWS,
        /** Each thread computes a band of C's columns and packs all of A. */
        COLUMNS,
        /**
         * Each thread computes the whole of C over a slice of the depth k, packing only its
         * slices of A and B; the partial products are added up at the end. For a small C with a
         * long k (the forward pass of a layer over a mini-batch) this packs each operand once in
         * all instead of once per thread, and keeps the full micro-tiles.
         */
        DEPTH
    }

    /**
     * The split whose slowest thread has the least estimated time, counting the padded tiles it
     * computes, the panels it packs and, for a depth split, the final sum of the partial
     * products. Packing is vectorised for an operand contiguous along the panel, or across it
     * with 16-lane vectors (transposed in registers); otherwise it moves one element at a time.
     */
    static Split split(int m, int n, int k, int threads, boolean aFast, boolean bFast) {
        double byRows = 0;
        double byCols = 0;
        double byDepth = 0;
        for (int u = 0; u < threads; u++) {
            int rows = bound(u + 1, m, threads, 4) - bound(u, m, threads, 4);
            int cols = bound(u + 1, n, threads, L) - bound(u, n, threads, L);
            int depth = bound(u + 1, k, threads, L) - bound(u, k, threads, L);
            byRows = Math.max(byRows, (double) paddedRows(rows) * paddedCols(n) * k / L
                    + packCost((long) rows * k, aFast) + packCost((long) n * k, bFast));
            byCols = Math.max(byCols, (double) paddedRows(m) * paddedCols(cols) * k / L
                    + packCost((long) m * k, aFast) + packCost((long) cols * k, bFast));
            byDepth = Math.max(byDepth, (double) paddedRows(m) * paddedCols(n) * depth / L
                    + packCost((long) m * depth, aFast) + packCost((long) n * depth, bFast));
        }
        // The partial products: written by the threads, then read and summed by the caller.
        byDepth += 2.0 * (threads - 1) * m * n / L;
        if (k < threads * KC_MIN_SPLIT || (long) m * n > PARTIAL_MAX) {
            byDepth = Double.POSITIVE_INFINITY;
        }
        if (byDepth < byRows && byDepth < byCols) {
            return Split.DEPTH;
        }
        return byRows <= byCols ? Split.ROWS : Split.COLUMNS;
    }

    /**
     * The number of slices of k in a depth split, whatever the thread count (with one thread they
     * run one after the other, with more, the other threads stay idle for that product).
     */
    static final int DEPTH_SLICES = 2;
    /** A depth split gives each thread at least this much of k. */
    private static final int KC_MIN_SPLIT = 64;
    /** A depth split is for a C of at most this many elements (its partial sums stay cached). */
    private static final long PARTIAL_MAX = 32L * 1024;

    /**
     * Runs a {@link Split#DEPTH} split into {@link #DEPTH_SLICES} slices: slice 0 of k is accumulated
     * into C with beta, the others into zeroed scratch matrices of the caller, which are then added
     * into C in slice order, whichever thread computed them.
     */
    private static void splitDepth(int m, int n, int k, double alpha,
            MemorySegment a, long aOff, long aRs, long aCs,
            MemorySegment b, long bOff, long bRs, long bCs,
            double beta, MemorySegment c, long cOff, long cRs, long cCs) {
        int threads = DEPTH_SLICES;
        Scratch own = SCRATCH.get();
        int size = m * n;
        int need = (threads - 1) * size;
        if (own.partial.byteSize() < need * (long) Double.BYTES) {
            own.partial = Arena.ofAuto().allocate(need * (long) Double.BYTES, 64);
        }
        MemorySegment parts = own.partial;
        Parallel.forRange(threads, 1, (u0, u1) -> {
            for (long u = u0; u < u1; u++) {
                int p0 = bound(u, k, threads, L);
                int p1 = bound(u + 1, k, threads, L);
                if (u == 0) {
                    blocked(0, m, 0, n, p1 - p0, alpha, a, aOff + p0 * aCs, aRs, aCs,
                            b, bOff + p0 * bRs, bRs, bCs, beta, c, cOff, cRs, cCs);
                } else if (p0 < p1) {
                    blocked(0, m, 0, n, p1 - p0, alpha, a, aOff + p0 * aCs, aRs, aCs,
                            b, bOff + p0 * bRs, bRs, bCs, 0.0, parts, (u - 1) * size, n, 1);
                } else {
                    parts.asSlice((u - 1) * size * (long) Double.BYTES, size * (long) Double.BYTES)
                            .fill((byte) 0);
                }
            }
        });
        for (int u = 1; u < threads; u++) {
            addInto(m, n, parts, (u - 1) * (long) size, c, cOff, cRs, cCs);
        }
    }

    /** C += P for a dense row-major m×n matrix P at {@code src} of {@code p}. */
    private static void addInto(int m, int n, MemorySegment p, long src, MemorySegment c, long cOff,
            long cRs, long cCs) {
        p = Native.exact(p);
        c = Native.exact(c);
        if (cCs == 1) {
            for (int i = 0; i < m; i++) {
                long row = (cOff + i * cRs) * Double.BYTES;
                long from = src + (long) i * n;
                for (int j = 0; j < n; j += L) {
                    VectorMask<Double> mask = S.indexInRange(j, n);
                    long off = row + (long) j * Double.BYTES;
                    DoubleVector.fromMemorySegment(S, c, off, LE, mask)
                            .add(DoubleVector.fromMemorySegment(S, p,
                                    (from + j) * Double.BYTES, LE, mask))
                            .intoMemorySegment(c, off, LE, mask);
                }
            }
            return;
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                long idx = cOff + i * cRs + j * cCs;
                c.setAtIndex(ELEM, idx, c.getAtIndex(ELEM, idx)
                        + p.getAtIndex(ELEM, src + (long) i * n + j));
            }
        }
    }

    /** Rough cost of packing {@code elements}, in vector multiply-adds. */
    private static double packCost(long elements, boolean fast) {
        return fast ? elements / (double) L : elements;
    }

    /** The Goto loop nest over rows {@code [m0, m1)} and columns {@code [n0, n1)} of C. */
    private static void blocked(int m0, int m1, int n0, int n1, int k, double alpha,
            MemorySegment a, long aOff, long aRs, long aCs,
            MemorySegment b, long bOff, long bRs, long bCs,
            double beta, MemorySegment c, long cOff, long cRs, long cCs) {
        Scratch s = SCRATCH.get();
        int kcMax = Math.min(KC, k);
        int aNeed = Math.min(MC, roundUp(m1 - m0, MR)) * kcMax;
        int bNeed = Math.min(NC, roundUp(n1 - n0, NR)) * kcMax;
        if (s.a.length < aNeed + L) {
            // Slack for the column kernels' full-vector reads past the last panel.
            s.a = new double[aNeed + L];
        }
        if (s.b.length < bNeed) {
            s.b = new double[bNeed];
        }
        double[] ap = s.a;
        double[] bp = s.b;
        double[] tile = s.tile;
        double[] tmp = s.block;
        for (int jc = n0; jc < n1; jc += NC) {
            int nc = Math.min(NC, n1 - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(bp, b, bOff + pc * bRs + jc * bCs, bRs, bCs, kc, nc, tmp);
                double betaNow = pc == 0 ? beta : 1.0;
                for (int ic = m0; ic < m1; ic += MC) {
                    int mc = Math.min(MC, m1 - ic);
                    packA(ap, a, aOff + ic * aRs + pc * aCs, aRs, aCs, mc, kc, alpha, tmp);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr);
                        boolean wide = nr > L;
                        long cCol = cOff + (long) (jc + jr) * cCs;
                        for (int ir = 0; ir < mc; ir += MR) {
                            int mp = Math.min(MR, mc - ir);
                            if (nr <= 8 && L >= MR) {
                                long cIdx = cCol + (long) (ic + ir) * cRs;
                                touch(tile, c, cIdx * Double.BYTES, cRs * Double.BYTES,
                                        (nr - 1) * Double.BYTES, cCs == 1 ? mp : 0);
                                if (nr <= 4) {
                                    kernelCols4(kc, ap, ir * kc, bp, jr * kc, tile);
                                } else {
                                    kernelCols8(kc, ap, ir * kc, bp, jr * kc, tile);
                                }
                                merge(tile, mp, nr, c, cIdx, cRs, cCs, betaNow);
                                continue;
                            }
                            // A short last panel is covered by 8- and 4-row kernels.
                            for (int r0 = 0; r0 < mp; ) {
                                int rows = kernelRows(mp - r0);
                                int mr = Math.min(rows, mp - r0);
                                long cIdx = cCol + (long) (ic + ir + r0) * cRs;
                                boolean direct = rows == MR && mr == MR && nr == NR && cCs == 1
                                        && betaNow == 0.0;
                                if (!direct) {
                                    touch(tile, c, cIdx * Double.BYTES, cRs * Double.BYTES,
                                            (nr - 1) * Double.BYTES, cCs == 1 ? mr : 0);
                                }
                                if (direct) {
                                    kernel14x2Into(kc, ap, ir * kc + r0, bp, jr * kc, c,
                                            cIdx * Double.BYTES, cRs * Double.BYTES);
                                } else {
                                    kernel(rows, wide, kc, ap, ir * kc + r0, bp, jr * kc, tile);
                                    merge(tile, mr, nr, c, cIdx, cRs, cCs, betaNow);
                                }
                                r0 += mr;
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Packs an mc×kc block of A, scaled by alpha, into MR-row micro-panels laid out k-major and
     * zero-padded to a whole number of panels.
     */
    private static void packA(double[] ap, MemorySegment a, long base, long rs, long cs,
            int mc, int kc, double alpha, double[] tmp) {
        a = Native.exact(a);
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int dst = ir * kc;
            long src = base + ir * rs;
            if (rs == 1) {
                // Columns of the panel are contiguous: masked vector copies, zeros past mr.
                for (int r = 0; r < MR; r += L) {
                    VectorMask<Double> load = S.indexInRange(r, mr);
                    VectorMask<Double> store = S.indexInRange(r, MR);
                    for (int p = 0; p < kc; p++) {
                        DoubleVector.fromMemorySegment(S, a, (src + r + p * cs) * Double.BYTES, LE,
                                load).mul(alpha).intoArray(ap, dst + p * MR + r, store);
                    }
                }
            } else {
                int p0 = 0;
                if (cs == 1 && L == 16) {
                    VectorMask<Double> store = S.indexInRange(0, mr);
                    for (; p0 <= kc - L; p0 += L) {
                        transpose16(a, (src + p0) * Double.BYTES, rs * Double.BYTES, mr, alpha,
                                tmp, ap, dst + p0 * MR, MR, store);
                    }
                } else if (cs == 1) {
                    // Rows are contiguous: scatter L columns at a time, so the L×MR block
                    // written stays in the L1 cache.
                    for (; p0 <= kc - L; p0 += L) {
                        for (int r = 0; r < mr; r++) {
                            DoubleVector.fromMemorySegment(S, a, (src + r * rs + p0) * Double.BYTES,
                                    LE).mul(alpha).intoArray(ap, dst + p0 * MR + r, A_SCATTER, 0);
                        }
                    }
                }
                for (int r = 0; r < mr; r++) {
                    long row = src + r * rs;
                    for (int p = p0; p < kc; p++) {
                        ap[dst + p * MR + r] = alpha * a.getAtIndex(ELEM, row + p * cs);
                    }
                }
                for (int r = mr; r < MR; r++) {
                    for (int p = 0; p < kc; p++) {
                        ap[dst + p * MR + r] = 0.0;
                    }
                }
            }
        }
    }

    /**
     * Packs a kc×nc panel of B into NR-column micro-panels laid out k-major and zero-padded to a
     * whole number of panels.
     */
    private static void packB(double[] bp, MemorySegment b, long base, long rs, long cs,
            int kc, int nc, double[] tmp) {
        b = Native.exact(b);
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int dst = jr * kc;
            long src = base + jr * cs;
            if (cs == 1) {
                VectorMask<Double> m0 = S.indexInRange(0, nr);
                VectorMask<Double> m1 = S.indexInRange(L, nr);
                boolean full = nr == NR;
                for (int p = 0; p < kc; p++) {
                    long off = (src + p * rs) * Double.BYTES;
                    int d = dst + p * NR;
                    if (full) {
                        DoubleVector.fromMemorySegment(S, b, off, LE).intoArray(bp, d);
                        DoubleVector.fromMemorySegment(S, b, off + L * Double.BYTES, LE)
                                .intoArray(bp, d + L);
                    } else {
                        DoubleVector.fromMemorySegment(S, b, off, LE, m0).intoArray(bp, d);
                        DoubleVector.fromMemorySegment(S, b, off + L * Double.BYTES, LE, m1)
                                .intoArray(bp, d + L);
                    }
                }
            } else {
                int p0 = 0;
                if (rs == 1 && L == 16) {
                    for (int jg = 0; jg < nr; jg += L) {
                        VectorMask<Double> store = S.indexInRange(0, nr - jg);
                        for (int p = 0; p <= kc - L; p += L) {
                            transpose16(b, (src + jg * cs + p) * Double.BYTES, cs * Double.BYTES,
                                    nr - jg, 1.0, tmp, bp, dst + p * NR + jg, NR, store);
                        }
                    }
                    p0 = kc - kc % L;
                } else if (rs == 1) {
                    // Columns are contiguous: scatter L rows at a time, so the L×NR block
                    // written stays in the L1 cache.
                    for (; p0 <= kc - L; p0 += L) {
                        for (int j = 0; j < nr; j++) {
                            DoubleVector.fromMemorySegment(S, b, (src + j * cs + p0) * Double.BYTES,
                                    LE).intoArray(bp, dst + p0 * NR + j, B_SCATTER, 0);
                        }
                    }
                }
                for (int j = 0; j < nr; j++) {
                    long col = src + j * cs;
                    for (int p = p0; p < kc; p++) {
                        bp[dst + p * NR + j] = b.getAtIndex(ELEM, col + p * rs);
                    }
                }
                for (int j = nr; j < NR; j++) {
                    for (int p = 0; p < kc; p++) {
                        bp[dst + p * NR + j] = 0.0;
                    }
                }
            }
        }
    }

    /**
     * Transposes a 16×16 block when vectors hold 16 lanes: vector i is read at byte offset
     * {@code off + min(i, count-1)*step} of {@code s}; lane i of output vector q, scaled by
     * {@code alpha}, is element q of vector i, and output q is stored at {@code dst[d + q*dStep]}
     * under the mask {@code store} (lanes from {@code count} on hold copies of the last vector
     * and are meant to be masked off). Four rounds of two-vector lane selections replace sixteen
     * scatters; the block passes through {@code tmp} between the second and third round, which
     * keeps each half small enough for every JIT tier.
     */
    private static void transpose16(MemorySegment s, long off, long step, int count, double alpha,
            double[] tmp, double[] dst, int d, int dStep, VectorMask<Double> store) {
        transposeFirstHalf(s, off, step, count, tmp);
        transposeSecondHalf(tmp, alpha, dst, d, dStep, store);
    }

    /**
     * Reads the block of {@link #transpose16} and runs its first two rounds (lanes 8 and 4
     * apart) into {@code tmp}; they mix vectors i, i+4, i+8 and i+12 only.
     */
    private static void transposeFirstHalf(MemorySegment s, long off, long step, int count,
            double[] tmp) {
        s = Native.exact(s);
        int last = count - 1;
        DoubleVector lo8 = DoubleVector.fromArray(S, TRANSPOSE[0], 0);
        DoubleVector hi8 = DoubleVector.fromArray(S, TRANSPOSE[1], 0);
        DoubleVector lo4 = DoubleVector.fromArray(S, TRANSPOSE[2], 0);
        DoubleVector hi4 = DoubleVector.fromArray(S, TRANSPOSE[3], 0);
        for (int i = 0; i < 4; i++) {
            DoubleVector v0 = DoubleVector.fromMemorySegment(S, s, off + Math.min(i, last) * step, LE);
            DoubleVector v4 = DoubleVector.fromMemorySegment(S, s,
                    off + Math.min(i + 4, last) * step, LE);
            DoubleVector v8 = DoubleVector.fromMemorySegment(S, s,
                    off + Math.min(i + 8, last) * step, LE);
            DoubleVector v12 = DoubleVector.fromMemorySegment(S, s,
                    off + Math.min(i + 12, last) * step, LE);
            DoubleVector t = lo8.selectFrom(v0, v8);
            v8 = hi8.selectFrom(v0, v8);
            v0 = t;
            t = lo8.selectFrom(v4, v12);
            v12 = hi8.selectFrom(v4, v12);
            v4 = t;
            t = lo4.selectFrom(v0, v4);
            v4 = hi4.selectFrom(v0, v4);
            v0 = t;
            t = lo4.selectFrom(v8, v12);
            v12 = hi4.selectFrom(v8, v12);
            v8 = t;
            v0.intoArray(tmp, i * 16);
            v4.intoArray(tmp, (i + 4) * 16);
            v8.intoArray(tmp, (i + 8) * 16);
            v12.intoArray(tmp, (i + 12) * 16);
        }
    }

    /**
     * The last two rounds of {@link #transpose16} (lanes 2 and 1 apart), from {@code tmp} into
     * {@code dst}; they mix vectors 4g to 4g+3 only.
     */
    private static void transposeSecondHalf(double[] tmp, double alpha, double[] dst, int d,
            int dStep, VectorMask<Double> store) {
        DoubleVector lo2 = DoubleVector.fromArray(S, TRANSPOSE[4], 0);
        DoubleVector hi2 = DoubleVector.fromArray(S, TRANSPOSE[5], 0);
        DoubleVector lo1 = DoubleVector.fromArray(S, TRANSPOSE[6], 0);
        DoubleVector hi1 = DoubleVector.fromArray(S, TRANSPOSE[7], 0);
        for (int g = 0; g < 16; g += 4) {
            DoubleVector v0 = DoubleVector.fromArray(S, tmp, g * 16);
            DoubleVector v1 = DoubleVector.fromArray(S, tmp, (g + 1) * 16);
            DoubleVector v2 = DoubleVector.fromArray(S, tmp, (g + 2) * 16);
            DoubleVector v3 = DoubleVector.fromArray(S, tmp, (g + 3) * 16);
            DoubleVector t = lo2.selectFrom(v0, v2);
            v2 = hi2.selectFrom(v0, v2);
            v0 = t;
            t = lo2.selectFrom(v1, v3);
            v3 = hi2.selectFrom(v1, v3);
            v1 = t;
            t = lo1.selectFrom(v0, v1);
            v1 = hi1.selectFrom(v0, v1);
            v0 = t;
            t = lo1.selectFrom(v2, v3);
            v3 = hi1.selectFrom(v2, v3);
            v2 = t;
            int o = d + g * dStep;
            v0.mul(alpha).intoArray(dst, o, store);
            v1.mul(alpha).intoArray(dst, o + dStep, store);
            v2.mul(alpha).intoArray(dst, o + 2 * dStep, store);
            v3.mul(alpha).intoArray(dst, o + 3 * dStep, store);
        }
    }

    /**
     * Reads the first and last element of {@code rows} rows of C, starting at byte offset
     * {@code touch} and {@code step} bytes apart, so that the cache misses of the merge that
     * follows a micro-kernel overlap with its arithmetic; the sum lands in the tile's spare last
     * slot so the reads are not optimised away.
     */
    private static void touch(double[] tile, MemorySegment c, long touch, long step, long span,
            int rows) {
        c = Native.exact(c);
        double sink = 0.0;
        for (int r = 0; r < rows; r++) {
            long o = touch + r * step;
            sink += c.get(ELEM, o) + c.get(ELEM, o + span);
        }
        tile[tile.length - 1] = sink;
    }

    /**
     * Runs the micro-kernel {@code rows} (14, 8 or 4) high and two vectors wide, or one vector
     * wide when {@code wide} is false, into {@code tile}.
     */
    private static void kernel(int rows, boolean wide, int kc, double[] ap, int ai, double[] bp,
            int bi, double[] tile) {
        if (rows == MR) {
            if (wide) {
                kernel14x2(kc, ap, ai, bp, bi, tile);
            } else {
                kernel14x1(kc, ap, ai, bp, bi, tile);
            }
        } else if (rows == 8) {
            if (wide) {
                kernel8x2(kc, ap, ai, bp, bi, tile);
            } else {
                kernel8x1(kc, ap, ai, bp, bi, tile);
            }
        } else if (wide) {
            kernel4x2(kc, ap, ai, bp, bi, tile);
        } else {
            kernel4x1(kc, ap, ai, bp, bi, tile);
        }
    }

    /**
     * Multiplies an MR×kc micro-panel of A by a kc×NR micro-panel of B in registers and stores
     * the product into the row-major MR×NR {@code tile}. The narrower and shorter variants below
     * read the same packed layouts (A rows MR apart, B columns NR apart) for the remainder tiles.
     */
    private static void kernel14x2(int kc, double[] ap, int ai, double[] bp, int bi, double[] tile) {
        DoubleVector c0a = DoubleVector.zero(S);
        DoubleVector c0b = c0a, c1a = c0a, c1b = c0a, c2a = c0a, c2b = c0a;
        DoubleVector c3a = c0a, c3b = c0a, c4a = c0a, c4b = c0a, c5a = c0a;
        DoubleVector c5b = c0a, c6a = c0a, c6b = c0a, c7a = c0a, c7b = c0a;
        DoubleVector c8a = c0a, c8b = c0a, c9a = c0a, c9b = c0a, c10a = c0a;
        DoubleVector c10b = c0a, c11a = c0a, c11b = c0a, c12a = c0a, c12b = c0a;
        DoubleVector c13a = c0a, c13b = c0a;
        for (int p = 0; p < kc; p++) {
            int ao = ai + p * MR;
            int bo = bi + p * NR;
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bo);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bo + L);
            DoubleVector x = DoubleVector.broadcast(S, ap[ao]);
            c0a = x.fma(b0, c0a);
            c0b = x.fma(b1, c0b);
            x = DoubleVector.broadcast(S, ap[ao + 1]);
            c1a = x.fma(b0, c1a);
            c1b = x.fma(b1, c1b);
            x = DoubleVector.broadcast(S, ap[ao + 2]);
            c2a = x.fma(b0, c2a);
            c2b = x.fma(b1, c2b);
            x = DoubleVector.broadcast(S, ap[ao + 3]);
            c3a = x.fma(b0, c3a);
            c3b = x.fma(b1, c3b);
            x = DoubleVector.broadcast(S, ap[ao + 4]);
            c4a = x.fma(b0, c4a);
            c4b = x.fma(b1, c4b);
            x = DoubleVector.broadcast(S, ap[ao + 5]);
            c5a = x.fma(b0, c5a);
            c5b = x.fma(b1, c5b);
            x = DoubleVector.broadcast(S, ap[ao + 6]);
            c6a = x.fma(b0, c6a);
            c6b = x.fma(b1, c6b);
            x = DoubleVector.broadcast(S, ap[ao + 7]);
            c7a = x.fma(b0, c7a);
            c7b = x.fma(b1, c7b);
            x = DoubleVector.broadcast(S, ap[ao + 8]);
            c8a = x.fma(b0, c8a);
            c8b = x.fma(b1, c8b);
            x = DoubleVector.broadcast(S, ap[ao + 9]);
            c9a = x.fma(b0, c9a);
            c9b = x.fma(b1, c9b);
            x = DoubleVector.broadcast(S, ap[ao + 10]);
            c10a = x.fma(b0, c10a);
            c10b = x.fma(b1, c10b);
            x = DoubleVector.broadcast(S, ap[ao + 11]);
            c11a = x.fma(b0, c11a);
            c11b = x.fma(b1, c11b);
            x = DoubleVector.broadcast(S, ap[ao + 12]);
            c12a = x.fma(b0, c12a);
            c12b = x.fma(b1, c12b);
            x = DoubleVector.broadcast(S, ap[ao + 13]);
            c13a = x.fma(b0, c13a);
            c13b = x.fma(b1, c13b);
        }
        c0a.intoArray(tile, 0);
        c0b.intoArray(tile, L);
        c1a.intoArray(tile, NR);
        c1b.intoArray(tile, NR + L);
        c2a.intoArray(tile, 2 * NR);
        c2b.intoArray(tile, 2 * NR + L);
        c3a.intoArray(tile, 3 * NR);
        c3b.intoArray(tile, 3 * NR + L);
        c4a.intoArray(tile, 4 * NR);
        c4b.intoArray(tile, 4 * NR + L);
        c5a.intoArray(tile, 5 * NR);
        c5b.intoArray(tile, 5 * NR + L);
        c6a.intoArray(tile, 6 * NR);
        c6b.intoArray(tile, 6 * NR + L);
        c7a.intoArray(tile, 7 * NR);
        c7b.intoArray(tile, 7 * NR + L);
        c8a.intoArray(tile, 8 * NR);
        c8b.intoArray(tile, 8 * NR + L);
        c9a.intoArray(tile, 9 * NR);
        c9b.intoArray(tile, 9 * NR + L);
        c10a.intoArray(tile, 10 * NR);
        c10b.intoArray(tile, 10 * NR + L);
        c11a.intoArray(tile, 11 * NR);
        c11b.intoArray(tile, 11 * NR + L);
        c12a.intoArray(tile, 12 * NR);
        c12b.intoArray(tile, 12 * NR + L);
        c13a.intoArray(tile, 13 * NR);
        c13b.intoArray(tile, 13 * NR + L);
    }

    /**
     * {@link #kernel14x2} that stores the full 14×2-vector product straight into a C with unit
     * column stride (beta 0) at byte offset {@code off}, rows {@code step} bytes apart, skipping the
     * round trip through the tile; the bits are those of the staged path. It stays a separate,
     * store-only method: with the beta merge as well, C1 ran out of virtual registers on it and
     * the product ran at interpreter-like speed (milliseconds) until C2 took over.
     */
    private static void kernel14x2Into(int kc, double[] ap, int ai, double[] bp, int bi,
            MemorySegment c, long off, long step) {
        c = Native.exact(c);
        DoubleVector c0a = DoubleVector.zero(S);
        DoubleVector c0b = c0a, c1a = c0a, c1b = c0a, c2a = c0a, c2b = c0a;
        DoubleVector c3a = c0a, c3b = c0a, c4a = c0a, c4b = c0a, c5a = c0a;
        DoubleVector c5b = c0a, c6a = c0a, c6b = c0a, c7a = c0a, c7b = c0a;
        DoubleVector c8a = c0a, c8b = c0a, c9a = c0a, c9b = c0a, c10a = c0a;
        DoubleVector c10b = c0a, c11a = c0a, c11b = c0a, c12a = c0a, c12b = c0a;
        DoubleVector c13a = c0a, c13b = c0a;
        for (int p = 0; p < kc; p++) {
            int ao = ai + p * MR;
            int bo = bi + p * NR;
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bo);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bo + L);
            DoubleVector x = DoubleVector.broadcast(S, ap[ao]);
            c0a = x.fma(b0, c0a);
            c0b = x.fma(b1, c0b);
            x = DoubleVector.broadcast(S, ap[ao + 1]);
            c1a = x.fma(b0, c1a);
            c1b = x.fma(b1, c1b);
            x = DoubleVector.broadcast(S, ap[ao + 2]);
            c2a = x.fma(b0, c2a);
            c2b = x.fma(b1, c2b);
            x = DoubleVector.broadcast(S, ap[ao + 3]);
            c3a = x.fma(b0, c3a);
            c3b = x.fma(b1, c3b);
            x = DoubleVector.broadcast(S, ap[ao + 4]);
            c4a = x.fma(b0, c4a);
            c4b = x.fma(b1, c4b);
            x = DoubleVector.broadcast(S, ap[ao + 5]);
            c5a = x.fma(b0, c5a);
            c5b = x.fma(b1, c5b);
            x = DoubleVector.broadcast(S, ap[ao + 6]);
            c6a = x.fma(b0, c6a);
            c6b = x.fma(b1, c6b);
            x = DoubleVector.broadcast(S, ap[ao + 7]);
            c7a = x.fma(b0, c7a);
            c7b = x.fma(b1, c7b);
            x = DoubleVector.broadcast(S, ap[ao + 8]);
            c8a = x.fma(b0, c8a);
            c8b = x.fma(b1, c8b);
            x = DoubleVector.broadcast(S, ap[ao + 9]);
            c9a = x.fma(b0, c9a);
            c9b = x.fma(b1, c9b);
            x = DoubleVector.broadcast(S, ap[ao + 10]);
            c10a = x.fma(b0, c10a);
            c10b = x.fma(b1, c10b);
            x = DoubleVector.broadcast(S, ap[ao + 11]);
            c11a = x.fma(b0, c11a);
            c11b = x.fma(b1, c11b);
            x = DoubleVector.broadcast(S, ap[ao + 12]);
            c12a = x.fma(b0, c12a);
            c12b = x.fma(b1, c12b);
            x = DoubleVector.broadcast(S, ap[ao + 13]);
            c13a = x.fma(b0, c13a);
            c13b = x.fma(b1, c13b);
        }
        long half = L * Double.BYTES;
        c0a.intoMemorySegment(c, off, LE);
        c0b.intoMemorySegment(c, off + half, LE);
        c1a.intoMemorySegment(c, off + 1 * step, LE);
        c1b.intoMemorySegment(c, off + 1 * step + half, LE);
        c2a.intoMemorySegment(c, off + 2 * step, LE);
        c2b.intoMemorySegment(c, off + 2 * step + half, LE);
        c3a.intoMemorySegment(c, off + 3 * step, LE);
        c3b.intoMemorySegment(c, off + 3 * step + half, LE);
        c4a.intoMemorySegment(c, off + 4 * step, LE);
        c4b.intoMemorySegment(c, off + 4 * step + half, LE);
        c5a.intoMemorySegment(c, off + 5 * step, LE);
        c5b.intoMemorySegment(c, off + 5 * step + half, LE);
        c6a.intoMemorySegment(c, off + 6 * step, LE);
        c6b.intoMemorySegment(c, off + 6 * step + half, LE);
        c7a.intoMemorySegment(c, off + 7 * step, LE);
        c7b.intoMemorySegment(c, off + 7 * step + half, LE);
        c8a.intoMemorySegment(c, off + 8 * step, LE);
        c8b.intoMemorySegment(c, off + 8 * step + half, LE);
        c9a.intoMemorySegment(c, off + 9 * step, LE);
        c9b.intoMemorySegment(c, off + 9 * step + half, LE);
        c10a.intoMemorySegment(c, off + 10 * step, LE);
        c10b.intoMemorySegment(c, off + 10 * step + half, LE);
        c11a.intoMemorySegment(c, off + 11 * step, LE);
        c11b.intoMemorySegment(c, off + 11 * step + half, LE);
        c12a.intoMemorySegment(c, off + 12 * step, LE);
        c12b.intoMemorySegment(c, off + 12 * step + half, LE);
        c13a.intoMemorySegment(c, off + 13 * step, LE);
        c13b.intoMemorySegment(c, off + 13 * step + half, LE);
    }

    /**
     * The micro-kernel for a panel of B at most 4 columns wide, when a vector covers the MR rows
     * of a panel of A: it reads a column of the A panel as one vector and broadcasts the elements
     * of B, so the product costs 4 multiply-adds per step instead of MR, and stores the MR×4
     * result into the row-major {@code tile}.
     */
    private static void kernelCols4(int kc, double[] ap, int ai, double[] bp, int bi,
            double[] tile) {
        DoubleVector c0 = DoubleVector.zero(S);
        DoubleVector c1 = c0, c2 = c0, c3 = c0;
        for (int p = 0; p < kc; p++) {
            DoubleVector x = DoubleVector.fromArray(S, ap, ai + p * MR);
            int bo = bi + p * NR;
            c0 = x.fma(DoubleVector.broadcast(S, bp[bo]), c0);
            c1 = x.fma(DoubleVector.broadcast(S, bp[bo + 1]), c1);
            c2 = x.fma(DoubleVector.broadcast(S, bp[bo + 2]), c2);
            c3 = x.fma(DoubleVector.broadcast(S, bp[bo + 3]), c3);
        }
        VectorMask<Double> rows = S.indexInRange(0, MR);
        c0.intoArray(tile, 0, TILE_SCATTER, 0, rows);
        c1.intoArray(tile, 1, TILE_SCATTER, 0, rows);
        c2.intoArray(tile, 2, TILE_SCATTER, 0, rows);
        c3.intoArray(tile, 3, TILE_SCATTER, 0, rows);
    }

    /**
     * The micro-kernel for a panel of B at most 8 columns wide, when a vector covers the MR rows
     * of a panel of A: it reads a column of the A panel as one vector and broadcasts the elements
     * of B, so the product costs 8 multiply-adds per step instead of MR, and stores the MR×8
     * result into the row-major {@code tile}.
     */
    private static void kernelCols8(int kc, double[] ap, int ai, double[] bp, int bi,
            double[] tile) {
        DoubleVector c0 = DoubleVector.zero(S);
        DoubleVector c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        for (int p = 0; p < kc; p++) {
            DoubleVector x = DoubleVector.fromArray(S, ap, ai + p * MR);
            int bo = bi + p * NR;
            c0 = x.fma(DoubleVector.broadcast(S, bp[bo]), c0);
            c1 = x.fma(DoubleVector.broadcast(S, bp[bo + 1]), c1);
            c2 = x.fma(DoubleVector.broadcast(S, bp[bo + 2]), c2);
            c3 = x.fma(DoubleVector.broadcast(S, bp[bo + 3]), c3);
            c4 = x.fma(DoubleVector.broadcast(S, bp[bo + 4]), c4);
            c5 = x.fma(DoubleVector.broadcast(S, bp[bo + 5]), c5);
            c6 = x.fma(DoubleVector.broadcast(S, bp[bo + 6]), c6);
            c7 = x.fma(DoubleVector.broadcast(S, bp[bo + 7]), c7);
        }
        VectorMask<Double> rows = S.indexInRange(0, MR);
        c0.intoArray(tile, 0, TILE_SCATTER, 0, rows);
        c1.intoArray(tile, 1, TILE_SCATTER, 0, rows);
        c2.intoArray(tile, 2, TILE_SCATTER, 0, rows);
        c3.intoArray(tile, 3, TILE_SCATTER, 0, rows);
        c4.intoArray(tile, 4, TILE_SCATTER, 0, rows);
        c5.intoArray(tile, 5, TILE_SCATTER, 0, rows);
        c6.intoArray(tile, 6, TILE_SCATTER, 0, rows);
        c7.intoArray(tile, 7, TILE_SCATTER, 0, rows);
    }

    /** The 14-row, 1-vector-wide variant of {@link #kernel14x2}. */
    private static void kernel14x1(int kc, double[] ap, int ai, double[] bp, int bi, double[] tile) {
        DoubleVector c0a = DoubleVector.zero(S);
        DoubleVector c1a = c0a, c2a = c0a, c3a = c0a, c4a = c0a, c5a = c0a;
        DoubleVector c6a = c0a, c7a = c0a, c8a = c0a, c9a = c0a, c10a = c0a;
        DoubleVector c11a = c0a, c12a = c0a, c13a = c0a;
        for (int p = 0; p < kc; p++) {
            int ao = ai + p * MR;
            int bo = bi + p * NR;
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bo);
            DoubleVector x = DoubleVector.broadcast(S, ap[ao]);
            c0a = x.fma(b0, c0a);
            x = DoubleVector.broadcast(S, ap[ao + 1]);
            c1a = x.fma(b0, c1a);
            x = DoubleVector.broadcast(S, ap[ao + 2]);
            c2a = x.fma(b0, c2a);
            x = DoubleVector.broadcast(S, ap[ao + 3]);
            c3a = x.fma(b0, c3a);
            x = DoubleVector.broadcast(S, ap[ao + 4]);
            c4a = x.fma(b0, c4a);
            x = DoubleVector.broadcast(S, ap[ao + 5]);
            c5a = x.fma(b0, c5a);
            x = DoubleVector.broadcast(S, ap[ao + 6]);
            c6a = x.fma(b0, c6a);
            x = DoubleVector.broadcast(S, ap[ao + 7]);
            c7a = x.fma(b0, c7a);
            x = DoubleVector.broadcast(S, ap[ao + 8]);
            c8a = x.fma(b0, c8a);
            x = DoubleVector.broadcast(S, ap[ao + 9]);
            c9a = x.fma(b0, c9a);
            x = DoubleVector.broadcast(S, ap[ao + 10]);
            c10a = x.fma(b0, c10a);
            x = DoubleVector.broadcast(S, ap[ao + 11]);
            c11a = x.fma(b0, c11a);
            x = DoubleVector.broadcast(S, ap[ao + 12]);
            c12a = x.fma(b0, c12a);
            x = DoubleVector.broadcast(S, ap[ao + 13]);
            c13a = x.fma(b0, c13a);
        }
        c0a.intoArray(tile, 0);
        c1a.intoArray(tile, NR);
        c2a.intoArray(tile, 2 * NR);
        c3a.intoArray(tile, 3 * NR);
        c4a.intoArray(tile, 4 * NR);
        c5a.intoArray(tile, 5 * NR);
        c6a.intoArray(tile, 6 * NR);
        c7a.intoArray(tile, 7 * NR);
        c8a.intoArray(tile, 8 * NR);
        c9a.intoArray(tile, 9 * NR);
        c10a.intoArray(tile, 10 * NR);
        c11a.intoArray(tile, 11 * NR);
        c12a.intoArray(tile, 12 * NR);
        c13a.intoArray(tile, 13 * NR);
    }

    /** The 8-row, 2-vector-wide variant of {@link #kernel14x2}. */
    private static void kernel8x2(int kc, double[] ap, int ai, double[] bp, int bi, double[] tile) {
        DoubleVector c0a = DoubleVector.zero(S);
        DoubleVector c0b = c0a, c1a = c0a, c1b = c0a, c2a = c0a, c2b = c0a;
        DoubleVector c3a = c0a, c3b = c0a, c4a = c0a, c4b = c0a, c5a = c0a;
        DoubleVector c5b = c0a, c6a = c0a, c6b = c0a, c7a = c0a, c7b = c0a;
        for (int p = 0; p < kc; p++) {
            int ao = ai + p * MR;
            int bo = bi + p * NR;
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bo);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bo + L);
            DoubleVector x = DoubleVector.broadcast(S, ap[ao]);
            c0a = x.fma(b0, c0a);
            c0b = x.fma(b1, c0b);
            x = DoubleVector.broadcast(S, ap[ao + 1]);
            c1a = x.fma(b0, c1a);
            c1b = x.fma(b1, c1b);
            x = DoubleVector.broadcast(S, ap[ao + 2]);
            c2a = x.fma(b0, c2a);
            c2b = x.fma(b1, c2b);
            x = DoubleVector.broadcast(S, ap[ao + 3]);
            c3a = x.fma(b0, c3a);
            c3b = x.fma(b1, c3b);
            x = DoubleVector.broadcast(S, ap[ao + 4]);
            c4a = x.fma(b0, c4a);
            c4b = x.fma(b1, c4b);
            x = DoubleVector.broadcast(S, ap[ao + 5]);
            c5a = x.fma(b0, c5a);
            c5b = x.fma(b1, c5b);
            x = DoubleVector.broadcast(S, ap[ao + 6]);
            c6a = x.fma(b0, c6a);
            c6b = x.fma(b1, c6b);
            x = DoubleVector.broadcast(S, ap[ao + 7]);
            c7a = x.fma(b0, c7a);
            c7b = x.fma(b1, c7b);
        }
        c0a.intoArray(tile, 0);
        c0b.intoArray(tile, L);
        c1a.intoArray(tile, NR);
        c1b.intoArray(tile, NR + L);
        c2a.intoArray(tile, 2 * NR);
        c2b.intoArray(tile, 2 * NR + L);
        c3a.intoArray(tile, 3 * NR);
        c3b.intoArray(tile, 3 * NR + L);
        c4a.intoArray(tile, 4 * NR);
        c4b.intoArray(tile, 4 * NR + L);
        c5a.intoArray(tile, 5 * NR);
        c5b.intoArray(tile, 5 * NR + L);
        c6a.intoArray(tile, 6 * NR);
        c6b.intoArray(tile, 6 * NR + L);
        c7a.intoArray(tile, 7 * NR);
        c7b.intoArray(tile, 7 * NR + L);
    }

    /** The 8-row, 1-vector-wide variant of {@link #kernel14x2}. */
    private static void kernel8x1(int kc, double[] ap, int ai, double[] bp, int bi, double[] tile) {
        DoubleVector c0a = DoubleVector.zero(S);
        DoubleVector c1a = c0a, c2a = c0a, c3a = c0a, c4a = c0a, c5a = c0a;
        DoubleVector c6a = c0a, c7a = c0a;
        for (int p = 0; p < kc; p++) {
            int ao = ai + p * MR;
            int bo = bi + p * NR;
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bo);
            DoubleVector x = DoubleVector.broadcast(S, ap[ao]);
            c0a = x.fma(b0, c0a);
            x = DoubleVector.broadcast(S, ap[ao + 1]);
            c1a = x.fma(b0, c1a);
            x = DoubleVector.broadcast(S, ap[ao + 2]);
            c2a = x.fma(b0, c2a);
            x = DoubleVector.broadcast(S, ap[ao + 3]);
            c3a = x.fma(b0, c3a);
            x = DoubleVector.broadcast(S, ap[ao + 4]);
            c4a = x.fma(b0, c4a);
            x = DoubleVector.broadcast(S, ap[ao + 5]);
            c5a = x.fma(b0, c5a);
            x = DoubleVector.broadcast(S, ap[ao + 6]);
            c6a = x.fma(b0, c6a);
            x = DoubleVector.broadcast(S, ap[ao + 7]);
            c7a = x.fma(b0, c7a);
        }
        c0a.intoArray(tile, 0);
        c1a.intoArray(tile, NR);
        c2a.intoArray(tile, 2 * NR);
        c3a.intoArray(tile, 3 * NR);
        c4a.intoArray(tile, 4 * NR);
        c5a.intoArray(tile, 5 * NR);
        c6a.intoArray(tile, 6 * NR);
        c7a.intoArray(tile, 7 * NR);
    }

    /** The 4-row, 2-vector-wide variant of {@link #kernel14x2}. */
    private static void kernel4x2(int kc, double[] ap, int ai, double[] bp, int bi, double[] tile) {
        DoubleVector c0a = DoubleVector.zero(S);
        DoubleVector c0b = c0a, c1a = c0a, c1b = c0a, c2a = c0a, c2b = c0a;
        DoubleVector c3a = c0a, c3b = c0a;
        for (int p = 0; p < kc; p++) {
            int ao = ai + p * MR;
            int bo = bi + p * NR;
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bo);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bo + L);
            DoubleVector x = DoubleVector.broadcast(S, ap[ao]);
            c0a = x.fma(b0, c0a);
            c0b = x.fma(b1, c0b);
            x = DoubleVector.broadcast(S, ap[ao + 1]);
            c1a = x.fma(b0, c1a);
            c1b = x.fma(b1, c1b);
            x = DoubleVector.broadcast(S, ap[ao + 2]);
            c2a = x.fma(b0, c2a);
            c2b = x.fma(b1, c2b);
            x = DoubleVector.broadcast(S, ap[ao + 3]);
            c3a = x.fma(b0, c3a);
            c3b = x.fma(b1, c3b);
        }
        c0a.intoArray(tile, 0);
        c0b.intoArray(tile, L);
        c1a.intoArray(tile, NR);
        c1b.intoArray(tile, NR + L);
        c2a.intoArray(tile, 2 * NR);
        c2b.intoArray(tile, 2 * NR + L);
        c3a.intoArray(tile, 3 * NR);
        c3b.intoArray(tile, 3 * NR + L);
    }

    /** The 4-row, 1-vector-wide variant of {@link #kernel14x2}. */
    private static void kernel4x1(int kc, double[] ap, int ai, double[] bp, int bi, double[] tile) {
        DoubleVector c0a = DoubleVector.zero(S);
        DoubleVector c1a = c0a, c2a = c0a, c3a = c0a;
        for (int p = 0; p < kc; p++) {
            int ao = ai + p * MR;
            int bo = bi + p * NR;
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bo);
            DoubleVector x = DoubleVector.broadcast(S, ap[ao]);
            c0a = x.fma(b0, c0a);
            x = DoubleVector.broadcast(S, ap[ao + 1]);
            c1a = x.fma(b0, c1a);
            x = DoubleVector.broadcast(S, ap[ao + 2]);
            c2a = x.fma(b0, c2a);
            x = DoubleVector.broadcast(S, ap[ao + 3]);
            c3a = x.fma(b0, c3a);
        }
        c0a.intoArray(tile, 0);
        c1a.intoArray(tile, NR);
        c2a.intoArray(tile, 2 * NR);
        c3a.intoArray(tile, 3 * NR);
    }


    /**
     * Merges the top-left mr×nr corner of a row-major MR×NR tile into C at element {@code cIdx}:
     * C = tile + beta·C, reading C only when beta is non-zero.
     */
    private static void merge(double[] tile, int mr, int nr, MemorySegment c, long cIdx,
            long cRs, long cCs, double beta) {
        c = Native.exact(c);
        if (cCs == 1) {
            long off = cIdx * Double.BYTES;
            long step = cRs * Double.BYTES;
            long half = L * Double.BYTES;
            DoubleVector bv = DoubleVector.broadcast(S, beta);
            if (nr == NR) {
                for (int r = 0; r < mr; r++, off += step) {
                    DoubleVector v0 = DoubleVector.fromArray(S, tile, r * NR);
                    DoubleVector v1 = DoubleVector.fromArray(S, tile, r * NR + L);
                    if (beta != 0.0) {
                        v0 = DoubleVector.fromMemorySegment(S, c, off, LE).fma(bv, v0);
                        v1 = DoubleVector.fromMemorySegment(S, c, off + half, LE).fma(bv, v1);
                    }
                    v0.intoMemorySegment(c, off, LE);
                    v1.intoMemorySegment(c, off + half, LE);
                }
            } else {
                VectorMask<Double> m0 = S.indexInRange(0, nr);
                VectorMask<Double> m1 = S.indexInRange(L, nr);
                for (int r = 0; r < mr; r++, off += step) {
                    DoubleVector v0 = DoubleVector.fromArray(S, tile, r * NR);
                    DoubleVector v1 = DoubleVector.fromArray(S, tile, r * NR + L);
                    if (beta != 0.0) {
                        v0 = DoubleVector.fromMemorySegment(S, c, off, LE, m0).fma(bv, v0);
                        v1 = DoubleVector.fromMemorySegment(S, c, off + half, LE, m1).fma(bv, v1);
                    }
                    v0.intoMemorySegment(c, off, LE, m0);
                    v1.intoMemorySegment(c, off + half, LE, m1);
                }
            }
            return;
        }
        for (int r = 0; r < mr; r++) {
            long row = cIdx + r * cRs;
            for (int j = 0; j < nr; j++) {
                long idx = row + j * cCs;
                double v = tile[r * NR + j];
                c.setAtIndex(ELEM, idx,
                        beta == 0.0 ? v : Math.fma(beta, c.getAtIndex(ELEM, idx), v));
            }
        }
    }

    /** The height of the micro-kernel for {@code left} remaining rows of a packed panel. */
    private static int kernelRows(int left) {
        return left >= MR - 1 ? MR : left > 4 ? 8 : 4;
    }

    /** The rows the micro-kernels compute for {@code m} rows of C, padding included. */
    static int paddedRows(int m) {
        int full = m / MR * MR;
        int rest = m - full;
        return full + (rest == 0 ? 0 : rest >= MR - 1 ? MR : (rest + 3) / 4 * 4);
    }

    /** The columns the micro-kernels compute for {@code n} columns of C, padding included. */
    static int paddedCols(int n) {
        int full = n / NR * NR;
        int rest = n - full;
        return full + (rest == 0 ? 0 : rest <= L ? L : NR);
    }

    private static int roundUp(int v, int unit) {
        return (v + unit - 1) / unit * unit;
    }
}
