/**
 * Reverse-mode automatic differentiation over {@code dev.panamax.tensor}.
 *
 * <p>Empty until the autograd issue lands: no package is exported yet.
 */
module dev.panamax.autograd {
    requires dev.panamax.tensor;
}
