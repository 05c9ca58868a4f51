package dev.panamax.tensor.cpu;

/**
 * A float32 {@code exp} in float arithmetic only (add, multiply, fused multiply-add and bit
 * operations), used by every float32 exp and sigmoid path of the CPU backend: cheaper than
 * {@code Math.exp} in double, and the same bits in every JIT execution mode (the Vector API's own
 * EXP switches from {@code Math.exp} to SVML once a loop is compiled). {@link FloatExpVector} is the
 * same sequence of operations on vector lanes; a change here must be made there too (its test
 * compares the two bit for bit).
 *
 * <p>Method: {@code x = n·ln2 + r} with {@code n = rint(x·log2 e)} (Cody–Waite two-part ln 2),
 * {@code exp(r)} by its degree-7 Taylor polynomial on |r| ≤ ln2/2 (truncation below 6e-9), and
 * the scale {@code 2^n} applied in two halves so that subnormal and overflowing results come out
 * right. Error: within 2 ulp of the exact value over the float range.
 */
final class FloatExp {

    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** 1.5·2^23: adding and subtracting it rounds a float of magnitude below 2^22 to an integer. */
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

    private FloatExp() {
    }

    /** {@code exp(x)}, within 2 ulp of the exactly rounded value. */
    static float exp(float x) {
        if (Float.isNaN(x)) {
            return x;
        }
        float xc = Math.min(Math.max(x, LO), HI);
        float rounded = Math.fma(xc, LOG2E, ROUNDER);
        float n = rounded - ROUNDER;
        float r = Math.fma(n, -LN2_HI, xc);
        r = Math.fma(n, -LN2_LO, r);
        float p = Math.fma(r, C7, C6);
        p = Math.fma(p, r, C5);
        p = Math.fma(p, r, C4);
        p = Math.fma(p, r, C3);
        p = Math.fma(p, r, C2);
        p = Math.fma(p, r, 1f);
        p = Math.fma(p, r, 1f);
        int ni = Float.floatToRawIntBits(rounded) - ROUNDER_BITS;
        int n1 = ni >> 1;
        int n2 = ni - n1;
        float s1 = Float.intBitsToFloat((n1 + 127) << 23);
        float s2 = Float.intBitsToFloat((n2 + 127) << 23);
        return p * s1 * s2;
    }
}
