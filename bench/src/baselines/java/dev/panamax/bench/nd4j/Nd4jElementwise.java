package dev.panamax.bench.nd4j;

import dev.panamax.bench.Workloads;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Out-of-place elementwise operations on float32 vectors, each invocation inside the reused workspace. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = Nd4jSetup.NATIVE)
public class Nd4jElementwise {

    @Param({"1048576", "16777216"})
    public int n;

    private INDArray x;
    private INDArray y;

    @Setup
    public void setup() {
        Nd4jSetup.pin();
        x = Nd4jSetup.array(Workloads.uniform(1, n), n);
        y = Nd4jSetup.array(Workloads.uniform(2, n), n);
    }

    @Benchmark
    public INDArray copy() {
        try (MemoryWorkspace ws = Nd4jSetup.workspace()) {
            return x.dup();
        }
    }

    @Benchmark
    public INDArray add() {
        try (MemoryWorkspace ws = Nd4jSetup.workspace()) {
            return x.add(y);
        }
    }

    @Benchmark
    public INDArray mul() {
        try (MemoryWorkspace ws = Nd4jSetup.workspace()) {
            return x.mul(y);
        }
    }

    @Benchmark
    public INDArray sigmoid() {
        try (MemoryWorkspace ws = Nd4jSetup.workspace()) {
            return Transforms.sigmoid(x, true);
        }
    }

    /** {@code a + b·x + c·x² + d·x³} written as the tutorial writes it. */
    @Benchmark
    public INDArray chain() {
        try (MemoryWorkspace ws = Nd4jSetup.workspace()) {
            return x.mul(Workloads.CHAIN_B).add(Workloads.CHAIN_A)
                    .add(Transforms.pow(x, 2, true).mul(Workloads.CHAIN_C))
                    .add(Transforms.pow(x, 3, true).mul(Workloads.CHAIN_D));
        }
    }
}
