package dev.panamax.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.panamax.tensor.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * PyTorch's gradients at ties and kinks, exactly: where finite differences cannot decide, the
 * convention must be the one PyTorch documents and implements.
 */
class TieConventionsTest {

    private static Variable leaf(double... v) {
        return Variable.parameter(Tensor.of(v));
    }

    /** The gradient of {@code sum(f(x))} with respect to {@code x}. */
    private static double[] grad(Function<Variable, Variable> f, double... x) {
        Variable v = leaf(x);
        f.apply(v).sum().backward();
        return v.grad().toDoubleArray();
    }

    @Test
    void reluHasZeroGradientAtZero() {
        assertArrayEquals(new double[] {0, 0, 1, 0}, grad(Variable::relu, -1, 0, 0.5, 0));
    }

    @Test
    void absHasZeroGradientAtZero() {
        assertArrayEquals(new double[] {-1, 0, 1}, grad(Variable::abs, -1, 0, 2));
    }

    @Test
    void clampPassesTheGradientOnItsBounds() {
        assertArrayEquals(new double[] {0, 1, 1, 1, 0}, grad(x -> x.clamp(-0.5, 0.5), -1, -0.5, 0, 0.5, 1));
        assertArrayEquals(new double[] {0, 1, 1}, grad(x -> x.clampMin(0), -1, 0, 1));
        assertArrayEquals(new double[] {1, 1, 0}, grad(x -> x.clampMax(0), -1, 0, 1));
        assertArrayEquals(new double[] {1, 1}, grad(x -> x.clamp(2, 2), 2, 2));
    }

    @Test
    void maximumAndMinimumSplitTiesInHalves() {
        Variable a = leaf(1, 2, 3, -1);
        Variable b = leaf(1, 0, 3, 5);
        a.maximum(b).sum().backward();
        assertArrayEquals(new double[] {0.5, 1, 0.5, 0}, a.grad().toDoubleArray());
        assertArrayEquals(new double[] {0.5, 0, 0.5, 1}, b.grad().toDoubleArray());
        a.clearGrad();
        b.clearGrad();
        a.minimum(b).sum().backward();
        assertArrayEquals(new double[] {0.5, 0, 0.5, 1}, a.grad().toDoubleArray());
        assertArrayEquals(new double[] {0.5, 1, 0.5, 0}, b.grad().toDoubleArray());
    }

    @Test
    void maximumWithItselfGivesTheWholeGradient() {
        assertArrayEquals(new double[] {1, 1}, grad(x -> x.maximum(x), 4, -2));
    }

    @Test
    void globalMaxAndMinSplitEqualExtremesEvenly() {
        double third = 1.0 / 3;
        assertArrayEquals(new double[] {0, third, third, 0, third, 0},
                grad(x -> x.reshape(2, 3).max(), 1, 3, 3, 2, 3, 0), 1e-15);
        assertArrayEquals(new double[] {0.5, 0, 0.5, 0, 0, 0}, grad(Variable::min, 0, 3, 0, 2, 1, 5));
        assertArrayEquals(new double[] {0, 0, 1, 0}, grad(Variable::max, 1, 2, 9, 0));
    }

    @Test
    void maxAndMinAlongADimGiveTheGradientToTheFirstIndex() {
        Variable x = Variable.parameter(Tensor.of(new double[] {1, 3, 3, 2, 2, 0}, 2, 3));
        Variable.Extremes m = x.max(1, false);
        assertArrayEquals(new long[] {1, 0}, m.indices().toLongArray());
        m.values().sum().backward();
        assertArrayEquals(new double[] {0, 1, 0, 1, 0, 0}, x.grad().toDoubleArray());

        Variable y = Variable.parameter(Tensor.of(new double[] {1, 3, 0, 1, 2, 0}, 2, 3));
        Variable.Extremes n = y.min(0, true);
        assertArrayEquals(new long[] {0, 1, 0}, n.indices().toLongArray());
        n.values().sum().backward();
        assertArrayEquals(new double[] {1, 0, 1, 0, 1, 0}, y.grad().toDoubleArray());
    }

    @Test
    void powersAtZero() {
        assertArrayEquals(new double[] {0, 0, 0}, grad(x -> x.pow(0), 0, 1, -2));
        assertArrayEquals(new double[] {0, 2, -4}, grad(x -> x.pow(2), 0, 1, -2));
        assertArrayEquals(new double[] {0, 3, 12}, grad(x -> x.pow(3), 0, 1, -2));
        Variable a = leaf(0, 0, 2, 0);
        Variable e = leaf(2, 0, 1, 1);
        Variable out = a.pow(e);
        assertArrayEquals(new double[] {0, 1, 2, 0}, out.data().toDoubleArray());
        out.sum().backward();
        // d/da a^e = e·a^(e-1), 0 where e == 0; d/de a^e = a^e·log(a), 0 where a == 0 and e >= 0.
        assertArrayEquals(new double[] {0, 0, 1, 1}, a.grad().toDoubleArray());
        assertArrayEquals(new double[] {0, 0, 2 * Math.log(2), 0}, e.grad().toDoubleArray(), 1e-15);
    }
}
