/**
 * Modules, losses and optimizers over {@code dev.panamax.autograd}.
 *
 * <p>Empty until the nn issue lands: no package is exported yet.
 */
module dev.panamax.nn {
    requires dev.panamax.autograd;
}
