package dev.panamax.bench;

import dev.panamax.bindings.Cublas;
import dev.panamax.bindings.CudaRuntime;
import dev.panamax.bindings.cudart.cudart_h;
import dev.panamax.tensor.Memory;
import dev.panamax.tensor.MemoryScope;
import dev.panamax.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * SGEMM on the GPU, C = A·B for square float32 matrices: through {@code Tensor.mm} on {@code cuda:0}
 * (the backend's cuBLAS call, its output from the caching allocator), and the bare
 * {@code cublasSgemm_v2} call through the bindings on buffers of its own. Each measured call waits
 * for the device, so the figure is the call's latency, host side included.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {PanamaxSetup.VECTOR, PanamaxSetup.NATIVE, PanamaxSetup.THREADS})
public class CudaGemm {

    @Param({"256", "512", "1024", "2048", "4096"})
    public int n;

    private Tensor a;
    private Tensor b;
    private CudaRuntime runtime;
    private Cublas cublas;
    private MemorySegment handle;
    private MemorySegment da;
    private MemorySegment db;
    private MemorySegment dc;

    @Setup
    public void setup() {
        CudaSetup.check();
        float[] x = Workloads.uniform(1, n * n);
        float[] y = Workloads.uniform(2, n * n);
        a = Tensor.of(x, n, n).to(CudaSetup.DEVICE);
        b = Tensor.of(y, n, n).to(CudaSetup.DEVICE);
        runtime = CudaRuntime.get();
        cublas = Cublas.get();
        runtime.setDevice(CudaSetup.DEVICE.index());
        long bytes = (long) n * n * Float.BYTES;
        da = upload(x, bytes);
        db = upload(y, bytes);
        dc = runtime.malloc(bytes);
        handle = cublas.create();
    }

    private MemorySegment upload(float[] values, long bytes) {
        MemorySegment d = runtime.malloc(bytes);
        try (Arena arena = Arena.ofConfined()) {
            runtime.memcpy(d, arena.allocateFrom(ValueLayout.JAVA_FLOAT, values), bytes,
                    cudart_h.cudaMemcpyHostToDevice());
        }
        return d;
    }

    @TearDown
    public void tearDown() {
        cublas.destroy(handle);
        runtime.free(da);
        runtime.free(db);
        runtime.free(dc);
    }

    @Benchmark
    public Tensor sgemm() {
        try (MemoryScope s = Memory.scope()) {
            Tensor c = product();
            CudaSetup.DEVICE.synchronize();
            return c;
        }
    }

    Tensor product() {
        return a.mm(b);
    }

    /** The same product as one bare {@code cublasSgemm_v2} call (column-major: Cᵀ = Bᵀ·Aᵀ). */
    @Benchmark
    public MemorySegment cublasSgemm() {
        cublasCall();
        runtime.deviceSynchronize();
        return dc;
    }

    /** Queues the bare cuBLAS call on the handle's stream (the default stream) without waiting. */
    void cublasCall() {
        cublas.sgemm(handle, 0, 0, n, n, n, 1f, db, n, da, n, 0f, dc, n);
    }
}
