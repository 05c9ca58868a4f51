package dev.panamax.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Leaves, flags and the argument checks of {@link Variable}'s ops. */
class VariableTest {

    private static Variable param(int... shape) {
        return Variable.parameter(Tensor.randn(DType.FLOAT64, shape));
    }

    @Test
    void leavesAndTheirFlags() {
        Variable x = Variable.of(Tensor.ones(DType.FLOAT64, 2));
        assertTrue(x.isLeaf());
        assertFalse(x.requiresGrad());
        assertSame(x, x.requiresGrad(true));
        assertTrue(x.requiresGrad());
        Variable y = x.exp();
        assertFalse(y.isLeaf());
        assertEquals("ExpBackward", y.gradFn().name());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.requiresGrad(false));
        assertTrue(e.getMessage().contains("detach"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Variable.parameter(Tensor.arange(3)));
        assertThrows(IllegalArgumentException.class, () -> Variable.of(Tensor.arange(3)).requiresGrad(true));
        assertFalse(Variable.of(Tensor.arange(3)).requiresGrad(false).requiresGrad());
    }

    @Test
    void propertiesForwardToTheData() {
        Variable x = param(2, 3);
        assertArrayEquals(new int[] {2, 3}, x.shape());
        assertEquals(2, x.dim());
        assertEquals(3, x.size(-1));
        assertEquals(6, x.numel());
        assertEquals(DType.FLOAT64, x.dtype());
        assertEquals(x.data().device(), x.device());
        assertEquals(7.5, Variable.of(Tensor.scalar(7.5, DType.FLOAT64)).item());
    }

    @Test
    void setGradChecksTheShape() {
        Variable x = param(2, 3);
        assertThrows(IllegalArgumentException.class, () -> x.setGrad(Tensor.zeros(DType.FLOAT64, 3)));
        Tensor g = Tensor.ones(DType.FLOAT64, 2, 3);
        x.setGrad(g);
        assertSame(g, x.grad());
        x.mul(2.0).sum().backward();
        assertArrayEquals(new double[] {3, 3, 3, 3, 3, 3}, x.grad().toDoubleArray());
        x.setGrad(null);
        assertNull(x.grad());
    }

    @Test
    void float32LeavesGetFloat32Gradients() {
        Variable x = Variable.parameter(Tensor.ones(DType.FLOAT32, 2));
        x.mul(Variable.of(Tensor.of(new double[] {2, 3}))).sum().backward();
        assertEquals(DType.FLOAT32, x.grad().dtype());
        assertArrayEquals(new double[] {2, 3}, x.grad().toDoubleArray());
    }

    @Test
    void gradientsOfNonContiguousResultsAreDense() {
        Variable x = param(3, 4);
        x.t().backward(Tensor.ones(DType.FLOAT64, 4, 3));
        assertTrue(x.grad().isContiguous());
        assertArrayEquals(new int[] {3, 4}, x.grad().shape());
    }

    @Test
    void movementOpsAreViewsOfTheData() {
        Variable x = param(2, 3, 4);
        assertTrue(x.transpose(0, 2).data().sharesStorageWith(x.data()));
        assertTrue(x.narrow(1, 1, 2).data().sharesStorageWith(x.data()));
        assertTrue(x.select(0, 1).data().sharesStorageWith(x.data()));
        assertTrue(x.view(6, 4).data().sharesStorageWith(x.data()));
        assertTrue(x.narrow(0, 0, 1).expand(5, 3, 4).data().sharesStorageWith(x.data()));
    }

    @Test
    void movementOpsCheckTheirArguments() {
        Variable x = param(2, 3, 4);
        assertThrows(IllegalArgumentException.class, () -> x.transpose(0, 1).view(-1), "view needs compatible strides");
        assertThrows(IndexOutOfBoundsException.class, () -> x.transpose(0, 3));
        assertThrows(IllegalArgumentException.class, x::t);
        assertThrows(IndexOutOfBoundsException.class, () -> x.narrow(1, 2, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> x.select(0, 2));
        assertThrows(IllegalArgumentException.class, () -> x.reshape(5, -1));
        assertThrows(IllegalArgumentException.class, () -> x.expand(3, 3, 4));
        assertArrayEquals(new int[] {2, 0, 4}, x.slice(1, 5, 9).shape(), "slices clip like Python's");
    }

    @Test
    void zeroDimensionalVariables() {
        Variable s = Variable.parameter(Tensor.scalar(2, DType.FLOAT64));
        assertSame(s, s.t());
        assertSame(s, s.transpose(0, 0));
        assertArrayEquals(new int[] {1}, s.flatten().shape());
        assertArrayEquals(new int[] {1}, s.flatten(0, -1).shape());
        assertArrayEquals(new int[0], s.squeeze(0).shape());
        Variable y = s.flatten().mul(s).squeeze(0).mean();
        y.backward();
        assertEquals(4, s.grad().item());
    }

    @Test
    void matmulAndMmCheckTheirOperands() {
        Variable s = Variable.parameter(Tensor.scalar(2, DType.FLOAT64));
        Variable v = param(3);
        Variable m = param(3, 3);
        assertThrows(IllegalArgumentException.class, () -> s.matmul(v));
        assertThrows(IllegalArgumentException.class, () -> v.matmul(s));
        assertThrows(IllegalArgumentException.class, () -> v.mm(m));
        assertThrows(IllegalArgumentException.class, () -> m.mm(v));
        assertThrows(IllegalArgumentException.class, () -> m.matmul(param(4)));
    }

    @Test
    void meanOfNothingIsNanLikeTheTensorMean() {
        Variable e = Variable.parameter(Tensor.zeros(DType.FLOAT64, 0));
        assertTrue(Double.isNaN(e.mean().item()));
        assertTrue(Double.isNaN(Tensor.zeros(DType.FLOAT64, 0).mean().item()));
    }

    @Test
    void extremesAlongADimReturnIndices() {
        Variable x = Variable.parameter(Tensor.of(new double[] {1, 5, 2, 7, 0, 3}, 2, 3));
        Variable.Extremes mx = x.max(1, false);
        Variable.Extremes mn = x.min(0, true);
        assertArrayEquals(new double[] {5, 7}, mx.values().data().toDoubleArray());
        assertArrayEquals(new long[] {1, 0}, mx.indices().toLongArray());
        assertEquals(DType.INT64, mx.indices().dtype());
        assertArrayEquals(new int[] {1, 3}, mn.values().shape());
        assertArrayEquals(new long[] {0, 1, 0}, mn.indices().toLongArray());
        assertEquals("MaxBackward", mx.values().gradFn().name());
        assertEquals("MinBackward", mn.values().gradFn().name());
    }

    @Test
    void softmaxRowsSumToOneAndAreStableForLargeInputs() {
        Variable x = Variable.parameter(Tensor.of(new double[] {1000, 1001, 1002, -5, 0, 5}, 2, 3));
        double[] p = x.softmax(1).data().toDoubleArray();
        assertEquals(1, p[0] + p[1] + p[2], 1e-15);
        assertEquals(1, p[3] + p[4] + p[5], 1e-15);
        double[] lp = x.logSoftmax(1).data().toDoubleArray();
        for (int i = 0; i < 6; i++) {
            assertEquals(Math.log(p[i]), lp[i], 1e-12);
        }
        x.logSoftmax(1).select(1, 2).sum().backward();
        assertTrue(Double.isFinite(x.grad().sum().item()));
    }
}
