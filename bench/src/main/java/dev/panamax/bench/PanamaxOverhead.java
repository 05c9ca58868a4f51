package dev.panamax.bench;

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

/**
 * The fixed cost of one operation: adding two 3-element float32 tensors, in place and out of place.
 * The out-of-place result is closed at once, which gives its storage back to the pool.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {PanamaxSetup.VECTOR, PanamaxSetup.NATIVE, PanamaxSetup.THREADS})
public class PanamaxOverhead {

    private Tensor a;
    private Tensor b;

    @Setup
    public void setup() {
        PanamaxSetup.check();
        a = Tensor.of(new float[] {1, 2, 3}, 3);
        b = Tensor.of(new float[] {1e-3f, 2e-3f, 3e-3f}, 3);
    }

    @Benchmark
    public Tensor addOutOfPlace() {
        Tensor c = a.add(b);
        c.close();
        return c;
    }

    @Benchmark
    public Tensor addInPlace() {
        return a.add_(b);
    }
}
