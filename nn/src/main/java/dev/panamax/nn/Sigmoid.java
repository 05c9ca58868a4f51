package dev.panamax.nn;

import dev.panamax.autograd.Variable;

/** Applies {@code 1 / (1 + exp(-x))} elementwise. */
public final class Sigmoid extends Module {

    @Override
    public Variable forward(Variable x) {
        return x.sigmoid();
    }
}
