package dev.panamax.nn;

import dev.panamax.autograd.Variable;

/** Returns its input unchanged. */
public final class Identity extends Module {

    @Override
    public Variable forward(Variable x) {
        return x;
    }
}
