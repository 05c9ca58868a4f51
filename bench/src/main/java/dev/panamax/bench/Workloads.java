package dev.panamax.bench;

import java.util.SplittableRandom;

/**
 * The workloads every library runs, defined once so that their sizes cannot drift apart.
 *
 * <p>This class uses no library, so the baselines' JVMs (which do not carry Panamax) can load it.
 * The tutorial settings equal the samples' defaults; {@code WorkloadsTest} checks that.
 */
public final class Workloads {

    /** The thread count every library is pinned to. */
    public static final int THREADS = 2;

    /** Rows and columns of the matrix that {@code sum} and {@code softmax} reduce. */
    public static final int REDUCTION_SIZE = 4096;

    /** Cubic fit of sin(x): points, iterations, learning rate, NumPy seed. */
    public static final int CUBIC_POINTS = 2000;
    public static final int CUBIC_ITERATIONS = 2000;
    public static final double CUBIC_LR = 1e-6;
    public static final long CUBIC_SEED = 0;

    /** Quadratic regression: points, iterations, learning rate, NumPy seed. */
    public static final int QUADRATIC_POINTS = 100;
    public static final int QUADRATIC_ITERATIONS = 800;
    public static final double QUADRATIC_LR = 1e-3;
    public static final long QUADRATIC_SEED = 666;

    /** Two-layer net: batch, input, hidden and output widths, iterations, learning rate, NumPy seed. */
    public static final int TWO_LAYER_BATCH = 64;
    public static final int TWO_LAYER_IN = 1000;
    public static final int TWO_LAYER_HIDDEN = 100;
    public static final int TWO_LAYER_OUT = 10;
    public static final int TWO_LAYER_ITERATIONS = 500;
    public static final double TWO_LAYER_LR = 1e-6;
    public static final long TWO_LAYER_SEED = 0;

    /** MNIST-shaped epoch: images, pixels, hidden units, classes, batch size, learning rate. */
    public static final int MNIST_IMAGES = 60000;
    public static final int MNIST_PIXELS = 784;
    public static final int MNIST_HIDDEN = 100;
    public static final int MNIST_CLASSES = 10;
    public static final int MNIST_BATCH = 64;
    public static final double MNIST_LR = 0.1;

    /** Coefficients of the fused chain {@code a + b·x + c·x² + d·x³}. */
    public static final double CHAIN_A = 0.5;
    public static final double CHAIN_B = -1.25;
    public static final double CHAIN_C = 0.75;
    public static final double CHAIN_D = 0.125;

    private Workloads() {
    }

    /** The value of an environment variable, or "unset". */
    public static String env(String name) {
        String v = System.getenv(name);
        return v == null ? "unset" : v;
    }

    /** {@code n} floats uniform in [-1, 1) from a seeded generator. */
    public static float[] uniform(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (2 * r.nextDouble() - 1);
        }
        return out;
    }

    /** {@code n} floats from a standard normal distribution, seeded. */
    public static float[] normal(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] out = new float[n];
        for (int i = 0; i < n; i += 2) {
            // Box-Muller: two normals from two uniforms.
            double u = 1 - r.nextDouble();
            double v = r.nextDouble();
            double radius = Math.sqrt(-2 * Math.log(u));
            out[i] = (float) (radius * Math.cos(2 * Math.PI * v));
            if (i + 1 < n) {
                out[i + 1] = (float) (radius * Math.sin(2 * Math.PI * v));
            }
        }
        return out;
    }

    /** MNIST-like pixels: {@code images × pixels} floats uniform in [0, 1). */
    public static float[] pixels(long seed, int images, int pixels) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] out = new float[images * pixels];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) r.nextDouble();
        }
        return out;
    }

    /** {@code n} class labels uniform in [0, classes). */
    public static long[] labels(long seed, int n, int classes) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = r.nextInt(classes);
        }
        return out;
    }

    /** {@code n} evenly spaced values from {@code start} to {@code end} inclusive, as NumPy's linspace. */
    public static float[] linspace(double start, double end, int n) {
        float[] out = new float[n];
        double step = (end - start) / (n - 1);
        for (int i = 0; i < n; i++) {
            out[i] = (float) (start + i * step);
        }
        return out;
    }
}
