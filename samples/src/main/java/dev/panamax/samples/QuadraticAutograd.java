package dev.panamax.samples;

import dev.panamax.autograd.GradMode;
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
import java.util.Locale;
import org.knowm.xchart.XYChart;

/**
 * Seed 000, part two: the quadratic regression with autograd — {@code y_pred = x.pow(2).mm(w) + b},
 * {@code loss = (0.5 * (y_pred - y) ** 2).sum()}, {@code backward()}, and a manual update with
 * the gradients zeroed inside a no-grad scope.
 *
 * <p>The data come from the NumPy generator as in part one. With {@code --init tutorial} (the
 * default) w is drawn with {@code randn} and b is zero, as the tutorial does; with
 * {@code --init part-one}, w and b are part one's {@code rand} draws, so in float64 the result is
 * {@link QuadraticNumpy}'s.
 */
public final class QuadraticAutograd implements Sample {

    @Override
    public String name() {
        return "quadratic-autograd";
    }

    @Override
    public String description() {
        return "y = w x^2 + b with autograd and a manual no-grad update (seed 000, part two)";
    }

    @Override
    public List<Option> options() {
        return List.of(
                new Option("seed", String.valueOf(QuadraticNumpy.DEFAULT_SEED), "NumPy seed"),
                new Option("iterations", String.valueOf(QuadraticNumpy.DEFAULT_ITERATIONS), "number of gradient steps"),
                new Option("lr", PyRepr.format(QuadraticNumpy.DEFAULT_LR), "learning rate"),
                new Option("dtype", "float32", "float32 or float64"),
                new Option("init", "tutorial", "tutorial (w ~ randn, b = 0) or part-one (part one's w, b)"));
    }

    /** What a run produced. */
    public record Result(double[] x, double[] y, double[] yPred, double w, double b, String wText, String bText) {
    }

    /** Runs the tutorial's loop. */
    public static Result compute(long seed, int iterations, double lr, DType dtype, boolean partOneInit,
                                 Device device) {
        Generator gen = Generator.numpy(seed);
        try (var outer = Memory.scope()) {
            Tensor xt = Tensor.linspace(-1, 1, 100, DType.FLOAT64).reshape(100, 1);
            Tensor noise = Tensor.rand(gen, DType.FLOAT64, 100).reshape(100, 1);
            Tensor yt = xt.pow(2).mul(3).add(2).add(noise.mul(0.2));
            Tensor w0 = partOneInit ? Tensor.rand(gen, DType.FLOAT64, 1, 1) : Tensor.randn(gen, DType.FLOAT64, 1, 1);
            Tensor b0 = partOneInit ? Tensor.rand(gen, DType.FLOAT64, 1, 1) : Tensor.zeros(DType.FLOAT64, 1, 1);
            Variable x = Variable.of(xt.to(dtype).to(device));
            Variable y = Variable.of(yt.to(dtype).to(device));
            Variable w = Variable.parameter(w0.to(dtype).to(device));
            Variable b = Variable.parameter(b0.to(dtype).to(device));
            Tensor yPred = null;
            for (int i = 0; i < iterations; i++) {
                try (var scope = Memory.scope()) {
                    Variable pred = x.pow(2).mm(w).add(b);
                    Variable loss = pred.sub(y).pow(2).mul(0.5).sum();
                    loss.backward();
                    try (var g = GradMode.noGrad()) {
                        w.sub_(w.grad().mul(lr));
                        b.sub_(b.grad().mul(lr));
                        w.grad().zero_();
                        b.grad().zero_();
                    }
                    if (i == iterations - 1) {
                        yPred = pred.data().keep();
                    }
                }
            }
            return new Result(xt.toDoubleArray(), yt.toDoubleArray(), yPred.toDoubleArray(), w.item(), b.item(),
                    w.toString(), b.toString());
        }
    }

    @Override
    public void run(Options options, PrintStream out) throws IOException {
        String init = options.string("init").toLowerCase(Locale.ROOT);
        if (!init.equals("tutorial") && !init.equals("part-one")) {
            throw new UsageException("--init expects tutorial or part-one, got '" + options.string("init") + "'");
        }
        Result r = compute(options.numpySeed(), options.positiveInt("iterations"), options.positiveReal("lr"),
                options.dtype(), init.equals("part-one"), options.device(out));
        out.println(r.wText() + " " + r.bText());
        out.println("w = " + PyRepr.format(r.w()) + ", b = " + PyRepr.format(r.b()));
        XYChart chart = Charts.xy("y = w x^2 + b, autograd", "x", "y");
        Charts.line(chart, "predict", r.x(), r.yPred(), Color.RED);
        Charts.scatter(chart, "true", r.x(), r.y(), Color.BLUE);
        chart.getStyler().setXAxisMin(-1.0).setXAxisMax(1.0).setYAxisMin(2.0).setYAxisMax(6.0);
        out.println("chart: " + Charts.savePng(chart, options.outDir(), name() + ".png"));
    }
}
