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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The sum of all elements, and the softmax of each row, of a 4096×4096 float32 matrix. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = Nd4jSetup.NATIVE)
public class Nd4jReductions {

    private INDArray m;

    @Setup
    public void setup() {
        Nd4jSetup.pin();
        int n = Workloads.REDUCTION_SIZE;
        m = Nd4jSetup.array(Workloads.uniform(3, n * n), n, n);
    }

    @Benchmark
    public double sum() {
        try (MemoryWorkspace ws = Nd4jSetup.workspace()) {
            return m.sumNumber().doubleValue();
        }
    }

    @Benchmark
    public INDArray softmax() {
        try (MemoryWorkspace ws = Nd4jSetup.workspace()) {
            return Transforms.softmax(m, true);
        }
    }
}
