package dev.panamax.nn.optim;

import dev.panamax.autograd.Variable;

/**
 * Re-evaluates the model for {@link Optimizer#step(Closure)}: it clears the gradients, computes the
 * loss, calls {@code backward()} on it and returns it.
 *
 * {@snippet :
 * double loss = optimizer.step(() -> {
 *     optimizer.zeroGrad();
 *     Variable l = lossFn.apply(model.apply(x), y);
 *     l.backward();
 *     return l;
 * });
 * }
 */
@FunctionalInterface
public interface Closure {

    /** Computes the loss with gradients enabled, back-propagates it and returns it. */
    Variable evaluate();
}
