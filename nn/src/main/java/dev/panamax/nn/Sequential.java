package dev.panamax.nn;

import dev.panamax.autograd.Variable;
import java.util.ArrayList;
import java.util.List;

/** Modules applied in order, each to the previous one's output; registered as {@code 0, 1, ...}. */
public final class Sequential extends Module {

    private final List<Module> layers = new ArrayList<>();

    public Sequential(Module... modules) {
        for (Module m : modules) {
            layers.add(register(Integer.toString(layers.size()), m));
        }
    }

    /**
     * The module at {@code index} (PyTorch's {@code model[0]}).
     *
     * @throws IndexOutOfBoundsException if there is no such module
     */
    public Module get(int index) {
        return layers.get(index);
    }

    public int size() {
        return layers.size();
    }

    @Override
    public Variable forward(Variable x) {
        Variable v = x;
        for (Module m : layers) {
            v = m.forward(v);
        }
        return v;
    }
}
