package dev.panamax.nn.optim;

import dev.panamax.autograd.GradMode;
import dev.panamax.autograd.Variable;
import dev.panamax.tensor.DType;
import dev.panamax.tensor.Memory;
import dev.panamax.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The base of every optimizer: parameter groups with their options, per-parameter state, and the
 * {@code zeroGrad} / {@code step} cycle of PyTorch's {@code torch.optim.Optimizer}.
 *
 * <p>Each parameter belongs to exactly one {@link ParamGroup}; a group carries an options record
 * (for example {@link SGD.Options}), so groups can use different learning rates. A step updates,
 * group by group, every parameter whose gradient is not null (parameters without a gradient are
 * skipped, as in PyTorch). Updates run inside {@link GradMode#noGrad()} and write the parameters'
 * data in place, so a parameter keeps its storage (and its memory-scope exemption) and its version
 * counter records the write. Optimizer state is kept out of memory scopes; the temporaries of a
 * step are freed when it returns.
 *
 * {@snippet :
 * var opt = new SGD(model.parameters(), SGD.Options.defaults().withLr(0.1).withMomentum(0.9));
 * for (int epoch = 0; epoch < 10; epoch++) {
 *     opt.zeroGrad();
 *     lossFn.apply(model.apply(x), y).backward();
 *     opt.step();
 * }
 * }
 *
 * <h2>State dictionaries</h2>
 * {@link #stateDict()} names each state tensor {@code state.<index>.<name>}, where {@code index}
 * counts the parameters over all groups in order (PyTorch's numbering) and {@code name} is
 * PyTorch's name ({@code momentum_buffer}, {@code exp_avg}, {@code step}, ...); scalars are 0-d
 * float64 tensors. The options are not part of it: build the receiving optimizer with the same
 * options and parameters.
 *
 * @param <O> the options record of the concrete optimizer
 */
public abstract class Optimizer<O extends Record> {

    private static final Pattern KEY = Pattern.compile("state\\.(\\d+)\\.(.+)");

    private final O defaults;
    private final Consumer<? super O> validator;
    private final List<ParamGroup<O>> groups = new ArrayList<>();
    private final Map<Variable, LinkedHashMap<String, Tensor>> state = new IdentityHashMap<>();

    /**
     * An optimizer over {@code params} in one group with {@code defaults}.
     *
     * @param validator throws {@link IllegalArgumentException} with PyTorch's message for invalid options
     * @throws IllegalArgumentException if the options are invalid or {@code params} is empty, holds a
     *                                  non-leaf or holds a parameter twice
     */
    protected Optimizer(Iterable<? extends Variable> params, O defaults, Consumer<? super O> validator) {
        this.validator = Objects.requireNonNull(validator, "validator");
        validator.accept(Objects.requireNonNull(defaults, "defaults"));
        this.defaults = defaults;
        List<Variable> list = collect(params);
        if (list.isEmpty()) {
            throw new IllegalArgumentException("optimizer got an empty parameter list");
        }
        addGroup(list, defaults);
    }

    /** The options given to the constructor, used by the first group. */
    public final O defaults() {
        return defaults;
    }

    /** The parameter groups in order (unmodifiable). */
    public final List<ParamGroup<O>> paramGroups() {
        return Collections.unmodifiableList(groups);
    }

    /**
     * Adds a group of parameters updated with {@code options} (PyTorch's {@code add_param_group}).
     *
     * @throws IllegalArgumentException if the options are invalid, or a parameter is not a leaf,
     *                                  is given twice or already belongs to a group
     */
    public void addParamGroup(Iterable<? extends Variable> params, O options) {
        validator.accept(Objects.requireNonNull(options, "options"));
        addGroup(collect(params), options);
    }

    private static List<Variable> collect(Iterable<? extends Variable> params) {
        List<Variable> list = new ArrayList<>();
        for (Variable p : Objects.requireNonNull(params, "params")) {
            list.add(Objects.requireNonNull(p, "a parameter is null"));
        }
        return list;
    }

    private void addGroup(List<Variable> params, O options) {
        Map<Variable, Boolean> seen = new IdentityHashMap<>();
        for (Variable p : params) {
            if (!p.isLeaf()) {
                throw new IllegalArgumentException("can't optimize a non-leaf Variable (shape "
                        + Arrays.toString(p.shape()) + "); optimize the leaves it was computed from");
            }
            if (seen.put(p, Boolean.TRUE) != null) {
                throw new IllegalArgumentException("a parameter group contains the parameter of shape "
                        + Arrays.toString(p.shape()) + " twice");
            }
            for (ParamGroup<O> g : groups) {
                for (Variable q : g.params()) {
                    if (q == p) {
                        throw new IllegalArgumentException("some parameters appear in more than one parameter "
                                + "group (shape " + Arrays.toString(p.shape()) + ")");
                    }
                }
            }
        }
        groups.add(new ParamGroup<>(params, options, validator));
    }

    // ---------------------------------------------------------------- gradients and steps

    /** Sets every parameter's gradient to none (PyTorch 2.x's {@code zero_grad()}). */
    public final void zeroGrad() {
        zeroGrad(true);
    }

    /** Sets every parameter's gradient to none, or with {@code setToNone == false} fills it with zeros. */
    public final void zeroGrad(boolean setToNone) {
        for (ParamGroup<O> g : groups) {
            for (Variable p : g.params()) {
                if (setToNone) {
                    p.clearGrad();
                } else {
                    p.zeroGrad();
                }
            }
        }
    }

    /**
     * Performs one update of every parameter that has a gradient, with its group's options.
     *
     * @throws IllegalStateException for an optimizer that needs a closure ({@link LBFGS})
     */
    public void step() {
        try (var _ = GradMode.noGrad(); var _ = Memory.scope()) {
            for (ParamGroup<O> group : groups) {
                for (Variable p : group.params()) {
                    Tensor grad = p.borrowGrad(); // not kept: zeroGrad can then give its memory back at once
                    if (grad != null) {
                        update(p, grad, mutableState(p), group.options());
                    }
                }
            }
        }
    }

    /**
     * Evaluates {@code closure} with gradients enabled, then performs one {@link #step()}.
     *
     * @return the loss the closure returned, before the update
     */
    public double step(Closure closure) {
        double loss = evaluate(closure);
        step();
        return loss;
    }

    /** Runs {@code closure} under {@link GradMode#enableGrad()} and returns its loss's value. */
    protected static double evaluate(Closure closure) {
        Objects.requireNonNull(closure, "closure");
        try (var _ = GradMode.enableGrad()) {
            Variable loss = Objects.requireNonNull(closure.evaluate(), "the closure returned null instead of the loss");
            return loss.item();
        }
    }

    /**
     * Updates one parameter in place from its gradient; called by {@link #step()} under no-grad.
     * The gradient is borrowed ({@link Variable#borrowGrad()}): clone it to keep any of it.
     *
     * @param state this parameter's state, empty before its first update; new entries must be
     *              added with {@link #putState} so they outlive memory scopes
     */
    protected abstract void update(Variable param, Tensor grad, Map<String, Tensor> state, O options);

    // ---------------------------------------------------------------- state

    /** The state of {@code param} (unmodifiable; empty before its first update). */
    public final Map<String, Tensor> state(Variable param) {
        LinkedHashMap<String, Tensor> s = state.get(param);
        return s == null ? Map.of() : Collections.unmodifiableMap(s);
    }

    /** The mutable state of {@code param}, created empty when missing. */
    protected final Map<String, Tensor> mutableState(Variable param) {
        return state.computeIfAbsent(param, k -> new LinkedHashMap<>());
    }

    /** Stores {@code value} under {@code name}, kept out of memory scopes; returns it. */
    protected static Tensor putState(Map<String, Tensor> state, String name, Tensor value) {
        state.put(name, value.keep());
        return value;
    }

    /** The scalar stored under {@code name}. */
    protected static double scalar(Map<String, Tensor> state, String name) {
        return state.get(name).item();
    }

    /** Stores a scalar as a 0-d float64 tensor, in place when one is already there. */
    protected static void putScalar(Map<String, Tensor> state, String name, double value) {
        Tensor t = state.get(name);
        if (t == null) {
            putState(state, name, Tensor.scalar(value, DType.FLOAT64));
        } else {
            t.fill_(value);
        }
    }

    /**
     * The expected state of a stepped parameter, name to shape, for checking {@link #loadStateDict}.
     *
     * @param loaded the entries given for this parameter (an optimizer whose state size varies
     *               reads it from them)
     */
    protected abstract Map<String, int[]> stateShapes(Variable param, O options, Map<String, Tensor> loaded);

    /**
     * A copy of the state of every parameter, keyed {@code state.<index>.<name>}.
     *
     * <p>Parameters that were never updated have no entries.
     */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        int index = 0;
        for (ParamGroup<O> g : groups) {
            for (Variable p : g.params()) {
                LinkedHashMap<String, Tensor> s = state.get(p);
                if (s != null) {
                    for (Map.Entry<String, Tensor> e : s.entrySet()) {
                        out.put("state." + index + "." + e.getKey(), e.getValue().clone().keep());
                    }
                }
                index++;
            }
        }
        return out;
    }

    /**
     * Replaces all state with copies of the tensors in {@code dict} (as written by {@link #stateDict()}).
     *
     * <p>Scalars are stored as float64 and other tensors converted to their parameter's dtype.
     * Nothing changes when the dictionary is rejected.
     *
     * @throws IllegalArgumentException naming the offending keys, when a key is malformed or names
     *                                  no parameter, a parameter's entries are missing or unexpected,
     *                                  or a shape differs
     */
    public final void loadStateDict(Map<String, Tensor> dict) {
        List<Variable> params = new ArrayList<>();
        List<O> options = new ArrayList<>();
        for (ParamGroup<O> g : groups) {
            for (Variable p : g.params()) {
                params.add(p);
                options.add(g.options());
            }
        }
        Map<Integer, LinkedHashMap<String, Tensor>> byIndex = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : dict.entrySet()) {
            Matcher m = KEY.matcher(e.getKey());
            int index = m.matches() && m.group(1).length() < 10 ? Integer.parseInt(m.group(1)) : -1;
            if (index < 0 || index >= params.size()) {
                problems.add("unexpected key '" + e.getKey() + "' (expected state.<index>.<name> with index below "
                        + params.size() + ")");
            } else {
                byIndex.computeIfAbsent(index, k -> new LinkedHashMap<>()).put(m.group(2), e.getValue());
            }
        }
        Map<Variable, LinkedHashMap<String, Tensor>> loaded = new IdentityHashMap<>();
        for (Map.Entry<Integer, LinkedHashMap<String, Tensor>> e : byIndex.entrySet()) {
            int index = e.getKey();
            Variable p = params.get(index);
            Map<String, int[]> expected = stateShapes(p, options.get(index), e.getValue());
            String prefix = "state." + index + ".";
            for (String name : expected.keySet()) {
                if (!e.getValue().containsKey(name)) {
                    problems.add("missing key '" + prefix + name + "'");
                }
            }
            LinkedHashMap<String, Tensor> copy = new LinkedHashMap<>();
            for (Map.Entry<String, Tensor> entry : e.getValue().entrySet()) {
                int[] shape = expected.get(entry.getKey());
                Tensor t = entry.getValue();
                if (shape == null) {
                    problems.add("unexpected key '" + prefix + entry.getKey() + "'");
                } else if (!Arrays.equals(shape, t.shape())) {
                    problems.add("key '" + prefix + entry.getKey() + "' has shape " + Arrays.toString(t.shape())
                            + ", expected " + Arrays.toString(shape));
                } else {
                    DType dtype = shape.length == 0 ? DType.FLOAT64 : p.dtype();
                    copy.put(entry.getKey(), t.to(dtype).clone().keep());
                }
            }
            loaded.put(p, copy);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("loadStateDict: " + String.join("; ", problems));
        }
        state.clear();
        state.putAll(loaded);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(getClass().getSimpleName()).append(" (");
        for (int i = 0; i < groups.size(); i++) {
            ParamGroup<O> g = groups.get(i);
            b.append("\nParameter Group ").append(i).append(": ").append(g.params().size())
                    .append(" parameters, ").append(g.options());
        }
        return b.append("\n)").toString();
    }
}
