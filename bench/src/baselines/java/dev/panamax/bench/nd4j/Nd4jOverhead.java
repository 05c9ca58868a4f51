package dev.panamax.bench.nd4j;

import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The fixed cost of one operation: adding two 3-element float32 arrays, in place and out of place (closed at once). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = Nd4jSetup.NATIVE)
public class Nd4jOverhead {

    private INDArray a;
    private INDArray b;

    @Setup
    public void setup() {
        Nd4jSetup.pin();
        a = Nd4jSetup.array(new float[] {1, 2, 3}, 3);
        b = Nd4jSetup.array(new float[] {1e-3f, 2e-3f, 3e-3f}, 3);
    }

    @Benchmark
    public INDArray addOutOfPlace() {
        INDArray c = a.add(b);
        c.close();
        return c;
    }

    @Benchmark
    public INDArray addInPlace() {
        return a.addi(b);
    }
}
