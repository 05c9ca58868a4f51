package dev.panamax.samples;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.Device;
import dev.panamax.tensor.Generator;
import dev.panamax.tensor.Memory;
import dev.panamax.tensor.Tensor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Seed 003, "PyTorch: tensors": the cubic fit to {@code sin(x)} with every value a tensor and gradients written by hand.
 *
 * <p>Unlike {@link CubicNumpy}, the coefficients are 0-d tensors of the chosen dtype (float32 by
 * default, as {@code torch.float} in the tutorial) on the chosen device. Their initial values come
 * from a NumPy-compatible generator as doubles and are then cast, so runs are comparable with
 * {@link CubicNumpy}.
 */
public final class CubicTensor implements Sample {

    /** The seed used when none is given. */
    public static final long DEFAULT_SEED = 0;

    /**
     * The outcome of a run.
     *
     * @param dtype the dtype computed in
     * @param x the inputs, in {@code [-π, π]}
     * @param y {@code sin(x)}
     * @param losses the loss of every iteration, before its update
     * @param a the constant coefficient
     * @param b the linear coefficient
     * @param c the quadratic coefficient
     * @param d the cubic coefficient
     */
    public record Result(DType dtype, double[] x, double[] y, double[] losses,
                         double a, double b, double c, double d) {
    }

    /** Creates the tensor cubic fit sample for the launcher. */
    public CubicTensor() {
    }

    @Override
    public String name() {
        return "cubic-tensor";
    }

    @Override
    public String description() {
        return "fit a cubic to sin(x) with tensors and hand-written gradients (seed 003, PyTorch: tensors)";
    }

    @Override
    public List<Option> options() {
        return List.of(
                new Option("seed", String.valueOf(DEFAULT_SEED), "NumPy seed for the initial a, b, c, d"),
                new Option("iterations", String.valueOf(CubicNumpy.DEFAULT_ITERATIONS), "number of gradient steps"),
                new Option("lr", PyRepr.format(CubicNumpy.DEFAULT_LR), "learning rate"),
                new Option("dtype", "float32", "float32 or float64"));
    }

    /**
     * Runs the tutorial's training loop on tensors.
     *
     * @param seed the NumPy seed, in {@code [0, 2^32 - 1]}
     * @param iterations the number of gradient steps
     * @param lr the learning rate
     * @param dtype {@link DType#FLOAT32} or {@link DType#FLOAT64}
     * @param device where the tensors live
     * @return the data, the losses and the fitted coefficients, widened to double
     */
    public static Result compute(long seed, int iterations, double lr, DType dtype, Device device) {
        Generator gen = Generator.numpy(seed);
        try (var _ = Memory.scope()) {
            Tensor x = Tensor.linspace(-Math.PI, Math.PI, CubicNumpy.POINTS, dtype).to(device);
            Tensor y = x.sin();
            Tensor a = Tensor.randn(gen, DType.FLOAT64).to(dtype).to(device);
            Tensor b = Tensor.randn(gen, DType.FLOAT64).to(dtype).to(device);
            Tensor c = Tensor.randn(gen, DType.FLOAT64).to(dtype).to(device);
            Tensor d = Tensor.randn(gen, DType.FLOAT64).to(dtype).to(device);
            Tensor x2 = x.pow(2);
            Tensor x3 = x.pow(3);

            double[] losses = new double[iterations];
            for (int t = 0; t < iterations; t++) {
                try (var _ = Memory.scope()) {
                    Tensor yPred = a.add(x.mul(b)).add(x2.mul(c)).add(x3.mul(d));
                    losses[t] = yPred.sub(y).pow(2).sum().item();

                    Tensor gradYPred = yPred.sub(y).mul(2.0);
                    Tensor gradA = gradYPred.sum();
                    Tensor gradB = gradYPred.mul(x).sum();
                    Tensor gradC = gradYPred.mul(x2).sum();
                    Tensor gradD = gradYPred.mul(x3).sum();

                    a.sub_(gradA.mul(lr));
                    b.sub_(gradB.mul(lr));
                    c.sub_(gradC.mul(lr));
                    d.sub_(gradD.mul(lr));
                }
            }
            return new Result(dtype, x.toDoubleArray(), y.toDoubleArray(), losses,
                    a.item(), b.item(), c.item(), d.item());
        }
    }

    @Override
    public void run(Options options, PrintStream out) throws IOException {
        long seed = options.numpySeed();
        int iterations = options.positiveInt("iterations");
        double lr = options.positiveReal("lr");
        DType dtype = options.dtype();
        Path dir = options.outDir();
        Device device = options.device(out);

        Result r = compute(seed, iterations, lr, dtype, device);
        CubicNumpy.printLosses(r.losses(), out);
        out.println(CubicNumpy.formatResult(r.a(), r.b(), r.c(), r.d()));
        Path chart = CubicNumpy.saveChart("sin(x) and the fitted cubic, tensors ("
                + (dtype == DType.FLOAT32 ? "float32" : "float64") + ")", r.x(), r.y(), r.a(), r.b(), r.c(), r.d(), dir, name() + ".png");
        out.println("chart: " + chart);
    }
}
