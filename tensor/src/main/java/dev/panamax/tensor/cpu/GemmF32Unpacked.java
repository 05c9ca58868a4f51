package dev.panamax.tensor.cpu;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float32 paths of {@link Gemm#sgemm} that need no packing: scaling C alone, products too
 * small to amortise packing, and matrix-vector products.
 *
 * <p>Indices are in elements; the segments hold little-endian floats.
 */
final class GemmF32Unpacked {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ValueLayout.OfFloat ELEM =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(LE);

    /** Per-thread vector buffer, grown on demand and reused across calls. */
    private static final class Scratch {
        float[] v = new float[0];
        /** B of {@link #packedB}, rows padded to whole vectors. */
        float[] b = new float[0];
        /** One vector's lanes, for a C with a non-unit column stride. */
        final float[] lanes = new float[L];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private GemmF32Unpacked() {
    }

    /** C = beta·C over an m×n view; beta == 0 stores zeros without reading C. */
    static void scale(int m, int n, float beta, MemorySegment c, long cOff, long cRs, long cCs) {
        if (beta == 1f) {
            return;
        }
        for (int i = 0; i < m; i++) {
            long row = cOff + i * cRs;
            for (int j = 0; j < n; j++) {
                long idx = row + j * cCs;
                c.setAtIndex(ELEM, idx, beta == 0f ? 0f : beta * c.getAtIndex(ELEM, idx));
            }
        }
    }

    /** The unpacked path for products too small to amortise packing. */
    static void small(int m, int n, int k, float alpha,
            MemorySegment a, long aOff, long aRs, long aCs,
            MemorySegment b, long bOff, long bRs, long bCs,
            float beta, MemorySegment c, long cOff, long cRs, long cCs) {
        for (int i = 0; i < m; i++) {
            long aRow = aOff + i * aRs;
            long cRow = cOff + i * cRs;
            if (bCs == 1 && cCs == 1) {
                for (int j = 0; j < n; j += L) {
                    VectorMask<Float> mask = S.indexInRange(j, n);
                    FloatVector acc = FloatVector.zero(S);
                    for (int p = 0; p < k; p++) {
                        FloatVector bv = FloatVector.fromMemorySegment(S, b,
                                (bOff + p * bRs + j) * Float.BYTES, LE, mask);
                        acc = FloatVector.broadcast(S, a.getAtIndex(ELEM, aRow + p * aCs))
                                .fma(bv, acc);
                    }
                    long off = (cRow + j) * Float.BYTES;
                    acc = acc.mul(alpha);
                    if (beta != 0f) {
                        acc = FloatVector.fromMemorySegment(S, c, off, LE, mask)
                                .fma(FloatVector.broadcast(S, beta), acc);
                    }
                    acc.intoMemorySegment(c, off, LE, mask);
                }
            } else {
                for (int j = 0; j < n; j++) {
                    long bCol = bOff + j * bCs;
                    float acc = 0f;
                    for (int p = 0; p < k; p++) {
                        acc = Math.fma(a.getAtIndex(ELEM, aRow + p * aCs),
                                b.getAtIndex(ELEM, bCol + p * bRs), acc);
                    }
                    long idx = cRow + j * cCs;
                    float v = alpha * acc;
                    c.setAtIndex(ELEM, idx,
                        beta == 0f ? v : Math.fma(beta, c.getAtIndex(ELEM, idx), v));
                }
            }
        }
    }

        /**
     * C = alpha·A·B + beta·C for a small product whose B, scaled by alpha, fits the L1 cache once
     * packed into rows padded to whole vectors: A is read in place (four rows broadcast per step
     * of k) and C is written once, with no packing of A and no tile buffer, which is what costs
     * most in products like 64×100·100×10 or 64×10·10×100.
     */
    static void packedB(int m, int n, int k, float alpha,
            MemorySegment a, long aOff, long aRs, long aCs,
            MemorySegment b, long bOff, long bRs, long bCs,
            float beta, MemorySegment c, long cOff, long cRs, long cCs) {
        // Only native segments come here (Gemm sends heap ones to small): see Native.
        a = Native.exact(a);
        b = Native.exact(b);
        c = Native.exact(c);
        Scratch s = SCRATCH.get();
        int nv = (n + L - 1) / L;
        int w = nv * L;
        if (s.b.length < k * w) {
            s.b = new float[k * w];
        }
        float[] bp = s.b;
        for (int p = 0; p < k; p++) {
            long row = bOff + p * bRs;
            int d = p * w;
            if (bCs == 1) {
                for (int j = 0; j < n; j += L) {
                    VectorMask<Float> mask = S.indexInRange(j, n);
                    FloatVector.fromMemorySegment(S, b, (row + j) * Float.BYTES, LE, mask).mul(alpha)
                            .intoArray(bp, d + j);
                }
            } else {
                for (int j = 0; j < n; j++) {
                    bp[d + j] = alpha * b.getAtIndex(ELEM, row + j * bCs);
                }
                Arrays.fill(bp, d + n, d + w, 0f);
            }
        }
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            long ar = aOff + i * aRs;
            long cr = cOff + i * cRs;
            int jv = 0;
            for (; jv + 2 <= nv; jv += 2) {
                rows4x2(k, a, ar, aRs, aCs, bp, jv * L, w, c, cr, cRs, cCs, n, beta, s.lanes);
            }
            if (jv < nv) {
                rows4x1(k, a, ar, aRs, aCs, bp, jv * L, w, c, cr, cRs, cCs, n, beta, s.lanes);
            }
        }
        for (; i < m; i++) {
            long ar = aOff + i * aRs;
            for (int j = 0; j < w; j += L) {
                FloatVector acc = FloatVector.zero(S);
                for (int p = 0; p < k; p++) {
                    acc = FloatVector.broadcast(S, a.getAtIndex(ELEM, ar + p * aCs))
                            .fma(FloatVector.fromArray(S, bp, p * w + j), acc);
                }
                store(acc, c, cOff + i * cRs, cCs, j, n, beta, s.lanes);
            }
        }
    }

    /** Four rows of C, two vectors wide from column {@code j}, for {@link #packedB}. */
    private static void rows4x2(int k, MemorySegment a, long ar, long aRs, long aCs, float[] bp,
            int j, int w, MemorySegment c, long cr, long cRs, long cCs, int n, float beta,
            float[] lanes) {
        FloatVector c0a = FloatVector.zero(S);
        FloatVector c0b = c0a, c1a = c0a, c1b = c0a, c2a = c0a, c2b = c0a, c3a = c0a, c3b = c0a;
        long a1 = ar + aRs;
        long a2 = a1 + aRs;
        long a3 = a2 + aRs;
        for (int p = 0; p < k; p++) {
            int bo = p * w + j;
            long q = p * aCs;
            FloatVector b0 = FloatVector.fromArray(S, bp, bo);
            FloatVector b1 = FloatVector.fromArray(S, bp, bo + L);
            FloatVector x = FloatVector.broadcast(S, a.getAtIndex(ELEM, ar + q));
            c0a = x.fma(b0, c0a);
            c0b = x.fma(b1, c0b);
            x = FloatVector.broadcast(S, a.getAtIndex(ELEM, a1 + q));
            c1a = x.fma(b0, c1a);
            c1b = x.fma(b1, c1b);
            x = FloatVector.broadcast(S, a.getAtIndex(ELEM, a2 + q));
            c2a = x.fma(b0, c2a);
            c2b = x.fma(b1, c2b);
            x = FloatVector.broadcast(S, a.getAtIndex(ELEM, a3 + q));
            c3a = x.fma(b0, c3a);
            c3b = x.fma(b1, c3b);
        }
        store(c0a, c, cr, cCs, j, n, beta, lanes);
        store(c0b, c, cr, cCs, j + L, n, beta, lanes);
        store(c1a, c, cr + cRs, cCs, j, n, beta, lanes);
        store(c1b, c, cr + cRs, cCs, j + L, n, beta, lanes);
        store(c2a, c, cr + 2 * cRs, cCs, j, n, beta, lanes);
        store(c2b, c, cr + 2 * cRs, cCs, j + L, n, beta, lanes);
        store(c3a, c, cr + 3 * cRs, cCs, j, n, beta, lanes);
        store(c3b, c, cr + 3 * cRs, cCs, j + L, n, beta, lanes);
    }

    /** Four rows of C, one vector wide from column {@code j}, for {@link #packedB}. */
    private static void rows4x1(int k, MemorySegment a, long ar, long aRs, long aCs, float[] bp,
            int j, int w, MemorySegment c, long cr, long cRs, long cCs, int n, float beta,
            float[] lanes) {
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = c0, c2 = c0, c3 = c0;
        long a1 = ar + aRs;
        long a2 = a1 + aRs;
        long a3 = a2 + aRs;
        for (int p = 0; p < k; p++) {
            long q = p * aCs;
            FloatVector b0 = FloatVector.fromArray(S, bp, p * w + j);
            c0 = FloatVector.broadcast(S, a.getAtIndex(ELEM, ar + q)).fma(b0, c0);
            c1 = FloatVector.broadcast(S, a.getAtIndex(ELEM, a1 + q)).fma(b0, c1);
            c2 = FloatVector.broadcast(S, a.getAtIndex(ELEM, a2 + q)).fma(b0, c2);
            c3 = FloatVector.broadcast(S, a.getAtIndex(ELEM, a3 + q)).fma(b0, c3);
        }
        store(c0, c, cr, cCs, j, n, beta, lanes);
        store(c1, c, cr + cRs, cCs, j, n, beta, lanes);
        store(c2, c, cr + 2 * cRs, cCs, j, n, beta, lanes);
        store(c3, c, cr + 3 * cRs, cCs, j, n, beta, lanes);
    }

    /**
     * Writes columns {@code [j, min(j + L, n))} of the C row at element {@code cr}: v, plus
     * beta·C when beta is non-zero (C is not read otherwise).
     */
    private static void store(FloatVector v, MemorySegment c, long cr, long cCs, int j, int n,
            float beta, float[] lanes) {
        if (cCs == 1) {
            VectorMask<Float> mask = S.indexInRange(j, n);
            long off = (cr + j) * Float.BYTES;
            if (beta != 0f) {
                v = FloatVector.fromMemorySegment(S, c, off, LE, mask)
                        .fma(FloatVector.broadcast(S, beta), v);
            }
            v.intoMemorySegment(c, off, LE, mask);
            return;
        }
        v.intoArray(lanes, 0);
        int len = Math.min(L, n - j);
        for (int t = 0; t < len; t++) {
            storeY(c, cr + (j + t) * cCs, lanes[t], beta);
        }
    }

/** Rows {@code [i0, i1)} of the matrix-vector product y = alpha·A·x + beta·y. */
    static void gemv(int i0, int i1, int k, float alpha,
            MemorySegment a, long aOff, long aRs, long aCs,
            MemorySegment x, long xOff, long xInc,
            float beta, MemorySegment y, long yOff, long yInc) {
        Scratch s = SCRATCH.get();
        if (k < L) {
            // Shorter than one vector: a masked load per row costs more than the row's few products.
            gemvScalar(i0, i1, k, alpha, a, aOff, aRs, aCs, x, xOff, xInc, beta, y, yOff, yInc);
        } else if (aCs == 1) {
            int kv = roundUp(k, L);
            if (s.v.length < kv) {
                s.v = new float[kv];
            }
            float[] xv = s.v;
            for (int p = 0; p < k; p++) {
                xv[p] = x.getAtIndex(ELEM, xOff + p * xInc);
            }
            int kFull = k - k % (2 * L);
            for (int i = i0; i < i1; i++) {
                long row = (aOff + i * aRs) * Float.BYTES;
                FloatVector acc0 = FloatVector.zero(S);
                FloatVector acc1 = acc0;
                int p = 0;
                for (; p < kFull; p += 2 * L) {
                    acc0 = FloatVector.fromMemorySegment(S, a, row + (long) p * Float.BYTES, LE)
                            .fma(FloatVector.fromArray(S, xv, p), acc0);
                    acc1 = FloatVector.fromMemorySegment(S, a, row + (long) (p + L) * Float.BYTES,
                            LE).fma(FloatVector.fromArray(S, xv, p + L), acc1);
                }
                for (; p < k; p += L) {
                    VectorMask<Float> mask = S.indexInRange(p, k);
                    acc0 = FloatVector.fromMemorySegment(S, a, row + (long) p * Float.BYTES, LE,
                            mask).fma(FloatVector.fromArray(S, xv, p, mask), acc0);
                }
                storeY(y, yOff + i * yInc, alpha * acc0.add(acc1).reduceLanes(VectorOperators.ADD),
                        beta);
            }
        } else if (aRs == 1) {
            int len = i1 - i0;
            if (s.v.length < len) {
                s.v = new float[len];
            }
            float[] acc = s.v;
            Arrays.fill(acc, 0, len, 0f);
            int full = len - len % L;
            for (int p = 0; p < k; p++) {
                FloatVector xp = FloatVector.broadcast(S, x.getAtIndex(ELEM, xOff + p * xInc));
                long col = (aOff + i0 + p * aCs) * Float.BYTES;
                int i = 0;
                for (; i < full; i += L) {
                    FloatVector.fromMemorySegment(S, a, col + (long) i * Float.BYTES, LE)
                            .fma(xp, FloatVector.fromArray(S, acc, i)).intoArray(acc, i);
                }
                if (i < len) {
                    VectorMask<Float> mask = S.indexInRange(i, len);
                    FloatVector.fromMemorySegment(S, a, col + (long) i * Float.BYTES, LE, mask)
                            .fma(xp, FloatVector.fromArray(S, acc, i, mask))
                            .intoArray(acc, i, mask);
                }
            }
            for (int i = 0; i < len; i++) {
                storeY(y, yOff + (i0 + i) * yInc, alpha * acc[i], beta);
            }
        } else {
            gemvScalar(i0, i1, k, alpha, a, aOff, aRs, aCs, x, xOff, xInc, beta, y, yOff, yInc);
        }
    }

    private static void gemvScalar(int i0, int i1, int k, float alpha,
            MemorySegment a, long aOff, long aRs, long aCs,
            MemorySegment x, long xOff, long xInc,
            float beta, MemorySegment y, long yOff, long yInc) {
        for (int i = i0; i < i1; i++) {
            long row = aOff + i * aRs;
            float acc = 0f;
            for (int p = 0; p < k; p++) {
                acc = Math.fma(a.getAtIndex(ELEM, row + p * aCs),
                        x.getAtIndex(ELEM, xOff + p * xInc), acc);
            }
            storeY(y, yOff + i * yInc, alpha * acc, beta);
        }
    }

    private static void storeY(MemorySegment y, long idx, float v, float beta) {
        y.setAtIndex(ELEM, idx, beta == 0f ? v : Math.fma(beta, y.getAtIndex(ELEM, idx), v));
    }

    private static int roundUp(int v, int unit) {
        return (v + unit - 1) / unit * unit;
    }
}
