// GENERATED from GemmF32.java by tensor/codegen/gen_gemm_f64.py. Do not edit by hand: edit the float32 source and rerun the script.
package dev.panamax.tensor.cpu;

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

    static {
        for (int i = 0; i < L; i++) {
            A_SCATTER[i] = i * MR;
        }
    }

    /** Products with at most this many multiply-adds skip packing. */
    private static final long SMALL_WORK = 20L * 20 * 20;
    /** Products with at least this many multiply-adds are split over the worker threads. */
    private static final long PARALLEL_WORK = 160L * 160 * 160;

    /** Per-thread packing buffers, grown on demand and reused across calls. */
    private static final class Scratch {
        double[] a = new double[0];
        double[] b = new double[0];
        final double[] tile = new double[MR * NR + 1];
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
        } else if (work <= SMALL_WORK) {
            GemmF64Unpacked.small(m, n, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs,
                    beta, c, cOff, cRs, cCs);
        } else if (work < PARALLEL_WORK || Parallel.threads() == 1) {
            blocked(0, m, 0, n, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs,
                    beta, c, cOff, cRs, cCs);
        } else {
            MemorySegment as = Gemm.forWorkers(a);
            MemorySegment bs = Gemm.forWorkers(b);
            MemorySegment cs = Gemm.forWorkers(c);
            if (m >= n) {
                Parallel.forRange((m + MR - 1) / MR, 1, (u0, u1) -> blocked(
                        (int) u0 * MR, (int) Math.min(m, u1 * MR), 0, n, k, alpha,
                        as, aOff, aRs, aCs, bs, bOff, bRs, bCs, beta, cs, cOff, cRs, cCs));
            } else {
                Parallel.forRange((n + NR - 1) / NR, 1, (u0, u1) -> blocked(
                        0, m, (int) u0 * NR, (int) Math.min(n, u1 * NR), k, alpha,
                        as, aOff, aRs, aCs, bs, bOff, bRs, bCs, beta, cs, cOff, cRs, cCs));
            }
        }
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
        if (s.a.length < aNeed) {
            s.a = new double[aNeed];
        }
        if (s.b.length < bNeed) {
            s.b = new double[bNeed];
        }
        double[] ap = s.a;
        double[] bp = s.b;
        double[] tile = s.tile;
        for (int jc = n0; jc < n1; jc += NC) {
            int nc = Math.min(NC, n1 - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(bp, b, bOff + pc * bRs + jc * bCs, bRs, bCs, kc, nc);
                double betaNow = pc == 0 ? beta : 1.0;
                for (int ic = m0; ic < m1; ic += MC) {
                    int mc = Math.min(MC, m1 - ic);
                    packA(ap, a, aOff + ic * aRs + pc * aCs, aRs, aCs, mc, kc, alpha);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr);
                        long cCol = cOff + (long) (jc + jr) * cCs;
                        for (int ir = 0; ir < mc; ir += MR) {
                            int mr = Math.min(MR, mc - ir);
                            long cIdx = cCol + (long) (ic + ir) * cRs;
                            kernel(kc, ap, ir * kc, bp, jr * kc, tile, c, cIdx * Double.BYTES,
                                    cRs * Double.BYTES, (nr - 1) * Double.BYTES, cCs == 1 ? mr : 0);
                            merge(tile, mr, nr, c, cIdx, cRs, cCs, betaNow);
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
            int mc, int kc, double alpha) {
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int dst = ir * kc;
            long src = base + ir * rs;
            if (rs == 1 && mr == MR) {
                for (int p = 0; p < kc; p++) {
                    long col = src + p * cs;
                    int d = dst + p * MR;
                    for (int r = 0; r < MR; r++) {
                        ap[d + r] = alpha * a.getAtIndex(ELEM, col + r);
                    }
                }
            } else {
                for (int r = 0; r < mr; r++) {
                    long row = src + r * rs;
                    int p = 0;
                    if (cs == 1) {
                        for (; p <= kc - L; p += L) {
                            DoubleVector.fromMemorySegment(S, a, (row + p) * Double.BYTES, LE)
                                    .mul(alpha).intoArray(ap, dst + p * MR + r, A_SCATTER, 0);
                        }
                    }
                    for (; p < kc; p++) {
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
            int kc, int nc) {
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
                for (int j = 0; j < nr; j++) {
                    long col = src + j * cs;
                    for (int p = 0; p < kc; p++) {
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
     * Multiplies an MR×kc micro-panel of A by a kc×NR micro-panel of B in registers and stores
     * the product into the row-major MR×NR {@code tile}.
     *
     * <p>First it reads the first and last element of {@code rows} rows of C, starting at byte
     * offset {@code touch} and {@code step} bytes apart, so that the cache misses of the merge
     * that follows overlap with the arithmetic; the sum lands in the tile's spare last slot so the
     * reads are not optimised away.
     */
    private static void kernel(int kc, double[] ap, int ai, double[] bp, int bi, double[] tile,
            MemorySegment c, long touch, long step, long span, int rows) {
        double sink = 0.0;
        for (int r = 0; r < rows; r++) {
            long o = touch + r * step;
            sink += c.get(ELEM, o) + c.get(ELEM, o + span);
        }
        tile[MR * NR] = sink;
        DoubleVector c0a = DoubleVector.zero(S);
        DoubleVector c0b = c0a, c1a = c0a, c1b = c0a, c2a = c0a;
        DoubleVector c2b = c0a, c3a = c0a, c3b = c0a, c4a = c0a;
        DoubleVector c4b = c0a, c5a = c0a, c5b = c0a, c6a = c0a;
        DoubleVector c6b = c0a, c7a = c0a, c7b = c0a, c8a = c0a;
        DoubleVector c8b = c0a, c9a = c0a, c9b = c0a, c10a = c0a;
        DoubleVector c10b = c0a, c11a = c0a, c11b = c0a, c12a = c0a;
        DoubleVector c12b = c0a, c13a = c0a, c13b = c0a;
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
     * Merges the top-left mr×nr corner of a row-major MR×NR tile into C at element {@code cIdx}:
     * C = tile + beta·C, reading C only when beta is non-zero.
     */
    private static void merge(double[] tile, int mr, int nr, MemorySegment c, long cIdx,
            long cRs, long cCs, double beta) {
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

    private static int roundUp(int v, int unit) {
        return (v + unit - 1) / unit * unit;
    }
}
