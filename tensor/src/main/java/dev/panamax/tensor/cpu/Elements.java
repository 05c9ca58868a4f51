package dev.panamax.tensor.cpu;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.backend.BinaryOp;
import dev.panamax.tensor.backend.CompareOp;
import dev.panamax.tensor.backend.UnaryOp;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * Scalar element access and scalar op semantics: the strided and integer paths of the CPU backend.
 */
final class Elements {

    private Elements() {
    }

    static double get(MemorySegment s, DType t, long i) {
        return switch (t) {
            case FLOAT32 -> s.getAtIndex(JAVA_FLOAT_UNALIGNED, i);
            case FLOAT64 -> s.getAtIndex(JAVA_DOUBLE_UNALIGNED, i);
            case INT64 -> s.getAtIndex(JAVA_LONG_UNALIGNED, i);
            case BOOL -> s.get(JAVA_BYTE, i);
        };
    }

    static void set(MemorySegment s, DType t, long i, double v) {
        switch (t) {
            case FLOAT32 -> s.setAtIndex(JAVA_FLOAT_UNALIGNED, i, (float) v);
            case FLOAT64 -> s.setAtIndex(JAVA_DOUBLE_UNALIGNED, i, v);
            case INT64 -> s.setAtIndex(JAVA_LONG_UNALIGNED, i, (long) v);
            case BOOL -> s.set(JAVA_BYTE, i, v != 0 ? (byte) 1 : (byte) 0);
        }
    }

    static long getLong(MemorySegment s, DType t, long i) {
        return switch (t) {
            case INT64 -> s.getAtIndex(JAVA_LONG_UNALIGNED, i);
            case BOOL -> s.get(JAVA_BYTE, i);
            case FLOAT32, FLOAT64 -> (long) get(s, t, i);
        };
    }

    static void setLong(MemorySegment s, DType t, long i, long v) {
        switch (t) {
            case INT64 -> s.setAtIndex(JAVA_LONG_UNALIGNED, i, v);
            case BOOL -> s.set(JAVA_BYTE, i, v != 0 ? (byte) 1 : (byte) 0);
            case FLOAT32, FLOAT64 -> set(s, t, i, v);
        }
    }

    static double apply(BinaryOp op, double x, double y) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case POW -> Math.pow(x, y);
            case MAXIMUM -> Math.max(x, y);
            case MINIMUM -> Math.min(x, y);
        };
    }

    /**
     * {@code op(x, y)} for elements of floating dtype {@code t}: float32 {@code pow} follows
     * {@link PowKernels}'s rule, so strided, heap-backed and vector elements all get the same bits.
     */
    static double apply(BinaryOp op, double x, double y, DType t) {
        return op == BinaryOp.POW && t == DType.FLOAT32 ? PowKernels.pow(x, y) : apply(op, x, y);
    }

    static long apply(BinaryOp op, long x, long y) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> {
                if (y == 0) {
                    throw new ArithmeticException("div: integer division by zero");
                }
                yield Math.floorDiv(x, y);
            }
            case POW -> {
                if (y < 0) {
                    throw new ArithmeticException("pow: integers to negative integer powers are not allowed");
                }
                long r = 1;
                long b = x;
                for (long e = y; e > 0; e >>= 1) {
                    if ((e & 1) != 0) {
                        r *= b;
                    }
                    b *= b;
                }
                yield r;
            }
            case MAXIMUM -> Math.max(x, y);
            case MINIMUM -> Math.min(x, y);
        };
    }

    static double apply(UnaryOp op, double x) {
        return switch (op) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case SQRT -> Math.sqrt(x);
            case SIN -> Math.sin(x);
            case COS -> Math.cos(x);
            case TANH -> Math.tanh(x);
            case SIGMOID -> 1.0 / (1.0 + Math.exp(-x));
            case RELU -> x > 0 || Double.isNaN(x) ? x : 0.0;
            case SQUARE -> x * x;
        };
    }

    /**
     * {@code op(x)} for an element of dtype {@code t}: float32 exp and sigmoid use {@link FloatExp}'s
     * scalar form, so strided, tail and vector elements all get the same bits.
     */
    static double apply(UnaryOp op, double x, DType t) {
        if (t == DType.FLOAT32) {
            if (op == UnaryOp.EXP) {
                return FloatExp.exp((float) x);
            }
            if (op == UnaryOp.SIGMOID) {
                return 1f / (1f + FloatExp.exp((float) -x));
            }
        }
        return apply(op, x);
    }

    static long apply(UnaryOp op, long x) {
        return switch (op) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case RELU -> Math.max(x, 0);
            case SQUARE -> x * x;
            case EXP, LOG, SQRT, SIN, COS, TANH, SIGMOID ->
                    throw new UnsupportedOperationException(op + " is defined for floating-point dtypes only");
        };
    }

    static boolean test(CompareOp op, double x, double y) {
        return switch (op) {
            case LT -> x < y;
            case LE -> x <= y;
            case GT -> x > y;
            case GE -> x >= y;
            case EQ -> x == y;
            case NE -> x != y;
        };
    }

    static boolean test(CompareOp op, long x, long y) {
        return switch (op) {
            case LT -> x < y;
            case LE -> x <= y;
            case GT -> x > y;
            case GE -> x >= y;
            case EQ -> x == y;
            case NE -> x != y;
        };
    }
}
