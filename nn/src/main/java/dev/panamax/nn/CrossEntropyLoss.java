package dev.panamax.nn;

import dev.panamax.autograd.Variable;
import dev.panamax.tensor.Tensor;

/** Cross-entropy of logits [N, C] against int64 class indices [N], with a {@link Reduction} (default mean). */
public final class CrossEntropyLoss {

    private final Reduction reduction;

    public CrossEntropyLoss() {
        this(Reduction.MEAN);
    }

    public CrossEntropyLoss(Reduction reduction) {
        this.reduction = reduction;
    }

    /**
     * The loss of {@code input} against {@code target}.
     *
     * @throws IllegalArgumentException if a target is out of range or the shapes are wrong
     */
    public Variable apply(Variable input, Tensor target) {
        return F.crossEntropy(input, target, reduction);
    }

    @Override
    public String toString() {
        return "CrossEntropyLoss(reduction=" + reduction.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
