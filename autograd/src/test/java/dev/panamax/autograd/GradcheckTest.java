package dev.panamax.autograd;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** {@link Gradcheck} itself: it must reject wrong gradients, or the table proves nothing. */
class GradcheckTest {

    /** The identity with a backward that scales the gradient: a deliberately wrong op. */
    private static Variable wrongIdentity(Variable x, double factor) {
        return Variable.record(x.data().clone(), x, () -> new Node(x) {
            @Override
            protected Tensor[] backward(Tensor g) {
                return new Tensor[] {g.mul(factor)};
            }
        });
    }

    private static Variable leaf(int... shape) {
        return Variable.parameter(Tensor.randn(DType.FLOAT64, shape));
    }

    @Test
    void acceptsACorrectGradient() {
        assertTrue(Gradcheck.check(v -> wrongIdentity(v[0], 1.0), leaf(2, 3)).passed());
        assertTrue(Gradcheck.check(v -> v[0].mul(v[1]).sum(), leaf(2, 3), leaf(3)).passed());
    }

    @Test
    void rejectsAWrongGradient() {
        Gradcheck.Result r = Gradcheck.check(v -> wrongIdentity(v[0], 1.01), leaf(2, 3));
        assertFalse(r.passed());
        assertTrue(r.maxError() > 0);
        assertTrue(r.detail().contains("analytic"), r.detail());
    }

    @Test
    void rejectsAWrongGradientBehindAZeroDimensionalOutput() {
        assertFalse(Gradcheck.check(v -> wrongIdentity(v[0], 2).sum(), leaf(3)).passed());
        assertFalse(Gradcheck.check(v -> wrongIdentity(v[0], 2), leaf()).passed());
    }

    @Test
    void rejectsAMissingGradient() {
        // the output depends on x, but the recorded graph does not reach it
        assertFalse(Gradcheck.check(v -> v[0].detach().exp().mul(v[1]), leaf(3), leaf(3)).passed());
    }

    @Test
    void onlyInputsRequiringGradAreChecked() {
        Variable c = Variable.of(Tensor.randn(DType.FLOAT64, 3));
        assertTrue(Gradcheck.check(v -> v[0].mul(v[1].detach().exp()), leaf(3), c).passed());
    }

    @Test
    void needsFloat64Inputs() {
        Variable f = Variable.parameter(Tensor.ones(DType.FLOAT32, 2));
        assertThrows(IllegalArgumentException.class, () -> Gradcheck.check(v -> v[0].exp(), f));
    }

    @Test
    void needsContiguousInputs() {
        Variable t = Variable.parameter(Tensor.randn(DType.FLOAT64, 3, 2).t());
        assertThrows(IllegalArgumentException.class, () -> Gradcheck.check(v -> v[0].exp(), t));
    }
}
