package dev.panamax.nn;

import dev.panamax.autograd.Variable;

/** Applies {@code max(x, 0)} elementwise. */
public final class ReLU extends Module {

    @Override
    public Variable forward(Variable x) {
        return x.relu();
    }
}
