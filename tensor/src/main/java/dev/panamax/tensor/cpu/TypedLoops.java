package dev.panamax.tensor.cpu;

import dev.panamax.tensor.backend.CompareOp;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED;

/**
 * Strided element loops specialised by dtype for compare, where and copy, so the hot floating-point and
 * mask cases read and write one layout each instead of dispatching on the dtype per element
 * ({@link Elements}). Each loop computes exactly what the generic loop computes: floats are widened to
 * double before comparing (exact), and a copy between equal types moves the bits unchanged.
 * Offsets and strides are in elements.
 */
final class TypedLoops {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Bytes, as many lanes as {@link #F}; null where no such shape exists (vectors of 4 floats). */
    private static final VectorSpecies<Byte> B = F.length() >= 8
            ? VectorSpecies.of(byte.class, VectorShape.forBitSize(F.length() * Byte.SIZE)) : null;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private TypedLoops() {
    }

    /**
     * The dense vector case of {@link #compareF32} against a scalar that a float holds exactly, so
     * comparing in float gives the double comparison's answer (NaN compares false in both);
     * returns false, having done nothing, for the other operators or a scalar a float cannot hold.
     */
    private static boolean compareF32Dense(CompareOp op, MemorySegment a, int p, double scalar,
                                           MemorySegment d, int o, int n) {
        float s = (float) scalar;
        if (B == null || (double) s != scalar) {
            return false;
        }
        VectorOperators.Comparison c = switch (op) {
            case GT -> VectorOperators.GT;
            case GE -> VectorOperators.GE;
            case LT -> VectorOperators.LT;
            case LE -> VectorOperators.LE;
            case EQ, NE -> null;
        };
        if (c == null) {
            return false;
        }
        ByteVector zero = ByteVector.zero(B);
        int len = F.length();
        int i = 0;
        for (; i <= n - len; i += len) {
            VectorMask<Float> m = FloatVector.fromMemorySegment(F, a, (long) (p + i) * Float.BYTES, LE)
                    .compare(c, s);
            zero.blend((byte) 1, m.cast(B)).intoMemorySegment(d, o + i, LE);
        }
        for (; i < n; i++) {
            d.set(JAVA_BYTE, o + i, Elements.test(op, a.getAtIndex(JAVA_FLOAT_UNALIGNED, p + i), scalar)
                    ? (byte) 1 : 0);
        }
        return true;
    }

    /** {@code d[o] = a[p] op (hasB ? b[q] : scalar)} for float32 operands, as a 0/1 byte. */
    static void compareF32(CompareOp op, MemorySegment a, int p, int sa, MemorySegment b, int q, int sb,
                           boolean hasB, double scalar, MemorySegment d, int o, int sd, int n) {
        if (!hasB && sa == 1 && sd == 1 && compareF32Dense(op, a, p, scalar, d, o, n)) {
            return;
        }
        if (!hasB) {
            switch (op) {
                case GT -> {
                    for (int i = 0; i < n; i++, p += sa, o += sd) {
                        d.set(JAVA_BYTE, o, (double) a.getAtIndex(JAVA_FLOAT_UNALIGNED, p) > scalar ? (byte) 1 : 0);
                    }
                    return;
                }
                case GE -> {
                    for (int i = 0; i < n; i++, p += sa, o += sd) {
                        d.set(JAVA_BYTE, o, (double) a.getAtIndex(JAVA_FLOAT_UNALIGNED, p) >= scalar ? (byte) 1 : 0);
                    }
                    return;
                }
                case LT -> {
                    for (int i = 0; i < n; i++, p += sa, o += sd) {
                        d.set(JAVA_BYTE, o, (double) a.getAtIndex(JAVA_FLOAT_UNALIGNED, p) < scalar ? (byte) 1 : 0);
                    }
                    return;
                }
                case LE -> {
                    for (int i = 0; i < n; i++, p += sa, o += sd) {
                        d.set(JAVA_BYTE, o, (double) a.getAtIndex(JAVA_FLOAT_UNALIGNED, p) <= scalar ? (byte) 1 : 0);
                    }
                    return;
                }
                default -> {
                }
            }
        }
        for (int i = 0; i < n; i++, p += sa, q += sb, o += sd) {
            double x = a.getAtIndex(JAVA_FLOAT_UNALIGNED, p);
            double y = hasB ? b.getAtIndex(JAVA_FLOAT_UNALIGNED, q) : scalar;
            d.set(JAVA_BYTE, o, Elements.test(op, x, y) ? (byte) 1 : 0);
        }
    }

    /** {@code d[o] = a[p] op (hasB ? b[q] : scalar)} for float64 operands, as a 0/1 byte. */
    static void compareF64(CompareOp op, MemorySegment a, int p, int sa, MemorySegment b, int q, int sb,
                           boolean hasB, double scalar, MemorySegment d, int o, int sd, int n) {
        for (int i = 0; i < n; i++, p += sa, q += sb, o += sd) {
            double x = a.getAtIndex(JAVA_DOUBLE_UNALIGNED, p);
            double y = hasB ? b.getAtIndex(JAVA_DOUBLE_UNALIGNED, q) : scalar;
            d.set(JAVA_BYTE, o, Elements.test(op, x, y) ? (byte) 1 : 0);
        }
    }

    /** {@code d[o] = c[pc] != 0 ? a[p] : b[q]} moving float32 bits. */
    static void whereF32(MemorySegment c, int pc, int s0, MemorySegment a, int p, int s1, MemorySegment b, int q,
                         int s2, MemorySegment d, int o, int s3, int n) {
        for (int i = 0; i < n; i++, pc += s0, p += s1, q += s2, o += s3) {
            float v = c.get(JAVA_BYTE, pc) != 0 ? a.getAtIndex(JAVA_FLOAT_UNALIGNED, p)
                    : b.getAtIndex(JAVA_FLOAT_UNALIGNED, q);
            d.setAtIndex(JAVA_FLOAT_UNALIGNED, o, v);
        }
    }

    /** {@code d[o] = c[pc] != 0 ? a[p] : b[q]} moving float64 bits. */
    static void whereF64(MemorySegment c, int pc, int s0, MemorySegment a, int p, int s1, MemorySegment b, int q,
                         int s2, MemorySegment d, int o, int s3, int n) {
        for (int i = 0; i < n; i++, pc += s0, p += s1, q += s2, o += s3) {
            double v = c.get(JAVA_BYTE, pc) != 0 ? a.getAtIndex(JAVA_DOUBLE_UNALIGNED, p)
                    : b.getAtIndex(JAVA_DOUBLE_UNALIGNED, q);
            d.setAtIndex(JAVA_DOUBLE_UNALIGNED, o, v);
        }
    }

    /** {@code d[o] = c[pc] != 0 ? a[p] : b[q]} for BOOL operands, normalised to 0/1. */
    static void whereBool(MemorySegment c, int pc, int s0, MemorySegment a, int p, int s1, MemorySegment b, int q,
                          int s2, MemorySegment d, int o, int s3, int n) {
        for (int i = 0; i < n; i++, pc += s0, p += s1, q += s2, o += s3) {
            byte v = c.get(JAVA_BYTE, pc) != 0 ? a.get(JAVA_BYTE, p) : b.get(JAVA_BYTE, q);
            d.set(JAVA_BYTE, o, v != 0 ? (byte) 1 : 0);
        }
    }

    /** Copies float32 elements between strided positions (bits unchanged). */
    static void copyF32(MemorySegment a, int p, int sa, MemorySegment d, int q, int sd, int n) {
        for (int i = 0; i < n; i++, p += sa, q += sd) {
            d.setAtIndex(JAVA_FLOAT_UNALIGNED, q, a.getAtIndex(JAVA_FLOAT_UNALIGNED, p));
        }
    }

    /** Copies float64 elements between strided positions (bits unchanged). */
    static void copyF64(MemorySegment a, int p, int sa, MemorySegment d, int q, int sd, int n) {
        for (int i = 0; i < n; i++, p += sa, q += sd) {
            d.setAtIndex(JAVA_DOUBLE_UNALIGNED, q, a.getAtIndex(JAVA_DOUBLE_UNALIGNED, p));
        }
    }

    /** BOOL (byte) to float32, as the generic loop converts it. */
    static void boolToF32(MemorySegment a, int p, int sa, MemorySegment d, int q, int sd, int n) {
        if (sa == 1 && sd == 1 && B != null) {
            int len = F.length();
            int i = 0;
            for (; i <= n - len; i += len) {
                ((FloatVector) ByteVector.fromMemorySegment(B, a, p + i, LE).convertShape(VectorOperators.B2F, F, 0))
                        .intoMemorySegment(d, (long) (q + i) * Float.BYTES, LE);
            }
            p += i;
            q += i;
            n -= i;
        }
        for (int i = 0; i < n; i++, p += sa, q += sd) {
            d.setAtIndex(JAVA_FLOAT_UNALIGNED, q, a.get(JAVA_BYTE, p));
        }
    }

    /** BOOL (byte) to float64, as the generic loop converts it. */
    static void boolToF64(MemorySegment a, int p, int sa, MemorySegment d, int q, int sd, int n) {
        for (int i = 0; i < n; i++, p += sa, q += sd) {
            d.setAtIndex(JAVA_DOUBLE_UNALIGNED, q, a.get(JAVA_BYTE, p));
        }
    }
}
