package dev.panamax.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FloatExp#exp} on every lane of a vector: the same sequence of IEEE-exact operations
 * (clamp, fused multiply-adds, adds, multiplies and integer bit operations), so each lane gets
 * exactly {@code FloatExp.exp}'s bits, whether the JIT has compiled the loop to SIMD instructions
 * or the Vector API runs its Java fallback. The Vector API's own {@code EXP} is not used: it
 * switches from {@code Math.exp} to another library once a loop is compiled.
 *
 * <p>The integer part stays in one vector shape: the float vector is reinterpreted as the int
 * vector of the same bit size, never converted between species of different sizes.
 */
final class FloatExpVector {

    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float ROUNDER = 12582912f;
    private static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);
    private static final float LO = -104f;
    private static final float HI = 89f;
    private static final float C2 = 1f / 2;
    private static final float C3 = 1f / 6;
    private static final float C4 = 1f / 24;
    private static final float C5 = 1f / 120;
    private static final float C6 = 1f / 720;
    private static final float C7 = 1f / 5040;

    private FloatExpVector() {
    }

    /** {@code FloatExp.exp} of each lane of {@code x}. */
    static FloatVector exp(FloatVector x) {
        VectorSpecies<Float> sp = x.species();
        VectorMask<Float> nan = x.test(VectorOperators.IS_NAN);
        FloatVector xc = x.max(LO).min(HI);
        FloatVector rounded = xc.fma(FloatVector.broadcast(sp, LOG2E), FloatVector.broadcast(sp, ROUNDER));
        FloatVector n = rounded.sub(ROUNDER);
        FloatVector r = n.fma(FloatVector.broadcast(sp, -LN2_HI), xc);
        r = n.fma(FloatVector.broadcast(sp, -LN2_LO), r);
        FloatVector p = r.fma(FloatVector.broadcast(sp, C7), FloatVector.broadcast(sp, C6));
        p = p.fma(r, FloatVector.broadcast(sp, C5));
        p = p.fma(r, FloatVector.broadcast(sp, C4));
        p = p.fma(r, FloatVector.broadcast(sp, C3));
        p = p.fma(r, FloatVector.broadcast(sp, C2));
        p = p.fma(r, FloatVector.broadcast(sp, 1f));
        p = p.fma(r, FloatVector.broadcast(sp, 1f));
        IntVector ni = rounded.reinterpretAsInts().sub(ROUNDER_BITS);
        IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
        IntVector n2 = ni.sub(n1);
        FloatVector s1 = n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = n2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        // FloatExp returns a NaN argument itself (payload and sign included).
        return p.mul(s1).mul(s2).blend(x, nan);
    }
}
