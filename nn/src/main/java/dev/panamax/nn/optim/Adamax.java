package dev.panamax.nn.optim;

import dev.panamax.autograd.Variable;
import dev.panamax.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Adamax algorithm, Adam's variant based on the infinity norm, as PyTorch's {@code torch.optim.Adamax}.
 *
 * <p>With learning rate γ, betas β₁, β₂, epsilon ε and weight decay λ, step t (from 1) computes:
 * <pre>
 * g ← ∇f(θ)            (−∇f(θ) when maximize)
 * if λ ≠ 0:  g ← g + λ·θ
 * m ← β₁·m + (1 − β₁)·g                     (m, u start at 0)
 * u ← max(β₂·u, |g| + ε)
 * θ ← θ − γ·m / ((1 − β₁ᵗ)·u)
 * </pre>
 * The state is {@code step}, {@code exp_avg} (m) and {@code exp_inf} (u). Defaults: lr 2e-3,
 * betas (0.9, 0.999), eps 1e-8, weight_decay 0, maximize false.
 */
public final class Adamax extends Optimizer<Adamax.Options> {

    /**
     * The options of {@link Adamax}.
     *
     * @param lr          the learning rate γ
     * @param beta1       the decay β₁ of the first-moment average
     * @param beta2       the decay β₂ of the infinity norm
     * @param eps         the term ε added to |g|
     * @param weightDecay the L2 penalty λ
     * @param maximize    whether to maximize the objective
     */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, boolean maximize) {

        /** PyTorch's defaults: lr 2e-3, betas (0.9, 0.999), eps 1e-8, no weight decay. */
        public static Options defaults() {
            return new Options(2e-3, 0.9, 0.999, 1e-8, 0, false);
        }

        public Options withLr(double v) {
            return new Options(v, beta1, beta2, eps, weightDecay, maximize);
        }

        public Options withBetas(double b1, double b2) {
            return new Options(lr, b1, b2, eps, weightDecay, maximize);
        }

        public Options withEps(double v) {
            return new Options(lr, beta1, beta2, v, weightDecay, maximize);
        }

        public Options withWeightDecay(double v) {
            return new Options(lr, beta1, beta2, eps, v, maximize);
        }

        public Options withMaximize(boolean v) {
            return new Options(lr, beta1, beta2, eps, weightDecay, v);
        }
    }

    /** Adamax over {@code params} with the default options. */
    public Adamax(Iterable<? extends Variable> params) {
        this(params, Options.defaults());
    }

    /** Adamax over {@code params} with learning rate {@code lr} and the other defaults. */
    public Adamax(Iterable<? extends Variable> params, double lr) {
        this(params, Options.defaults().withLr(lr));
    }

    /**
     * Adamax over {@code params} with {@code options}.
     *
     * @throws IllegalArgumentException for a negative learning rate, epsilon or weight decay, or a
     *                                  beta outside [0, 1)
     */
    public Adamax(Iterable<? extends Variable> params, Options options) {
        super(params, options, o -> Adam.validate(o.lr(), o.eps(), o.beta1(), o.beta2(), o.weightDecay()));
    }

    @Override
    protected void update(Variable param, Tensor grad, Map<String, Tensor> state, Options o) {
        Tensor theta = param.data();
        if (state.isEmpty()) {
            putScalar(state, "step", 0);
            putState(state, "exp_avg", Tensor.zerosLike(theta));
            putState(state, "exp_inf", Tensor.zerosLike(theta));
        }
        double step = scalar(state, "step") + 1;
        putScalar(state, "step", step);
        Tensor g = Elementwise.direction(grad, o.maximize());
        if (o.weightDecay() != 0) {
            g = g.add(theta.mul(o.weightDecay()));
        }
        Tensor m = state.get("exp_avg");
        Tensor u = state.get("exp_inf");
        Elementwise.lerp_(m, g, 1 - o.beta1());
        u.copy_(u.mul(o.beta2()).maximum(g.abs().add(o.eps())));
        double clr = o.lr() / (1 - Math.pow(o.beta1(), step));
        theta.sub_(m.div(u).mul(clr));
    }

    @Override
    protected Map<String, int[]> stateShapes(Variable param, Options o, Map<String, Tensor> loaded) {
        Map<String, int[]> m = new LinkedHashMap<>();
        m.put("step", new int[0]);
        m.put("exp_avg", param.shape());
        m.put("exp_inf", param.shape());
        return m;
    }
}
