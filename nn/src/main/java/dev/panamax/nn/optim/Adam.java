package dev.panamax.nn.optim;

import dev.panamax.autograd.Variable;
import dev.panamax.tensor.Tensor;
import java.util.Map;

/**
 * The Adam algorithm, as PyTorch's {@code torch.optim.Adam} (with L2 weight decay added to the gradient).
 *
 * <p>With learning rate γ, betas β₁, β₂, epsilon ε and weight decay λ, step t (from 1) computes:
 * <pre>
 * g ← ∇f(θ)            (−∇f(θ) when maximize)
 * if λ ≠ 0:  g ← g + λ·θ
 * m ← β₁·m + (1 − β₁)·g                     (m, v start at 0)
 * v ← β₂·v + (1 − β₂)·g²
 * m̂ ← m / (1 − β₁ᵗ)
 * if amsgrad:  v_max ← max(v_max, v);  v̂ ← v_max / (1 − β₂ᵗ)
 * else:        v̂ ← v / (1 − β₂ᵗ)
 * θ ← θ − γ·m̂ / (√v̂ + ε)
 * </pre>
 * The state is {@code step}, {@code exp_avg} (m), {@code exp_avg_sq} (v) and, with amsgrad,
 * {@code max_exp_avg_sq}. Defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight_decay 0,
 * amsgrad false, maximize false. {@link AdamW} decouples the weight decay instead.
 */
public final class Adam extends Optimizer<Adam.Options> {

    /**
     * The options of {@link Adam}.
     *
     * @param lr          the learning rate γ
     * @param beta1       the decay β₁ of the first-moment average
     * @param beta2       the decay β₂ of the second-moment average
     * @param eps         the term ε added to the denominator
     * @param weightDecay the L2 penalty λ
     * @param amsgrad     whether to use the AMSGrad variant
     * @param maximize    whether to maximize the objective
     */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
            boolean maximize) {

        /** PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay. */
        public static Options defaults() {
            return new Options(1e-3, 0.9, 0.999, 1e-8, 0, false, false);
        }

        public Options withLr(double v) {
            return new Options(v, beta1, beta2, eps, weightDecay, amsgrad, maximize);
        }

        public Options withBetas(double b1, double b2) {
            return new Options(lr, b1, b2, eps, weightDecay, amsgrad, maximize);
        }

        public Options withEps(double v) {
            return new Options(lr, beta1, beta2, v, weightDecay, amsgrad, maximize);
        }

        public Options withWeightDecay(double v) {
            return new Options(lr, beta1, beta2, eps, v, amsgrad, maximize);
        }

        public Options withAmsgrad(boolean v) {
            return new Options(lr, beta1, beta2, eps, weightDecay, v, maximize);
        }

        public Options withMaximize(boolean v) {
            return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, v);
        }
    }

    /** Adam over {@code params} with the default options. */
    public Adam(Iterable<? extends Variable> params) {
        this(params, Options.defaults());
    }

    /** Adam over {@code params} with learning rate {@code lr} and the other defaults. */
    public Adam(Iterable<? extends Variable> params, double lr) {
        this(params, Options.defaults().withLr(lr));
    }

    /**
     * Adam over {@code params} with {@code options}.
     *
     * @throws IllegalArgumentException for a negative learning rate, epsilon or weight decay, or a
     *                                  beta outside [0, 1)
     */
    public Adam(Iterable<? extends Variable> params, Options options) {
        super(params, options, Adam::validate);
    }

    static void validate(double lr, double eps, double beta1, double beta2, double weightDecay) {
        Check.learningRate(lr);
        Check.epsilon(eps);
        Check.betas(beta1, beta2);
        Check.weightDecay(weightDecay);
    }

    private static void validate(Options o) {
        validate(o.lr(), o.eps(), o.beta1(), o.beta2(), o.weightDecay());
    }

    @Override
    protected void update(Variable param, Tensor grad, Map<String, Tensor> state, Options o) {
        AdamUpdate.apply(param.data(), grad, state, o.lr(), o.beta1(), o.beta2(), o.eps(), o.weightDecay(), false,
                o.amsgrad(), o.maximize());
    }

    @Override
    protected Map<String, int[]> stateShapes(Variable param, Options o, Map<String, Tensor> loaded) {
        return AdamUpdate.shapes(param, o.amsgrad());
    }
}
