package dev.panamax.bench.pytorch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
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

/**
 * Out-of-place elementwise operations on float32 vectors. Each invocation attaches the inputs to a
 * sub-manager, so its outputs and temporaries are closed with it when the invocation ends.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {Torch.OFFLINE, Torch.THREADS, Torch.NATIVE})
public class TorchElementwise {

    @Param({"1048576", "16777216"})
    public int n;

    private NDManager manager;
    private NDArray x;
    private NDArray y;

    @Setup
    public void setup() {
        manager = Torch.manager();
        x = Torch.array(manager, Workloads.uniform(1, n), n);
        y = Torch.array(manager, Workloads.uniform(2, n), n);
    }

    @TearDown
    public void tearDown() {
        manager.close();
    }

    private NDManager invocation() {
        NDManager sub = manager.newSubManager();
        x.tempAttach(sub);
        y.tempAttach(sub);
        return sub;
    }

    @Benchmark
    public NDArray copy() {
        try (NDManager sub = invocation()) {
            return x.duplicate();
        }
    }

    @Benchmark
    public NDArray add() {
        try (NDManager sub = invocation()) {
            return x.add(y);
        }
    }

    @Benchmark
    public NDArray mul() {
        try (NDManager sub = invocation()) {
            return x.mul(y);
        }
    }

    @Benchmark
    public NDArray sigmoid() {
        try (NDManager sub = invocation()) {
            return Activation.sigmoid(x);
        }
    }

    /** {@code a + b·x + c·x² + d·x³} written as the tutorial writes it. */
    @Benchmark
    public NDArray chain() {
        try (NDManager sub = invocation()) {
            return x.mul(Workloads.CHAIN_B).add(Workloads.CHAIN_A)
                    .add(x.pow(2).mul(Workloads.CHAIN_C))
                    .add(x.pow(3).mul(Workloads.CHAIN_D));
        }
    }
}
