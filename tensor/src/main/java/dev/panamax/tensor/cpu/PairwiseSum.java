package dev.panamax.tensor.cpu;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE_UNALIGNED;

/**
 * Float64 summation in NumPy's pairwise order, so that {@code sum()} of a contiguous run gives
 * NumPy's bits: runs under 8 are added in order; runs up to 128 use eight interleaved partial sums
 * combined as {@code ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7))} and then the remainder; longer runs are
 * split at half (rounded down to a multiple of 8) and the halves summed recursively.
 */
final class PairwiseSum {

    private static final int BLOCK = 128;

    private PairwiseSum() {
    }

    /** The pairwise sum of {@code n} contiguous doubles from element {@code start}. */
    static double sum(MemorySegment a, long start, int n) {
        if (n < 8) {
            double res = 0.0;
            for (int i = 0; i < n; i++) {
                res += a.getAtIndex(JAVA_DOUBLE_UNALIGNED, start + i);
            }
            return res;
        }
        if (n <= BLOCK) {
            double r0 = a.getAtIndex(JAVA_DOUBLE_UNALIGNED, start);
            double r1 = a.getAtIndex(JAVA_DOUBLE_UNALIGNED, start + 1);
            double r2 = a.getAtIndex(JAVA_DOUBLE_UNALIGNED, start + 2);
            double r3 = a.getAtIndex(JAVA_DOUBLE_UNALIGNED, start + 3);
            double r4 = a.getAtIndex(JAVA_DOUBLE_UNALIGNED, start + 4);
            double r5 = a.getAtIndex(JAVA_DOUBLE_UNALIGNED, start + 5);
            double r6 = a.getAtIndex(JAVA_DOUBLE_UNALIGNED, start + 6);
            double r7 = a.getAtIndex(JAVA_DOUBLE_UNALIGNED, start + 7);
            int i = 8;
            int end = n - n % 8;
            for (; i < end; i += 8) {
                long p = start + i;
                r0 += a.getAtIndex(JAVA_DOUBLE_UNALIGNED, p);
                r1 += a.getAtIndex(JAVA_DOUBLE_UNALIGNED, p + 1);
                r2 += a.getAtIndex(JAVA_DOUBLE_UNALIGNED, p + 2);
                r3 += a.getAtIndex(JAVA_DOUBLE_UNALIGNED, p + 3);
                r4 += a.getAtIndex(JAVA_DOUBLE_UNALIGNED, p + 4);
                r5 += a.getAtIndex(JAVA_DOUBLE_UNALIGNED, p + 5);
                r6 += a.getAtIndex(JAVA_DOUBLE_UNALIGNED, p + 6);
                r7 += a.getAtIndex(JAVA_DOUBLE_UNALIGNED, p + 7);
            }
            double res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++) {
                res += a.getAtIndex(JAVA_DOUBLE_UNALIGNED, start + i);
            }
            return res;
        }
        int n2 = split(n);
        return sum(a, start, n2) + sum(a, start + n2, n - n2);
    }

    /** Where a run of {@code n > 128} is split: half, rounded down to a multiple of 8. */
    static int split(int n) {
        int n2 = n / 2;
        return n2 - n2 % 8;
    }
}
