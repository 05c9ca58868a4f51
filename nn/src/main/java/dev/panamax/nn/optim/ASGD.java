package dev.panamax.nn.optim;

import dev.panamax.autograd.Variable;
import dev.panamax.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Averaged stochastic gradient descent, as PyTorch's {@code torch.optim.ASGD}.
 *
 * <p>With learning rate γ, decay term λ, power α, averaging start t₀ and weight decay w, the step
 * size η starts at γ and the averaging rate μ at 1; step t (from 1) computes:
 * <pre>
 * g ← ∇f(θ)            (−∇f(θ) when maximize)
 * if w ≠ 0:  g ← g + w·θ
 * θ ← θ·(1 − λ·η)
 * θ ← θ − η·g
 * a ← a + μ·(θ − a)    if μ ≠ 1,   else  a ← θ
 * η ← γ / (1 + λ·γ·t)^α
 * μ ← 1 / max(1, t − t₀)
 * </pre>
 * so η and μ computed at the end of step t are used by step t + 1. The averaged parameters a are
 * the state {@code ax}; the optimizer itself updates θ. The state is {@code step}, {@code eta},
 * {@code mu} and {@code ax}. Defaults: lr 1e-2, lambd 1e-4, alpha 0.75, t0 1e6, weight_decay 0,
 * maximize false.
 */
public final class ASGD extends Optimizer<ASGD.Options> {

    /**
     * The options of {@link ASGD}.
     *
     * @param lr          the learning rate γ
     * @param lambd       the decay term λ
     * @param alpha       the power α of the step-size schedule
     * @param t0          the step t₀ after which averaging starts
     * @param weightDecay the L2 penalty w
     * @param maximize    whether to maximize the objective
     */
    public record Options(double lr, double lambd, double alpha, double t0, double weightDecay, boolean maximize) {

        /** PyTorch's defaults: lr 1e-2, lambd 1e-4, alpha 0.75, t0 1e6, no weight decay. */
        public static Options defaults() {
            return new Options(1e-2, 1e-4, 0.75, 1e6, 0, false);
        }

        public Options withLr(double v) {
            return new Options(v, lambd, alpha, t0, weightDecay, maximize);
        }

        public Options withLambd(double v) {
            return new Options(lr, v, alpha, t0, weightDecay, maximize);
        }

        public Options withAlpha(double v) {
            return new Options(lr, lambd, v, t0, weightDecay, maximize);
        }

        public Options withT0(double v) {
            return new Options(lr, lambd, alpha, v, weightDecay, maximize);
        }

        public Options withWeightDecay(double v) {
            return new Options(lr, lambd, alpha, t0, v, maximize);
        }

        public Options withMaximize(boolean v) {
            return new Options(lr, lambd, alpha, t0, weightDecay, v);
        }
    }

    /** ASGD over {@code params} with the default options. */
    public ASGD(Iterable<? extends Variable> params) {
        this(params, Options.defaults());
    }

    /** ASGD over {@code params} with learning rate {@code lr} and the other defaults. */
    public ASGD(Iterable<? extends Variable> params, double lr) {
        this(params, Options.defaults().withLr(lr));
    }

    /**
     * ASGD over {@code params} with {@code options}.
     *
     * @throws IllegalArgumentException for a negative learning rate or weight decay
     */
    public ASGD(Iterable<? extends Variable> params, Options options) {
        super(params, options, ASGD::validate);
    }

    private static void validate(Options o) {
        Check.learningRate(o.lr());
        Check.weightDecay(o.weightDecay());
    }

    @Override
    protected void update(Variable param, Tensor grad, Map<String, Tensor> state, Options o) {
        Tensor theta = param.data();
        if (state.isEmpty()) {
            putScalar(state, "step", 0);
            putScalar(state, "eta", o.lr());
            putScalar(state, "mu", 1);
            putState(state, "ax", Tensor.zerosLike(theta));
        }
        double step = scalar(state, "step") + 1;
        putScalar(state, "step", step);
        Tensor g = Elementwise.direction(grad, o.maximize());
        if (o.weightDecay() != 0) {
            g = g.add(theta.mul(o.weightDecay()));
        }
        double eta = scalar(state, "eta");
        double mu = scalar(state, "mu");
        theta.mul_(1 - o.lambd() * eta);
        theta.sub_(g.mul(eta));
        Tensor ax = state.get("ax");
        if (mu != 1) {
            ax.add_(theta.sub(ax).mul(mu));
        } else {
            ax.copy_(theta);
        }
        putScalar(state, "eta", o.lr() / Math.pow(1 + o.lambd() * o.lr() * step, o.alpha()));
        putScalar(state, "mu", 1 / Math.max(1, step - o.t0()));
    }

    @Override
    protected Map<String, int[]> stateShapes(Variable param, Options o, Map<String, Tensor> loaded) {
        Map<String, int[]> m = new LinkedHashMap<>();
        m.put("step", new int[0]);
        m.put("eta", new int[0]);
        m.put("mu", new int[0]);
        m.put("ax", param.shape());
        return m;
    }
}
