package dev.panamax.bench;

import dev.panamax.tensor.Memory;
import dev.panamax.tensor.MemoryScope;
import dev.panamax.tensor.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The sum of all elements, and the softmax of each row, of a 4096×4096 float32 matrix on {@code cuda:0}. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {PanamaxSetup.VECTOR, PanamaxSetup.NATIVE, PanamaxSetup.THREADS})
public class CudaReductions {

    private Tensor m;

    @Setup
    public void setup() {
        CudaSetup.check();
        int n = Workloads.REDUCTION_SIZE;
        m = Tensor.of(Workloads.uniform(3, n * n), n, n).to(CudaSetup.DEVICE);
    }

    /** The sum, read back to the host (which waits for the device). */
    @Benchmark
    public double sum() {
        try (MemoryScope s = Memory.scope()) {
            return m.sum().item();
        }
    }

    @Benchmark
    public Tensor softmax() {
        try (MemoryScope s = Memory.scope()) {
            Tensor r = m.softmax(1);
            CudaSetup.DEVICE.synchronize();
            return r;
        }
    }
}
