package dev.panamax.tensor.cuda;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.Device;
import dev.panamax.tensor.Generator;
import dev.panamax.tensor.Memory;
import dev.panamax.tensor.MemoryScope;
import dev.panamax.tensor.MemoryStats;
import dev.panamax.tensor.Tensor;
import dev.panamax.tensor.backend.Availability;
import dev.panamax.tensor.backend.Backends;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CUDA backend on whatever CUDA this JVM finds (cuda-sim in the build, a GPU under the gpu
 * profile): transfers, memory, and results that agree with the CPU backend.
 */
class CudaBackendTest {

    static final Device CUDA = Device.cuda(0);

    @BeforeAll
    static void cudaIsAvailable() {
        Availability a = Backends.cudaAvailability();
        Skips.unless(a.available(), "CUDA unavailable: " + a.reason()
                + " (the build points panamax.cuda.lib.* at bindings/target/cuda-sim/libcudasim.so)");
        System.out.println("CudaBackendTest runs on " + Backends.describe(CUDA));
    }

    static void agree(Function<Tensor[], Tensor> f, Tensor... inputs) {
        Tensor expected = f.apply(inputs);
        Tensor[] moved = Stream.of(inputs).map(t -> t.to(CUDA)).toArray(Tensor[]::new);
        Tensor actual = f.apply(moved);
        assertEquals(CUDA, actual.device());
        assertSame(expected, actual.to(Device.CPU), Arrays.toString(Stream.of(inputs).map(Tensor::shape).toArray()));
    }

    static void assertSame(Tensor expected, Tensor actual, String ctx) {
        assertArrayEquals(expected.shape(), actual.shape(), ctx);
        assertEquals(expected.dtype(), actual.dtype(), ctx);
        if (!expected.dtype().isFloatingPoint()) {
            assertArrayEquals(expected.toLongArray(), actual.toLongArray(), ctx);
            return;
        }
        double rtol = expected.dtype() == DType.FLOAT32 ? 1e-5 : 1e-12;
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            boolean ok = Double.isNaN(e[i]) ? Double.isNaN(a[i])
                    : Double.isInfinite(e[i]) ? a[i] == e[i] : Math.abs(a[i] - e[i]) <= rtol * (1 + Math.abs(e[i]));
            assertTrue(ok, ctx + ": [" + i + "] expected " + e[i] + " got " + a[i]);
        }
    }

    @Test
    void synchronizeWaitsForQueuedWorkAndNamesAMissingDevice() {
        try (var scope = dev.panamax.tensor.Memory.scope()) {
            Tensor x = Tensor.of(new float[] {1, 2, 3}, 3).to(CUDA);
            Tensor y = x.add(x).mul(x);
            CUDA.synchronize();
            assertArrayEquals(new double[] {2, 8, 18}, y.toDoubleArray());
        }
        Device.CPU.synchronize();
        Device missing = Device.cuda(63);
        IllegalStateException e = assertThrows(IllegalStateException.class, missing::synchronize);
        assertTrue(e.getMessage().contains("cuda:63") || e.getMessage().contains("63"), e.getMessage());
    }

    @Test
    void everyDtypeRoundTripsExactly() {
        double[] d = {0.0, -0.0, 1.5, Double.NaN, Double.POSITIVE_INFINITY, Double.MIN_VALUE, -1e300, 0.1};
        long[] l = {Long.MIN_VALUE, Long.MAX_VALUE, (1L << 53) + 1, -1, 0, 42};
        boolean[] b = {true, false, true, true};
        Tensor f64 = Tensor.of(d);
        Tensor f32 = f64.to(DType.FLOAT32);
        Tensor i64 = Tensor.of(l);
        Tensor b8 = Tensor.of(b);
        for (Tensor t : new Tensor[] {f64, f32, i64, b8}) {
            Tensor back = t.to(CUDA).to(Device.CPU);
            assertEquals(t.dtype(), back.dtype());
            assertArrayEquals(t.toLongArray(), back.toLongArray(), t.dtype().pyName());
            double[] x = t.toDoubleArray();
            double[] y = back.toDoubleArray();
            for (int i = 0; i < x.length; i++) {
                assertEquals(Double.doubleToRawLongBits(x[i]), Double.doubleToRawLongBits(y[i]), t.dtype() + " [" + i + "]");
            }
        }
        assertArrayEquals(l, i64.to(CUDA).toLongArray(), "int64 read directly from the device");
        Tensor big = Tensor.arange(3_000_000).to(CUDA);
        assertEquals(2_999_999L * 3_000_000L / 2, big.sum().toLongArray()[0], "a transfer of several staging chunks");
    }

    @Test
    void transfersOfViewsCopyExactlyTheViewedElements() {
        // Large (native) and small (heap-backed) CPU storage, views with an offset, and strided device views.
        for (int n : new int[] {5, 3000}) {
            Tensor base = Tensor.arange(0, 4.0 * n, 1, DType.FLOAT64).reshape(4, n);
            for (DType t : DType.values()) {
                Tensor x = base.to(t);
                Tensor narrowed = x.narrow(0, 1, 2);
                assertArrayEquals(narrowed.toLongArray(), narrowed.to(CUDA).to(Device.CPU).toLongArray(), t + " narrowed");
                Tensor transposed = x.t();
                Tensor there = transposed.to(CUDA);
                assertArrayEquals(transposed.shape(), there.shape());
                assertArrayEquals(transposed.toLongArray(), there.to(Device.CPU).toLongArray(), t + " transposed");
                Tensor onDevice = x.to(CUDA);
                Tensor view = onDevice.t().narrow(0, 1, 3);
                assertArrayEquals(x.t().narrow(0, 1, 3).toLongArray(), view.to(Device.CPU).toLongArray(),
                        t + " strided device view");
                assertEquals(Device.CPU, view.to(Device.CPU).device());
            }
        }
        Tensor empty = Tensor.zeros(DType.FLOAT32, 0, 3);
        assertArrayEquals(new int[] {0, 3}, empty.to(CUDA).to(Device.CPU).shape());
    }

    @Test
    void randomTensorsEqualTheCpus() {
        Tensor cpu = Tensor.randn(Generator.philox(5), DType.FLOAT32, 7, 9);
        Tensor gpu = Tensor.randn(Generator.philox(5), DType.FLOAT32, 7, 9).to(CUDA);
        assertArrayEquals(cpu.toDoubleArray(), gpu.toDoubleArray());
        assertArrayEquals(Tensor.randint(Generator.numpy(3), -5, 5, 40).toLongArray(),
                Tensor.randint(Generator.numpy(3), -5, 5, 40).to(CUDA).toLongArray());
        // Made directly for the device: the host's numbers, the generator advanced the same way.
        Generator onHost = Generator.numpy(8);
        Generator onDevice = Generator.numpy(8);
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor h = Tensor.randn(onHost, t, 3, 5);
            Tensor d = Tensor.randn(onDevice, t, CUDA, 3, 5);
            assertEquals(CUDA, d.device());
            assertArrayEquals(h.toDoubleArray(), d.toDoubleArray());
            assertArrayEquals(Tensor.rand(onHost, t, 6).toDoubleArray(),
                    Tensor.rand(onDevice, t, CUDA, 6).toDoubleArray());
        }
        assertArrayEquals(Tensor.randint(onHost, 0, 100, 9).toLongArray(),
                Tensor.randint(onDevice, 0, 100, CUDA, 9).toLongArray());
        assertArrayEquals(Tensor.ones(DType.FLOAT64, 2, 2).toDoubleArray(),
                Tensor.ones(DType.FLOAT64, CUDA, 2, 2).toDoubleArray());
    }

    @Test
    void mixingDevicesNamesBoth() {
        Tensor a = Tensor.ones(3);
        Tensor b = Tensor.ones(3).to(CUDA);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.add(b));
        assertTrue(e.getMessage().contains("cpu") && e.getMessage().contains("cuda:0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> b.matmul(a));
        assertTrue(e.getMessage().contains("cpu") && e.getMessage().contains("cuda:0"), e.getMessage());
    }

    @Test
    void useAfterReleaseIsAnExceptionNotACrash() {
        Tensor t = Tensor.ones(1000).to(CUDA);
        CudaStorage s;
        try (MemoryScope scope = Memory.scope()) {
            Tensor u = t.add(1);
            s = (CudaStorage) Backends.of(CUDA).allocate(DType.FLOAT32, 10);
            assertEquals(2.0, u.toDoubleArray()[999]);
            t.close();
            assertThrows(IllegalStateException.class, () -> t.add(1));
            assertThrows(IllegalStateException.class, t::toDoubleArray);
        }
        assertTrue(s.isReleased());
        IllegalStateException e = assertThrows(IllegalStateException.class, s::address);
        assertTrue(e.getMessage().contains("cuda:0"), e.getMessage());
    }

    @Test
    void theAllocatorReusesBlocksAndEmptiesItsCache() {
        Tensor.ones(1).to(CUDA);
        Memory.emptyCudaCache();
        MemoryStats before = Memory.cudaStats(CUDA);
        for (int i = 0; i < 20; i++) {
            try (MemoryScope s = Memory.scope()) {
                Tensor.zeros(DType.FLOAT32, CUDA, 1000, 100).add(1).sum();
            }
        }
        MemoryStats after = Memory.cudaStats(CUDA);
        assertTrue(after.poolHits() - before.poolHits() >= 40, "pool hits " + before + " -> " + after);
        assertTrue(after.osAllocations() - before.osAllocations() <= 6, "mallocs " + before + " -> " + after);
        assertTrue(after.cachedBytes() >= 400_000, after.toString());
        Memory.emptyCudaCache();
        assertEquals(0, Memory.cudaStats(CUDA).cachedBytes());
    }

    @Test
    void elementwiseOpsAgreeWithTheCpu() {
        Generator g = Generator.philox(11);
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor x = Tensor.randn(g, t, 4, 5);
            Tensor y = Tensor.randn(g, t, 5);
            Tensor col = Tensor.rand(g, t, 4, 1);
            agree(in -> in[0].add(in[1]).mul(in[2]).sub(in[0].div(in[1])), x, y, col);
            agree(in -> in[0].t().maximum(in[1].t()).minimum(0.25).exp().add(1).log(), x, col);
            agree(in -> in[0].abs().pow(in[1].abs()).sqrt().sin().cos().tanh().sigmoid().relu().neg().square(), x, y);
            agree(in -> in[0].pow(2.0).rsub(1).rdiv(3).add(in[0].narrow(1, 1, 3).sum()), x);
            agree(in -> Tensor.where(in[0].gt(in[1]), in[0], in[1].expand(4, 5)), x, y);
            agree(in -> in[0].clone().maskedFill_(in[0].lt(0.1), -7), x);
            agree(in -> in[0].ge(in[1]).logicalOr(in[0].eq(0.5)).logicalNot(), x, y);
            agree(in -> in[0].to(DType.INT64).to(t).add(in[0].to(DType.BOOL).to(t)), x.mul(3));
        }
        Tensor i = Tensor.of(new long[] {-7, 3, 0, Long.MAX_VALUE, 5, -1}, 2, 3);
        agree(in -> in[0].mul(in[0]).add(in[0].abs()).sub(in[0].relu()).maximum(in[0].neg()), i);
        Tensor e = Tensor.of(new long[] {2, 0, 3});
        agree(in -> in[0].pow(in[1]).add(in[0].pow(3)), i, e);
        agree(in -> in[0].div(2).add(in[0].lt(in[1])), i, e);
        double[] special = {Double.NaN, 0.0, -0.0, 1.0, -1.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 2.5};
        double[] reversed = new double[special.length];
        for (int k = 0; k < special.length; k++) {
            reversed[k] = special[special.length - 1 - k];
        }
        Tensor s = Tensor.of(special);
        Tensor r = Tensor.of(reversed);
        agree(in -> in[0].maximum(in[1]).add(in[0].minimum(0.0)).add(in[0].relu()), s, r);
        agree(in -> in[0].pow(in[1]).add(in[1].pow(in[0])), s, r);
        agree(in -> in[0].to(DType.INT64), s);
    }

    @Test
    void reductionsAgreeWithTheCpuIncludingNanAndTies() {
        Generator g = Generator.philox(3);
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor x = Tensor.randn(g, t, 6, 300);
            agree(in -> in[0].sum(1, false).add(in[0].sum(0, true).sum()), x);
            agree(in -> in[0].max(1, false).values().add(in[0].min(0, false).values().sum()), x);
            agree(in -> in[0].max(1, true).indices().add(in[0].argmin(0, false).sum()), x);
            agree(in -> in[0].t().argmax(1, false), x);
            agree(in -> in[0].mean(new int[] {0, 1}, false), x);
            Tensor ties = Tensor.of(new double[] {1, 3, 3, Double.NaN, 2, Double.NaN, 3, 0}, 2, 4).to(t);
            agree(in -> in[0].argmax(1, false), ties);
            agree(in -> in[0].argmin(0, false), ties);
            agree(in -> in[0].max(1, false).values(), ties);
            Tensor longTies = Tensor.zeros(t, 2, 500).add(1);
            agree(in -> in[0].argmax(1, false).add(in[0].argmin(1, false)), longTies);
        }
        Tensor i = Tensor.randint(Generator.philox(1), -100, 100, 5, 200);
        agree(in -> in[0].sum(1, false).add(in[0].max(0, false).indices().sum()), i);
        agree(in -> in[0].min(1, false).values(), i);
        agree(in -> in[0].to(DType.BOOL).sum(), i);
        agree(in -> in[0].sum(0, false), Tensor.zeros(DType.FLOAT32, 0, 3));
    }

    @Test
    void matrixProductsAgreeWithTheCpuInEveryLayout() {
        Generator g = Generator.philox(17);
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor a = Tensor.randn(g, t, 5, 7);
            Tensor b = Tensor.randn(g, t, 7, 3);
            agree(in -> in[0].matmul(in[1]), a, b);
            agree(in -> in[1].t().matmul(in[0].t()), a, b);
            agree(in -> in[0].matmul(in[1].t().contiguous().t()), a, b);
            agree(in -> in[0].narrow(1, 1, 4).matmul(in[1].narrow(0, 2, 4)), a, b);
            agree(in -> in[0].expand(2, 5, 7).matmul(in[1]), a, b);
            agree(in -> in[0].unsqueeze(2).expand(5, 7, 3).sum(2, false).matmul(in[1]), a, b);
            Tensor batch = Tensor.randn(g, t, 4, 3, 5);
            agree(in -> in[0].matmul(in[1]).matmul(in[2]), batch, a, b);
            agree(in -> in[0].transpose(1, 2).matmul(in[0]), batch);
            agree(in -> in[0].select(0, 1).dot(in[1].select(1, 0)), a, b);
            agree(in -> in[0].select(0, 1).outer(in[1].select(1, 2)), a, b);
            agree(in -> in[0].narrow(1, 0, 0).matmul(in[1].narrow(0, 0, 0)), a, b);
        }
    }

    @Test
    void kernelsAreCachedOnDisk() throws Exception {
        Tensor.ones(4).to(CUDA).add(2).sum();
        Path folder = KernelDiskCache.configured().folder();
        Skips.unless(folder != null, "the kernel disk cache is disabled (panamax.cuda.kernelCache=off)");
        try (Stream<Path> files = Files.list(folder)) {
            assertTrue(files.anyMatch(f -> f.toString().endsWith(".cubin") || f.toString().endsWith(".ptx")),
                    "no kernel image in " + folder);
        }
    }
}
