package dev.panamax.bench;

import dev.panamax.bindings.CudaRuntime;
import dev.panamax.bindings.cudart.cudart_h;
import dev.panamax.tensor.Fused;
import dev.panamax.tensor.Memory;
import dev.panamax.tensor.MemoryScope;
import dev.panamax.tensor.Tensor;
import java.lang.foreign.MemorySegment;
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
 * Out-of-place elementwise operations on {@code cuda:0} (outputs from the caching allocator, each
 * call waiting for the device), beside the device's own copy bandwidth: {@code cudaMemcpy} from
 * device to device between two buffers of the same size.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {PanamaxSetup.VECTOR, PanamaxSetup.NATIVE, PanamaxSetup.THREADS})
public class CudaElementwise {

    @Param({"1048576", "16777216"})
    public int n;

    private Tensor x;
    private Tensor y;
    private CudaRuntime runtime;
    private MemorySegment src;
    private MemorySegment dst;

    @Setup
    public void setup() {
        CudaSetup.check();
        x = Tensor.of(Workloads.uniform(1, n), n).to(CudaSetup.DEVICE);
        y = Tensor.of(Workloads.uniform(2, n), n).to(CudaSetup.DEVICE);
        runtime = CudaRuntime.get();
        runtime.setDevice(CudaSetup.DEVICE.index());
        src = runtime.malloc((long) n * Float.BYTES);
        dst = runtime.malloc((long) n * Float.BYTES);
        runtime.memset(src, 0, (long) n * Float.BYTES);
    }

    @TearDown
    public void tearDown() {
        runtime.free(src);
        runtime.free(dst);
    }

    private static Tensor done(Tensor t) {
        CudaSetup.DEVICE.synchronize();
        return t;
    }

    /** The yardstick: {@code n} floats copied from device to device by the CUDA runtime. */
    @Benchmark
    public MemorySegment memcpy() {
        runtime.memcpy(dst, src, (long) n * Float.BYTES, cudart_h.cudaMemcpyDeviceToDevice());
        runtime.deviceSynchronize();
        return dst;
    }

    @Benchmark
    public Tensor copy() {
        try (MemoryScope s = Memory.scope()) {
            return done(copyResult());
        }
    }

    Tensor copyResult() {
        return x.clone();
    }

    @Benchmark
    public Tensor add() {
        try (MemoryScope s = Memory.scope()) {
            return done(addResult());
        }
    }

    Tensor addResult() {
        return x.add(y);
    }

    @Benchmark
    public Tensor mul() {
        try (MemoryScope s = Memory.scope()) {
            return done(mulResult());
        }
    }

    Tensor mulResult() {
        return x.mul(y);
    }

    @Benchmark
    public Tensor sigmoid() {
        try (MemoryScope s = Memory.scope()) {
            return done(sigmoidResult());
        }
    }

    Tensor sigmoidResult() {
        return x.sigmoid();
    }

    private static final Fused CHAIN = Fused.of(x -> x.mul(Workloads.CHAIN_B).add(Workloads.CHAIN_A)
            .add(x.pow(2).mul(Workloads.CHAIN_C))
            .add(x.pow(3).mul(Workloads.CHAIN_D)));

    /** {@code a + b·x + c·x² + d·x³} as one fused kernel (one NVRTC kernel on the GPU). */
    @Benchmark
    public Tensor chain() {
        try (MemoryScope s = Memory.scope()) {
            return done(chainResult());
        }
    }

    Tensor chainResult() {
        return CHAIN.apply(x);
    }
}
