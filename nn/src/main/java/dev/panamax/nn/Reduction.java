package dev.panamax.nn;

/** How a loss combines its per-element values. */
public enum Reduction {
    /** The mean over elements (PyTorch's default). */
    MEAN,
    /** The sum over elements. */
    SUM,
    /** No reduction: one value per element. */
    NONE
}
