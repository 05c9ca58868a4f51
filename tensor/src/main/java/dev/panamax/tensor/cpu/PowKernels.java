package dev.panamax.tensor.cpu;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED;

/**
 * float32 {@code pow}: small integer exponents by multiplication in double, the rest by {@link Math#pow}.
 *
 * <p>The rule, applied to every float32 element whatever the path (vector loop, tail, strided or
 * heap-backed operand, tensor or scalar exponent), so that results never depend on a tensor's size
 * or layout: for an exponent {@code n} in {@code {-2, -1, 0, 1, 2, 3, 4}} the base {@code x} is
 * widened to double, where {@code x·x} is exact (24-bit significands); {@code x³ = (x·x)·x} and
 * {@code x⁴ = (x·x)·(x·x)} are then rounded once to double, negative exponents take {@code 1/xⁿ}
 * (one more double rounding), and the result is rounded once to float. Its error is therefore within
 * 0.5 float ulp plus at most two double roundings (about 2⁻²⁹ float ulp), no worse than
 * {@code (float) Math.pow(x, n)} (within one double ulp, then rounded to float), which every other
 * exponent uses. Special values follow {@link Math#pow}: {@code x⁰ = 1} for every x (NaN included),
 * {@code (-0)⁻¹ = -∞}, {@code (±∞)⁻² = +0}, NaN stays NaN. float64 {@code pow} always uses
 * {@link Math#pow}, as NumPy uses the C library's {@code pow}.
 *
 * <p>Only native segments reach the vector loops (see {@link CpuBackend#simdMemory}).
 */
final class PowKernels {

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final VectorSpecies<Float> F32S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> F64S = DoubleVector.SPECIES_PREFERRED;
    /** float lanes matching {@link #F64S} lane for lane, for float→double→float loops. */
    static final VectorSpecies<Float> F32H = F64S.vectorBitSize() >= 128
            ? VectorSpecies.of(float.class, VectorShape.forBitSize(F64S.vectorBitSize() / 2))
            : null;

    private PowKernels() {
    }

    /** Whether {@code e} is an exponent computed by multiplication (see the class comment). */
    static boolean smallInteger(double e) {
        return e == Math.rint(e) && e >= -2 && e <= 4;
    }

    /** {@code x ** y} for float32 elements (given widened to double), before the final rounding to float. */
    static double pow(double x, double y) {
        if (!smallInteger(y)) {
            return Math.pow(x, y);
        }
        return switch ((int) y) {
            case 0 -> 1.0;
            case 1 -> x;
            case 2 -> x * x;
            case 3 -> x * x * x;
            case 4 -> {
                double s = x * x;
                yield s * s;
            }
            case -1 -> 1.0 / x;
            default -> 1.0 / (x * x);
        };
    }

    /**
     * {@code d[di + i] = a[ai + i] ** s} for {@code i < n}, float32, {@code s} a {@link #smallInteger}
     * exponent; native segments only.
     */
    static void powScalarF32(MemorySegment a, long ai, double s, MemorySegment d, long di, int n) {
        int i = 0;
        int e = (int) s;
        if (F32H != null && F32H.length() == F64S.length()) {
            int step = F64S.length();
            int upper = F64S.loopBound(n);
            switch (e) {
                case 2 -> {
                    step = F32S.length();
                    upper = F32S.loopBound(n);
                    for (; i < upper; i += step) {
                        FloatVector x = FloatVector.fromMemorySegment(F32S, a, (ai + i) * 4L, LE);
                        x.mul(x).intoMemorySegment(d, (di + i) * 4L, LE);
                    }
                }
                case 3 -> {
                    for (; i < upper; i += step) {
                        DoubleVector x = load(a, ai + i);
                        store(x.mul(x).mul(x), d, di + i);
                    }
                }
                case 4 -> {
                    for (; i < upper; i += step) {
                        DoubleVector x = load(a, ai + i);
                        DoubleVector x2 = x.mul(x);
                        store(x2.mul(x2), d, di + i);
                    }
                }
                case -1 -> {
                    DoubleVector one = DoubleVector.broadcast(F64S, 1.0);
                    for (; i < upper; i += step) {
                        store(one.div(load(a, ai + i)), d, di + i);
                    }
                }
                case -2 -> {
                    DoubleVector one = DoubleVector.broadcast(F64S, 1.0);
                    for (; i < upper; i += step) {
                        DoubleVector x = load(a, ai + i);
                        store(one.div(x.mul(x)), d, di + i);
                    }
                }
                default -> {
                    // 0 and 1: the scalar loop below is a fill or a copy
                }
            }
        }
        for (; i < n; i++) {
            d.setAtIndex(JAVA_FLOAT_UNALIGNED, di + i, (float) pow(a.getAtIndex(JAVA_FLOAT_UNALIGNED, ai + i), s));
        }
    }

    /** Lanes {@code [F64S.length(), F32S.length())} of a float vector, for {@link #powSmallVector}. */
    private static final VectorMask<Float> HIGH = F32S.indexInRange(-F64S.length(), F64S.length());

    /** Whether {@link #powSmallVector} applies: a float vector is two double vectors. */
    static boolean vectorPow() {
        return F32S.length() == 2 * F64S.length();
    }

    /**
     * {@code x ** e} lane by lane for a {@link #smallInteger} exponent {@code e}, by the class rule:
     * the same vector operations as {@link #powScalarF32} (float multiply for 2, double otherwise),
     * on the two double halves of {@code x}; requires {@link #vectorPow}.
     */
    static FloatVector powSmallVector(FloatVector x, int e) {
        switch (e) {
            case 0 -> {
                return FloatVector.broadcast(F32S, 1f);
            }
            case 1 -> {
                return x;
            }
            case 2 -> {
                return x.mul(x);
            }
            default -> {
                DoubleVector lo = powDouble((DoubleVector) x.castShape(F64S, 0), e);
                DoubleVector hi = powDouble((DoubleVector) x.castShape(F64S, 1), e);
                FloatVector l = (FloatVector) lo.castShape(F32S, 0);
                FloatVector h = (FloatVector) hi.castShape(F32S, -1);
                return l.blend(h, HIGH);
            }
        }
    }

    /**
     * {@link #powSmallVector} for a vector of {@link #F32H} species (lane for lane one double vector):
     * the same operations on one double vector, with no lane shuffles.
     */
    static FloatVector powSmallHalf(FloatVector x, int e) {
        return switch (e) {
            case 0 -> x.broadcast(1f);
            case 1 -> x;
            case 2 -> x.mul(x);
            default -> (FloatVector) powDouble((DoubleVector) x.castShape(F64S, 0), e).castShape(F32H, 0);
        };
    }

    private static DoubleVector powDouble(DoubleVector x, int e) {
        return switch (e) {
            case 3 -> x.mul(x).mul(x);
            case 4 -> {
                DoubleVector x2 = x.mul(x);
                yield x2.mul(x2);
            }
            case -1 -> DoubleVector.broadcast(F64S, 1.0).div(x);
            default -> {
                DoubleVector x2 = x.mul(x);
                yield DoubleVector.broadcast(F64S, 1.0).div(x2);
            }
        };
    }

    private static DoubleVector load(MemorySegment a, long i) {
        return (DoubleVector) FloatVector.fromMemorySegment(F32H, a, i * 4L, LE).castShape(F64S, 0);
    }

    private static void store(DoubleVector v, MemorySegment d, long i) {
        ((FloatVector) v.castShape(F32H, 0)).intoMemorySegment(d, i * 4L, LE);
    }

    /**
     * float32 {@code pow} in any operand mode of {@link SimdKernels#binaryF32} (contiguous), following
     * the class rule element by element.
     */
    static void powF32(int mode, MemorySegment a, long ai, MemorySegment b, long bi, double s, MemorySegment d,
                       long di, int n) {
        float sc = (float) s;
        if (mode == SimdKernels.VS && smallInteger(sc) && a.isNative() && d.isNative()) {
            powScalarF32(a, ai, sc, d, di, n);
            return;
        }
        for (int i = 0; i < n; i++) {
            double x = mode == SimdKernels.SV ? sc : a.getAtIndex(JAVA_FLOAT_UNALIGNED, ai + i);
            double y = mode == SimdKernels.VV ? b.getAtIndex(JAVA_FLOAT_UNALIGNED, bi + i)
                    : mode == SimdKernels.VS ? sc : a.getAtIndex(JAVA_FLOAT_UNALIGNED, ai + i);
            d.setAtIndex(JAVA_FLOAT_UNALIGNED, di + i, (float) pow(x, y));
        }
    }
}
