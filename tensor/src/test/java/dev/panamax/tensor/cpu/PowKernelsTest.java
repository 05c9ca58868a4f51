package dev.panamax.tensor.cpu;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.Tensor;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * float32 pow with small integer exponents: exactly rounded against BigDecimal arithmetic, the same
 * bits on every path (vector loop, tail, heap-backed, strided, tensor exponent), Math.pow's special
 * values, and float64 pow left on Math.pow.
 */
class PowKernelsTest {

    private static final int[] EXPONENTS = {-2, -1, 0, 1, 2, 3, 4};

    private static float[] inputs() {
        SplittableRandom r = new SplittableRandom(11);
        float[] x = new float[4099];
        for (int i = 0; i < x.length; i++) {
            double mag = Math.pow(10, r.nextInt(-12, 13));
            x[i] = (float) ((r.nextDouble() * 2 - 1) * mag);
        }
        float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, 1f, -1f,
                Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_NORMAL, 3e12f, -7e-13f};
        System.arraycopy(special, 0, x, 100, special.length);
        return x;
    }

    /** x^n rounded once to float, computed exactly (or to 60 digits for negative n). */
    private static float exactlyRounded(float x, int n) {
        if (n == 0) {
            return 1f;
        }
        if (!Float.isFinite(x) || x == 0) {
            return (float) Math.pow(x, n);
        }
        BigDecimal p = new BigDecimal(x).pow(Math.abs(n));
        if (n < 0) {
            p = BigDecimal.ONE.divide(p, new MathContext(60));
        }
        return p.floatValue();
    }

    @Test
    void smallIntegerPowersAreExactlyRounded() {
        for (int n : EXPONENTS) {
            for (float x : inputs()) {
                float want = exactlyRounded(x, n);
                float got = (float) PowKernels.pow(x, n);
                assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(got), x + " ** " + n);
                // and never further from the exact value than (float) Math.pow
                float old = (float) Math.pow(x, n);
                if (Float.isFinite(want)) {
                    assertTrue(Math.abs((double) got - want) <= Math.abs((double) old - want), x + " ** " + n);
                }
            }
        }
    }

    @Test
    void everyPathGivesTheSameBits() {
        float[] x = inputs();
        Tensor big = Tensor.of(x);                            // native memory: vector loop and tail
        for (int n : EXPONENTS) {
            // Early calls run interpreted or C1-compiled, later ones C2-compiled: all must agree.
            for (int round = 0; round < 60; round++) {
                float[] got = big.pow(n).toFloatArray();
                if (round % 20 != 0) {
                    continue;
                }
                for (int i = 0; i < x.length; i++) {
                    assertEquals(Float.floatToIntBits((float) PowKernels.pow(x[i], n)), Float.floatToIntBits(got[i]),
                            "round " + round + ": " + x[i] + " ** " + n);
                }
            }
            float[] tiny = Tensor.of(new float[] {x[3], x[100], x[104]}, 3).pow(n).toFloatArray(); // heap memory
            assertEquals(Float.floatToIntBits((float) PowKernels.pow(x[104], n)), Float.floatToIntBits(tiny[2]));
            // strided: every other element of a [n, 2] view's column, and a 0-d tensor exponent
            Tensor pairs = Tensor.of(x, x.length, 1).expand(x.length, 2).contiguous().select(1, 1);
            float[] strided = pairs.pow(n).toFloatArray();
            float[] tensorExp = big.pow(Tensor.scalar(n, DType.FLOAT32)).toFloatArray();
            float[] vv = big.pow(Tensor.full(n, DType.FLOAT32, x.length)).toFloatArray();
            for (int i = 0; i < x.length; i++) {
                int want = Float.floatToIntBits((float) PowKernels.pow(x[i], n));
                assertEquals(want, Float.floatToIntBits(strided[i]), "strided " + x[i] + " ** " + n);
                assertEquals(want, Float.floatToIntBits(tensorExp[i]), "0-d exponent " + x[i] + " ** " + n);
                assertEquals(want, Float.floatToIntBits(vv[i]), "tensor exponent " + x[i] + " ** " + n);
            }
        }
    }

    @Test
    void specialValuesFollowMathPow() {
        double[] xs = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, 1, -1};
        for (int n : EXPONENTS) {
            for (double x : xs) {
                assertEquals(Float.floatToIntBits((float) Math.pow(x, n)), Float.floatToIntBits((float) PowKernels.pow(x, n)),
                        x + " ** " + n);
            }
        }
    }

    @Test
    void otherExponentsAndFloat64UseMathPow() {
        float[] x = inputs();
        Tensor f = Tensor.of(x);
        float[] half = f.pow(0.5).toFloatArray();
        float[] five = f.pow(5).toFloatArray();
        double[] xd = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            xd[i] = x[i] * 1.000001;
        }
        double[] cube = Tensor.of(xd).pow(3).toDoubleArray();
        for (int i = 0; i < x.length; i++) {
            assertEquals(Float.floatToIntBits((float) Math.pow(x[i], 0.5)), Float.floatToIntBits(half[i]));
            assertEquals(Float.floatToIntBits((float) Math.pow(x[i], 5)), Float.floatToIntBits(five[i]));
            assertEquals(Double.doubleToLongBits(Math.pow(xd[i], 3)), Double.doubleToLongBits(cube[i]));
        }
    }
}
