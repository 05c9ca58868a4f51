package dev.panamax.tensor.cuda;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.backend.BinaryOp;
import dev.panamax.tensor.backend.CompareOp;
import dev.panamax.tensor.backend.UnaryOp;

/**
 * The CUDA C spelling of dtypes and op tokens: exhaustive switches, so a new dtype or op constant
 * without a kernel expression fails to compile.
 *
 * <p>Expressions follow the CPU backend's semantics: {@code Math.max}/{@code Math.min} for
 * {@code MAXIMUM}/{@code MINIMUM} (NaN wins, {@code -0.0 < 0.0}), {@code Math.pow}'s special cases
 * (computed in double, as the CPU does for float32 too), relu passing NaN, two's-complement
 * wrap-around for int64, and Java's saturating double-to-long conversion.
 */
final class CTypes {

    private CTypes() {
    }

    /** The C element type of a dtype. */
    static String type(DType t) {
        return switch (t) {
            case FLOAT32 -> "float";
            case FLOAT64 -> "double";
            case INT64 -> "long long";
            case BOOL -> "unsigned char";
        };
    }

    /** A short dtype tag used in module and kernel names. */
    static String tag(DType t) {
        return switch (t) {
            case FLOAT32 -> "f32";
            case FLOAT64 -> "f64";
            case INT64 -> "i64";
            case BOOL -> "b8";
        };
    }

    /** The type sums of a dtype accumulate in. */
    static String sumAccumulator(DType t) {
        return switch (t) {
            case FLOAT32, FLOAT64 -> "double";
            case INT64, BOOL -> "long long";
        };
    }

    /** Whether a unary op has a kernel for dtype {@code t}. */
    static boolean supports(UnaryOp op, DType t) {
        return t != DType.BOOL && (t.isFloatingPoint() || !op.floatOnly());
    }

    /** The expression computing {@code op(x)} in dtype {@code t}. */
    static String unary(UnaryOp op, DType t, String x) {
        if (t == DType.INT64) {
            return switch (op) {
                case NEG -> "(long long) (0ULL - (unsigned long long) " + x + ")";
                case ABS -> "(" + x + " < 0 ? (long long) (0ULL - (unsigned long long) " + x + ") : " + x + ")";
                case RELU -> "(" + x + " > 0 ? " + x + " : 0LL)";
                case SQUARE -> "(long long) ((unsigned long long) " + x + " * (unsigned long long) " + x + ")";
                case EXP, LOG, SQRT, SIN, COS, TANH, SIGMOID ->
                        throw new UnsupportedOperationException(op + " is defined for floating-point dtypes only");
            };
        }
        if (!t.isFloatingPoint()) {
            throw new UnsupportedOperationException(op + ": no kernel for dtype " + t.pyName());
        }
        String f = t == DType.FLOAT32 ? "f" : "";
        String one = t == DType.FLOAT32 ? "1.0f" : "1.0";
        String zero = t == DType.FLOAT32 ? "0.0f" : "0.0";
        return switch (op) {
            case NEG -> "(-" + x + ")";
            case ABS -> "fabs" + f + "(" + x + ")";
            case EXP -> "exp" + f + "(" + x + ")";
            case LOG -> "log" + f + "(" + x + ")";
            case SQRT -> "sqrt" + f + "(" + x + ")";
            case SIN -> "sin" + f + "(" + x + ")";
            case COS -> "cos" + f + "(" + x + ")";
            case TANH -> "tanh" + f + "(" + x + ")";
            case SIGMOID -> "(" + one + " / (" + one + " + exp" + f + "(-" + x + ")))";
            case RELU -> "((" + x + " > " + zero + " || " + x + " != " + x + ") ? " + x + " : " + zero + ")";
            case SQUARE -> "(" + x + " * " + x + ")";
        };
    }

    /** Whether binary ops have kernels for dtype {@code t}. */
    static boolean supportsBinary(DType t) {
        return t != DType.BOOL;
    }

    /** The expression computing {@code op(x, y)} in dtype {@code t}, using the helpers of {@link #binaryHelpers}. */
    static String binary(BinaryOp op, DType t, String x, String y) {
        if (t == DType.INT64) {
            return switch (op) {
                case ADD -> "(long long) ((unsigned long long) " + x + " + (unsigned long long) " + y + ")";
                case SUB -> "(long long) ((unsigned long long) " + x + " - (unsigned long long) " + y + ")";
                case MUL -> "(long long) ((unsigned long long) " + x + " * (unsigned long long) " + y + ")";
                case DIV -> "pmx_floor_div(" + x + ", " + y + ")";
                case POW -> "pmx_ipow(" + x + ", " + y + ")";
                case MAXIMUM -> "(" + x + " > " + y + " ? " + x + " : " + y + ")";
                case MINIMUM -> "(" + x + " < " + y + " ? " + x + " : " + y + ")";
            };
        }
        if (!t.isFloatingPoint()) {
            throw new UnsupportedOperationException(op + ": no kernel for dtype " + t.pyName());
        }
        return switch (op) {
            case ADD -> "(" + x + " + " + y + ")";
            case SUB -> "(" + x + " - " + y + ")";
            case MUL -> "(" + x + " * " + y + ")";
            case DIV -> "(" + x + " / " + y + ")";
            case POW -> "(" + type(t) + ") pmx_pow((double) " + x + ", (double) " + y + ")";
            case MAXIMUM -> "pmx_max(" + x + ", " + y + ")";
            case MINIMUM -> "pmx_min(" + x + ", " + y + ")";
        };
    }

    /** Device helpers that {@link #binary} expressions of dtype {@code t} call (the module defines {@code pmx_t}). */
    static String binaryHelpers(DType t) {
        if (t == DType.INT64) {
            return """
                    __device__ long long pmx_floor_div(long long x, long long y) {
                        if (y == 0) return 0;
                        if (y == -1) return (long long) (0ULL - (unsigned long long) x);
                        long long q = x / y;
                        if (x % y != 0 && ((x < 0) != (y < 0))) q--;
                        return q;
                    }
                    __device__ long long pmx_ipow(long long x, long long y) {
                        if (y < 0) return x == 1 ? 1 : x == -1 ? ((y & 1) ? -1 : 1) : 0;
                        unsigned long long r = 1, b = (unsigned long long) x;
                        for (long long e = y; e > 0; e >>= 1) {
                            if (e & 1) r *= b;
                            b *= b;
                        }
                        return (long long) r;
                    }
                    """;
        }
        return """
                __device__ double pmx_pow(double x, double y) {
                    if (y == 0.0) return 1.0;
                    if (y != y) return y;
                    if ((x == 1.0 || x == -1.0) && y - y != 0.0) return y - y;
                    return pow(x, y);
                }
                __device__ pmx_t pmx_max(pmx_t x, pmx_t y) {
                    if (x != x) return x;
                    if (y != y) return y;
                    if (x == 0 && y == 0) return (1 / x < 0) ? y : x;
                    return x >= y ? x : y;
                }
                __device__ pmx_t pmx_min(pmx_t x, pmx_t y) {
                    if (x != x) return x;
                    if (y != y) return y;
                    if (x == 0 && y == 0) return (1 / x < 0) ? x : y;
                    return x <= y ? x : y;
                }
                """;
    }

    /** The condition {@code x op y}. */
    static String compare(CompareOp op, String x, String y) {
        String o = switch (op) {
            case LT -> " < ";
            case LE -> " <= ";
            case GT -> " > ";
            case GE -> " >= ";
            case EQ -> " == ";
            case NE -> " != ";
        };
        return "(" + x + o + y + ")";
    }

    /** The expression converting {@code x} of dtype {@code from} to dtype {@code to} as the CPU backend does. */
    static String convert(DType from, DType to, String x) {
        boolean integral = !from.isFloatingPoint() && !to.isFloatingPoint();
        if (integral) {
            return switch (to) {
                case INT64 -> "(long long) " + x;
                case BOOL -> "(unsigned char) (" + x + " != 0)";
                case FLOAT32, FLOAT64 -> throw new AssertionError(to);
            };
        }
        String v = "(double) " + x;
        return switch (to) {
            case FLOAT32 -> "(float) (" + v + ")";
            case FLOAT64 -> v;
            case INT64 -> "pmx_d2ll(" + v + ")";
            case BOOL -> "(unsigned char) ((" + v + ") != 0.0)";
        };
    }

    /** Java's {@code (long) double}: NaN to 0, saturating at the int64 range. */
    static final String D2LL = """
            __device__ long long pmx_d2ll(double v) {
                if (v != v) return 0;
                if (v >= 9223372036854775807.0) return 9223372036854775807LL;
                if (v <= -9223372036854775808.0) return -9223372036854775807LL - 1;
                return (long long) v;
            }
            """;
}
