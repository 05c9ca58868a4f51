package dev.panamax.tensor;

import java.util.Objects;

/**
 * A seedable source of pseudo-random numbers for tensor initialisation and sampling.
 *
 * <p>Two algorithms are available: {@link NumpyGenerator}, which reproduces NumPy's legacy
 * {@code numpy.random.RandomState} bit for bit, and {@link PhiloxGenerator}, a counter-based
 * Philox4x32-10 generator that is the library default. Every sequence depends only on the seed
 * and the order of calls, so a run can be replayed exactly.
 *
 * <p>The bulk {@code fill} methods produce exactly the values that the same number of scalar
 * calls would produce, in the same order, and leave the generator in the same state.
 *
 * <p><b>Thread safety.</b> A {@code Generator} is not thread-safe: an instance must be confined
 * to one thread or guarded by the caller. The process-wide {@linkplain #getDefault() default
 * generator} is shared; {@link #manualSeed(long)} reseeds it while holding its monitor, and code
 * that draws from it on several threads should do the same, for example
 * {@code synchronized (Generator.getDefault()) { ... }}.
 */
public sealed interface Generator permits NumpyGenerator, PhiloxGenerator {

    /**
     * The seed of the default generator, the same constant PyTorch uses for its default CPU
     * generator.
     */
    long DEFAULT_SEED = 67280421310721L;

    /**
     * Returns a new NumPy-compatible generator, equivalent to {@code np.random.seed(seed)}.
     *
     * @param seed the seed, in {@code [0, 2^32 - 1]}
     * @return a new {@link NumpyGenerator}
     * @throws IllegalArgumentException if {@code seed} is negative or above {@code 2^32 - 1}
     */
    static Generator numpy(long seed) {
        return new NumpyGenerator(seed);
    }

    /**
     * Returns a new Philox4x32-10 generator keyed by {@code seed}.
     *
     * @param seed any 64-bit value
     * @return a new {@link PhiloxGenerator}
     */
    static Generator philox(long seed) {
        return new PhiloxGenerator(seed);
    }

    /**
     * Returns the process-wide default generator, a {@link PhiloxGenerator} first seeded with
     * {@link #DEFAULT_SEED}.
     *
     * @return the shared default generator, always the same instance
     */
    static Generator getDefault() {
        return PhiloxGenerator.DEFAULT;
    }

    /**
     * Reseeds the process-wide default generator, like {@code torch.manual_seed}.
     *
     * @param seed any 64-bit value
     */
    static void manualSeed(long seed) {
        Generator g = getDefault();
        synchronized (g) {
            g.seed(seed);
        }
    }

    /**
     * Resets this generator to the state determined by {@code seed}, discarding any cached value.
     *
     * @param seed the new seed
     * @throws IllegalArgumentException if the implementation does not accept {@code seed}
     */
    void seed(long seed);

    /**
     * Returns a uniformly distributed double in {@code [0, 1)}.
     *
     * @return the next uniform value
     */
    double nextUniform();

    /**
     * Returns a standard normal double (mean 0, variance 1).
     *
     * @return the next normal value
     */
    double nextNormal();

    /**
     * Returns a uniformly distributed long in {@code [low, high)}.
     *
     * @param low the inclusive lower bound
     * @param high the exclusive upper bound
     * @return the next integer value
     * @throws IllegalArgumentException if {@code high <= low}
     */
    long nextLong(long low, long high);

    /**
     * Fills {@code dst[off, off + len)} with successive {@link #nextUniform()} values.
     *
     * @param dst the destination array
     * @param off the first index to write
     * @param len the number of values to write
     * @throws NullPointerException if {@code dst} is null
     * @throws IndexOutOfBoundsException if the range lies outside {@code dst}
     */
    default void fillUniform(double[] dst, int off, int len) {
        Objects.checkFromIndexSize(off, len, dst.length);
        for (int i = off, end = off + len; i < end; i++) {
            dst[i] = nextUniform();
        }
    }

    /**
     * Fills {@code dst[off, off + len)} with successive {@link #nextNormal()} values.
     *
     * @param dst the destination array
     * @param off the first index to write
     * @param len the number of values to write
     * @throws NullPointerException if {@code dst} is null
     * @throws IndexOutOfBoundsException if the range lies outside {@code dst}
     */
    default void fillNormal(double[] dst, int off, int len) {
        Objects.checkFromIndexSize(off, len, dst.length);
        for (int i = off, end = off + len; i < end; i++) {
            dst[i] = nextNormal();
        }
    }

    /**
     * Fills {@code dst[off, off + len)} with successive {@link #nextLong(long, long)} values.
     *
     * @param dst the destination array
     * @param off the first index to write
     * @param len the number of values to write
     * @param low the inclusive lower bound
     * @param high the exclusive upper bound
     * @throws NullPointerException if {@code dst} is null
     * @throws IndexOutOfBoundsException if the range lies outside {@code dst}
     * @throws IllegalArgumentException if {@code high <= low}, even when {@code len} is 0
     */
    default void fillLong(long[] dst, int off, int len, long low, long high) {
        Objects.checkFromIndexSize(off, len, dst.length);
        checkRange("fillLong", low, high);
        for (int i = off, end = off + len; i < end; i++) {
            dst[i] = nextLong(low, high);
        }
    }

    /**
     * Rejects an empty integer range with a message that names the operation and both bounds.
     *
     * @param op the public operation being checked, for the message
     * @param low the inclusive lower bound
     * @param high the exclusive upper bound
     * @throws IllegalArgumentException if {@code high <= low}
     */
    static void checkRange(String op, long low, long high) {
        if (high <= low) {
            throw new IllegalArgumentException(
                    op + ": high (" + high + ") must be greater than low (" + low + ")");
        }
    }
}
