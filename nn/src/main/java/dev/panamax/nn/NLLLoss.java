package dev.panamax.nn;

import dev.panamax.autograd.Variable;
import dev.panamax.tensor.Tensor;

/** Negative log-likelihood of log-probabilities [N, C] at int64 class indices [N], with a {@link Reduction} (default mean). */
public final class NLLLoss {

    private final Reduction reduction;

    public NLLLoss() {
        this(Reduction.MEAN);
    }

    public NLLLoss(Reduction reduction) {
        this.reduction = reduction;
    }

    /**
     * The loss of {@code input} against {@code target}.
     *
     * @throws IllegalArgumentException if a target is out of range or the shapes are wrong
     */
    public Variable apply(Variable input, Tensor target) {
        return F.nllLoss(input, target, reduction);
    }

    @Override
    public String toString() {
        return "NLLLoss(reduction=" + reduction.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
