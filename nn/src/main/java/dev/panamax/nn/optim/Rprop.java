package dev.panamax.nn.optim;

import dev.panamax.autograd.Variable;
import dev.panamax.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The resilient backpropagation algorithm, as documented for PyTorch's {@code torch.optim.Rprop}.
 *
 * <p>Each element i keeps its own step size ηⁱ (starting at the learning rate) and its previous
 * gradient gⁱ_prev (starting at 0). With factors η₋ &lt; 1 &lt; η₊ and bounds Γ_min, Γ_max, each step
 * computes, per element:
 * <pre>
 * g ← ∇f(θ)            (−∇f(θ) when maximize)
 * if g_prev·g > 0:  η ← min(η·η₊, Γ_max)
 * if g_prev·g &lt; 0:  η ← max(η·η₋, Γ_min);  g ← 0
 * otherwise:        η unchanged
 * θ ← θ − η·sign(g)
 * g_prev ← g
 * </pre>
 * This follows PyTorch's documented algorithm. PyTorch 2.13's code clamps η to [Γ_min, Γ_max] in
 * all three cases, which differs only when the learning rate lies outside the step-size bounds.
 * The state is {@code step}, {@code prev} and {@code step_size}. Defaults: lr 1e-2, etas
 * (0.5, 1.2), step_sizes (1e-6, 50), maximize false.
 */
public final class Rprop extends Optimizer<Rprop.Options> {

    /**
     * The options of {@link Rprop}.
     *
     * @param lr          the initial step size
     * @param etaMinus    the factor η₋ that shrinks a step size when the gradient changes sign
     * @param etaPlus     the factor η₊ that grows a step size when the gradient keeps its sign
     * @param minStepSize the lower bound Γ_min of the step sizes
     * @param maxStepSize the upper bound Γ_max of the step sizes
     * @param maximize    whether to maximize the objective
     */
    public record Options(double lr, double etaMinus, double etaPlus, double minStepSize, double maxStepSize,
            boolean maximize) {

        /** PyTorch's defaults: lr 1e-2, etas (0.5, 1.2), step sizes (1e-6, 50). */
        public static Options defaults() {
            return new Options(1e-2, 0.5, 1.2, 1e-6, 50, false);
        }

        public Options withLr(double v) {
            return new Options(v, etaMinus, etaPlus, minStepSize, maxStepSize, maximize);
        }

        public Options withEtas(double minus, double plus) {
            return new Options(lr, minus, plus, minStepSize, maxStepSize, maximize);
        }

        public Options withStepSizes(double min, double max) {
            return new Options(lr, etaMinus, etaPlus, min, max, maximize);
        }

        public Options withMaximize(boolean v) {
            return new Options(lr, etaMinus, etaPlus, minStepSize, maxStepSize, v);
        }
    }

    /** Rprop over {@code params} with the default options. */
    public Rprop(Iterable<? extends Variable> params) {
        this(params, Options.defaults());
    }

    /** Rprop over {@code params} with learning rate {@code lr} and the other defaults. */
    public Rprop(Iterable<? extends Variable> params, double lr) {
        this(params, Options.defaults().withLr(lr));
    }

    /**
     * Rprop over {@code params} with {@code options}.
     *
     * @throws IllegalArgumentException for a negative learning rate, or unless 0 &lt; η₋ &lt; 1 &lt; η₊
     */
    public Rprop(Iterable<? extends Variable> params, Options options) {
        super(params, options, Rprop::validate);
    }

    private static void validate(Options o) {
        Check.learningRate(o.lr());
        if (!(0 < o.etaMinus() && o.etaMinus() < 1 && 1 < o.etaPlus())) {
            throw new IllegalArgumentException("Invalid eta values: " + Check.py(o.etaMinus()) + ", "
                    + Check.py(o.etaPlus()));
        }
    }

    @Override
    protected void update(Variable param, Tensor grad, Map<String, Tensor> state, Options o) {
        Tensor theta = param.data();
        if (state.isEmpty()) {
            putScalar(state, "step", 0);
            putState(state, "prev", Tensor.zerosLike(theta));
            putState(state, "step_size", Tensor.fullLike(o.lr(), theta));
        }
        putScalar(state, "step", scalar(state, "step") + 1);
        Tensor g = Elementwise.direction(grad, o.maximize());
        Tensor prev = state.get("prev");
        Tensor eta = state.get("step_size");
        Tensor product = g.mul(prev);
        Tensor same = product.gt(0);
        Tensor flipped = product.lt(0);
        Tensor grown = eta.mul(o.etaPlus()).minimum(o.maxStepSize());
        Tensor shrunk = eta.mul(o.etaMinus()).maximum(o.minStepSize());
        eta.copy_(Tensor.where(same, grown, Tensor.where(flipped, shrunk, eta)));
        Tensor kept = g.clone().maskedFill_(flipped, 0);
        theta.sub_(Elementwise.sign(kept).mul(eta));
        prev.copy_(kept);
    }

    @Override
    protected Map<String, int[]> stateShapes(Variable param, Options o, Map<String, Tensor> loaded) {
        Map<String, int[]> m = new LinkedHashMap<>();
        m.put("step", new int[0]);
        m.put("prev", param.shape());
        m.put("step_size", param.shape());
        return m;
    }
}
