package dev.panamax.nn.optim;

import dev.panamax.autograd.Variable;
import dev.panamax.tensor.Tensor;
import java.util.Map;

/**
 * The AdamW algorithm, Adam with decoupled weight decay, as PyTorch's {@code torch.optim.AdamW}.
 *
 * <p>With learning rate γ, betas β₁, β₂, epsilon ε and weight decay λ, step t (from 1) computes:
 * <pre>
 * g ← ∇f(θ)            (−∇f(θ) when maximize)
 * θ ← θ − γ·λ·θ                              (the decay never enters m or v)
 * m ← β₁·m + (1 − β₁)·g                     (m, v start at 0)
 * v ← β₂·v + (1 − β₂)·g²
 * m̂ ← m / (1 − β₁ᵗ)
 * if amsgrad:  v_max ← max(v_max, v);  v̂ ← v_max / (1 − β₂ᵗ)
 * else:        v̂ ← v / (1 − β₂ᵗ)
 * θ ← θ − γ·m̂ / (√v̂ + ε)
 * </pre>
 * The state is that of {@link Adam}. Defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8,
 * weight_decay 1e-2, amsgrad false, maximize false.
 */
public final class AdamW extends Optimizer<AdamW.Options> {

    /**
     * The options of {@link AdamW}.
     *
     * @param lr          the learning rate γ
     * @param beta1       the decay β₁ of the first-moment average
     * @param beta2       the decay β₂ of the second-moment average
     * @param eps         the term ε added to the denominator
     * @param weightDecay the decoupled weight decay coefficient λ
     * @param amsgrad     whether to use the AMSGrad variant
     * @param maximize    whether to maximize the objective
     */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
            boolean maximize) {

        /** PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 1e-2. */
        public static Options defaults() {
            return new Options(1e-3, 0.9, 0.999, 1e-8, 1e-2, false, false);
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

    /** AdamW over {@code params} with the default options. */
    public AdamW(Iterable<? extends Variable> params) {
        this(params, Options.defaults());
    }

    /** AdamW over {@code params} with learning rate {@code lr} and the other defaults. */
    public AdamW(Iterable<? extends Variable> params, double lr) {
        this(params, Options.defaults().withLr(lr));
    }

    /**
     * AdamW over {@code params} with {@code options}.
     *
     * @throws IllegalArgumentException for a negative learning rate, epsilon or weight decay, or a
     *                                  beta outside [0, 1)
     */
    public AdamW(Iterable<? extends Variable> params, Options options) {
        super(params, options, o -> Adam.validate(o.lr(), o.eps(), o.beta1(), o.beta2(), o.weightDecay()));
    }

    @Override
    protected void update(Variable param, Tensor grad, Map<String, Tensor> state, Options o) {
        AdamUpdate.apply(param.data(), grad, state, o.lr(), o.beta1(), o.beta2(), o.eps(), o.weightDecay(), true,
                o.amsgrad(), o.maximize());
    }

    @Override
    protected Map<String, int[]> stateShapes(Variable param, Options o, Map<String, Tensor> loaded) {
        return AdamUpdate.shapes(param, o.amsgrad());
    }
}
