// GENERATED from GemmF32Unpacked.java by tensor/codegen/gen_gemm_f64.py. Do not edit by hand: edit the float32 source and rerun the script.
package dev.panamax.tensor.cpu;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float64 paths of {@link Gemm#dgemm} that need no packing: scaling C alone, products too
 * small to amortise packing, and matrix-vector products.
 *
 * <p>Indices are in elements; the segments hold little-endian doubles.
 */
final class GemmF64Unpacked {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ValueLayout.OfDouble ELEM =
            ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(LE);

    /** Per-thread vector buffer, grown on demand and reused across calls. */
    private static final class Scratch {
        double[] v = new double[0];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private GemmF64Unpacked() {
    }

    /** C = beta·C over an m×n view; beta == 0 stores zeros without reading C. */
    static void scale(int m, int n, double beta, MemorySegment c, long cOff, long cRs, long cCs) {
        if (beta == 1.0) {
            return;
        }
        for (int i = 0; i < m; i++) {
            long row = cOff + i * cRs;
            for (int j = 0; j < n; j++) {
                long idx = row + j * cCs;
                c.setAtIndex(ELEM, idx, beta == 0.0 ? 0.0 : beta * c.getAtIndex(ELEM, idx));
            }
        }
    }

    /** The unpacked path for products too small to amortise packing. */
    static void small(int m, int n, int k, double alpha,
            MemorySegment a, long aOff, long aRs, long aCs,
            MemorySegment b, long bOff, long bRs, long bCs,
            double beta, MemorySegment c, long cOff, long cRs, long cCs) {
        for (int i = 0; i < m; i++) {
            long aRow = aOff + i * aRs;
            long cRow = cOff + i * cRs;
            if (bCs == 1 && cCs == 1) {
                for (int j = 0; j < n; j += L) {
                    VectorMask<Double> mask = S.indexInRange(j, n);
                    DoubleVector acc = DoubleVector.zero(S);
                    for (int p = 0; p < k; p++) {
                        DoubleVector bv = DoubleVector.fromMemorySegment(S, b,
                                (bOff + p * bRs + j) * Double.BYTES, LE, mask);
                        acc = DoubleVector.broadcast(S, a.getAtIndex(ELEM, aRow + p * aCs))
                                .fma(bv, acc);
                    }
                    long off = (cRow + j) * Double.BYTES;
                    acc = acc.mul(alpha);
                    if (beta != 0.0) {
                        acc = DoubleVector.fromMemorySegment(S, c, off, LE, mask)
                                .fma(DoubleVector.broadcast(S, beta), acc);
                    }
                    acc.intoMemorySegment(c, off, LE, mask);
                }
            } else {
                for (int j = 0; j < n; j++) {
                    long bCol = bOff + j * bCs;
                    double acc = 0.0;
                    for (int p = 0; p < k; p++) {
                        acc = Math.fma(a.getAtIndex(ELEM, aRow + p * aCs),
                                b.getAtIndex(ELEM, bCol + p * bRs), acc);
                    }
                    long idx = cRow + j * cCs;
                    double v = alpha * acc;
                    c.setAtIndex(ELEM, idx,
                        beta == 0.0 ? v : Math.fma(beta, c.getAtIndex(ELEM, idx), v));
                }
            }
        }
    }

    /** Rows {@code [i0, i1)} of the matrix-vector product y = alpha·A·x + beta·y. */
    static void gemv(int i0, int i1, int k, double alpha,
            MemorySegment a, long aOff, long aRs, long aCs,
            MemorySegment x, long xOff, long xInc,
            double beta, MemorySegment y, long yOff, long yInc) {
        Scratch s = SCRATCH.get();
        if (k < L) {
            // Shorter than one vector: a masked load per row costs more than the row's few products.
            gemvScalar(i0, i1, k, alpha, a, aOff, aRs, aCs, x, xOff, xInc, beta, y, yOff, yInc);
        } else if (aCs == 1) {
            int kv = roundUp(k, L);
            if (s.v.length < kv) {
                s.v = new double[kv];
            }
            double[] xv = s.v;
            for (int p = 0; p < k; p++) {
                xv[p] = x.getAtIndex(ELEM, xOff + p * xInc);
            }
            int kFull = k - k % (2 * L);
            for (int i = i0; i < i1; i++) {
                long row = (aOff + i * aRs) * Double.BYTES;
                DoubleVector acc0 = DoubleVector.zero(S);
                DoubleVector acc1 = acc0;
                int p = 0;
                for (; p < kFull; p += 2 * L) {
                    acc0 = DoubleVector.fromMemorySegment(S, a, row + (long) p * Double.BYTES, LE)
                            .fma(DoubleVector.fromArray(S, xv, p), acc0);
                    acc1 = DoubleVector.fromMemorySegment(S, a, row + (long) (p + L) * Double.BYTES,
                            LE).fma(DoubleVector.fromArray(S, xv, p + L), acc1);
                }
                for (; p < k; p += L) {
                    VectorMask<Double> mask = S.indexInRange(p, k);
                    acc0 = DoubleVector.fromMemorySegment(S, a, row + (long) p * Double.BYTES, LE,
                            mask).fma(DoubleVector.fromArray(S, xv, p, mask), acc0);
                }
                storeY(y, yOff + i * yInc, alpha * acc0.add(acc1).reduceLanes(VectorOperators.ADD),
                        beta);
            }
        } else if (aRs == 1) {
            int len = i1 - i0;
            if (s.v.length < len) {
                s.v = new double[len];
            }
            double[] acc = s.v;
            Arrays.fill(acc, 0, len, 0.0);
            int full = len - len % L;
            for (int p = 0; p < k; p++) {
                DoubleVector xp = DoubleVector.broadcast(S, x.getAtIndex(ELEM, xOff + p * xInc));
                long col = (aOff + i0 + p * aCs) * Double.BYTES;
                int i = 0;
                for (; i < full; i += L) {
                    DoubleVector.fromMemorySegment(S, a, col + (long) i * Double.BYTES, LE)
                            .fma(xp, DoubleVector.fromArray(S, acc, i)).intoArray(acc, i);
                }
                if (i < len) {
                    VectorMask<Double> mask = S.indexInRange(i, len);
                    DoubleVector.fromMemorySegment(S, a, col + (long) i * Double.BYTES, LE, mask)
                            .fma(xp, DoubleVector.fromArray(S, acc, i, mask))
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

    private static void gemvScalar(int i0, int i1, int k, double alpha,
            MemorySegment a, long aOff, long aRs, long aCs,
            MemorySegment x, long xOff, long xInc,
            double beta, MemorySegment y, long yOff, long yInc) {
        for (int i = i0; i < i1; i++) {
            long row = aOff + i * aRs;
            double acc = 0.0;
            for (int p = 0; p < k; p++) {
                acc = Math.fma(a.getAtIndex(ELEM, row + p * aCs),
                        x.getAtIndex(ELEM, xOff + p * xInc), acc);
            }
            storeY(y, yOff + i * yInc, alpha * acc, beta);
        }
    }

    private static void storeY(MemorySegment y, long idx, double v, double beta) {
        y.setAtIndex(ELEM, idx, beta == 0.0 ? v : Math.fma(beta, y.getAtIndex(ELEM, idx), v));
    }

    private static int roundUp(int v, int unit) {
        return (v + unit - 1) / unit * unit;
    }
}
