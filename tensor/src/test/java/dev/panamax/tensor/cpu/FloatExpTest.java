package dev.panamax.tensor.cpu;

import dev.panamax.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * FloatExp against the exactly rounded float exp (from double Math.exp), and the backend's exp and
 * sigmoid against FloatExp, bit for bit, before and after the JIT compiles them.
 */
class FloatExpTest {

    private static float[] inputs() {
        SplittableRandom r = new SplittableRandom(7);
        float[] x = new float[20011];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 210 - 110);
        }
        for (int i = 0; i < 2000; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1) * (float) Math.pow(10, -r.nextInt(8));
        }
        x[5] = Float.NaN;
        x[6] = Float.POSITIVE_INFINITY;
        x[7] = Float.NEGATIVE_INFINITY;
        return x;
    }

    @Test
    void withinTwoUlpOfTheExactlyRoundedValue() {
        for (float x : inputs()) {
            float want = (float) Math.exp(x);
            float got = FloatExp.exp(x);
            if (Float.isNaN(want)) {
                assertTrue(Float.isNaN(got));
            } else if (want == 0 || Float.isInfinite(want) || want < Float.MIN_NORMAL) {
                assertEquals(want, got, Float.MIN_NORMAL, "exp(" + x + ")");
            } else {
                assertTrue(Math.abs(got - want) <= 2 * Math.ulp(want), "exp(" + x + ") = " + got + ", exactly rounded " + want);
            }
        }
    }

    @Test
    void kernelsGiveFloatExpsBitsInEveryExecutionMode() {
        float[] x = inputs();
        Tensor t = Tensor.of(x);
        // Early calls run interpreted or C1-compiled, later ones C2-compiled: all must agree.
        for (int round = 0; round < 300; round++) {
            float[] e = t.exp().toFloatArray();
            float[] s = t.sigmoid().toFloatArray();
            if (round % 50 != 0) {
                continue;
            }
            for (int i = 0; i < x.length; i++) {
                assertEquals(Float.floatToIntBits(FloatExp.exp(x[i])), Float.floatToIntBits(e[i]),
                        "round " + round + ": exp(" + x[i] + ")");
                assertEquals(Float.floatToIntBits(1f / (1f + FloatExp.exp(-x[i]))), Float.floatToIntBits(s[i]),
                        "round " + round + ": sigmoid(" + x[i] + ")");
            }
        }
    }

    @Test
    void specialValues() {
        assertTrue(Float.isNaN(FloatExp.exp(Float.NaN)));
        assertEquals(Float.POSITIVE_INFINITY, FloatExp.exp(Float.POSITIVE_INFINITY));
        assertEquals(0f, FloatExp.exp(Float.NEGATIVE_INFINITY));
        assertEquals(1f, FloatExp.exp(0f));
        assertEquals(1f, FloatExp.exp(-0f));
        assertEquals(Float.POSITIVE_INFINITY, FloatExp.exp(89f));
        float sub = FloatExp.exp(-103f);
        assertTrue(sub > 0 && sub < 1e-44f, "deep subnormal " + sub);
        assertEquals(0f, FloatExp.exp(-200f));
        assertEquals((float) Math.E, FloatExp.exp(1f), Math.ulp((float) Math.E) * 2);
    }
}
