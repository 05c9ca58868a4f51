package dev.panamax.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A float32 {@code exp} built only from IEEE-exact vector operations (add, multiply, fused
 * multiply-add, conversions and bit shifts), so that it gives the same bits whether the JIT has
 * compiled the loop or not — unlike the Vector API's own EXP, which switches from {@code Math.exp}
 * to SVML once compiled. The scalar form computes the identical sequence of operations, so an
 * element's result does not depend on whether it fell in a vector or in the tail.
 *
 * <p>Method: {@code x = n·ln2 + r} with {@code n = rint(x·log2 e)} (Cody–Waite two-part ln 2),
 * {@code exp(r)} by its degree-7 Taylor polynomial on |r| ≤ ln2/2 (truncation below 6e-9), and
 * the scale {@code 2^n} applied in two halves so that subnormal and overflowing results come out
 * right. Error: within 2 ulp of the exact value over the float range.
 */
final class VectorExp {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;

    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** 1.5·2^23: adding and subtracting it rounds a float of magnitude below 2^22 to an integer. */
    private static final float ROUNDER = 12582912f;
    private static final float LO = -104f;
    private static final float HI = 89f;
    private static final float C2 = 1f / 2;
    private static final float C3 = 1f / 6;
    private static final float C4 = 1f / 24;
    private static final float C5 = 1f / 120;
    private static final float C6 = 1f / 720;
    private static final float C7 = 1f / 5040;

    private VectorExp() {
    }

    static int length() {
        return S.length();
    }

    /** {@code exp} of every lane. */
    static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(LO).min(HI);
        FloatVector n = xc.fma(FloatVector.broadcast(S, LOG2E), FloatVector.broadcast(S, ROUNDER)).sub(ROUNDER);
        FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), xc);
        r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector p = r.fma(FloatVector.broadcast(S, C7), FloatVector.broadcast(S, C6));
        p = p.fma(r, FloatVector.broadcast(S, C5));
        p = p.fma(r, FloatVector.broadcast(S, C4));
        p = p.fma(r, FloatVector.broadcast(S, C3));
        p = p.fma(r, FloatVector.broadcast(S, C2));
        p = p.fma(r, FloatVector.broadcast(S, 1f));
        p = p.fma(r, FloatVector.broadcast(S, 1f));
        IntVector ni = (IntVector) n.convertShape(VectorOperators.F2I, I, 0);
        IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
        IntVector n2 = ni.sub(n1);
        FloatVector s1 = n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = n2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector result = p.mul(s1).mul(s2);
        // NaN passes through max/min and the polynomial, but not the integer scale: restore it.
        return result.blend(x, x.test(VectorOperators.IS_NAN));
    }

    /** {@code exp(x)} by exactly the operations of {@link #exp(FloatVector)} on one lane. */
    static float exp(float x) {
        if (Float.isNaN(x)) {
            return x;
        }
        float xc = Math.min(Math.max(x, LO), HI);
        float n = Math.fma(xc, LOG2E, ROUNDER) - ROUNDER;
        float r = Math.fma(n, -LN2_HI, xc);
        r = Math.fma(n, -LN2_LO, r);
        float p = Math.fma(r, C7, C6);
        p = Math.fma(p, r, C5);
        p = Math.fma(p, r, C4);
        p = Math.fma(p, r, C3);
        p = Math.fma(p, r, C2);
        p = Math.fma(p, r, 1f);
        p = Math.fma(p, r, 1f);
        int ni = (int) n;
        int n1 = ni >> 1;
        int n2 = ni - n1;
        float s1 = Float.intBitsToFloat((n1 + 127) << 23);
        float s2 = Float.intBitsToFloat((n2 + 127) << 23);
        return p * s1 * s2;
    }
}
