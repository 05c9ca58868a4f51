package dev.panamax.nn;

import dev.panamax.autograd.Variable;
import dev.panamax.tensor.Tensor;

/**
 * A leaf variable that a {@link Module} owns and an optimizer updates; it requires a gradient.
 *
 * <p>Its data and gradient belong to the parameter: memory scopes never free them.
 */
public final class Parameter extends Variable {

    /**
     * A parameter over {@code data} (float dtypes only).
     *
     * @throws IllegalArgumentException if {@code data} is not floating point
     */
    public Parameter(Tensor data) {
        super(data.keep(), true);
    }

    /** A parameter that does not require a gradient (a frozen weight). */
    public Parameter(Tensor data, boolean requiresGrad) {
        super(data.keep(), requiresGrad);
    }
}
