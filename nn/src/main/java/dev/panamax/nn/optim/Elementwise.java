package dev.panamax.nn.optim;

import dev.panamax.tensor.Tensor;

/** Compositions the updates share that {@link Tensor} has no single op for. */
final class Elementwise {

    private Elementwise() {
    }

    /**
     * {@code self += weight · (end - self)} in place, evaluated from the nearer end as PyTorch's
     * {@code lerp_} does: {@code end - (end - self)·(1 - weight)} when {@code weight >= 0.5}.
     */
    static void lerp_(Tensor self, Tensor end, double weight) {
        Tensor diff = end.sub(self);
        if (Math.abs(weight) < 0.5) {
            self.add_(diff.mul(weight));
        } else {
            self.copy_(end.sub(diff.mul(1 - weight)));
        }
    }

    /** {@code -1, 0, 1} for negative, zero and positive elements (NaN gives 0), in the input's dtype. */
    static Tensor sign(Tensor t) {
        return t.gt(0).to(t.dtype()).sub(t.lt(0).to(t.dtype()));
    }

    /** {@code grad}, or {@code -grad} when maximizing. */
    static Tensor direction(Tensor grad, boolean maximize) {
        return maximize ? grad.neg() : grad;
    }
}
