package dev.panamax.tensor.cpu;

import dev.panamax.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * float32 sums of contiguous native runs: the bits of the documented block order (restated here as a
 * scalar loop), the same bits whichever ranges of blocks are summed apart (as the threads of a full
 * sum do), and closeness to a float64 sum.
 */
class FloatSumTest {

    private static final int B = SimdKernels.SUM_BLOCK_F32;
    private static final int[] SIZES = {0, 1, 15, 63, 64, 65, 4095, B, B + 1, 3 * B + 5, 4 * B, 4 * B + 1,
        9 * B + 100, 17 * B, (1 << 17) + 3};

    private static MemorySegment data(Arena arena, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        MemorySegment a = arena.allocate(4L * n + 64, 64);
        for (int i = 0; i < n + 16; i++) {
            // mixed signs and magnitudes, so that the float accumulators round
            a.setAtIndex(JAVA_FLOAT, i, (float) ((r.nextDouble() - 0.3) * Math.pow(2, r.nextInt(-8, 9))));
        }
        return a;
    }

    /** The documented order as a scalar loop: per block, four float accumulators per lane, even and odd lanes then tail in double. */
    private static double reference(MemorySegment a, long ai, int n) {
        int lanes = FloatVector.SPECIES_PREFERRED.length();
        double total = 0;
        for (int start = 0; start < n; start += B) {
            int len = Math.min(B, n - start);
            int body = len / (4 * lanes) * (4 * lanes);
            float[][] acc = new float[4][lanes];
            for (int i = 0; i < body; i++) {
                acc[(i / lanes) % 4][i % lanes] += a.getAtIndex(JAVA_FLOAT, ai + start + i);
            }
            double even = 0;
            double odd = 0;
            for (int l = 0; l < lanes; l += 2) {
                even += (acc[0][l] + acc[1][l]) + (acc[2][l] + acc[3][l]);
                odd += (acc[0][l + 1] + acc[1][l + 1]) + (acc[2][l + 1] + acc[3][l + 1]);
            }
            double block = even + odd;
            for (int i = body; i < len; i++) {
                block += a.getAtIndex(JAVA_FLOAT, ai + start + i);
            }
            total += block;
        }
        return total;
    }

    @Test
    void sumHasTheBitsOfTheDocumentedBlockOrder() {
        try (Arena arena = Arena.ofConfined()) {
            for (int n : SIZES) {
                MemorySegment a = data(arena, n, n);
                for (long ai : new long[] {0, 3}) {
                    assertEquals(reference(a, ai, n), SimdKernels.sumF32(a, ai, n), 0.0, "n=" + n + " ai=" + ai);
                }
            }
        }
    }

    @Test
    void blockRangesSummedApartGiveTheSameBits() {
        try (Arena arena = Arena.ofConfined()) {
            for (int n : SIZES) {
                MemorySegment a = data(arena, n, 7 + n);
                int blocks = (n + B - 1) / B;
                double whole = SimdKernels.sumF32(a, 5, n);
                for (int cut = 0; cut <= blocks; cut++) {
                    for (int cut2 = cut; cut2 <= blocks; cut2 += Math.max(1, blocks / 3)) {
                        double[] out = new double[blocks];
                        SimdKernels.sumBlocksF32(a, 5, n, cut2, blocks, out);
                        SimdKernels.sumBlocksF32(a, 5, n, 0, cut, out);
                        SimdKernels.sumBlocksF32(a, 5, n, cut, cut2, out);
                        double s = 0;
                        for (int k = 0; k < blocks; k++) {
                            assertEquals(SimdKernels.sumF32(a, 5 + (long) k * B, Math.min(B, n - k * B)), out[k], 0.0,
                                    "n=" + n + " block " + k);
                            s += out[k];
                        }
                        assertEquals(whole, s, 0.0, "n=" + n + " cuts " + cut + ", " + cut2);
                    }
                }
            }
        }
    }

    @Test
    void sumIsCloseToTheFloat64Sum() {
        try (Arena arena = Arena.ofConfined()) {
            for (int n : SIZES) {
                MemorySegment a = data(arena, n, 11 + n);
                double exact = 0;
                double abs = 0;
                for (int i = 0; i < n; i++) {
                    double x = a.getAtIndex(JAVA_FLOAT, i);
                    exact += x;
                    abs += Math.abs(x);
                }
                // each float accumulator adds at most 4096 / 64 elements per block: well within 2^-16 of the magnitudes
                double s = SimdKernels.sumF32(a, 0, n);
                assertTrue(Math.abs(s - exact) <= abs * 0x1p-16, "n=" + n + ": " + s + " vs " + exact);
            }
        }
    }

    @Test
    void fullSumsAndMeansOfTensorsTakeTheBlockOrder() {
        int n = 7 * 43001; // above the threshold at which a full sum is split over the threads
        float[] v = new float[n];
        SplittableRandom r = new SplittableRandom(5);
        double exact = 0;
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 0.5);
            exact += v[i];
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate(4L * n, 64);
            MemorySegment.copy(v, 0, a, JAVA_FLOAT, 0, n);
            double expected = (float) SimdKernels.sumF32(a, 0, n);
            Tensor t = Tensor.of(v, 7, n / 7);
            assertEquals(expected, t.sum().item(), 0.0);
            assertEquals((float) (exact / n), t.mean().item(), Math.ulp((float) (exact / n)) * 2);
            assertEquals(expected, Tensor.of(v, n).sum().item(), 0.0);
        }
    }

    @Test
    void largeColumnSumsAddEachColumnInRowOrder() {
        int rows = 301;
        int cols = 407; // 122 507 elements: above the size at which the outputs are split over the threads
        float[] v = new float[rows * cols];
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((r.nextDouble() - 0.4) * Math.pow(2, r.nextInt(-6, 7)));
        }
        Tensor m = Tensor.of(v, rows, cols);
        Tensor s32 = m.sum(0, false);
        Tensor s64 = m.to(dev.panamax.tensor.DType.FLOAT64).sum(0, false);
        for (int j = 0; j < cols; j++) {
            double ref = 0;
            for (int i = 0; i < rows; i++) {
                ref += v[i * cols + j];
            }
            assertEquals((float) ref, s32.narrow(0, j, 1).sum().item(), 0.0, "column " + j);
            assertEquals(ref, s64.narrow(0, j, 1).sum().item(), 0.0, "float64 column " + j);
        }
    }
}
