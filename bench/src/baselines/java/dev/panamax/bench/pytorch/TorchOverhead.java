package dev.panamax.bench.pytorch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
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

/** The fixed cost of one operation: adding two 3-element float32 arrays, in place and out of place (closed at once). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {Torch.OFFLINE, Torch.THREADS, Torch.NATIVE})
public class TorchOverhead {

    private NDManager manager;
    private NDArray a;
    private NDArray b;

    @Setup
    public void setup() {
        manager = Torch.manager();
        a = Torch.array(manager, new float[] {1, 2, 3}, 3);
        b = Torch.array(manager, new float[] {1e-3f, 2e-3f, 3e-3f}, 3);
    }

    @TearDown
    public void tearDown() {
        manager.close();
    }

    @Benchmark
    public NDArray addOutOfPlace() {
        NDArray c = a.add(b);
        c.close();
        return c;
    }

    @Benchmark
    public NDArray addInPlace() {
        return a.addi(b);
    }
}
