package dev.panamax.samples;

import dev.panamax.autograd.Variable;
import dev.panamax.nn.MSELoss;
import dev.panamax.nn.Module;
import dev.panamax.nn.Parameter;
import dev.panamax.nn.Reduction;
import dev.panamax.nn.optim.SGD;
import dev.panamax.tensor.DType;
import dev.panamax.tensor.Device;
import dev.panamax.tensor.Generator;
import dev.panamax.tensor.Memory;
import dev.panamax.tensor.Tensor;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * Seed 004, "custom nn Module": a {@link Module} holding four scalar parameters a, b, c, d,
 * trained with {@code SGD(lr=1e-6)} and {@code MSELoss(reduction='sum')}; it prints its polynomial.
 *
 * <p>The parameters start from {@code randn(())} drawn from a Philox generator seeded with
 * {@code --seed} (PyTorch's own generator is not reproduced).
 */
public final class CubicModule implements Sample {

    /** The tutorial's custom module (it calls it SZTU). */
    public static final class Polynomial3 extends Module {
        final Parameter a;
        final Parameter b;
        final Parameter c;
        final Parameter d;

        Polynomial3(Generator g, DType dtype) {
            a = register("a", new Parameter(Tensor.randn(g, dtype)));
            b = register("b", new Parameter(Tensor.randn(g, dtype)));
            c = register("c", new Parameter(Tensor.randn(g, dtype)));
            d = register("d", new Parameter(Tensor.randn(g, dtype)));
        }

        @Override
        public Variable forward(Variable x) {
            return a.add(b.mul(x)).add(c.mul(x.pow(2))).add(d.mul(x.pow(3)));
        }

        /** The polynomial as the tutorial's {@code string()} prints it. */
        public String string() {
            return "y = " + PyRepr.format(a.item()) + " + " + PyRepr.format(b.item()) + " x + "
                    + PyRepr.format(c.item()) + " x^2 + " + PyRepr.format(d.item()) + " x^3";
        }
    }

    @Override
    public String name() {
        return "cubic-module";
    }

    @Override
    public String description() {
        return "a custom Module with parameters a, b, c, d trained by SGD (seed 004, custom nn Module)";
    }

    @Override
    public List<Option> options() {
        return List.of(
                new Option("seed", "0", "seed of the Philox generator that initialises a, b, c, d"),
                new Option("iterations", "2000", "number of steps"),
                new Option("lr", "1e-06", "learning rate"),
                new Option("dtype", "float32", "float32 or float64"));
    }

    /** What a run produced. */
    public record Result(double[] x, double[] y, double[] losses, Polynomial3 model) {
    }

    /** Runs the tutorial's loop. */
    public static Result compute(long seed, int iterations, double lr, DType dtype, Device device) {
        try (var outer = Memory.scope()) {
            Tensor xt = Tensor.linspace(-Math.PI, Math.PI, CubicNumpy.POINTS, dtype).to(device);
            Tensor yt = xt.sin();
            Variable x = Variable.of(xt);
            Variable y = Variable.of(yt);
            Polynomial3 model = new Polynomial3(Generator.philox(seed), dtype);
            model.to(device);
            MSELoss criterion = new MSELoss(Reduction.SUM);
            SGD optimizer = new SGD(model.parameters(), lr);
            double[] losses = new double[iterations];
            for (int t = 0; t < iterations; t++) {
                try (var scope = Memory.scope()) {
                    Variable loss = criterion.apply(model.apply(x), y);
                    losses[t] = loss.item();
                    optimizer.zeroGrad();
                    loss.backward();
                    optimizer.step();
                }
            }
            return new Result(xt.toDoubleArray(), yt.toDoubleArray(), losses, model);
        }
    }

    @Override
    public void run(Options options, PrintStream out) throws IOException {
        Result r = compute(Long.parseLong(options.string("seed")), options.positiveInt("iterations"),
                options.positiveReal("lr"), options.dtype(), options.device(out));
        CubicNumpy.printLosses(r.losses(), out);
        out.println("Result: " + r.model().string());
        Polynomial3 m = r.model();
        out.println("chart: " + CubicNumpy.saveChart("sin(x) and the custom module's cubic", r.x(), r.y(),
                m.a.item(), m.b.item(), m.c.item(), m.d.item(), options.outDir(), name() + ".png"));
    }
}
