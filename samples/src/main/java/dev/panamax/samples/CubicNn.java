package dev.panamax.samples;

import dev.panamax.autograd.GradMode;
import dev.panamax.autograd.Variable;
import dev.panamax.nn.Flatten;
import dev.panamax.nn.Linear;
import dev.panamax.nn.MSELoss;
import dev.panamax.nn.Parameter;
import dev.panamax.nn.Reduction;
import dev.panamax.nn.Sequential;
import dev.panamax.nn.optim.RMSprop;
import dev.panamax.tensor.DType;
import dev.panamax.tensor.Device;
import dev.panamax.tensor.Generator;
import dev.panamax.tensor.Memory;
import dev.panamax.tensor.Tensor;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * Seed 004, "torch.nn": the cubic fit as {@code Sequential(Linear(3, 1), Flatten(0, 1))} on
 * {@code x.unsqueeze(-1).pow([1, 2, 3])}, {@code MSELoss(reduction='sum')}, and a manual update.
 *
 * <p>The layer is initialised as PyTorch does ({@code U(-1/√3, 1/√3)}) from a Philox generator
 * seeded with {@code --seed}; PyTorch's own generator is not reproduced, so the figures differ
 * from the blog's while the fit converges the same way.
 */
public final class CubicNn implements Sample {

    /** The model and how it is updated. */
    enum Update { MANUAL, RMSPROP }

    private final Update update;

    public CubicNn() {
        this(Update.MANUAL);
    }

    CubicNn(Update update) {
        this.update = update;
    }

    @Override
    public String name() {
        return update == Update.MANUAL ? "cubic-nn" : "cubic-optim";
    }

    @Override
    public String description() {
        return update == Update.MANUAL
                ? "fit a cubic with Sequential(Linear(3, 1), Flatten(0, 1)) and a manual update (seed 004, torch.nn)"
                : "the same model trained by RMSprop, lr 1e-3 (seed 004, optim)";
    }

    @Override
    public List<Option> options() {
        return List.of(
                new Option("seed", "0", "seed of the Philox generator that initialises the layer"),
                new Option("iterations", "2000", "number of steps"),
                new Option("lr", update == Update.MANUAL ? "1e-06" : "0.001", "learning rate"),
                new Option("dtype", "float32", "float32 or float64"));
    }

    /** What a run produced: the losses and the coefficients. */
    public record Result(double[] x, double[] y, double[] losses, double a, double b, double c, double d) {
    }

    /** Runs the tutorial's loop. */
    public Result compute(long seed, int iterations, double lr, DType dtype, Device device) {
        try (var outer = Memory.scope()) {
            Tensor xt = Tensor.linspace(-Math.PI, Math.PI, CubicNumpy.POINTS, dtype).to(device);
            Tensor yt = xt.sin();
            Tensor p = Tensor.of(new long[] {1, 2, 3}).to(device);
            Variable xx = Variable.of(xt.unsqueeze(-1).pow(p));
            Variable y = Variable.of(yt);
            Linear linear = new Linear(3, 1, true, dtype, Generator.philox(seed));
            Sequential model = new Sequential(linear, new Flatten(0, 1));
            model.to(device);
            MSELoss lossFn = new MSELoss(Reduction.SUM);
            RMSprop optimizer = update == Update.RMSPROP ? new RMSprop(model.parameters(), lr) : null;
            double[] losses = new double[iterations];
            for (int t = 0; t < iterations; t++) {
                try (var scope = Memory.scope()) {
                    Variable yPred = model.apply(xx);
                    Variable loss = lossFn.apply(yPred, y);
                    losses[t] = loss.item();
                    if (optimizer == null) {
                        model.zeroGrad();
                        loss.backward();
                        try (var g = GradMode.noGrad()) {
                            for (Parameter q : model.parameters()) {
                                q.sub_(q.grad().mul(lr));
                            }
                        }
                    } else {
                        optimizer.zeroGrad();
                        loss.backward();
                        optimizer.step();
                    }
                }
            }
            Tensor w = linear.weight().data();
            return new Result(xt.toDoubleArray(), yt.toDoubleArray(), losses, linear.bias().item(),
                    w.select(1, 0).item(), w.select(1, 1).item(), w.select(1, 2).item());
        }
    }

    @Override
    public void run(Options options, PrintStream out) throws IOException {
        DType dtype = options.dtype();
        Result r = compute(Long.parseLong(options.string("seed")), options.positiveInt("iterations"),
                options.positiveReal("lr"), dtype, options.device(out));
        CubicNumpy.printLosses(r.losses(), out);
        out.println(CubicNumpy.formatResult(r.a(), r.b(), r.c(), r.d()));
        out.println("chart: " + CubicNumpy.saveChart("sin(x) and the fitted cubic, " + name(), r.x(), r.y(),
                r.a(), r.b(), r.c(), r.d(), options.outDir(), name() + ".png"));
    }
}
