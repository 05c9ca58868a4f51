package dev.panamax.autograd;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.Tensor;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Compares the gradients autograd computes with central finite differences, in float64.
 *
 * <p>For a function {@code f} of the inputs, the analytic Jacobian (one backward per output
 * element) must agree with {@code (f(x + eps) - f(x - eps)) / (2 eps)} element by element within
 * {@code atol + rtol·|numeric|}.
 */
public final class Gradcheck {

    private Gradcheck() {
    }

    /** The outcome: whether it passed, and a description of the worst mismatch. */
    public record Result(boolean passed, double maxError, String detail) {
    }

    /** {@link #check(Function, Variable[], double, double, double)} with eps 1e-6, atol 1e-5, rtol 1e-3. */
    public static Result check(Function<Variable[], Variable> f, Variable... inputs) {
        return check(f, inputs, 1e-6, 1e-5, 1e-3);
    }

    /**
     * Checks {@code f}'s gradients with respect to every input that requires a gradient.
     *
     * @throws IllegalArgumentException if an input requiring a gradient is not float64
     */
    public static Result check(Function<Variable[], Variable> f, Variable[] inputs, double eps, double atol,
                               double rtol) {
        for (Variable v : inputs) {
            if (v.requiresGrad() && v.dtype() != DType.FLOAT64) {
                throw new IllegalArgumentException("gradcheck: inputs requiring grad must be float64, got "
                        + v.dtype().pyName() + " " + Arrays.toString(v.shape()));
            }
        }
        Variable out = f.apply(inputs);
        int outN = (int) out.numel();
        double worst = 0;
        String detail = "ok";
        for (int k = 0; k < inputs.length; k++) {
            Variable in = inputs[k];
            if (!in.requiresGrad()) {
                continue;
            }
            int n = (int) in.numel();
            double[][] analytic = new double[outN][];
            for (int j = 0; j < outN; j++) {
                for (Variable v : inputs) {
                    v.clearGrad();
                }
                Variable y = f.apply(inputs);
                double[] onehot = new double[outN];
                onehot[j] = 1;
                // Tensor.of with an empty shape makes a 1-D tensor; reshape gives 0-d outputs a 0-d seed.
                Tensor seed = Tensor.of(onehot).reshape(y.shape()).to(y.dtype()).to(y.device());
                if (!y.requiresGrad()) {
                    analytic[j] = new double[n];
                    continue;
                }
                y.backward(seed);
                analytic[j] = in.grad() == null ? new double[n] : in.grad().toDoubleArray();
            }
            Tensor flat = in.data().contiguous();
            if (flat != in.data()) {
                throw new IllegalArgumentException("gradcheck: inputs must be contiguous");
            }
            Tensor view = flat.reshape(-1);
            for (int i = 0; i < n; i++) {
                double orig = view.select(0, i).item();
                double[] plus;
                double[] minus;
                try (var g = GradMode.noGrad()) {
                    view.select(0, i).fill_(orig + eps);
                    plus = f.apply(inputs).data().toDoubleArray();
                    view.select(0, i).fill_(orig - eps);
                    minus = f.apply(inputs).data().toDoubleArray();
                    view.select(0, i).fill_(orig);
                }
                for (int j = 0; j < outN; j++) {
                    double numeric = (plus[j] - minus[j]) / (2 * eps);
                    double err = Math.abs(analytic[j][i] - numeric);
                    double tol = atol + rtol * Math.abs(numeric);
                    if (err > tol && err - tol > worst) {
                        worst = err - tol;
                        detail = "input " + k + " element " + i + ", output element " + j + ": analytic "
                                + analytic[j][i] + " vs numeric " + numeric;
                    }
                }
            }
            in.clearGrad();
        }
        return new Result(worst == 0, worst, detail);
    }
}
