package dev.panamax.tensor;

import java.util.Arrays;

/**
 * A counter-based Philox4x32-10 generator (Salmon et al., "Parallel random numbers: as easy as
 * 1, 2, 3", SC 2011), the library's default algorithm.
 *
 * <p>The 64-bit seed is the 2 × 32-bit key (low half first) and the 128-bit counter starts at
 * zero; each counter value is encrypted by ten Philox rounds into four 32-bit outputs, consumed
 * in order, after which the counter is incremented. Outputs are used in pairs, the first in the
 * high half, to form 64-bit values:
 * <ul>
 *   <li>{@link #nextUniform()} takes the top 53 bits of one 64-bit value and scales them by
 *       {@code 2^-53};</li>
 *   <li>{@link #nextLong(long, long)} maps one 64-bit value onto the range with Lemire's
 *       multiply-and-reject method, drawing again only on the (rare) biased results;</li>
 *   <li>{@link #nextNormal()} uses the Box–Muller transform on two uniforms and caches the
 *       second normal of each pair for the next call; a reseed clears the cache.</li>
 * </ul>
 *
 * <p>The same seed gives the same sequence in every run and on every JVM: the arithmetic is
 * integer-exact and the transcendental functions come from {@link StrictMath}. This class is
 * not thread-safe.
 */
public final class PhiloxGenerator implements Generator {

    /** The process-wide default generator returned by {@link Generator#getDefault()}. */
    static final PhiloxGenerator DEFAULT = new PhiloxGenerator(DEFAULT_SEED);

    private static final int M0 = 0xD2511F53;
    private static final int M1 = 0xCD9E8D57;
    private static final int W0 = 0x9E3779B9;
    private static final int W1 = 0xBB67AE85;
    private static final int ROUNDS = 10;
    private static final double TWO_PI = 2.0 * Math.PI;

    private int key0;
    private int key1;
    private final int[] counter = new int[4];
    private final int[] block = new int[4];
    /** Index of the next unused word of {@link #block}; 4 when the block is spent. */
    private int used;
    private boolean hasNormal;
    private double normal;

    /**
     * Creates a generator keyed by {@code seed} with its counter at zero.
     *
     * @param seed any 64-bit value
     */
    public PhiloxGenerator(long seed) {
        seed(seed);
    }

    /**
     * Sets the key to {@code seed}, rewinds the counter to zero and clears the cached normal.
     *
     * @param seed any 64-bit value
     */
    @Override
    public void seed(long seed) {
        key0 = (int) seed;
        key1 = (int) (seed >>> 32);
        Arrays.fill(counter, 0);
        used = block.length;
        hasNormal = false;
        normal = 0.0;
    }

    /**
     * Returns a uniform double in {@code [0, 1)} with 53 random bits.
     *
     * @return the next uniform value
     */
    @Override
    public double nextUniform() {
        return (nextLong64() >>> 11) * 0x1.0p-53;
    }

    /**
     * Returns a standard normal double from the Box–Muller transform, caching its partner.
     *
     * @return the next normal value
     */
    @Override
    public double nextNormal() {
        if (hasNormal) {
            hasNormal = false;
            return normal;
        }
        double u1 = 1.0 - nextUniform(); // in (0, 1], so the logarithm is finite
        double u2 = nextUniform();
        double r = Math.sqrt(-2.0 * StrictMath.log(u1));
        double theta = TWO_PI * u2;
        normal = r * StrictMath.sin(theta);
        hasNormal = true;
        return r * StrictMath.cos(theta);
    }

    /**
     * Returns a uniform long in {@code [low, high)}, without bias, by Lemire's method.
     *
     * @param low the inclusive lower bound
     * @param high the exclusive upper bound
     * @return the next integer value
     * @throws IllegalArgumentException if {@code high <= low}
     */
    @Override
    public long nextLong(long low, long high) {
        Generator.checkRange("nextLong", low, high);
        long span = high - low; // unsigned, in [1, 2^64 - 1]
        long x = nextLong64();
        long lo = x * span;
        long hi = Math.unsignedMultiplyHigh(x, span);
        if (Long.compareUnsigned(lo, span) < 0) {
            long threshold = Long.remainderUnsigned(-span, span); // 2^64 mod span
            while (Long.compareUnsigned(lo, threshold) < 0) {
                x = nextLong64();
                lo = x * span;
                hi = Math.unsignedMultiplyHigh(x, span);
            }
        }
        return low + hi;
    }

    /**
     * Returns the next 64 random bits: two consecutive outputs, the first in the high half.
     *
     * @return the next 64-bit value
     */
    long nextLong64() {
        long hi = Integer.toUnsignedLong(nextInt());
        long lo = Integer.toUnsignedLong(nextInt());
        return hi << 32 | lo;
    }

    /**
     * Returns the next 32-bit output, encrypting the next counter value when the block is spent.
     *
     * @return the next raw output, as a signed int holding 32 unsigned bits
     */
    int nextInt() {
        if (used == block.length) {
            philox4x32(counter, key0, key1, block);
            increment(counter);
            used = 0;
        }
        return block[used++];
    }

    /**
     * Adds one to a 128-bit counter held as four words, least significant first.
     *
     * @param counter the counter to advance in place; wraps to zero after {@code 2^128 - 1}
     */
    static void increment(int[] counter) {
        for (int i = 0; i < counter.length; i++) {
            if (++counter[i] != 0) {
                return;
            }
        }
    }

    /**
     * Applies the ten-round Philox4x32 bijection to one counter under one key.
     *
     * @param ctr the four counter words, {@code ctr[0]} least significant; not modified
     * @param k0 the first key word
     * @param k1 the second key word
     * @param out receives the four output words; may be {@code ctr}
     */
    static void philox4x32(int[] ctr, int k0, int k1, int[] out) {
        int c0 = ctr[0];
        int c1 = ctr[1];
        int c2 = ctr[2];
        int c3 = ctr[3];
        for (int round = 0; round < ROUNDS; round++) {
            if (round > 0) {
                k0 += W0;
                k1 += W1;
            }
            long p0 = Integer.toUnsignedLong(M0) * Integer.toUnsignedLong(c0);
            long p1 = Integer.toUnsignedLong(M1) * Integer.toUnsignedLong(c2);
            int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
            int n1 = (int) p1;
            int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
            int n3 = (int) p0;
            c0 = n0;
            c1 = n1;
            c2 = n2;
            c3 = n3;
        }
        out[0] = c0;
        out[1] = c1;
        out[2] = c2;
        out[3] = c3;
    }
}
