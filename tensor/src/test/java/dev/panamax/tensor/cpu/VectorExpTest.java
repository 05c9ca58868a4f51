package dev.panamax.tensor.cpu;

import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** VectorExp against the exactly rounded float exp (from double Math.exp), and lane/scalar agreement. */
class VectorExpTest {

    private static float[] inputs() {
        SplittableRandom r = new SplittableRandom(7);
        float[] x = new float[20000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 210 - 110);
        }
        for (int i = 0; i < 2000; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1) * (float) Math.pow(10, -r.nextInt(8));
        }
        return x;
    }

    private static float[] vectorExp(float[] x) {
        float[] out = new float[x.length];
        int len = VectorExp.length();
        int i = 0;
        for (; i + len <= x.length; i += len) {
            VectorExp.exp(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, i)).intoArray(out, i);
        }
        for (; i < x.length; i++) {
            out[i] = VectorExp.exp(x[i]);
        }
        return out;
    }

    @Test
    void withinTwoUlpOfTheExactlyRoundedValue() {
        float[] x = inputs();
        float[] y = vectorExp(x);
        for (int i = 0; i < x.length; i++) {
            float want = (float) Math.exp(x[i]);
            if (want == 0 || Float.isInfinite(want)) {
                assertEquals(want, y[i], Math.ulp(Float.MIN_NORMAL) * 4, "exp(" + x[i] + ")");
                continue;
            }
            float ulp = Math.ulp(want);
            assertTrue(Math.abs(y[i] - want) <= 2 * ulp || Math.abs(want) < Float.MIN_NORMAL,
                    "exp(" + x[i] + ") = " + y[i] + ", exactly rounded " + want);
        }
    }

    @Test
    void lanesAndTheScalarFormGiveTheSameBits() {
        float[] x = inputs();
        float[] y = vectorExp(x);
        for (int i = 0; i < x.length; i++) {
            assertEquals(Float.floatToIntBits(VectorExp.exp(x[i])), Float.floatToIntBits(y[i]), "exp(" + x[i] + ")");
        }
    }

    @Test
    void specialValues() {
        float[] x = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, 88.7f, 89f, -87.5f,
            -103f, -200f, 1f, Float.MIN_VALUE, 0, 0, 0, 0};
        float[] y = vectorExp(x);
        assertTrue(Float.isNaN(y[0]));
        assertEquals(Float.POSITIVE_INFINITY, y[1]);
        assertEquals(0f, y[2]);
        assertEquals(1f, y[3]);
        assertEquals(1f, y[4]);
        assertEquals((float) Math.exp(88.7f), y[5], Math.ulp((float) Math.exp(88.7f)) * 2);
        assertEquals(Float.POSITIVE_INFINITY, y[6]);
        assertTrue(y[7] > 0 && y[7] < 1e-37f, "subnormal-range result " + y[7]);
        assertTrue(y[8] > 0 && y[8] < 1e-44f, "deep subnormal " + y[8]);
        assertEquals(0f, y[9]);
        assertEquals((float) Math.E, y[10], Math.ulp((float) Math.E) * 2);
        assertEquals(1f, y[11]);
    }
}
