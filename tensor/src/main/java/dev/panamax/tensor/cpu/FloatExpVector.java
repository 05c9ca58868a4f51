package dev.panamax.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FloatExp#exp} on every lane of a vector: the same IEEE operations (clamp, fused
 * multiply-adds, adds, multiplies and integer bit operations), rearranged only where the result is
 * provably the same (a doubled polynomial, one scale multiply where {@code 2^(n-1)} is normal), so
 * each lane gets exactly {@code FloatExp.exp}'s bits, whether the JIT has compiled the loop to SIMD instructions
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

    /**
     * {@code FloatExp.exp} of each lane of {@code x}. The polynomial runs with doubled coefficients
     * (exact: every step is twice FloatExp's), giving {@code 2p}; when every lane has {@code n >= -125},
     * {@code 2^(n-1)} is a normal float and the scale is one multiply, {@code 2p·2^(n-1)}, which is
     * {@code p·2^n} rounded once, as FloatExp's {@code (p·2^n1)·2^n2} (its first product is exact).
     * Only a vector with a lane below that takes FloatExp's two-halves scale.
     */
    static FloatVector exp(FloatVector x) {
        VectorSpecies<Float> sp = x.species();
        // NE is unordered-or-unequal: true exactly on NaN lanes (one compare, where IS_NAN takes two ops).
        VectorMask<Float> nan = x.compare(VectorOperators.NE, x);
        // min(max(x, LO), HI) for every non-NaN x (NaN lanes are replaced at the end): a compare and a
        // blend per bound are cheaper than the Vector API's min/max with Java's NaN and -0 rules.
        FloatVector xc = x.blend(LO, x.compare(VectorOperators.LT, LO)).blend(HI, x.compare(VectorOperators.GT, HI));
        FloatVector rounded = xc.fma(FloatVector.broadcast(sp, LOG2E), FloatVector.broadcast(sp, ROUNDER));
        FloatVector n = rounded.sub(ROUNDER);
        FloatVector r = n.fma(FloatVector.broadcast(sp, -LN2_HI), xc);
        r = n.fma(FloatVector.broadcast(sp, -LN2_LO), r);
        FloatVector p2 = twiceP(sp, r);
        IntVector bits = rounded.reinterpretAsInts();
        FloatVector e;
        VectorMask<Float> deep = n.compare(VectorOperators.LT, -125f);
        if (!deep.anyTrue()) {
            // The low 9 bits of the rounder's sum hold n: the bits of 2^(n-1) are (n + 126) << 23.
            e = p2.mul(bits.lanewise(VectorOperators.LSHL, 23).add(126 << 23).reinterpretAsFloats());
        } else {
            IntVector ni = bits.sub(ROUNDER_BITS);
            IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
            IntVector n2 = ni.sub(n1);
            // 2p·2^(n1-1) = p·2^n1 exactly, then one rounding by 2^n2.
            FloatVector s1 = n1.add(126).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector s2 = n2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            e = p2.mul(s1).mul(s2);
        }
        // FloatExp returns a NaN argument itself (payload and sign included).
        return e.blend(x, nan);
    }

    /** FloatExp's polynomial in {@code r} with every coefficient doubled: exactly twice its value. */
    private static FloatVector twiceP(VectorSpecies<Float> sp, FloatVector r) {
        FloatVector p = r.fma(FloatVector.broadcast(sp, 2 * C7), FloatVector.broadcast(sp, 2 * C6));
        p = p.fma(r, FloatVector.broadcast(sp, 2 * C5));
        p = p.fma(r, FloatVector.broadcast(sp, 2 * C4));
        p = p.fma(r, FloatVector.broadcast(sp, 2 * C3));
        p = p.fma(r, FloatVector.broadcast(sp, 2 * C2));
        p = p.fma(r, FloatVector.broadcast(sp, 2f));
        return p.fma(r, FloatVector.broadcast(sp, 2f));
    }

    /**
     * Sigmoid's lower bound on {@code t = -x}: {@code exp(-17) < 2^-24}, so {@code 1 + exp(t)} rounds to
     * 1 for every {@code t <= -17}.
     */
    private static final float SIG_LO = -17f;

    /**
     * {@code 1f / (1f + FloatExp.exp(-x))} on each lane, bit for bit (NaN payloads included), in fewer
     * operations than composing {@link #exp}: the same reduction and polynomial on {@code t = -x}, but
     * <ul>
     * <li>{@code t} is clamped to [-17, 89] instead of [-104, 89]: below -17, {@code exp(t)} (within
     * 2 ulp) is under {@code 2^-24}, half an ulp of 1, so {@code 1 + exp(t)} is exactly 1 either way;</li>
     * <li>the polynomial's coefficients are doubled (exact), so it yields {@code 2p} with the same
     * roundings, and the scale becomes one multiply by {@code 2^(n-1)}, a normal float for n in
     * [-25, 128]: {@code FloatExp} computes {@code (p·2^n1)·2^n2} with an exact first product, that is
     * {@code p·2^n} rounded once, and so does {@code 2p·2^(n-1)};</li>
     * <li>the bits of {@code 2^(n-1)} are {@code (n + 126) << 23}, and the low 9 bits of the rounder's sum
     * already hold {@code n}: one shift and one add instead of splitting {@code n} in two halves;</li>
     * <li>no NaN mask: a NaN {@code t} makes every float step NaN with {@code t}'s payload, quieted, and
     * the scale (zero mantissa bits) is never a NaN, so the result is the quieted {@code t}, as
     * {@code 1f / (1f + t)} gives in the scalar code.</li>
     * </ul>
     *
     * <p>The division stays on purpose. A reciprocal from multiplies and fmas only (integer start
     * {@code 0x7EF311C3 - bits(d)}, two cubic steps {@code y(1+e+e^2)}, one Newton step, and a fix-up of
     * the all-ones mantissas, where Newton lands on a tie) was checked equal to {@code 1f / d} for every
     * float {@code d} in [1, 2^126) (larger, infinite and NaN lanes falling back to the division), but
     * measured single-threaded on an AVX-512 Zen 4 it made this function 1.6 to 1.8 times slower: the
     * divide runs on its own unit in the shadow of the other vector operations (replacing it by one
     * multiply, a wrong result, saved under 2%).
     */
    static FloatVector sigmoid(FloatVector x) {
        VectorSpecies<Float> sp = x.species();
        FloatVector t = x.neg();
        FloatVector tc = t.blend(SIG_LO, t.compare(VectorOperators.LT, SIG_LO))
                .blend(HI, t.compare(VectorOperators.GT, HI));
        FloatVector rounded = tc.fma(FloatVector.broadcast(sp, LOG2E), FloatVector.broadcast(sp, ROUNDER));
        FloatVector n = rounded.sub(ROUNDER);
        FloatVector r = n.fma(FloatVector.broadcast(sp, -LN2_HI), tc);
        r = n.fma(FloatVector.broadcast(sp, -LN2_LO), r);
        FloatVector p = twiceP(sp, r);
        FloatVector halfScale = rounded.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).add(126 << 23)
                .reinterpretAsFloats();
        FloatVector one = FloatVector.broadcast(sp, 1f);
        return one.div(one.add(p.mul(halfScale)));
    }
}
