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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** SGEMM: {@code C = A·B} for square float32 matrices through {@link Tensor#mm}, output from the pool. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {PanamaxSetup.VECTOR, PanamaxSetup.NATIVE, PanamaxSetup.THREADS})
public class PanamaxGemm {

    @Param({"256", "512", "1024", "2048"})
    public int n;

    private Tensor a;
    private Tensor b;

    @Setup
    public void setup() {
        PanamaxSetup.check();
        a = Tensor.of(Workloads.uniform(1, n * n), n, n);
        b = Tensor.of(Workloads.uniform(2, n * n), n, n);
    }

    @Benchmark
    public Tensor sgemm() {
        try (MemoryScope s = Memory.scope()) {
            return a.mm(b);
        }
    }
}
