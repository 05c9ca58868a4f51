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
import org.knowm.xchart.style.Styler;

/**
 * Seed 002, regression part: a two-layer ReLU network fitted to random data with hand-written backpropagation.
 *
 * <p>The tutorial's NumPy code is reproduced on float64 tensors with a NumPy-compatible generator.
 * The tutorial sets no seed; this sample defaults to seed 0.
 */
public final class TwoLayerNumpy implements Sample {

    /** The seed used when none is given. */
    public static final long DEFAULT_SEED = 0;
    /** The tutorial's number of gradient steps. */
    public static final int DEFAULT_ITERATIONS = 500;
    /** The tutorial's learning rate. */
    public static final double DEFAULT_LR = 1e-6;

    private static final int BATCH = 64;
    private static final int IN = 1000;
    private static final int HIDDEN = 100;
    private static final int OUT = 10;

    /**
     * The outcome of a run.
     *
     * @param losses the loss of every iteration, before its update
     */
    public record Result(double[] losses) {
    }

    /** Creates the two-layer network sample for the launcher. */
    public TwoLayerNumpy() {
    }

    @Override
    public String name() {
        return "two-layer-numpy";
    }

    @Override
    public String description() {
        return "two-layer ReLU network with manual backprop on random data, NumPy style (seed 002)";
    }

    @Override
    public List<Option> options() {
        return List.of(
                new Option("seed", String.valueOf(DEFAULT_SEED), "NumPy seed for the data and weights"),
                new Option("iterations", String.valueOf(DEFAULT_ITERATIONS), "number of gradient steps"),
                new Option("lr", PyRepr.format(DEFAULT_LR), "learning rate"));
    }

    /**
     * Runs the tutorial's training loop.
     *
     * @param seed the NumPy seed, in {@code [0, 2^32 - 1]}
     * @param iterations the number of gradient steps
     * @param lr the learning rate
     * @param device where the tensors live
     * @return the loss of every iteration
     */
    public static Result compute(long seed, int iterations, double lr, Device device) {
        Generator gen = Generator.numpy(seed);
        try (var _ = Memory.scope()) {
            // Drawn in the tutorial's order: x, y, w1, w2.
            Tensor x = Tensor.randn(gen, DType.FLOAT64, BATCH, IN).to(device);
            Tensor y = Tensor.randn(gen, DType.FLOAT64, OUT).to(device);
            Tensor w1 = Tensor.randn(gen, DType.FLOAT64, IN, HIDDEN).to(device);
            Tensor w2 = Tensor.randn(gen, DType.FLOAT64, HIDDEN, OUT).to(device);

            double[] losses = new double[iterations];
            for (int i = 0; i < iterations; i++) {
                try (var _ = Memory.scope()) {
                    // Forward pass.
                    Tensor h = x.matmul(w1);
                    Tensor hRelu = h.maximum(0);
                    Tensor yPred = hRelu.matmul(w2);
                    losses[i] = yPred.sub(y).square().sum().item();

                    // Backward pass.
                    Tensor gradYPred = yPred.sub(y).mul(2.0);
                    Tensor gradW2 = hRelu.t().matmul(gradYPred);
                    Tensor gradHRelu = gradYPred.matmul(w2.t());
                    Tensor gradH = gradHRelu.clone();
                    gradH.maskedFill_(h.lt(0), 0);
                    Tensor gradW1 = x.t().matmul(gradH);

                    // Update.
                    w1.sub_(gradW1.mul(lr));
                    w2.sub_(gradW2.mul(lr));
                }
            }
            return new Result(losses);
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
        double[] losses = r.losses();
        for (int i = 0; i < losses.length; i++) {
            out.println(i + " " + PyRepr.format(losses[i]));
        }

        XYChart chart = Charts.xy("Two-layer network, NumPy style: loss", "iteration", "loss (log scale)");
        chart.getStyler().setYAxisLogarithmic(true).setYAxisLogarithmicDecadeOnly(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        Charts.line(chart, "loss", Charts.indices(losses.length), losses, Color.BLUE);
        out.println("chart: " + Charts.savePng(chart, dir, name() + ".png"));
    }
}
