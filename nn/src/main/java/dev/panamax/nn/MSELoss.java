package dev.panamax.nn;

import dev.panamax.autograd.Variable;
import dev.panamax.tensor.Tensor;

/** Mean squared error {@code (input - target)²} with a {@link Reduction} (default mean). */
public final class MSELoss {

    private final Reduction reduction;

    public MSELoss() {
        this(Reduction.MEAN);
    }

    public MSELoss(Reduction reduction) {
        this.reduction = reduction;
    }

    /** The loss of {@code input} against {@code target} (same shapes). */
    public Variable apply(Variable input, Variable target) {
        return F.mseLoss(input, target, reduction);
    }

    /** The loss against a target tensor that needs no gradient. */
    public Variable apply(Variable input, Tensor target) {
        return apply(input, Variable.of(target));
    }

    @Override
    public String toString() {
        return "MSELoss(reduction=" + reduction.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
