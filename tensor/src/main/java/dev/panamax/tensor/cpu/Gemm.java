package dev.panamax.tensor.cpu;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED;

/** Matrix multiply over strided native operands (reference loops; the blocked kernel replaces them). */
public final class Gemm {

    private Gemm() {
    }

    /** C = alpha·A·B + beta·C in float32 over element strides. */
    public static void sgemm(int m, int n, int k, float alpha, MemorySegment a, long aOff, long aRs, long aCs,
                             MemorySegment b, long bOff, long bRs, long bCs, float beta, MemorySegment c, long cOff,
                             long cRs, long cCs) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0;
                for (int p = 0; p < k; p++) {
                    s += a.getAtIndex(JAVA_FLOAT_UNALIGNED, aOff + i * aRs + p * aCs)
                            * b.getAtIndex(JAVA_FLOAT_UNALIGNED, bOff + p * bRs + j * bCs);
                }
                long ci = cOff + i * cRs + j * cCs;
                float prev = beta == 0 ? 0 : beta * c.getAtIndex(JAVA_FLOAT_UNALIGNED, ci);
                c.setAtIndex(JAVA_FLOAT_UNALIGNED, ci, alpha * s + prev);
            }
        }
    }

    /** C = alpha·A·B + beta·C in float64 over element strides. */
    public static void dgemm(int m, int n, int k, double alpha, MemorySegment a, long aOff, long aRs, long aCs,
                             MemorySegment b, long bOff, long bRs, long bCs, double beta, MemorySegment c, long cOff,
                             long cRs, long cCs) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += a.getAtIndex(JAVA_DOUBLE_UNALIGNED, aOff + i * aRs + p * aCs)
                            * b.getAtIndex(JAVA_DOUBLE_UNALIGNED, bOff + p * bRs + j * bCs);
                }
                long ci = cOff + i * cRs + j * cCs;
                double prev = beta == 0 ? 0 : beta * c.getAtIndex(JAVA_DOUBLE_UNALIGNED, ci);
                c.setAtIndex(JAVA_DOUBLE_UNALIGNED, ci, alpha * s + prev);
            }
        }
    }
}
