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
 * Seeds 003 and 004, the NumPy warm-up: fits {@code a + b x + c x^2 + d x^3} to {@code sin(x)} on {@code [-π, π]}.
 *
 * <p>The data are float64 tensors; the four coefficients are plain doubles, as they are Python
 * floats in the tutorial, drawn one after the other from a NumPy-compatible generator.
 */
public final class CubicNumpy implements Sample {

    /** The seed used when none is given; the tutorial sets none. */
    public static final long DEFAULT_SEED = 0;
    /** The tutorial's number of gradient steps. */
    public static final int DEFAULT_ITERATIONS = 2000;
    /** The tutorial's learning rate. */
    public static final double DEFAULT_LR = 1e-6;
    /** The number of points on {@code [-π, π]}. */
    static final int POINTS = 2000;

    /**
     * The outcome of a run.
     *
     * @param x the inputs, in {@code [-π, π]}
     * @param y {@code sin(x)}
     * @param losses the loss of every iteration, before its update
     * @param a the constant coefficient
     * @param b the linear coefficient
     * @param c the quadratic coefficient
     * @param d the cubic coefficient
     */
    public record Result(double[] x, double[] y, double[] losses, double a, double b, double c, double d) {
    }

    /** Creates the NumPy-style cubic fit sample for the launcher. */
    public CubicNumpy() {
    }

    @Override
    public String name() {
        return "cubic-numpy";
    }

    @Override
    public String description() {
        return "fit a cubic to sin(x) by gradient descent, NumPy style (seeds 003/004)";
    }

    @Override
    public List<Option> options() {
        return List.of(
                new Option("seed", String.valueOf(DEFAULT_SEED), "NumPy seed for the initial a, b, c, d"),
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
     * @return the data, the losses and the fitted coefficients
     */
    public static Result compute(long seed, int iterations, double lr, Device device) {
        Generator gen = Generator.numpy(seed);
        try (var _ = Memory.scope()) {
            Tensor x = Tensor.linspace(-Math.PI, Math.PI, POINTS, DType.FLOAT64).to(device);
            Tensor y = x.sin();
            double a = gen.nextNormal();
            double b = gen.nextNormal();
            double c = gen.nextNormal();
            double d = gen.nextNormal();
            // x ** 2 and x ** 3 do not change between iterations, so they are computed once.
            Tensor x2 = x.pow(2);
            Tensor x3 = x.pow(3);

            double[] losses = new double[iterations];
            for (int t = 0; t < iterations; t++) {
                try (var _ = Memory.scope()) {
                    Tensor yPred = x.mul(b).add(a).add(x2.mul(c)).add(x3.mul(d));
                    losses[t] = yPred.sub(y).square().sum().item();

                    Tensor gradYPred = yPred.sub(y).mul(2.0);
                    double gradA = gradYPred.sum().item();
                    double gradB = gradYPred.mul(x).sum().item();
                    double gradC = gradYPred.mul(x2).sum().item();
                    double gradD = gradYPred.mul(x3).sum().item();

                    a -= lr * gradA;
                    b -= lr * gradB;
                    c -= lr * gradC;
                    d -= lr * gradD;
                }
            }
            return new Result(x.toDoubleArray(), y.toDoubleArray(), losses, a, b, c, d);
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
        printLosses(r.losses(), out);
        out.println(formatResult(r.a(), r.b(), r.c(), r.d()));
        Path chart = saveChart("sin(x) and the fitted cubic, NumPy style", r.x(), r.y(),
                r.a(), r.b(), r.c(), r.d(), dir, name() + ".png");
        out.println("chart: " + chart);
    }

    /**
     * Prints {@code t loss} for every hundredth iteration, as the tutorial does.
     *
     * @param losses the loss of every iteration
     * @param out where to print
     */
    static void printLosses(double[] losses, PrintStream out) {
        for (int t = 0; t < losses.length; t++) {
            if (t % 100 == 99) {
                out.println(t + " " + PyRepr.format(losses[t]));
            }
        }
    }

    /**
     * Formats the fitted polynomial the way the tutorial's final f-string does.
     *
     * @param a the constant coefficient
     * @param b the linear coefficient
     * @param c the quadratic coefficient
     * @param d the cubic coefficient
     * @return {@code Result: y = a + b x + c x^2 + d x^3} with Python's float formatting
     */
    static String formatResult(double a, double b, double c, double d) {
        return "Result: y = " + PyRepr.format(a) + " + " + PyRepr.format(b) + " x + " + PyRepr.format(c)
                + " x^2 + " + PyRepr.format(d) + " x^3";
    }

    /**
     * Draws {@code sin(x)} and the fitted cubic on one chart and writes it.
     *
     * @param title the chart title
     * @param x the inputs
     * @param y {@code sin(x)}
     * @param a the constant coefficient
     * @param b the linear coefficient
     * @param c the quadratic coefficient
     * @param d the cubic coefficient
     * @param dir the output folder
     * @param fileName the PNG file name
     * @return the path written
     * @throws IOException if the chart cannot be written
     */
    static Path saveChart(String title, double[] x, double[] y, double a, double b, double c, double d,
                          Path dir, String fileName) throws IOException {
        double[] fit = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double v = x[i];
            fit[i] = a + b * v + c * v * v + d * v * v * v;
        }
        XYChart chart = Charts.xy(title, "x", "y");
        chart.getStyler().setXAxisDecimalPattern("0.0#");
        Charts.line(chart, "sin(x)", x, y, Color.BLUE);
        Charts.line(chart, "a + b x + c x^2 + d x^3", x, fit, Color.RED);
        return Charts.savePng(chart, dir, fileName);
    }
}
