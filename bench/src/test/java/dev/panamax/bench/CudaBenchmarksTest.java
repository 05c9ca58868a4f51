package dev.panamax.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.panamax.bindings.CudaRuntime;
import dev.panamax.bindings.cudart.cudart_h;
import dev.panamax.samples.CubicAutograd;
import dev.panamax.samples.CubicTensor;
import dev.panamax.samples.TwoLayerAutograd;
import dev.panamax.samples.TwoLayerNumpy;
import dev.panamax.tensor.DType;
import dev.panamax.tensor.Device;
import dev.panamax.tensor.Memory;
import dev.panamax.tensor.MemoryScope;
import dev.panamax.tensor.Tensor;
import dev.panamax.tensor.testing.DevicesUnderTest;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CUDA benchmarks' methods compute what they claim: each runs once on {@code cuda:0} (cuda-sim in
 * the build, so nothing here is a timing) and its result is compared with the CPU backend's.
 */
class CudaBenchmarksTest {

    @BeforeAll
    static void cudaRuns() {
        boolean runs = DevicesUnderTest.available().contains(CudaSetup.DEVICE);
        String why = "cuda:0 unavailable: " + DevicesUnderTest.skipped().get(CudaSetup.DEVICE);
        if (!runs && DevicesUnderTest.required().contains(CudaSetup.DEVICE)) {
            fail(why + " (required by panamax.test.requireDevices)");
        }
        assumeTrue(runs, why);
    }

    private static void close(Tensor expected, Tensor actual, double rtol, String what) {
        assertEquals(CudaSetup.DEVICE, actual.device(), what);
        assertArrayEquals(expected.shape(), actual.shape(), what);
        double[] e = expected.toDoubleArray();
        double[] a = actual.to(Device.CPU).toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            assertTrue(Math.abs(a[i] - e[i]) <= rtol * (1 + Math.abs(e[i])),
                    what + ": [" + i + "] expected " + e[i] + " got " + a[i]);
        }
    }

    @Test
    void gemmThroughTheTensorAndThroughBareCublasIsTheProduct() {
        CudaGemm g = new CudaGemm();
        g.n = 64;
        g.setup();
        try (MemoryScope s = Memory.scope()) {
            Tensor a = Tensor.of(Workloads.uniform(1, 64 * 64), 64, 64);
            Tensor b = Tensor.of(Workloads.uniform(2, 64 * 64), 64, 64);
            Tensor expected = a.to(DType.FLOAT64).mm(b.to(DType.FLOAT64));
            g.sgemm();
            close(expected, g.product().to(DType.FLOAT64), 1e-5, "Tensor.mm");
            MemorySegment c = g.cublasSgemm();
            float[] out = new float[64 * 64];
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment host = arena.allocate(ValueLayout.JAVA_FLOAT, out.length);
                CudaRuntime.get().memcpy(host, c, (long) out.length * Float.BYTES, cudart_h.cudaMemcpyDeviceToHost());
                MemorySegment.copy(host, ValueLayout.JAVA_FLOAT, 0, out, 0, out.length);
            }
            close(expected, Tensor.of(out, 64, 64).to(CudaSetup.DEVICE), 1e-5, "cublasSgemm (row-major C)");
        } finally {
            g.tearDown();
        }
    }

    @Test
    void elementwiseResultsEqualTheCpus() {
        CudaElementwise w = new CudaElementwise();
        w.n = 1 << 16;
        w.setup();
        try (MemoryScope s = Memory.scope()) {
            Tensor x = Tensor.of(Workloads.uniform(1, w.n), w.n);
            Tensor y = Tensor.of(Workloads.uniform(2, w.n), w.n);
            w.copy();
            w.add();
            w.mul();
            w.sigmoid();
            w.chain();
            close(x, w.copyResult(), 0, "copy");
            close(x.add(y), w.addResult(), 0, "add");
            close(x.mul(y), w.mulResult(), 0, "mul");
            close(x.sigmoid(), w.sigmoidResult(), 1e-6, "sigmoid");
            Tensor chain = x.mul(Workloads.CHAIN_B).add(Workloads.CHAIN_A).add(x.pow(2).mul(Workloads.CHAIN_C))
                    .add(x.pow(3).mul(Workloads.CHAIN_D));
            close(chain, w.chainResult(), 1e-6, "chain");
            w.memcpy();
        } finally {
            w.tearDown();
        }
    }

    @Test
    void overheadLoopsAddWhatTheySay() {
        CudaOverhead o = new CudaOverhead();
        o.setup();
        o.addOutOfPlace();
        o.addAndWait();
        Tensor a = o.addInPlace();
        float[] expected = {1, 2, 3};
        float[] b = {1e-3f, 2e-3f, 3e-3f};
        for (int i = 0; i < CudaOverhead.OPS; i++) {
            for (int j = 0; j < 3; j++) {
                expected[j] += b[j];
            }
        }
        close(Tensor.of(expected, 3), a, 0, "addInPlace");
    }

    @Test
    void trainingLoopsOnTheGpuFollowTheCpus() {
        CudaLoops loops = new CudaLoops();
        loops.setup();
        CubicTensor.Result gpu = (CubicTensor.Result) loops.cubic();
        CubicTensor.Result cpu = CubicAutograd.compute(Workloads.CUBIC_SEED, Workloads.CUBIC_ITERATIONS,
                Workloads.CUBIC_LR, DType.FLOAT32, Device.CPU);
        assertLossesClose(cpu.losses(), gpu.losses(), "cubic");
        TwoLayerNumpy.Result gpu2 = (TwoLayerNumpy.Result) loops.twoLayer();
        TwoLayerNumpy.Result cpu2 = TwoLayerAutograd.compute(Workloads.TWO_LAYER_SEED,
                Workloads.TWO_LAYER_ITERATIONS, Workloads.TWO_LAYER_LR, DType.FLOAT32, Device.CPU);
        assertLossesClose(cpu2.losses(), gpu2.losses(), "two-layer");
        loops.quadratic();
    }

    private static void assertLossesClose(double[] cpu, double[] gpu, String what) {
        assertEquals(cpu.length, gpu.length, what);
        for (int i = 0; i < cpu.length; i++) {
            assertTrue(Math.abs(cpu[i] - gpu[i]) <= 1e-3 * Math.abs(cpu[i]) + 1e-3,
                    what + " loss " + i + ": cpu " + cpu[i] + " gpu " + gpu[i]);
        }
    }
}
