package dev.panamax.tensor.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * FloatExpVector against the scalar FloatExp, bit for bit on every lane, over specials, a stride
 * through all float bit patterns and random arguments; and against double {@code Math.exp} within
 * FloatExp's documented 2 ulp. The scalar function is the reference on every input, so the test
 * holds whichever way the JIT happens to run the vector code (run it with {@code -Xint} to check the
 * Vector API's Java fallback alone).
 */
class FloatExpVectorTest {

    private static float[] inputs() {
        List<Float> list = new ArrayList<>();
        float[] specials = {Float.NaN, -Float.NaN, Float.intBitsToFloat(0x7fc12345), Float.intBitsToFloat(0xffc00001),
            Float.intBitsToFloat(0x7f800001), Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f,
            Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, -Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE,
            1f, -1f, 88.72283f, 88.72284f, 88.7229f, 89f, 89.5f, 100f, -87.33654f, -87.3366f, -103f, -103.97f, -104f,
            -104.5f, -150f, 0.5f * (float) Math.log(2), -0.5f * (float) Math.log(2), Math.nextUp(0f), 1e-8f, -1e-8f};
        for (float f : specials) {
            list.add(f);
        }
        // Every 65521st bit pattern: all exponents, both signs, NaNs, subnormals.
        for (long bits = 0; bits <= 0xffffffffL; bits += 65521) {
            list.add(Float.intBitsToFloat((int) bits));
        }
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 100_000; i++) {
            list.add((float) (r.nextDouble() * 220 - 115));
        }
        // Arguments next to multiples of ln2/2, where the reduction changes n.
        for (int k = -300; k <= 260; k++) {
            float c = (float) (k * Math.log(2) / 2);
            for (int d = -2; d <= 2; d++) {
                list.add(Float.intBitsToFloat(Float.floatToRawIntBits(c) + d));
            }
        }
        float[] x = new float[list.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = list.get(i);
        }
        return x;
    }

    private static float[] vectorExp(VectorSpecies<Float> sp, float[] x) {
        float[] out = new float[x.length];
        int i = 0;
        for (; i < sp.loopBound(x.length); i += sp.length()) {
            FloatExpVector.exp(FloatVector.fromArray(sp, x, i)).intoArray(out, i);
        }
        for (; i < x.length; i++) {
            out[i] = FloatExp.exp(x[i]);
        }
        return out;
    }

    private static void assertSameBits(VectorSpecies<Float> sp, float[] x, float[] got) {
        for (int i = 0; i < x.length; i++) {
            int want = Float.floatToRawIntBits(FloatExp.exp(x[i]));
            int have = Float.floatToRawIntBits(got[i]);
            if (want != have) {
                fail(sp + ": exp(" + x[i] + " = 0x" + Integer.toHexString(Float.floatToRawIntBits(x[i])) + ") = 0x"
                        + Integer.toHexString(have) + ", FloatExp gives 0x" + Integer.toHexString(want));
            }
        }
    }

    @Test
    void equalsFloatExpBitForBitOnThePreferredSpecies() {
        float[] x = inputs();
        // Repeated so that later rounds run the JIT-compiled loop; each round is checked in full.
        for (int round = 0; round < 20; round++) {
            assertSameBits(FloatVector.SPECIES_PREFERRED, x, vectorExp(FloatVector.SPECIES_PREFERRED, x));
        }
    }

    @Test
    void equalsFloatExpBitForBitOnEveryShape() {
        float[] x = inputs();
        for (VectorSpecies<Float> sp : List.of(FloatVector.SPECIES_64, FloatVector.SPECIES_128, FloatVector.SPECIES_256,
                FloatVector.SPECIES_512)) {
            assertSameBits(sp, x, vectorExp(sp, x));
        }
    }

    @Test
    void withinTwoUlpOfDoubleExp() {
        float[] x = inputs();
        float[] got = vectorExp(FloatVector.SPECIES_PREFERRED, x);
        for (int i = 0; i < x.length; i++) {
            double exact = Math.exp(x[i]);
            float g = got[i];
            if (Double.isNaN(exact)) {
                assertTrue(Float.isNaN(g), "exp(NaN)");
            } else if (exact >= Float.MAX_VALUE * (1 + 0x1p-25)) {
                assertEquals(Float.POSITIVE_INFINITY, g, "exp(" + x[i] + ") overflows");
            } else if (exact < Float.MIN_NORMAL) {
                // Subnormal results: the scale's last multiplication rounds once; at most 2 subnormal ulps.
                assertTrue(Math.abs(g - exact) <= 2 * Float.MIN_VALUE, "exp(" + x[i] + ") = " + g + ", exact " + exact);
            } else {
                float rounded = (float) exact;
                assertTrue(Math.abs(g - exact) <= 2 * Math.ulp(rounded),
                        "exp(" + x[i] + ") = " + g + ", exact " + exact);
            }
        }
    }

    /** Sigmoid's inputs: exp's, their negations, and the edges of sigmoid's own clamp and scale. */
    private static float[] sigmoidInputs() {
        float[] e = inputs();
        List<Float> list = new ArrayList<>();
        for (float f : e) {
            list.add(f);
            list.add(-f);
        }
        float[] edges = {17f, 16.63553f, 16.6355324f, 88.37626f, 88.3763f, 88.72283f, 88.72284f, 89f};
        for (float c : edges) {
            for (int d = -40; d <= 40; d++) {
                list.add(Float.intBitsToFloat(Float.floatToRawIntBits(c) + d));
                list.add(-Float.intBitsToFloat(Float.floatToRawIntBits(c) + d));
            }
        }
        float[] x = new float[list.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = list.get(i);
        }
        return x;
    }

    private static void assertSigmoidBits(VectorSpecies<Float> sp, float[] x) {
        float[] out = new float[x.length];
        int i = 0;
        for (; i < sp.loopBound(x.length); i += sp.length()) {
            FloatExpVector.sigmoid(FloatVector.fromArray(sp, x, i)).intoArray(out, i);
        }
        for (; i < x.length; i++) {
            out[i] = 1f / (1f + FloatExp.exp(-x[i]));
        }
        for (int j = 0; j < x.length; j++) {
            int want = Float.floatToRawIntBits(1f / (1f + FloatExp.exp(-x[j])));
            int have = Float.floatToRawIntBits(out[j]);
            if (want != have) {
                fail(sp + ": sigmoid(" + x[j] + " = 0x" + Integer.toHexString(Float.floatToRawIntBits(x[j])) + ") = 0x"
                        + Integer.toHexString(have) + ", 1 / (1 + FloatExp.exp(-x)) gives 0x" + Integer.toHexString(want));
            }
        }
    }

    @Test
    void sigmoidEqualsTheComposedScalarFormulaBitForBit() {
        float[] x = sigmoidInputs();
        for (int round = 0; round < 20; round++) {
            assertSigmoidBits(FloatVector.SPECIES_PREFERRED, x);
        }
        for (VectorSpecies<Float> sp : List.of(FloatVector.SPECIES_64, FloatVector.SPECIES_128, FloatVector.SPECIES_256,
                FloatVector.SPECIES_512)) {
            assertSigmoidBits(sp, x);
        }
    }

    @Test
    void sigmoidWithinThreeUlpOfDoubleSigmoid() {
        float[] x = sigmoidInputs();
        for (float v : x) {
            float[] one = new float[FloatVector.SPECIES_PREFERRED.length()];
            java.util.Arrays.fill(one, v);
            float g = FloatExpVector.sigmoid(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, one, 0)).lane(0);
            double exact = 1 / (1 + Math.exp(-(double) v));
            if (Double.isNaN(exact)) {
                assertTrue(Float.isNaN(g), "sigmoid(NaN)");
            } else if (v < -88.72f) {
                // exp(-x) overflows: 0 where the exact value is a subnormal below 1e-38.
                assertTrue(g == 0 || Math.abs(g - exact) <= 2 * Float.MIN_VALUE, "sigmoid(" + v + ") = " + g);
            } else if (exact < Float.MIN_NORMAL) {
                assertTrue(Math.abs(g - exact) <= 2 * Float.MIN_VALUE, "sigmoid(" + v + ") = " + g + ", exact " + exact);
            } else {
                assertTrue(Math.abs(g - exact) <= 3 * Math.ulp((float) exact), "sigmoid(" + v + ") = " + g + ", exact " + exact);
            }
        }
    }

    @Test
    void specialValues() {
        float[] x = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, 89f, -200f, -103f, 1f,
            -Float.NaN, 2f, 3f, 4f, 5f, 6f, 7f};
        float[] e = vectorExp(FloatVector.SPECIES_512, x);
        assertEquals(Float.floatToRawIntBits(Float.NaN), Float.floatToRawIntBits(e[0]), "NaN is returned itself");
        assertEquals(Float.POSITIVE_INFINITY, e[1]);
        assertEquals(0f, e[2]);
        assertEquals(1f, e[3]);
        assertEquals(1f, e[4]);
        assertEquals(Float.POSITIVE_INFINITY, e[5]);
        assertEquals(0f, e[6]);
        assertTrue(e[7] > 0 && e[7] < 1e-44f, "deep subnormal " + e[7]);
        assertEquals(Float.floatToRawIntBits(-Float.NaN), Float.floatToRawIntBits(e[9]), "a negative NaN keeps its sign");
    }
}
