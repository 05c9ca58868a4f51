package dev.panamax.samples;

import dev.panamax.autograd.Variable;
import dev.panamax.nn.MSELoss;
import dev.panamax.nn.Parameter;
import dev.panamax.nn.Reduction;
import dev.panamax.nn.optim.ASGD;
import dev.panamax.nn.optim.Adagrad;
import dev.panamax.nn.optim.Adam;
import dev.panamax.nn.optim.Adamax;
import dev.panamax.nn.optim.LBFGS;
import dev.panamax.nn.optim.Optimizer;
import dev.panamax.nn.optim.RMSprop;
import dev.panamax.nn.optim.Rprop;
import dev.panamax.nn.optim.SGD;
import dev.panamax.tensor.DType;
import dev.panamax.tensor.Device;
import dev.panamax.tensor.Generator;
import dev.panamax.tensor.Memory;
import dev.panamax.tensor.Tensor;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import org.knowm.xchart.XYChart;

/**
 * Seed 001's list of optimizers put to work: the same {@code LinearModel} from the same initial
 * weights trained by each of Adagrad, Adam, Adamax, ASGD, LBFGS, RMSprop, Rprop and SGD, with one
 * chart of their loss curves and a table of the final w, b and loss.
 *
 * <p>Every optimizer uses {@code --lr} (default 0.05, the tutorial's SGD rate) except LBFGS, which
 * keeps its default step length 1 and is driven through {@code step(closure)}.
 */
public final class OptimizerComparison implements Sample {

    private static final Map<String, BiFunction<List<Parameter>, Double, Optimizer<?>>> OPTIMIZERS = optimizers();

    private static Map<String, BiFunction<List<Parameter>, Double, Optimizer<?>>> optimizers() {
        Map<String, BiFunction<List<Parameter>, Double, Optimizer<?>>> m = new LinkedHashMap<>();
        m.put("Adagrad", Adagrad::new);
        m.put("Adam", Adam::new);
        m.put("Adamax", Adamax::new);
        m.put("ASGD", ASGD::new);
        m.put("LBFGS", (p, lr) -> new LBFGS(p));
        m.put("RMSprop", RMSprop::new);
        m.put("Rprop", Rprop::new);
        m.put("SGD", SGD::new);
        return m;
    }

    @Override
    public String name() {
        return "optimizers";
    }

    @Override
    public String description() {
        return "LinearModel trained by each of the eight optimizers seed 001 lists, compared (seed 001)";
    }

    @Override
    public List<Option> options() {
        return List.of(
                new Option("seed", "0", "seed of the Philox generator that initialises the layer"),
                new Option("epochs", "51", "number of epochs"),
                new Option("lr", "0.05", "learning rate of every optimizer but LBFGS"),
                new Option("dtype", "float32", "float32 or float64"));
    }

    /**
     * One optimizer's run.
     *
     * @param name   the optimizer
     * @param losses the loss before each step
     * @param w      the final weight
     * @param b      the final bias
     * @param loss   the loss after the last step
     */
    public record Run(String name, double[] losses, double w, double b, double loss) {
    }

    /** Trains one fresh copy of the model per optimizer, all from the same initial weights. */
    public static List<Run> compute(long seed, int epochs, double lr, DType dtype, Device device) {
        try (var outer = Memory.scope()) {
            Tensor[] xy = LinearModelSample.data(dtype);
            Variable x = Variable.of(xy[0].to(device));
            Variable y = Variable.of(xy[1].to(device));
            MSELoss criterion = new MSELoss(Reduction.SUM);
            var initial = new LinearModelSample.LinearModel(Generator.philox(seed), dtype).stateDict();
            List<Run> runs = new java.util.ArrayList<>();
            for (var e : OPTIMIZERS.entrySet()) {
                var model = new LinearModelSample.LinearModel(Generator.philox(seed), dtype);
                model.loadStateDict(initial);
                model.to(device);
                Optimizer<?> opt = e.getValue().apply(model.parameters(), lr);
                double[] losses = new double[epochs];
                for (int epoch = 0; epoch < epochs; epoch++) {
                    try (var scope = Memory.scope()) {
                        losses[epoch] = opt.step(() -> {
                            opt.zeroGrad();
                            Variable loss = criterion.apply(model.apply(x), y);
                            loss.backward();
                            return loss;
                        });
                    }
                }
                double last;
                try (var scope = Memory.scope()) {
                    last = criterion.apply(model.apply(x), y).item();
                }
                runs.add(new Run(e.getKey(), losses, model.linear.weight().item(), model.linear.bias().item(), last));
            }
            return runs;
        }
    }

    @Override
    public void run(Options options, PrintStream out) throws IOException {
        List<Run> runs = compute(Long.parseLong(options.string("seed")), options.positiveInt("epochs"),
                options.positiveReal("lr"), options.dtype(), options.device(out));
        out.printf(Locale.ROOT, "%-8s %12s %12s %14s%n", "optimizer", "w", "b", "loss");
        XYChart chart = Charts.xy("LinearModel: loss per epoch by optimizer", "epoch", "loss (log scale)");
        chart.getStyler().setYAxisLogarithmic(true);
        Color[] colors = {Color.BLUE, Color.RED, Color.GREEN.darker(), Color.ORANGE, Color.MAGENTA, Color.CYAN.darker(),
                Color.GRAY, Color.BLACK};
        int i = 0;
        for (Run r : runs) {
            out.printf(Locale.ROOT, "%-8s %12.6f %12.6f %14.6e%n", r.name(), r.w(), r.b(), r.loss());
            double[] positive = r.losses().clone();
            for (int k = 0; k < positive.length; k++) {
                positive[k] = Math.max(positive[k], 1e-30);
            }
            Charts.line(chart, r.name(), Charts.indices(positive.length), positive, colors[i++ % colors.length]);
        }
        out.println("chart: " + Charts.savePng(chart, options.outDir(), name() + ".png"));
    }
}
