package dev.panamax.samples;

import dev.panamax.autograd.GradMode;
import dev.panamax.autograd.Variable;
import dev.panamax.tensor.DType;
import dev.panamax.tensor.Device;
import dev.panamax.tensor.Generator;
import dev.panamax.tensor.Memory;
import dev.panamax.tensor.Tensor;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * Seed 003, "tensors and autograd": the cubic fit to {@code sin(x)} with gradients from
 * {@code backward()} and a manual update inside a no-grad scope, gradients reset to none.
 *
 * <p>The coefficients start from the NumPy generator's {@code randn()} values (cast to the dtype),
 * so in float64 this reproduces {@link CubicNumpy} exactly.
 */
public final class CubicAutograd implements Sample {

    @Override
    public String name() {
        return "cubic-autograd";
    }

    @Override
    public String description() {
        return "fit a cubic to sin(x) with autograd and a manual no-grad update (seed 003, tensors and autograd)";
    }

    @Override
    public List<Option> options() {
        return List.of(
                new Option("seed", String.valueOf(CubicNumpy.DEFAULT_SEED), "NumPy seed for the initial a, b, c, d"),
                new Option("iterations", String.valueOf(CubicNumpy.DEFAULT_ITERATIONS), "number of gradient steps"),
                new Option("lr", PyRepr.format(CubicNumpy.DEFAULT_LR), "learning rate"),
                new Option("dtype", "float32", "float32 or float64"));
    }

    /**
     * Runs the tutorial's loop.
     *
     * @return the data, the losses and the coefficients (as {@link CubicTensor.Result})
     */
    public static CubicTensor.Result compute(long seed, int iterations, double lr, DType dtype, Device device) {
        Generator gen = Generator.numpy(seed);
        try (var outer = Memory.scope()) {
            Tensor xt = Tensor.linspace(-Math.PI, Math.PI, CubicNumpy.POINTS, dtype).to(device);
            Variable x = Variable.of(xt);
            Variable y = Variable.of(xt.sin());
            Variable a = Variable.parameter(Tensor.randn(gen, DType.FLOAT64).to(dtype).to(device));
            Variable b = Variable.parameter(Tensor.randn(gen, DType.FLOAT64).to(dtype).to(device));
            Variable c = Variable.parameter(Tensor.randn(gen, DType.FLOAT64).to(dtype).to(device));
            Variable d = Variable.parameter(Tensor.randn(gen, DType.FLOAT64).to(dtype).to(device));
            double[] losses = new double[iterations];
            for (int t = 0; t < iterations; t++) {
                try (var scope = Memory.scope()) {
                    Variable yPred = a.add(b.mul(x)).add(c.mul(x.pow(2))).add(d.mul(x.pow(3)));
                    Variable loss = yPred.sub(y).pow(2).sum();
                    losses[t] = loss.item();
                    loss.backward();
                    try (var g = GradMode.noGrad()) {
                        for (Variable p : List.of(a, b, c, d)) {
                            p.sub_(p.grad().mul(lr));
                            p.clearGrad();
                        }
                    }
                }
            }
            return new CubicTensor.Result(dtype, xt.toDoubleArray(), y.data().toDoubleArray(), losses,
                    a.item(), b.item(), c.item(), d.item());
        }
    }

    @Override
    public void run(Options options, PrintStream out) throws IOException {
        DType dtype = options.dtype();
        CubicTensor.Result r = compute(options.numpySeed(), options.positiveInt("iterations"),
                options.positiveReal("lr"), dtype, options.device(out));
        CubicNumpy.printLosses(r.losses(), out);
        out.println(CubicNumpy.formatResult(r.a(), r.b(), r.c(), r.d()));
        out.println("chart: " + CubicNumpy.saveChart("sin(x) and the fitted cubic, autograd (" + dtype.pyName() + ")",
                r.x(), r.y(), r.a(), r.b(), r.c(), r.d(), options.outDir(), name() + ".png"));
    }
}
