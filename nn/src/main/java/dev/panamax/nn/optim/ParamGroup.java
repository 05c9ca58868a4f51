package dev.panamax.nn.optim;

import dev.panamax.autograd.Variable;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A set of parameters that an {@link Optimizer} updates with the same options.
 *
 * <p>The options can be replaced between steps (a learning-rate schedule does this), and are
 * validated as the optimizer's constructor validates them.
 *
 * @param <O> the optimizer's options record
 */
public final class ParamGroup<O extends Record> {

    private final List<Variable> params;
    private final Consumer<? super O> validator;
    private O options;

    ParamGroup(List<Variable> params, O options, Consumer<? super O> validator) {
        this.params = List.copyOf(params);
        this.validator = validator;
        this.options = options;
    }

    /** The parameters, in the order they were given (unmodifiable). */
    public List<Variable> params() {
        return params;
    }

    /** The options this group's parameters are updated with. */
    public O options() {
        return options;
    }

    /**
     * Replaces this group's options from the next step on.
     *
     * @throws IllegalArgumentException if the options are invalid, with PyTorch's message
     */
    public void setOptions(O options) {
        validator.accept(Objects.requireNonNull(options, "options"));
        this.options = options;
    }

    @Override
    public String toString() {
        return "ParamGroup(" + params.size() + " parameters, " + options + ")";
    }
}
