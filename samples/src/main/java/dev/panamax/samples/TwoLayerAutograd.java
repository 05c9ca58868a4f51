package dev.panamax.samples;

import dev.panamax.autograd.Variable;
import dev.panamax.tensor.DType;
import dev.panamax.tensor.Device;
import dev.panamax.tensor.Generator;
import dev.panamax.tensor.Memory;
import dev.panamax.tensor.Tensor;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import org.knowm.xchart.XYChart;

/**
 * Seed 002, regression part with autograd: {@code h = x.mm(w1)}, {@code h.clamp(min=0)},
 * {@code loss = (y_pred - y).pow(2).sum()}, {@code backward()}, then
 * {@code w.data.add_(-lr * w.grad)} (here {@code add_(w.grad, -lr)}: the same bits in one pass) and
 * {@code w.grad.zero_()}.
 *
 * <p>x, y, w1 and w2 are drawn from the NumPy generator in the tutorial's order, so in float64 the
 * loss sequence is {@link TwoLayerNumpy}'s.
 */
public final class TwoLayerAutograd implements Sample {

    @Override
    public String name() {
        return "two-layer-autograd";
    }

    @Override
    public String description() {
        return "two-layer net 1000-100-10 with ReLU trained with backward() (seed 002, regression, PyTorch)";
    }

    @Override
    public List<Option> options() {
        return List.of(
                new Option("seed", String.valueOf(TwoLayerNumpy.DEFAULT_SEED), "NumPy seed for x, y, w1, w2"),
                new Option("iterations", String.valueOf(TwoLayerNumpy.DEFAULT_ITERATIONS), "number of gradient steps"),
                new Option("lr", PyRepr.format(TwoLayerNumpy.DEFAULT_LR), "learning rate"),
                new Option("dtype", "float32", "float32 or float64"));
    }

    /** Runs the loop; returns the loss of every iteration. */
    public static TwoLayerNumpy.Result compute(long seed, int iterations, double lr, DType dtype, Device device) {
        Generator gen = Generator.numpy(seed);
        try (var outer = Memory.scope()) {
            Variable x = Variable.of(Tensor.randn(gen, DType.FLOAT64, 64, 1000).to(dtype).to(device));
            Variable y = Variable.of(Tensor.randn(gen, DType.FLOAT64, 10).to(dtype).to(device));
            Variable w1 = Variable.parameter(Tensor.randn(gen, DType.FLOAT64, 1000, 100).to(dtype).to(device));
            Variable w2 = Variable.parameter(Tensor.randn(gen, DType.FLOAT64, 100, 10).to(dtype).to(device));
            double[] losses = new double[iterations];
            for (int i = 0; i < iterations; i++) {
                try (var scope = Memory.scope()) {
                    Variable h = x.mm(w1);
                    Variable hRelu = h.clampMin(0);
                    Variable yPred = hRelu.mm(w2);
                    Variable loss = yPred.sub(y).pow(2).sum();
                    losses[i] = loss.item();
                    loss.backward();
                    w1.data().add_(w1.grad(), -lr);
                    w2.data().add_(w2.grad(), -lr);
                    w1.grad().zero_();
                    w2.grad().zero_();
                }
            }
            return new TwoLayerNumpy.Result(losses);
        }
    }

    @Override
    public void run(Options options, PrintStream out) throws IOException {
        DType dtype = options.dtype();
        double[] losses = compute(options.numpySeed(), options.positiveInt("iterations"),
                options.positiveReal("lr"), dtype, options.device(out)).losses();
        for (int i = 0; i < losses.length; i++) {
            out.println(i + " " + PyRepr.format(losses[i]));
        }
        XYChart chart = Charts.xy("Two-layer network, autograd (" + dtype.pyName() + "): loss", "iteration",
                "loss (log scale)");
        chart.getStyler().setYAxisLogarithmic(true);
        Charts.line(chart, "loss", Charts.indices(losses.length), losses, Color.BLUE);
        out.println("chart: " + Charts.savePng(chart, options.outDir(), name() + ".png"));
    }
}
