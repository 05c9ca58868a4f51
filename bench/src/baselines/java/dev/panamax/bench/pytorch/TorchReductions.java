package dev.panamax.bench.pytorch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.panamax.bench.Workloads;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** The sum of all elements, and the softmax of each row, of a 4096×4096 float32 matrix. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {Torch.OFFLINE, Torch.THREADS, Torch.NATIVE})
public class TorchReductions {

    private NDManager manager;
    private NDArray m;

    @Setup
    public void setup() {
        manager = Torch.manager();
        int n = Workloads.REDUCTION_SIZE;
        m = Torch.array(manager, Workloads.uniform(3, n * n), n, n);
    }

    @TearDown
    public void tearDown() {
        manager.close();
    }

    @Benchmark
    public double sum() {
        try (NDArray s = m.sum()) {
            return s.getFloat();
        }
    }

    @Benchmark
    public NDArray softmax() {
        NDArray r = m.softmax(1);
        r.close();
        return r;
    }
}
