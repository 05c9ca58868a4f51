/**
 * Modules, losses and optimizers over {@code dev.panamax.autograd}.
 */
module dev.panamax.nn {
    requires transitive dev.panamax.autograd;

    exports dev.panamax.nn;
    exports dev.panamax.nn.optim;
}
