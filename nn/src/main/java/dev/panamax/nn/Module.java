package dev.panamax.nn;

import dev.panamax.autograd.Variable;
import dev.panamax.tensor.Device;
import dev.panamax.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A building block of a network: it holds named parameters and named submodules, and computes
 * {@link #forward}.
 *
 * <p>Subclasses register what they own in their constructor, in the order PyTorch would list it:
 * {@snippet :
 * class TwoLayer extends Module {
 *     final Linear layer1 = register("layer1", new Linear(784, 100));
 *     final Linear layer2 = register("layer2", new Linear(100, 10));
 *
 *     @Override
 *     public Variable forward(Variable x) {
 *         return layer2.apply(layer1.apply(x).sigmoid());
 *     }
 * }
 * }
 * Names are unique per module; {@link #namedParameters()} walks submodules depth-first in
 * registration order, giving dotted names such as {@code layer1.weight}.
 */
public abstract class Module {

    private final LinkedHashMap<String, Parameter> params = new LinkedHashMap<>();
    private final LinkedHashMap<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** Computes the module's output. */
    public abstract Variable forward(Variable input);

    /** Calls {@link #forward} (PyTorch's {@code module(x)}). */
    public final Variable apply(Variable input) {
        return forward(input);
    }

    /** Calls {@link #forward} on a tensor input that needs no gradient. */
    public final Variable apply(Tensor input) {
        return forward(Variable.of(input));
    }

    /**
     * Registers a parameter under {@code name}; returns it.
     *
     * @throws IllegalArgumentException if the name is taken or invalid
     */
    protected final Parameter register(String name, Parameter p) {
        checkName(name);
        params.put(name, p);
        return p;
    }

    /**
     * Registers a submodule under {@code name}; returns it.
     *
     * @throws IllegalArgumentException if the name is taken or invalid
     */
    protected final <M extends Module> M register(String name, M m) {
        checkName(name);
        children.put(name, m);
        return m;
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": invalid name '" + name
                    + "' (non-empty, no dots)");
        }
        if (params.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": '" + name + "' is already registered");
        }
    }

    /** Every parameter with its dotted name, depth-first in registration order. */
    public final Map<String, Parameter> namedParameters() {
        LinkedHashMap<String, Parameter> out = new LinkedHashMap<>();
        collect("", out);
        return out;
    }

    private void collect(String prefix, Map<String, Parameter> out) {
        params.forEach((n, p) -> out.put(prefix + n, p));
        children.forEach((n, m) -> m.collect(prefix + n + ".", out));
    }

    /** Every parameter, depth-first in registration order. */
    public final List<Parameter> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** The direct submodules by name. */
    public final Map<String, Module> namedChildren() {
        return java.util.Collections.unmodifiableMap(children);
    }

    /** Clears every parameter's gradient (to none, PyTorch 2.x's default). */
    public final void zeroGrad() {
        zeroGrad(true);
    }

    /** Clears every parameter's gradient, to none or to zeros. */
    public final void zeroGrad(boolean setToNone) {
        for (Parameter p : parameters()) {
            if (setToNone) {
                p.clearGrad();
            } else {
                p.zeroGrad();
            }
        }
    }

    /** Switches this module and its submodules to training mode; returns this module. */
    public final Module train() {
        return train(true);
    }

    /** Sets training mode recursively; returns this module. */
    public final Module train(boolean on) {
        training = on;
        children.values().forEach(m -> m.train(on));
        return this;
    }

    /** Switches to evaluation mode recursively; returns this module. */
    public final Module eval() {
        return train(false);
    }

    public final boolean isTraining() {
        return training;
    }

    /**
     * Moves every parameter to {@code device} in place (the same {@link Parameter} objects, so fields
     * holding them stay valid; a no-op for parameters already there); returns this module.
     *
     * @throws IllegalStateException if the device's backend is unavailable
     */
    public final Module to(Device device) {
        for (Parameter p : params.values()) {
            if (!p.device().equals(device)) {
                p.setData(p.data().to(device));
            }
        }
        children.values().forEach(m -> m.to(device));
        return this;
    }

    /** The parameters' tensors by dotted name (shared, not copied). */
    public final Map<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        namedParameters().forEach((n, p) -> out.put(n, p.data()));
        return out;
    }

    /**
     * Copies tensors into the parameters of the same names.
     *
     * @throws IllegalArgumentException if a name is missing or unexpected, or a shape differs
     */
    public final void loadStateDict(Map<String, Tensor> state) {
        Map<String, Parameter> mine = namedParameters();
        List<String> missing = new ArrayList<>();
        for (String n : mine.keySet()) {
            if (!state.containsKey(n)) {
                missing.add(n);
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (String n : state.keySet()) {
            if (!mine.containsKey(n)) {
                unexpected.add(n);
            }
        }
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            throw new IllegalArgumentException("loadStateDict: error(s) in loading state for "
                    + getClass().getSimpleName() + ": missing keys " + missing + ", unexpected keys " + unexpected);
        }
        for (var e : mine.entrySet()) {
            Tensor src = state.get(e.getKey());
            Tensor dst = e.getValue().data();
            if (!Arrays.equals(src.shape(), dst.shape())) {
                throw new IllegalArgumentException("loadStateDict: size mismatch for " + e.getKey() + ": copying a "
                        + "param with shape " + Arrays.toString(src.shape()) + ", the shape in the current model is "
                        + Arrays.toString(dst.shape()));
            }
        }
        for (var e : mine.entrySet()) {
            e.getValue().data().copy_(state.get(e.getKey()));
        }
    }

    /** Writes {@link #stateDict()} to a file (see {@link StateDictIO} for the format). */
    public final void save(Path file) throws IOException {
        StateDictIO.write(file, stateDict());
    }

    /**
     * Reads a file written by {@link #save} into the parameters.
     *
     * @throws IOException if the file cannot be read or is malformed
     * @throws IllegalArgumentException on missing or unexpected names or shape mismatches
     */
    public final void load(Path file) throws IOException {
        loadStateDict(StateDictIO.read(file));
    }

    /** The one-line description inside the module's parentheses, e.g. {@code in_features=3, ...}. */
    protected String extraRepr() {
        return "";
    }

    /** PyTorch-style module tree. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append('(').append(extraRepr());
        if (!children.isEmpty()) {
            sb.append('\n');
            children.forEach((n, m) -> {
                String child = m.toString().replace("\n", "\n  ");
                sb.append("  (").append(n).append("): ").append(child).append('\n');
            });
        }
        return sb.append(')').toString();
    }
}
