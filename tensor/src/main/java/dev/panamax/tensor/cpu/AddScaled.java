package dev.panamax.tensor.cpu;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED;

import dev.panamax.tensor.DType;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The contiguous loop of {@code d += alpha·b} ({@code Tensor.add_(other, alpha)}, the SGD step):
 * one pass instead of a scaled copy of {@code b} and an in-place add. The product is rounded to
 * the dtype before the sum (a multiply, then an add, never a fused multiply-add), as the two
 * eager ops do, so the bits are theirs. Element i is read before it is written, so {@code b} may
 * be {@code d} itself.
 */
final class AddScaled {

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final VectorSpecies<Float> F32S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> F64S = DoubleVector.SPECIES_PREFERRED;

    private AddScaled() {
    }

    /** {@code d[di + i] += alpha·b[bi + i]} for i below n, in float32 or float64. */
    static void run(DType t, MemorySegment d, int di, MemorySegment b, int bi, double alpha, int n) {
        if (t == DType.FLOAT32) {
            f32(d, di, b, bi, (float) alpha, n);
        } else {
            f64(d, di, b, bi, alpha, n);
        }
    }

    private static void f32(MemorySegment d, long di, MemorySegment b, long bi, float alpha, int n) {
        int step = F32S.length();
        int upper = F32S.loopBound(n);
        FloatVector va = FloatVector.broadcast(F32S, alpha);
        int i = 0;
        for (; i < upper; i += step) {
            long dOff = (di + i) * Float.BYTES;
            FloatVector vb = FloatVector.fromMemorySegment(F32S, b, (bi + i) * Float.BYTES, LE);
            FloatVector.fromMemorySegment(F32S, d, dOff, LE).add(vb.mul(va))
                    .intoMemorySegment(d, dOff, LE);
        }
        for (; i < n; i++) {
            float p = b.getAtIndex(JAVA_FLOAT_UNALIGNED, bi + i) * alpha;
            d.setAtIndex(JAVA_FLOAT_UNALIGNED, di + i, d.getAtIndex(JAVA_FLOAT_UNALIGNED, di + i) + p);
        }
    }

    private static void f64(MemorySegment d, long di, MemorySegment b, long bi, double alpha, int n) {
        int step = F64S.length();
        int upper = F64S.loopBound(n);
        DoubleVector va = DoubleVector.broadcast(F64S, alpha);
        int i = 0;
        for (; i < upper; i += step) {
            long dOff = (di + i) * Double.BYTES;
            DoubleVector vb = DoubleVector.fromMemorySegment(F64S, b, (bi + i) * Double.BYTES, LE);
            DoubleVector.fromMemorySegment(F64S, d, dOff, LE).add(vb.mul(va))
                    .intoMemorySegment(d, dOff, LE);
        }
        for (; i < n; i++) {
            double p = b.getAtIndex(JAVA_DOUBLE_UNALIGNED, bi + i) * alpha;
            d.setAtIndex(JAVA_DOUBLE_UNALIGNED, di + i, d.getAtIndex(JAVA_DOUBLE_UNALIGNED, di + i) + p);
        }
    }
}
