package dev.panamax.nn;

import dev.panamax.autograd.Variable;

/** Applies {@code tanh(x)} elementwise. */
public final class Tanh extends Module {

    @Override
    public Variable forward(Variable x) {
        return x.tanh();
    }
}
