package dev.panamax.nn.optim;

import dev.panamax.autograd.Variable;
import dev.panamax.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stochastic gradient descent, optionally with momentum, as PyTorch's {@code torch.optim.SGD}.
 *
 * <p>With learning rate γ, weight decay λ, momentum μ and dampening τ, each step computes, for a
 * parameter θ with gradient ∇f(θ):
 * <pre>
 * g ← ∇f(θ)            (−∇f(θ) when maximize)
 * if λ ≠ 0:  g ← g + λ·θ
 * if μ ≠ 0:
 *     b ← g                          on the first step
 *     b ← μ·b + (1 − τ)·g            afterwards
 *     g ← g + μ·b   if nesterov,   else  g ← b
 * θ ← θ − γ·g
 * </pre>
 * The momentum buffer is the state {@code momentum_buffer}. Defaults: lr 1e-3, momentum 0,
 * dampening 0, weight_decay 0, nesterov false, maximize false.
 */
public final class SGD extends Optimizer<SGD.Options> {

    /**
     * The options of {@link SGD}.
     *
     * @param lr          the learning rate γ
     * @param momentum    the momentum factor μ
     * @param dampening   the dampening τ of the momentum
     * @param weightDecay the L2 penalty λ
     * @param nesterov    whether to use Nesterov momentum
     * @param maximize    whether to maximize the objective
     */
    public record Options(double lr, double momentum, double dampening, double weightDecay, boolean nesterov,
            boolean maximize) {

        /** PyTorch's defaults: lr 1e-3 and everything else off. */
        public static Options defaults() {
            return new Options(1e-3, 0, 0, 0, false, false);
        }

        public Options withLr(double v) {
            return new Options(v, momentum, dampening, weightDecay, nesterov, maximize);
        }

        public Options withMomentum(double v) {
            return new Options(lr, v, dampening, weightDecay, nesterov, maximize);
        }

        public Options withDampening(double v) {
            return new Options(lr, momentum, v, weightDecay, nesterov, maximize);
        }

        public Options withWeightDecay(double v) {
            return new Options(lr, momentum, dampening, v, nesterov, maximize);
        }

        public Options withNesterov(boolean v) {
            return new Options(lr, momentum, dampening, weightDecay, v, maximize);
        }

        public Options withMaximize(boolean v) {
            return new Options(lr, momentum, dampening, weightDecay, nesterov, v);
        }
    }

    /** SGD over {@code params} with the default options. */
    public SGD(Iterable<? extends Variable> params) {
        this(params, Options.defaults());
    }

    /** SGD over {@code params} with learning rate {@code lr} and the other defaults. */
    public SGD(Iterable<? extends Variable> params, double lr) {
        this(params, Options.defaults().withLr(lr));
    }

    /**
     * SGD over {@code params} with {@code options}.
     *
     * @throws IllegalArgumentException for a negative learning rate, momentum or weight decay, or
     *                                  Nesterov momentum without momentum or with dampening
     */
    public SGD(Iterable<? extends Variable> params, Options options) {
        super(params, options, SGD::validate);
    }

    private static void validate(Options o) {
        Check.learningRate(o.lr());
        Check.momentum(o.momentum());
        Check.weightDecay(o.weightDecay());
        if (o.nesterov() && (o.momentum() <= 0 || o.dampening() != 0)) {
            throw new IllegalArgumentException("Nesterov momentum requires a momentum and zero dampening");
        }
    }

    @Override
    protected void update(Variable param, Tensor grad, Map<String, Tensor> state, Options o) {
        Tensor theta = param.data();
        Tensor g = Elementwise.direction(grad, o.maximize());
        if (o.weightDecay() != 0) {
            g = g.add(theta.mul(o.weightDecay()));
        }
        if (o.momentum() != 0) {
            Tensor buf = state.get("momentum_buffer");
            if (buf == null) {
                buf = putState(state, "momentum_buffer", g.clone());
            } else {
                buf.mul_(o.momentum()).add_(g.mul(1 - o.dampening()));
            }
            g = o.nesterov() ? g.add(buf.mul(o.momentum())) : buf;
        }
        // θ − γ·g, as add_ with alpha −γ: one pass, the same bits as θ.sub_(g.mul(γ)).
        theta.add_(g, -o.lr());
    }

    @Override
    protected Map<String, int[]> stateShapes(Variable param, Options o, Map<String, Tensor> loaded) {
        Map<String, int[]> m = new LinkedHashMap<>();
        if (o.momentum() != 0) {
            m.put("momentum_buffer", param.shape());
        }
        return m;
    }
}
