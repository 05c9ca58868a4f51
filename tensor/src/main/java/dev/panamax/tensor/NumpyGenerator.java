package dev.panamax.tensor;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * A Mersenne Twister (MT19937) generator that reproduces NumPy's legacy
 * {@code numpy.random.RandomState} bit for bit.
 *
 * <p>After {@code seed(s)} the methods return exactly what a {@code RandomState} seeded with
 * {@code np.random.seed(s)} returns, call for call:
 * <ul>
 *   <li>{@link #nextUniform()} is {@code random_sample()} / {@code rand()}: a 53-bit double built
 *       from two 32-bit outputs (27 and 26 high bits);</li>
 *   <li>{@link #nextNormal()} is the legacy {@code randn()} / {@code standard_normal()}: the
 *       Marsaglia polar method, which produces values in pairs and caches the second one until the
 *       next normal is requested (any other call in between leaves the cache intact, a reseed
 *       clears it);</li>
 *   <li>{@link #nextLong(long, long)} is {@code randint(low, high, dtype=np.int64)}: masked
 *       rejection sampling on one 32-bit output when {@code high - low <= 2^32}, and on a 64-bit
 *       value built from two outputs (first one high) for wider ranges.</li>
 * </ul>
 * Mixed sequences of these calls match the same mixed sequence of NumPy calls, because every
 * method draws from the one MT19937 stream exactly as NumPy does.
 *
 * <p>The polar method needs a logarithm, for which NumPy calls the platform C library's
 * {@code log}. No Java logarithm reproduces it: {@link StrictMath#log(double)} differs in the last
 * bit for about 3% of the arguments and even a correctly rounded logarithm disagrees with glibc
 * now and then. This class therefore calls the same C {@code log} through the FFM API, which
 * makes normals bit-identical to those of a NumPy running on the same platform. That needs
 * native access for this module (Panamax runs with {@code --enable-native-access}); where it is
 * denied, or the C library has no {@code log}, the class falls back to {@link Math#log(double)},
 * and a normal may then differ from NumPy's in its last bit (observed for about 0.03% of them).
 * Uniform and integer draws are exact integer arithmetic and match NumPy everywhere.
 *
 * <p>This class is not thread-safe.
 */
public final class NumpyGenerator implements Generator {

    private static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER_MASK = 0x80000000;
    private static final int LOWER_MASK = 0x7fffffff;
    private static final long MAX_SEED = 0xFFFF_FFFFL;

    private final int[] mt = new int[N];
    private int pos;
    private boolean hasGauss;
    private double gauss;

    /**
     * Creates a generator seeded as by {@code np.random.seed(seed)}.
     *
     * @param seed the seed, in {@code [0, 2^32 - 1]}
     * @throws IllegalArgumentException if {@code seed} is negative or above {@code 2^32 - 1}
     */
    public NumpyGenerator(long seed) {
        seed(seed);
    }

    /**
     * Reseeds this generator as {@code np.random.seed(seed)} does, clearing the cached normal.
     *
     * @param seed the seed, in {@code [0, 2^32 - 1]}
     * @throws IllegalArgumentException if {@code seed} is negative or above {@code 2^32 - 1}
     */
    @Override
    public void seed(long seed) {
        if (seed < 0 || seed > MAX_SEED) {
            throw new IllegalArgumentException(
                    "seed: NumPy seeds must be between 0 and 2^32 - 1, got " + seed);
        }
        int s = (int) seed;
        mt[0] = s;
        for (int i = 1; i < N; i++) {
            s = 1812433253 * (s ^ (s >>> 30)) + i;
            mt[i] = s;
        }
        pos = N;
        hasGauss = false;
        gauss = 0.0;
    }

    /**
     * Returns a uniform double in {@code [0, 1)}, equal to NumPy's {@code random_sample()}.
     *
     * @return the next uniform value
     */
    @Override
    public double nextUniform() {
        int a = nextInt() >>> 5;
        int b = nextInt() >>> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /**
     * Returns a standard normal double, equal to NumPy's legacy {@code standard_normal()}.
     *
     * @return the next normal value
     */
    @Override
    public double nextNormal() {
        if (hasGauss) {
            double cached = gauss;
            hasGauss = false;
            gauss = 0.0;
            return cached;
        }
        double x1;
        double x2;
        double r2;
        do {
            x1 = 2.0 * nextUniform() - 1.0;
            x2 = 2.0 * nextUniform() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        double f = Math.sqrt(-2.0 * CLog.log(r2) / r2);
        gauss = f * x1;
        hasGauss = true;
        return f * x2;
    }

    /**
     * Returns a uniform long in {@code [low, high)}, equal to NumPy's
     * {@code randint(low, high, dtype=np.int64)}.
     *
     * <p>A range of one value consumes no randomness, as in NumPy.
     *
     * @param low the inclusive lower bound
     * @param high the exclusive upper bound
     * @return the next integer value
     * @throws IllegalArgumentException if {@code high <= low}
     */
    @Override
    public long nextLong(long low, long high) {
        Generator.checkRange("nextLong", low, high);
        // Inclusive span as an unsigned 64-bit value; at most 2^64 - 2, so never all ones.
        long rng = high - low - 1;
        if (rng == 0) {
            return low;
        }
        if (Long.compareUnsigned(rng, 0xFFFF_FFFFL) <= 0) {
            // Mask the 32-bit output; for rng == 2^32 - 1 the mask keeps every draw.
            long mask = mask(rng);
            long v;
            do {
                v = Integer.toUnsignedLong(nextInt()) & mask;
            } while (v > rng);
            return low + v;
        }
        long mask = mask(rng);
        long v;
        do {
            v = nextLong64() & mask;
        } while (Long.compareUnsigned(v, rng) > 0);
        return low + v;
    }

    /**
     * Returns the smallest all-ones bit mask that covers {@code rng}.
     *
     * @param rng a non-zero unsigned value
     * @return {@code 2^k - 1} for the least {@code k} with {@code 2^k - 1 >= rng}
     */
    private static long mask(long rng) {
        return -1L >>> Long.numberOfLeadingZeros(rng);
    }

    /**
     * Returns the next 64 bits as NumPy's MT19937 {@code next_uint64} builds them, first output
     * in the high half.
     *
     * @return the next 64-bit value
     */
    private long nextLong64() {
        long hi = Integer.toUnsignedLong(nextInt());
        long lo = Integer.toUnsignedLong(nextInt());
        return hi << 32 | lo;
    }

    /**
     * Returns the next tempered 32-bit MT19937 output, regenerating the state block when needed.
     *
     * @return the next raw output, as a signed int holding 32 unsigned bits
     */
    int nextInt() {
        if (pos == N) {
            twist();
        }
        int y = mt[pos++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    /** Regenerates all 624 state words in place. */
    private void twist() {
        int[] s = mt;
        for (int i = 0; i < N; i++) {
            int y = (s[i] & UPPER_MASK) | (s[(i + 1) % N] & LOWER_MASK);
            s[i] = s[(i + M) % N] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
        }
        pos = 0;
    }

    /**
     * Reports whether normals use the C library's {@code log}, as NumPy does.
     *
     * @return {@code true} when the native logarithm is bound, {@code false} on the fallback
     */
    static boolean usesNativeLog() {
        return CLog.LOG != null;
    }

    /** The platform C library's {@code log}, bound once through the FFM API. */
    private static final class CLog {

        /** The downcall handle of {@code double log(double)}, or null when unavailable. */
        static final MethodHandle LOG = bind();

        private CLog() {
        }

        /**
         * Looks up {@code log} in the native linker's default library lookup.
         *
         * @return the downcall handle, or null if the symbol or native access is unavailable
         */
        @SuppressWarnings("restricted")
        private static MethodHandle bind() {
            try {
                Linker linker = Linker.nativeLinker();
                FunctionDescriptor sig =
                        FunctionDescriptor.of(ValueLayout.JAVA_DOUBLE, ValueLayout.JAVA_DOUBLE);
                return linker.defaultLookup().find("log")
                        .map(address -> linker.downcallHandle(
                                address, sig, Linker.Option.critical(false)))
                        .orElse(null);
            } catch (IllegalCallerException | UnsupportedOperationException e) {
                // Native access denied to this module, or no native linker on this platform.
                return null;
            }
        }

        /**
         * Returns the natural logarithm of {@code x} as the C library computes it.
         *
         * @param x a positive finite value
         * @return {@code log(x)}
         */
        static double log(double x) {
            if (LOG == null) {
                return Math.log(x);
            }
            try {
                return (double) LOG.invokeExact(x);
            } catch (Throwable t) {
                throw new IllegalStateException("native log failed", t);
            }
        }
    }
}
