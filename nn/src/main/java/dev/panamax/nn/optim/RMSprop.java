package dev.panamax.nn.optim;

import dev.panamax.autograd.Variable;
import dev.panamax.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The RMSprop algorithm, as PyTorch's {@code torch.optim.RMSprop}.
 *
 * <p>With learning rate γ, smoothing constant α, epsilon ε, weight decay λ and momentum μ, each
 * step computes:
 * <pre>
 * g ← ∇f(θ)            (−∇f(θ) when maximize)
 * if λ ≠ 0:  g ← g + λ·θ
 * v ← α·v + (1 − α)·g²                      (v, ḡ, b start at 0)
 * ṽ ← v
 * if centered:  ḡ ← α·ḡ + (1 − α)·g;  ṽ ← ṽ − ḡ²
 * if μ > 0:  b ← μ·b + g / (√ṽ + ε);  θ ← θ − γ·b
 * else:      θ ← θ − γ·g / (√ṽ + ε)
 * </pre>
 * The square root is taken before ε is added. The state is {@code step}, {@code square_avg} (v),
 * with momentum {@code momentum_buffer} (b) and when centered {@code grad_avg} (ḡ). Defaults: lr
 * 1e-2, alpha 0.99, eps 1e-8, weight_decay 0, momentum 0, centered false, maximize false.
 */
public final class RMSprop extends Optimizer<RMSprop.Options> {

    /**
     * The options of {@link RMSprop}.
     *
     * @param lr          the learning rate γ
     * @param alpha       the smoothing constant α
     * @param eps         the term ε added to the denominator
     * @param weightDecay the L2 penalty λ
     * @param momentum    the momentum factor μ
     * @param centered    whether to normalize by an estimate of the gradient's variance
     * @param maximize    whether to maximize the objective
     */
    public record Options(double lr, double alpha, double eps, double weightDecay, double momentum, boolean centered,
            boolean maximize) {

        /** PyTorch's defaults: lr 1e-2, alpha 0.99, eps 1e-8, everything else off. */
        public static Options defaults() {
            return new Options(1e-2, 0.99, 1e-8, 0, 0, false, false);
        }

        public Options withLr(double v) {
            return new Options(v, alpha, eps, weightDecay, momentum, centered, maximize);
        }

        public Options withAlpha(double v) {
            return new Options(lr, v, eps, weightDecay, momentum, centered, maximize);
        }

        public Options withEps(double v) {
            return new Options(lr, alpha, v, weightDecay, momentum, centered, maximize);
        }

        public Options withWeightDecay(double v) {
            return new Options(lr, alpha, eps, v, momentum, centered, maximize);
        }

        public Options withMomentum(double v) {
            return new Options(lr, alpha, eps, weightDecay, v, centered, maximize);
        }

        public Options withCentered(boolean v) {
            return new Options(lr, alpha, eps, weightDecay, momentum, v, maximize);
        }

        public Options withMaximize(boolean v) {
            return new Options(lr, alpha, eps, weightDecay, momentum, centered, v);
        }
    }

    /** RMSprop over {@code params} with the default options. */
    public RMSprop(Iterable<? extends Variable> params) {
        this(params, Options.defaults());
    }

    /** RMSprop over {@code params} with learning rate {@code lr} and the other defaults. */
    public RMSprop(Iterable<? extends Variable> params, double lr) {
        this(params, Options.defaults().withLr(lr));
    }

    /**
     * RMSprop over {@code params} with {@code options}.
     *
     * @throws IllegalArgumentException for a negative learning rate, epsilon, momentum, weight
     *                                  decay or alpha
     */
    public RMSprop(Iterable<? extends Variable> params, Options options) {
        super(params, options, RMSprop::validate);
    }

    private static void validate(Options o) {
        Check.learningRate(o.lr());
        Check.epsilon(o.eps());
        Check.momentum(o.momentum());
        Check.weightDecay(o.weightDecay());
        Check.require(o.alpha() >= 0, "Invalid alpha value: ", o.alpha());
    }

    @Override
    protected void update(Variable param, Tensor grad, Map<String, Tensor> state, Options o) {
        Tensor theta = param.data();
        if (state.isEmpty()) {
            putScalar(state, "step", 0);
            putState(state, "square_avg", Tensor.zerosLike(theta));
        }
        if (o.momentum() > 0 && !state.containsKey("momentum_buffer")) {
            putState(state, "momentum_buffer", Tensor.zerosLike(theta));
        }
        if (o.centered() && !state.containsKey("grad_avg")) {
            putState(state, "grad_avg", Tensor.zerosLike(theta));
        }
        putScalar(state, "step", scalar(state, "step") + 1);
        Tensor g = Elementwise.direction(grad, o.maximize());
        if (o.weightDecay() != 0) {
            g = g.add(theta.mul(o.weightDecay()));
        }
        Tensor v = state.get("square_avg");
        v.mul_(o.alpha()).add_(g.square().mul(1 - o.alpha()));
        Tensor avg;
        if (o.centered()) {
            Tensor gAvg = state.get("grad_avg");
            Elementwise.lerp_(gAvg, g, 1 - o.alpha());
            avg = v.sub(gAvg.square()).sqrt();
        } else {
            avg = v.sqrt();
        }
        avg = avg.add(o.eps());
        if (o.momentum() > 0) {
            Tensor buf = state.get("momentum_buffer");
            buf.mul_(o.momentum()).add_(g.div(avg));
            theta.sub_(buf.mul(o.lr()));
        } else {
            theta.sub_(g.div(avg).mul(o.lr()));
        }
    }

    @Override
    protected Map<String, int[]> stateShapes(Variable param, Options o, Map<String, Tensor> loaded) {
        Map<String, int[]> m = new LinkedHashMap<>();
        m.put("step", new int[0]);
        m.put("square_avg", param.shape());
        if (o.momentum() > 0) {
            m.put("momentum_buffer", param.shape());
        }
        if (o.centered()) {
            m.put("grad_avg", param.shape());
        }
        return m;
    }
}
