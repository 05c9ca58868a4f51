package dev.panamax.bench;

import dev.panamax.nn.Linear;
import dev.panamax.nn.Module;
import dev.panamax.nn.Sequential;
import dev.panamax.nn.Sigmoid;
import dev.panamax.nn.optim.SGD;
import dev.panamax.samples.CubicAutograd;
import dev.panamax.samples.QuadraticAutograd;
import dev.panamax.samples.TwoLayerAutograd;
import dev.panamax.tensor.DType;
import dev.panamax.tensor.Generator;
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

    /** Random MNIST-shaped data and a 784-100-10 sigmoid network on the GPU. */
    @State(Scope.Benchmark)
    public static class Mnist {
        Tensor images;
        Tensor labels;
        Module model;
        SGD optimizer;

        @Setup
        public void setup() {
            images = Tensor.of(Workloads.pixels(4, Workloads.MNIST_IMAGES, Workloads.MNIST_PIXELS),
                    Workloads.MNIST_IMAGES, Workloads.MNIST_PIXELS).to(CudaSetup.DEVICE);
            labels = Tensor.of(Workloads.labels(5, Workloads.MNIST_IMAGES, Workloads.MNIST_CLASSES),
                    Workloads.MNIST_IMAGES).to(CudaSetup.DEVICE);
            Generator g = Generator.philox(6);
            model = new Sequential(
                    new Linear(Workloads.MNIST_PIXELS, Workloads.MNIST_HIDDEN, true, DType.FLOAT32, g),
                    new Sigmoid(),
                    new Linear(Workloads.MNIST_HIDDEN, Workloads.MNIST_CLASSES, true, DType.FLOAT32, g))
                    .to(CudaSetup.DEVICE);
            optimizer = new SGD(model.parameters(), Workloads.MNIST_LR);
        }
    }

    /** One pass over 60000 images in batches of 64; the loss is read at the end, which waits for the device. */
    @Benchmark
    public double mnistEpoch(Mnist m) {
        return PanamaxLoops.epoch(m.images, m.labels, m.model, m.optimizer);
    }
}
