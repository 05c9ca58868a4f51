package dev.panamax.bench;

import dev.panamax.tensor.Fused;
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

/**
 * Out-of-place elementwise operations on float32 vectors. Each invocation's output comes from the
 * pool and goes back to it when the invocation's scope closes, so the pool stays warm.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {PanamaxSetup.VECTOR, PanamaxSetup.NATIVE, PanamaxSetup.THREADS})
public class PanamaxElementwise {

    @Param({"1048576", "16777216"})
    public int n;

    private Tensor x;
    private Tensor y;

    @Setup
    public void setup() {
        PanamaxSetup.check();
        x = Tensor.of(Workloads.uniform(1, n), n);
        y = Tensor.of(Workloads.uniform(2, n), n);
    }

    @Benchmark
    public Tensor copy() {
        try (MemoryScope s = Memory.scope()) {
            return x.clone();
        }
    }

    @Benchmark
    public Tensor add() {
        try (MemoryScope s = Memory.scope()) {
            return x.add(y);
        }
    }

    @Benchmark
    public Tensor mul() {
        try (MemoryScope s = Memory.scope()) {
            return x.mul(y);
        }
    }

    @Benchmark
    public Tensor sigmoid() {
        try (MemoryScope s = Memory.scope()) {
            return x.sigmoid();
        }
    }

    /** {@code a + b·x + c·x² + d·x³} as one fused kernel: reads x, writes y, no temporaries. */
    private static final Fused CHAIN = Fused.of(x -> x.mul(Workloads.CHAIN_B).add(Workloads.CHAIN_A)
            .add(x.pow(2).mul(Workloads.CHAIN_C))
            .add(x.pow(3).mul(Workloads.CHAIN_D)));

    /** {@code a + b·x + c·x² + d·x³} fused ({@link Fused}): the same ops and bits as {@link #chainEager}. */
    @Benchmark
    public Tensor chain() {
        try (MemoryScope s = Memory.scope()) {
            return CHAIN.apply(x);
        }
    }

    /** {@code a + b·x + c·x² + d·x³} written as the tutorial writes it: 7 eager ops. */
    @Benchmark
    public Tensor chainEager() {
        try (MemoryScope s = Memory.scope()) {
            return x.mul(Workloads.CHAIN_B).add(Workloads.CHAIN_A)
                    .add(x.pow(2).mul(Workloads.CHAIN_C))
                    .add(x.pow(3).mul(Workloads.CHAIN_D));
        }
    }
}
