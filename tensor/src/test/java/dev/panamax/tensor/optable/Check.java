package dev.panamax.tensor.optable;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.Tensor;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Comparison of results: shape and dtype exactly; int64 and bool values exactly; floats within
 * {@code atol + rtol·|expected|}, where rtol is about 1e-12 for float64 and 1e-5 for float32 (times
 * the op's factor) and atol is rtol scaled by the largest finite expected magnitude (at least 1).
 * NaN must meet NaN and an infinity the same infinity.
 */
final class Check {

    static final double RTOL_FLOAT64 = 1e-12;
    static final double RTOL_FLOAT32 = 1e-5;

    private Check() {
    }

    static double rtol(DType t, double factor) {
        return switch (t) {
            case FLOAT64 -> RTOL_FLOAT64 * factor;
            case FLOAT32 -> RTOL_FLOAT32 * factor;
            case INT64, BOOL -> 0;
        };
    }

    /** The elements of {@code t} as doubles, int64 read exactly. */
    static double[] values(Tensor t) {
        if (t.dtype() == DType.INT64) {
            long[] l = t.toLongArray();
            double[] d = new double[l.length];
            for (int i = 0; i < l.length; i++) {
                d[i] = l[i];
            }
            return d;
        }
        return t.toDoubleArray();
    }

    static void matches(Ref expected, Tensor actual, double factor, String ctx) {
        assertArrayEquals(expected.shape(), actual.shape(), () -> ctx + ": shape");
        assertEquals(expected.dtype(), actual.dtype(), () -> ctx + ": dtype");
        close(expected.data(), values(actual), expected.dtype(), factor, ctx);
    }

    static void close(double[] expected, double[] actual, DType t, double factor, String ctx) {
        assertEquals(expected.length, actual.length, () -> ctx + ": element count");
        double rtol = rtol(t, factor);
        double scale = 1;
        for (double e : expected) {
            if (Double.isFinite(e)) {
                scale = Math.max(scale, Math.abs(e));
            }
        }
        double atol = rtol * scale;
        StringBuilder bad = new StringBuilder();
        int count = 0;
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            boolean ok;
            if (Double.isNaN(e)) {
                ok = Double.isNaN(a);
            } else if (Double.isInfinite(e) || rtol == 0) {
                ok = a == e;
            } else {
                ok = Math.abs(a - e) <= atol + rtol * Math.abs(e);
            }
            if (!ok && count++ < 5) {
                bad.append("\n  [").append(i).append("] expected ").append(e).append(" got ").append(a);
            }
        }
        if (count > 0) {
            fail(ctx + ": " + count + " of " + expected.length + " elements differ (rtol " + rtol + ", atol " + atol
                    + ")" + bad + (expected.length <= 40 ? "\n  expected " + Arrays.toString(expected)
                    + "\n  actual   " + Arrays.toString(actual) : ""));
        }
    }
}
