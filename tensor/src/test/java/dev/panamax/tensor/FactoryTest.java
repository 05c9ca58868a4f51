package dev.panamax.tensor;

import dev.panamax.tensor.testing.DevicesUnderTest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Creation: shapes, dtypes and values of the factories (generators' streams are tested with Generator). */
class FactoryTest {

    private static void check(Tensor t, DType dtype, int[] shape, double... values) {
        assertEquals(dtype, t.dtype());
        assertArrayEquals(shape, t.shape());
        assertTrue(t.isContiguous());
        assertEquals(Device.CPU, t.device());
        if (values.length > 0) {
            assertArrayEquals(values, t.toDoubleArray());
        }
    }

    @Test
    void constantFactories() {
        check(Tensor.zeros(2, 3), DType.FLOAT32, new int[] {2, 3}, 0, 0, 0, 0, 0, 0);
        check(Tensor.zeros(DType.INT64, 2), DType.INT64, new int[] {2}, 0, 0);
        check(Tensor.ones(3), DType.FLOAT32, new int[] {3}, 1, 1, 1);
        check(Tensor.ones(DType.BOOL, 1, 2), DType.BOOL, new int[] {1, 2}, 1, 1);
        check(Tensor.full(2.5, DType.FLOAT64, 2), DType.FLOAT64, new int[] {2}, 2.5, 2.5);
        check(Tensor.full(2.7, DType.INT64, 1), DType.INT64, new int[] {1}, 2);
        check(Tensor.scalar(4), DType.FLOAT32, new int[0], 4);
        check(Tensor.scalar(-0.5, DType.FLOAT64), DType.FLOAT64, new int[0], -0.5);
        check(Tensor.zeros(DType.FLOAT64, 0, 4), DType.FLOAT64, new int[] {0, 4});
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, -1));
    }

    @Test
    void factoriesOnADevice() {
        for (Device d : DevicesUnderTest.available()) {
            Tensor f = Tensor.full(1.5, DType.FLOAT64, d, 2, 2);
            assertEquals(d, f.device());
            assertArrayEquals(new double[] {1.5, 1.5, 1.5, 1.5}, f.toDoubleArray());
            Tensor z = Tensor.zeros(DType.INT64, d, 3);
            assertEquals(d, z.device());
            assertArrayEquals(new long[] {0, 0, 0}, z.toLongArray());
            Tensor o = Tensor.ones(DType.FLOAT32, d, 2);
            assertEquals(d, o.device());
            assertArrayEquals(new double[] {1, 1}, o.toDoubleArray());
            // Random factories for a device give the host's numbers for the same generator state.
            Generator g1 = Generator.numpy(21);
            Generator g2 = Generator.numpy(21);
            Tensor r = Tensor.randn(g2, DType.FLOAT32, d, 2, 3);
            assertEquals(d, r.device());
            assertArrayEquals(Tensor.randn(g1, DType.FLOAT32, 2, 3).toDoubleArray(), r.toDoubleArray());
            assertArrayEquals(Tensor.rand(g1, DType.FLOAT64, 4).toDoubleArray(),
                    Tensor.rand(g2, DType.FLOAT64, d, 4).toDoubleArray());
            assertArrayEquals(Tensor.randint(g1, -3, 3, 5).toLongArray(), Tensor.randint(g2, -3, 3, d, 5).toLongArray());
        }
        for (Device d : DevicesUnderTest.skipped().keySet()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Tensor.zeros(DType.FLOAT32, d, 2));
            assertTrue(e.getMessage().contains(d.toString()), e.getMessage());
        }
    }

    @Test
    void fromJavaArrays() {
        check(Tensor.of(new double[] {1, 2, 3, 4}, 2, 2), DType.FLOAT64, new int[] {2, 2}, 1, 2, 3, 4);
        check(Tensor.of(new double[] {1, 2}), DType.FLOAT64, new int[] {2}, 1, 2);
        check(Tensor.of(new float[] {0.5f}), DType.FLOAT32, new int[] {1}, 0.5);
        check(Tensor.of(new long[] {1L << 40}), DType.INT64, new int[] {1}, 1L << 40);
        check(Tensor.of(new boolean[] {true, false}), DType.BOOL, new int[] {2}, 1, 0);
        check(Tensor.of(new double[][] {{1, 2}, {3, 4}}), DType.FLOAT64, new int[] {2, 2}, 1, 2, 3, 4);
        check(Tensor.of(new float[][] {{1}, {2}}), DType.FLOAT32, new int[] {2, 1}, 1, 2);
        check(Tensor.ofNested(new long[][][] {{{1, 2}}, {{3, 4}}}, DType.INT64), DType.INT64, new int[] {2, 1, 2}, 1, 2, 3, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(new double[] {1, 2, 3}, 2, 2));
        assertTrue(e.getMessage().contains("[2, 2]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new double[][] {{1, 2}, {3}}));
        double[] src = {1, 2};
        Tensor copy = Tensor.of(src);
        src[0] = 9;
        assertEquals(1, copy.toDoubleArray()[0], "the data is copied");
    }

    @Test
    void rangesAndIdentity() {
        check(Tensor.arange(4), DType.INT64, new int[] {4}, 0, 1, 2, 3);
        check(Tensor.arange(1, 2, 0.25, DType.FLOAT64), DType.FLOAT64, new int[] {4}, 1, 1.25, 1.5, 1.75);
        check(Tensor.arange(3, 0, -1, DType.INT64), DType.INT64, new int[] {3}, 3, 2, 1);
        check(Tensor.arange(0, 0, 1, DType.FLOAT32), DType.FLOAT32, new int[] {0});
        assertThrows(IllegalArgumentException.class, () -> Tensor.arange(0, 1, 0, DType.FLOAT32));
        check(Tensor.linspace(0, 1, 5, DType.FLOAT64), DType.FLOAT64, new int[] {5}, 0, 0.25, 0.5, 0.75, 1);
        check(Tensor.linspace(2, 2, 1, DType.FLOAT32), DType.FLOAT32, new int[] {1}, 2);
        check(Tensor.linspace(0, 1, 0, DType.FLOAT32), DType.FLOAT32, new int[] {0});
        assertThrows(IllegalArgumentException.class, () -> Tensor.linspace(0, 1, -1, DType.FLOAT32));
        check(Tensor.eye(2, DType.INT64), DType.INT64, new int[] {2, 2}, 1, 0, 0, 1);
    }

    @Test
    void likeFactoriesCopyShapeDtypeAndDevice() {
        Tensor base = Tensor.arange(0, 6, 1, DType.FLOAT64).reshape(2, 3).t();
        check(Tensor.zerosLike(base), DType.FLOAT64, new int[] {3, 2}, 0, 0, 0, 0, 0, 0);
        check(Tensor.onesLike(Tensor.zeros(DType.INT64, 2)), DType.INT64, new int[] {2}, 1, 1);
        check(Tensor.fullLike(-1, Tensor.zeros(DType.FLOAT32)), DType.FLOAT32, new int[0], -1);
        assertFalse(Tensor.zerosLike(base).sharesStorageWith(base));
    }

    @Test
    void storageIdsNameStoragesInCreationOrder() {
        long before = Tensor.lastStorageId();
        Tensor a = Tensor.zeros(DType.FLOAT32, 2, 3);
        Tensor b = a.clone();
        assertTrue(a.storageId() > before && b.storageId() > a.storageId());
        assertEquals(b.storageId(), Tensor.lastStorageId());
        assertEquals(a.storageId(), a.t().storageId(), "views share the id");
        assertTrue(a.coversStorage());
        assertTrue(a.reshape(6).coversStorage());
        assertFalse(a.t().coversStorage(), "transposed");
        assertFalse(a.slice(0, 0, 1).coversStorage(), "only a part");
        assertFalse(a.slice(0, 1, 2).coversStorage(), "offset");
        assertFalse(Tensor.zeros(DType.FLOAT32, 1).expand(4).coversStorage(), "broadcast");
    }

    @Test
    void randomFactoriesAreDeterministicPerGenerator() {
        Tensor u1 = Tensor.rand(Generator.philox(5), DType.FLOAT64, 3, 4);
        Tensor u2 = Tensor.rand(Generator.philox(5), DType.FLOAT64, 3, 4);
        check(u1, DType.FLOAT64, new int[] {3, 4});
        assertArrayEquals(u1.toDoubleArray(), u2.toDoubleArray());
        assertTrue(Arrays.stream(u1.toDoubleArray()).allMatch(v -> v >= 0 && v < 1));
        Tensor n = Tensor.randn(Generator.numpy(1), DType.FLOAT32, 1000);
        check(n, DType.FLOAT32, new int[] {1000});
        assertEquals(0, n.mean().item(), 0.15);
        Tensor k = Tensor.randint(Generator.philox(2), -3, 3, 500);
        check(k, DType.INT64, new int[] {500});
        assertTrue(Arrays.stream(k.toLongArray()).allMatch(v -> v >= -3 && v < 3));
        assertEquals(6, Arrays.stream(k.toLongArray()).distinct().count());
        assertThrows(IllegalArgumentException.class, () -> Tensor.randint(1, 1, 2));
        Generator.manualSeed(11);
        double[] a = Tensor.rand(DType.FLOAT64, 4).toDoubleArray();
        double[] b = Tensor.randn(DType.FLOAT32, 2).toDoubleArray();
        long[] c = Tensor.randint(0, 10, 3).toLongArray();
        Generator.manualSeed(11);
        assertArrayEquals(a, Tensor.rand(DType.FLOAT64, 4).toDoubleArray());
        assertArrayEquals(b, Tensor.randn(DType.FLOAT32, 2).toDoubleArray());
        assertArrayEquals(c, Tensor.randint(0, 10, 3).toLongArray());
    }
}
