package dev.panamax.nn.optim;

import dev.panamax.autograd.Variable;
import dev.panamax.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Adagrad algorithm, as PyTorch's {@code torch.optim.Adagrad}.
 *
 * <p>With learning rate γ, learning-rate decay η, weight decay λ, initial accumulator value τ and
 * epsilon ε, step t (from 1) computes:
 * <pre>
 * g ← ∇f(θ)            (−∇f(θ) when maximize)
 * γ̃ ← γ / (1 + (t − 1)·η)
 * if λ ≠ 0:  g ← g + λ·θ
 * s ← s + g²                                  (s starts at τ)
 * θ ← θ − γ̃·g / (√s + ε)
 * </pre>
 * The state is {@code step} and {@code sum} (s). Defaults: lr 1e-2, lr_decay 0, weight_decay 0,
 * initial_accumulator_value 0, eps 1e-10, maximize false.
 */
public final class Adagrad extends Optimizer<Adagrad.Options> {

    /**
     * The options of {@link Adagrad}.
     *
     * @param lr                      the learning rate γ
     * @param lrDecay                 the learning-rate decay η
     * @param weightDecay             the L2 penalty λ
     * @param initialAccumulatorValue the starting value τ of the sum of squared gradients
     * @param eps                     the term ε added to the denominator
     * @param maximize                whether to maximize the objective
     */
    public record Options(double lr, double lrDecay, double weightDecay, double initialAccumulatorValue, double eps,
            boolean maximize) {

        /** PyTorch's defaults: lr 1e-2, eps 1e-10, everything else 0. */
        public static Options defaults() {
            return new Options(1e-2, 0, 0, 0, 1e-10, false);
        }

        public Options withLr(double v) {
            return new Options(v, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize);
        }

        public Options withLrDecay(double v) {
            return new Options(lr, v, weightDecay, initialAccumulatorValue, eps, maximize);
        }

        public Options withWeightDecay(double v) {
            return new Options(lr, lrDecay, v, initialAccumulatorValue, eps, maximize);
        }

        public Options withInitialAccumulatorValue(double v) {
            return new Options(lr, lrDecay, weightDecay, v, eps, maximize);
        }

        public Options withEps(double v) {
            return new Options(lr, lrDecay, weightDecay, initialAccumulatorValue, v, maximize);
        }

        public Options withMaximize(boolean v) {
            return new Options(lr, lrDecay, weightDecay, initialAccumulatorValue, eps, v);
        }
    }

    /** Adagrad over {@code params} with the default options. */
    public Adagrad(Iterable<? extends Variable> params) {
        this(params, Options.defaults());
    }

    /** Adagrad over {@code params} with learning rate {@code lr} and the other defaults. */
    public Adagrad(Iterable<? extends Variable> params, double lr) {
        this(params, Options.defaults().withLr(lr));
    }

    /**
     * Adagrad over {@code params} with {@code options}.
     *
     * @throws IllegalArgumentException for a negative learning rate, lr decay, weight decay,
     *                                  initial accumulator value or epsilon
     */
    public Adagrad(Iterable<? extends Variable> params, Options options) {
        super(params, options, Adagrad::validate);
    }

    private static void validate(Options o) {
        Check.learningRate(o.lr());
        Check.require(o.lrDecay() >= 0, "Invalid lr_decay value: ", o.lrDecay());
        Check.weightDecay(o.weightDecay());
        Check.require(o.initialAccumulatorValue() >= 0, "Invalid initial_accumulator_value value: ",
                o.initialAccumulatorValue());
        Check.epsilon(o.eps());
    }

    @Override
    protected void update(Variable param, Tensor grad, Map<String, Tensor> state, Options o) {
        Tensor theta = param.data();
        if (state.isEmpty()) {
            putScalar(state, "step", 0);
            putState(state, "sum", Tensor.fullLike(o.initialAccumulatorValue(), theta));
        }
        double step = scalar(state, "step") + 1;
        putScalar(state, "step", step);
        Tensor g = Elementwise.direction(grad, o.maximize());
        if (o.weightDecay() != 0) {
            g = g.add(theta.mul(o.weightDecay()));
        }
        double clr = o.lr() / (1 + (step - 1) * o.lrDecay());
        Tensor sum = state.get("sum");
        sum.add_(g.square());
        Tensor std = sum.sqrt().add(o.eps());
        theta.sub_(g.div(std).mul(clr));
    }

    @Override
    protected Map<String, int[]> stateShapes(Variable param, Options o, Map<String, Tensor> loaded) {
        Map<String, int[]> m = new LinkedHashMap<>();
        m.put("step", new int[0]);
        m.put("sum", param.shape());
        return m;
    }
}
