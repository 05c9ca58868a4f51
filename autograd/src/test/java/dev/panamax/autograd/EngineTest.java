package dev.panamax.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.Device;
import dev.panamax.tensor.Memory;
import dev.panamax.tensor.MemoryScope;
import dev.panamax.tensor.Tensor;
import dev.panamax.tensor.testing.DevicesUnderTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The backward engine: accumulation, graph lifetime, saved-tensor checks, grad mode, deep graphs. */
class EngineTest {

    private static Variable param(double... v) {
        return Variable.parameter(Tensor.of(v));
    }

    @Test
    void gradientsAccumulateAcrossBackwardCalls() {
        Variable x = param(1, 2);
        x.mul(3.0).sum().backward();
        assertArrayEquals(new double[] {3, 3}, x.grad().toDoubleArray());
        x.mul(x).sum().backward();
        assertArrayEquals(new double[] {5, 7}, x.grad().toDoubleArray());
    }

    @Test
    void zeroGradZeroesAndClearGradDrops() {
        Variable x = param(1, 2);
        x.zeroGrad();
        assertNull(x.grad(), "zeroGrad without a gradient leaves none");
        x.square().sum().backward();
        Tensor g = x.grad();
        x.zeroGrad();
        assertArrayEquals(new double[] {0, 0}, x.grad().toDoubleArray());
        assertTrue(x.grad() == g, "zeroGrad works in place");
        x.clearGrad();
        assertNull(x.grad());
        x.mul(2.0).sum().backward();
        assertArrayEquals(new double[] {2, 2}, x.grad().toDoubleArray());
    }

    @Test
    void backwardWithAGradientFromANonScalar() {
        Variable x = param(1, 2, 3);
        Variable y = x.mul(x);
        y.backward(Tensor.of(new double[] {1, 10, 100}));
        assertArrayEquals(new double[] {2, 40, 600}, x.grad().toDoubleArray());
    }

    @Test
    void backwardWithAFloat32GradientOnFloat64() {
        Variable x = param(1, 2);
        x.mul(x).backward(Tensor.of(new float[] {1, 1}));
        assertEquals(DType.FLOAT64, x.grad().dtype());
        assertArrayEquals(new double[] {2, 4}, x.grad().toDoubleArray());
    }

    @Test
    void implicitBackwardNeedsAScalar() {
        Variable y = param(1, 2, 3).exp();
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("scalar"), e.getMessage());
        assertTrue(e.getMessage().contains("[3]"), e.getMessage());
    }

    @Test
    void backwardChecksTheGradientDevice() {
        List<Device> others = DevicesUnderTest.available().stream().filter(d -> !d.equals(Device.CPU)).toList();
        assumeTrue(!others.isEmpty(), "no device besides the CPU: " + DevicesUnderTest.skipped());
        for (Device d : others) {
            try (MemoryScope s = Memory.scope()) {
                Variable y = Variable.parameter(Tensor.of(new double[] {1, 2, 3}).to(d)).exp().sum();
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> y.backward(Tensor.ones(DType.FLOAT64)));
                assertTrue(e.getMessage().contains("gradient") && e.getMessage().contains("on cpu")
                        && e.getMessage().contains(d.toString()), e.getMessage());
                Variable z = Variable.parameter(Tensor.of(new double[] {1, 2, 3})).exp().sum();
                assertThrows(IllegalArgumentException.class, () -> z.backward(Tensor.ones(DType.FLOAT64, d)));
            }
        }
    }

    @Test
    void backwardChecksTheGradientShapeAndThatAGraphExists() {
        Variable y = param(1, 2, 3).exp();
        assertThrows(IllegalArgumentException.class, () -> y.backward(Tensor.ones(DType.FLOAT64, 2)));
        Variable c = Variable.of(Tensor.of(new double[] {1})).exp().sum();
        IllegalStateException e = assertThrows(IllegalStateException.class, c::backward);
        assertTrue(e.getMessage().contains("does not require grad"), e.getMessage());
    }

    @Test
    void backwardOnALeafSetsItsGradient() {
        Variable x = param(1, 2);
        x.backward(Tensor.of(new double[] {3, 4}));
        assertArrayEquals(new double[] {3, 4}, x.grad().toDoubleArray());
        Variable s = Variable.parameter(Tensor.scalar(5, DType.FLOAT64));
        s.backward();
        assertEquals(1, s.grad().item());
    }

    @Test
    void secondBackwardThroughAFreedGraphFails() {
        Variable x = param(1, 2);
        Variable y = x.mul(x).sum();
        y.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("retainGraph"), e.getMessage());
        // also through nodes that saved nothing
        Variable z = x.add(1.0).sum();
        z.backward();
        e = assertThrows(IllegalStateException.class, z::backward);
        assertTrue(e.getMessage().contains("retainGraph"), e.getMessage());
    }

    @Test
    void retainGraphAllowsASecondBackward() {
        Variable x = param(1, 2);
        Variable y = x.mul(x).sum();
        Tensor one = Tensor.scalar(1, DType.FLOAT64);
        y.backward(one, true);
        assertArrayEquals(new double[] {2, 4}, x.grad().toDoubleArray());
        y.backward(one, true);
        assertArrayEquals(new double[] {4, 8}, x.grad().toDoubleArray());
        y.backward();
        assertArrayEquals(new double[] {6, 12}, x.grad().toDoubleArray());
        assertThrows(IllegalStateException.class, y::backward);
    }

    @Test
    void savedTensorModifiedInPlaceIsReported() {
        Variable x = param(1, 2);
        Variable w = Variable.of(Tensor.of(new double[] {3, 4}));
        Variable y = x.mul(w).sum();
        w.data().add_(1);
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("version"), e.getMessage());
        assertTrue(e.getMessage().contains("in-place"), e.getMessage());
    }

    @Test
    void savedOutputModifiedInPlaceIsReported() {
        Variable x = param(0, 1);
        Variable e = x.exp();
        Variable y = e.sum();
        e.data().mul_(2.0);
        assertThrows(IllegalStateException.class, y::backward);
    }

    @Test
    void inPlaceWriteToATensorNotSavedIsFine() {
        Variable x = param(1, 2);
        Variable w = Variable.of(Tensor.of(new double[] {3, 4}));
        Variable y = x.add(w).sum();
        w.data().add_(1);
        y.backward();
        assertArrayEquals(new double[] {1, 1}, x.grad().toDoubleArray());
    }

    @Test
    void noGradRecordsNothing() {
        Variable x = param(1, 2);
        try (var g = GradMode.noGrad()) {
            assertFalse(GradMode.isEnabled());
            Variable y = x.mul(x).exp().sum();
            assertFalse(y.requiresGrad());
            assertNull(y.gradFn());
            assertTrue(y.isLeaf());
            try (var h = GradMode.enableGrad()) {
                assertTrue(x.mul(2.0).requiresGrad(), "enableGrad inside noGrad records again");
            }
            assertFalse(GradMode.isEnabled());
        }
        assertTrue(GradMode.isEnabled());
        assertTrue(x.mul(x).requiresGrad());
    }

    @Test
    void gradModeIsPerThread() throws InterruptedException {
        boolean[] seen = new boolean[1];
        try (var g = GradMode.noGrad()) {
            Thread t = Thread.ofPlatform().start(() -> seen[0] = GradMode.isEnabled());
            t.join();
        }
        assertTrue(seen[0]);
    }

    @Test
    void detachSharesDataAndStopsGradients() {
        Variable x = param(2, 3);
        Variable d = x.detach();
        assertFalse(d.requiresGrad());
        assertTrue(d.isLeaf());
        assertTrue(d.data().sharesStorageWith(x.data()));
        x.mul(d).sum().backward();
        assertArrayEquals(new double[] {2, 3}, x.grad().toDoubleArray(), "only the tracked factor gets gradient");
        assertNull(d.grad());
    }

    @Test
    void inPlaceOnALeafRequiringGradNeedsNoGrad() {
        Variable x = param(1, 2);
        Tensor one = Tensor.ones(DType.FLOAT64, 2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> x.sub_(one));
        assertTrue(e.getMessage().contains("in-place"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> x.add_(one));
        assertThrows(IllegalStateException.class, () -> x.add_(one, 2));
        assertThrows(IllegalStateException.class, () -> x.mul_(2));
        assertThrows(IllegalStateException.class, () -> x.copy_(one));
        assertThrows(IllegalStateException.class, () -> x.mul(2.0).add_(one), "non-leaf requiring grad");
        assertArrayEquals(new double[] {1, 2}, x.data().toDoubleArray());
        try (var g = GradMode.noGrad()) {
            x.sub_(one).add_(one, 2).mul_(2).add_(one);
        }
        assertArrayEquals(new double[] {5, 7}, x.data().toDoubleArray());
        Variable c = Variable.of(Tensor.of(new double[] {1}));
        assertEquals(10, c.mul_(10).item(), "no grad required: allowed anywhere");
    }

    @Test
    void aChainOfAHundredThousandOpsBackpropagates() {
        Variable x = param(1.5, -2);
        Variable y = x;
        for (int i = 0; i < 100_000; i++) {
            y = (i % 2 == 0) ? y.mul(1.0) : y.add(0.0);
        }
        y.sum().backward();
        assertArrayEquals(new double[] {1, 1}, x.grad().toDoubleArray());
    }

    @Test
    void diamondGraphsSumGradients() {
        Variable x = param(0.5, -1);
        // x used twice directly
        x.mul(3.0).add(x.square()).sum().backward();
        assertArrayEquals(new double[] {4, 1}, x.grad().toDoubleArray());
        x.clearGrad();
        // a shared intermediate used by two branches: h·h + h with h = tanh x
        Variable h = x.tanh();
        h.mul(h).add(h).sum().backward();
        double[] xs = {0.5, -1};
        double[] expected = new double[2];
        for (int i = 0; i < 2; i++) {
            double t = Math.tanh(xs[i]);
            expected[i] = (2 * t + 1) * (1 - t * t);
        }
        assertArrayEquals(expected, x.grad().toDoubleArray(), 1e-15);
        assertNull(h.grad(), "non-leaf gradients are not retained");
    }

    @Test
    void onlyLeavesRequiringGradGetGradients() {
        Variable x = param(1, 2);
        Variable c = Variable.of(Tensor.of(new double[] {5, 6}));
        x.mul(c).sum().backward();
        assertArrayEquals(new double[] {5, 6}, x.grad().toDoubleArray());
        assertNull(c.grad());
    }

    @Test
    void requiresGradChangedAfterForwardDoesNotChangeTheGraph() {
        Variable x = Variable.of(Tensor.of(new double[] {1, 2}));
        Variable w = param(3, 4);
        Variable y = x.mul(w).sum();
        x.requiresGrad(true);
        y.backward();
        assertArrayEquals(new double[] {1, 2}, w.grad().toDoubleArray());
        assertNull(x.grad(), "x was not part of the graph when it was recorded");
    }

    @Test
    void trainingStepsInsideMemoryScopesKeepParametersAndGradients() {
        Variable w = param(1, 2);
        for (int i = 0; i < 3; i++) {
            try (MemoryScope s = Memory.scope()) {
                Variable loss = w.mul(w).sum();
                loss.backward();
                try (var g = GradMode.noGrad()) {
                    w.sub_(w.grad().mul(0.25));
                    w.zeroGrad();
                }
            }
        }
        assertArrayEquals(new double[] {0.125, 0.25}, w.data().toDoubleArray());
        assertArrayEquals(new double[] {0, 0}, w.grad().toDoubleArray());
    }

    @Test
    void toStringShowsRequiresGradAndGradFn() {
        Variable x = param(1, 2);
        assertTrue(x.toString().endsWith(", requires_grad=True)"), x.toString());
        assertTrue(x.toString().startsWith("tensor([1., 2.]"), x.toString());
        Variable w = param(3, 4);
        assertTrue(x.mul(w).toString().endsWith(", grad_fn=<MulBackward>)"), x.mul(w).toString());
        assertTrue(x.mul(2.0).toString().contains("grad_fn=<MulBackward>"));
        assertTrue(x.add(w).toString().contains("grad_fn=<AddBackward>"));
        assertTrue(x.exp().toString().contains("grad_fn=<ExpBackward>"));
        assertTrue(x.max().toString().contains("grad_fn=<MaxBackward>"));
        Variable plain = Variable.of(Tensor.of(new double[] {1, 2}));
        assertFalse(plain.toString().contains("grad"), plain.toString());
        assertEquals(Tensor.of(new double[] {1, 2}).toString(), plain.toString());
        try (var g = GradMode.noGrad()) {
            assertFalse(x.mul(w).toString().contains("grad_fn"));
        }
    }
}
