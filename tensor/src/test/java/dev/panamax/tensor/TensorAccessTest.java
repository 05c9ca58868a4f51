package dev.panamax.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading values out of tensors: item, the array conversions and allClose. */
class TensorAccessTest {

    @Test
    void itemReadsTheOnlyElement() {
        assertEquals(2.5, Tensor.scalar(2.5).item());
        assertEquals(7, Tensor.of(new long[] {7}, 1, 1).item());
        assertEquals(9007199254740993.0, Tensor.of(new long[] {9007199254740993L}).item(), "int64 read as a long first");
        assertEquals(1, Tensor.of(new boolean[] {true}).item());
        assertEquals(5, Tensor.arange(0, 10, 1, DType.FLOAT64).reshape(2, 5).select(1, 0).select(0, 1).item());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).item());
        assertTrue(e.getMessage().contains("item") && e.getMessage().contains("[2, 3]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(0).item());
    }

    @Test
    void arraysFollowRowMajorOrderOfTheView() {
        Tensor t = Tensor.arange(0, 6, 1, DType.FLOAT64).reshape(2, 3).t();
        assertArrayEquals(new double[] {0, 3, 1, 4, 2, 5}, t.toDoubleArray());
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, t.toFloatArray());
        assertArrayEquals(new long[] {0, 3, 1, 4, 2, 5}, t.toLongArray());
        assertArrayEquals(new long[] {-2, 2}, Tensor.of(new double[] {-2.7, 2.7}).toLongArray(), "truncation toward zero");
        assertArrayEquals(new float[] {0.1f}, Tensor.of(new double[] {0.1}).toFloatArray());
        assertArrayEquals(new long[] {1, 0}, Tensor.of(new boolean[] {true, false}).toLongArray());
        assertEquals(0, Tensor.zeros(3, 0).toDoubleArray().length);
    }

    @Test
    void allCloseComparesShapesAndValues() {
        Tensor a = Tensor.of(new double[] {1, 2, Double.POSITIVE_INFINITY});
        assertTrue(a.allClose(Tensor.of(new double[] {1 + 1e-9, 2, Double.POSITIVE_INFINITY})));
        assertFalse(a.allClose(Tensor.of(new double[] {1.001, 2, Double.POSITIVE_INFINITY})));
        assertTrue(a.allClose(Tensor.of(new double[] {1.001, 2, Double.POSITIVE_INFINITY}), 1e-2, 0));
        assertFalse(a.allClose(a.reshape(1, 3)), "shapes must match");
        assertFalse(Tensor.of(new double[] {Double.NaN}).allClose(Tensor.of(new double[] {Double.NaN})), "NaN is never close");
        assertFalse(a.allClose(Tensor.of(new double[] {1, 2, Double.NEGATIVE_INFINITY})), "inf vs -inf");
        assertFalse(Tensor.of(new double[] {1}).allClose(Tensor.of(new double[] {Double.POSITIVE_INFINITY})), "1 vs inf");
        assertTrue(Tensor.of(new float[] {1, 2}).allClose(Tensor.of(new double[] {1, 2})), "dtypes may differ");
        assertTrue(Tensor.zeros(1).allClose(Tensor.of(new double[] {1e-9})), "atol 1e-8 by default");
    }
}
