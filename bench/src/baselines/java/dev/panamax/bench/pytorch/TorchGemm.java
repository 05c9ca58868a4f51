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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** SGEMM through {@code NDArray.matMul} (torch.matmul) on float32, the output closed after each call. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {Torch.OFFLINE, Torch.THREADS, Torch.NATIVE})
public class TorchGemm {

    @Param({"256", "512", "1024", "2048"})
    public int n;

    private NDManager manager;
    private NDArray a;
    private NDArray b;

    @Setup
    public void setup() {
        manager = Torch.manager();
        a = Torch.array(manager, Workloads.uniform(1, n * n), n, n);
        b = Torch.array(manager, Workloads.uniform(2, n * n), n, n);
    }

    @TearDown
    public void tearDown() {
        manager.close();
    }

    @Benchmark
    public NDArray sgemm() {
        NDArray c = a.matMul(b);
        c.close();
        return c;
    }
}
