package dev.panamax.samples;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.Device;
import dev.panamax.tensor.Generator;
import dev.panamax.tensor.Memory;
import dev.panamax.tensor.Tensor;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.XYChart;

/**
 * Seed 000, part one: fits {@code y = w x^2 + b} to noisy samples of {@code 3 x^2 + 2} with hand-written gradients.
 *
 * <p>The tutorial's NumPy code is reproduced step by step on float64 tensors, drawing the noise
 * and the initial parameters from a NumPy-compatible generator, so the result matches NumPy.
 */
public final class QuadraticNumpy implements Sample {

    /** The seed the tutorial passes to {@code np.random.seed}. */
    public static final long DEFAULT_SEED = 666;
    /** The tutorial's number of gradient steps. */
    public static final int DEFAULT_ITERATIONS = 800;
    /** The tutorial's learning rate. */
    public static final double DEFAULT_LR = 0.001;

    private static final int POINTS = 100;

    /**
     * The outcome of a run.
     *
     * @param x the inputs, in {@code [-1, 1]}
     * @param y the noisy targets
     * @param yPred the predictions of the last iteration, before its update (what the tutorial plots)
     * @param losses the loss of every iteration, before its update
     * @param w the learned weight
     * @param b the learned bias
     */
    public record Result(double[] x, double[] y, double[] yPred, double[] losses, double w, double b) {
    }

    /** Creates the quadratic fit sample for the launcher. */
    public QuadraticNumpy() {
    }

    @Override
    public String name() {
        return "quadratic-numpy";
    }

    @Override
    public String description() {
        return "fit y = w x^2 + b by gradient descent, NumPy style (seed 000, part one)";
    }

    @Override
    public List<Option> options() {
        return List.of(
                new Option("seed", String.valueOf(DEFAULT_SEED), "NumPy seed for the noise and initial w, b"),
                new Option("iterations", String.valueOf(DEFAULT_ITERATIONS), "number of gradient steps"),
                new Option("lr", PyRepr.format(DEFAULT_LR), "learning rate"));
    }

    /**
     * Runs the tutorial's training loop.
     *
     * @param seed the NumPy seed, in {@code [0, 2^32 - 1]}
     * @param iterations the number of gradient steps, at least 1
     * @param lr the learning rate
     * @param device where the tensors live
     * @return the data, the losses and the learned parameters
     * @throws IllegalArgumentException if {@code iterations} is less than 1
     */
    public static Result compute(long seed, int iterations, double lr, Device device) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be at least 1, got " + iterations);
        }
        Generator gen = Generator.numpy(seed);
        try (var _ = Memory.scope()) {
            Tensor x = Tensor.linspace(-1, 1, POINTS, DType.FLOAT64).reshape(POINTS, 1).to(device);
            Tensor noise = Tensor.rand(gen, DType.FLOAT64, POINTS).reshape(POINTS, 1).to(device);
            Tensor y = x.pow(2).mul(3).add(2).add(noise.mul(0.2));
            Tensor w = Tensor.rand(gen, DType.FLOAT64, 1, 1).to(device);
            Tensor b = Tensor.rand(gen, DType.FLOAT64, 1, 1).to(device);
            // np.power(x, 2) does not change between iterations, so it is computed once.
            Tensor x2 = x.pow(2);

            double[] losses = new double[iterations];
            double[] yPred = null;
            for (int i = 0; i < iterations; i++) {
                try (var _ = Memory.scope()) {
                    Tensor pred = x2.mul(w).add(b);
                    Tensor diff = pred.sub(y);
                    losses[i] = diff.square().mul(0.5).sum().item();
                    Tensor gradW = diff.mul(x2).sum();
                    Tensor gradB = diff.sum();
                    w.sub_(gradW.mul(lr));
                    b.sub_(gradB.mul(lr));
                    if (i == iterations - 1) {
                        yPred = pred.toDoubleArray();
                    }
                }
            }
            return new Result(x.toDoubleArray(), y.toDoubleArray(), yPred, losses, w.item(), b.item());
        }
    }

    @Override
    public void run(Options options, PrintStream out) throws IOException {
        long seed = options.numpySeed();
        int iterations = options.positiveInt("iterations");
        double lr = options.positiveReal("lr");
        Path dir = options.outDir();
        Device device = options.device(out);

        Result r = compute(seed, iterations, lr, device);
        out.println("w = " + PyRepr.format(r.w()) + ", b = " + PyRepr.format(r.b()));

        XYChart chart = Charts.xy("y = w x^2 + b, NumPy style", "x", "y");
        Charts.line(chart, "predict", r.x(), r.yPred(), Color.RED);
        Charts.scatter(chart, "true", r.x(), r.y(), Color.BLUE);
        chart.getStyler().setXAxisMin(-1.0).setXAxisMax(1.0).setYAxisMin(2.0).setYAxisMax(6.0)
                .setXAxisDecimalPattern("0.0#");
        out.println("chart: " + Charts.savePng(chart, dir, name() + ".png"));
    }
}
