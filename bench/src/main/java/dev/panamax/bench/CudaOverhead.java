package dev.panamax.bench;

import dev.panamax.tensor.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The fixed cost of one operation on {@code cuda:0}: adding two 3-element float32 tensors. The
 * out-of-place and in-place figures are per operation with {@value #OPS} operations queued between
 * waits for the device (the launch cost the host pays); {@code addAndWait} is one operation and the
 * wait (launch plus the round trip to the device).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {PanamaxSetup.VECTOR, PanamaxSetup.NATIVE, PanamaxSetup.THREADS})
public class CudaOverhead {

    static final int OPS = 100;

    private Tensor a;
    private Tensor b;

    @Setup
    public void setup() {
        CudaSetup.check();
        a = Tensor.of(new float[] {1, 2, 3}, 3).to(CudaSetup.DEVICE);
        b = Tensor.of(new float[] {1e-3f, 2e-3f, 3e-3f}, 3).to(CudaSetup.DEVICE);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public Tensor addOutOfPlace() {
        Tensor c = null;
        for (int i = 0; i < OPS; i++) {
            c = a.add(b);
            c.close();
        }
        CudaSetup.DEVICE.synchronize();
        return c;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public Tensor addInPlace() {
        for (int i = 0; i < OPS; i++) {
            a.add_(b);
        }
        CudaSetup.DEVICE.synchronize();
        return a;
    }

    @Benchmark
    public Tensor addAndWait() {
        Tensor c = a.add(b);
        c.close();
        CudaSetup.DEVICE.synchronize();
        return c;
    }
}
