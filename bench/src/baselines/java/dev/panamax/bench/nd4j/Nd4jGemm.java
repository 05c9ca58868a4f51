package dev.panamax.bench.nd4j;

import dev.panamax.bench.Workloads;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** SGEMM through {@code Nd4j.gemm} into a preallocated float32 C. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = Nd4jSetup.NATIVE)
public class Nd4jGemm {

    @Param({"256", "512", "1024", "2048"})
    public int n;

    private INDArray a;
    private INDArray b;
    private INDArray c;

    @Setup
    public void setup() {
        Nd4jSetup.pin();
        a = Nd4jSetup.array(Workloads.uniform(1, n * n), n, n);
        b = Nd4jSetup.array(Workloads.uniform(2, n * n), n, n);
        c = Nd4j.zeros(n, n);
    }

    @Benchmark
    public INDArray sgemm() {
        return Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
    }
}
