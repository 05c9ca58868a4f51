/**
 * Reverse-mode automatic differentiation over {@code dev.panamax.tensor}.
 */
module dev.panamax.autograd {
    requires transitive dev.panamax.tensor;

    exports dev.panamax.autograd;
}
