package dev.panamax.bench;

import dev.panamax.samples.CubicAutograd;
import dev.panamax.samples.QuadraticAutograd;
import dev.panamax.samples.TwoLayerAutograd;
import dev.panamax.tensor.DType;
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
 * {@link PanamaxLoops}' training loops on {@code cuda:0}: the samples' own {@code compute} methods
 * with the device argument, and the MNIST-shaped epoch with the data and the model on the GPU. The
 * loops read the loss every iteration, as the tutorials print it, which waits for the device.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {PanamaxSetup.VECTOR, PanamaxSetup.NATIVE, PanamaxSetup.THREADS})
public class CudaLoops {

    @Setup
    public void setup() {
        CudaSetup.check();
    }

    @Benchmark
    public Object cubic() {
        return CubicAutograd.compute(Workloads.CUBIC_SEED, Workloads.CUBIC_ITERATIONS, Workloads.CUBIC_LR,
                DType.FLOAT32, CudaSetup.DEVICE);
    }

    @Benchmark
    public Object quadratic() {
        return QuadraticAutograd.compute(Workloads.QUADRATIC_SEED, Workloads.QUADRATIC_ITERATIONS,
                Workloads.QUADRATIC_LR, DType.FLOAT32, false, CudaSetup.DEVICE);
    }

    @Benchmark
    public Object twoLayer() {
        return TwoLayerAutograd.compute(Workloads.TWO_LAYER_SEED, Workloads.TWO_LAYER_ITERATIONS,
                Workloads.TWO_LAYER_LR, DType.FLOAT32, CudaSetup.DEVICE);
    }

    /** {@link PanamaxLoops.Mnist}'s data and network, on the GPU. */
    @State(Scope.Benchmark)
    public static class Mnist {
        final PanamaxLoops.Mnist on = new PanamaxLoops.Mnist();

        @Setup
        public void setup() {
            on.place(CudaSetup.DEVICE);
        }
    }

    /** One pass over 60000 images in batches of 64; the loss is read at the end, which waits for the device. */
    @Benchmark
    public double mnistEpoch(Mnist m) {
        return PanamaxLoops.epoch(m.on.images, m.on.labels, m.on.model, m.on.optimizer);
    }
}
