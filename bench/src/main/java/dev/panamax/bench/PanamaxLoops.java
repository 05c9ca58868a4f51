package dev.panamax.bench;

import dev.panamax.autograd.Variable;
import dev.panamax.nn.F;
import dev.panamax.nn.Linear;
import dev.panamax.nn.Module;
import dev.panamax.nn.Sequential;
import dev.panamax.nn.Sigmoid;
import dev.panamax.nn.optim.SGD;
import dev.panamax.samples.CubicAutograd;
import dev.panamax.samples.QuadraticAutograd;
import dev.panamax.samples.TwoLayerAutograd;
import dev.panamax.tensor.DType;
import dev.panamax.tensor.Device;
import dev.panamax.tensor.Generator;
import dev.panamax.tensor.Memory;
import dev.panamax.tensor.MemoryScope;
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
 * The tutorials' training loops with autograd, in float32, run by the samples' own {@code compute}
 * methods (the code the samples run, without printing), and one MNIST-shaped epoch written with
 * {@code dev.panamax.nn}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {PanamaxSetup.VECTOR, PanamaxSetup.NATIVE, PanamaxSetup.THREADS})
public class PanamaxLoops {

    @Setup
    public void setup() {
        PanamaxSetup.check();
    }

    /** Cubic fit of sin(x): 2000 points, 2000 iterations. */
    @Benchmark
    public Object cubic() {
        return CubicAutograd.compute(Workloads.CUBIC_SEED, Workloads.CUBIC_ITERATIONS, Workloads.CUBIC_LR,
                DType.FLOAT32, Device.CPU);
    }

    /** Quadratic regression on 100 points, 800 iterations. */
    @Benchmark
    public Object quadratic() {
        return QuadraticAutograd.compute(Workloads.QUADRATIC_SEED, Workloads.QUADRATIC_ITERATIONS,
                Workloads.QUADRATIC_LR, DType.FLOAT32, false, Device.CPU);
    }

    /** Two-layer ReLU net 64×1000-100-10, 500 iterations. */
    @Benchmark
    public Object twoLayer() {
        return TwoLayerAutograd.compute(Workloads.TWO_LAYER_SEED, Workloads.TWO_LAYER_ITERATIONS,
                Workloads.TWO_LAYER_LR, DType.FLOAT32, Device.CPU);
    }

    /** Random MNIST-shaped data and a 784-100-10 sigmoid network with plain SGD. */
    @State(Scope.Benchmark)
    public static class Mnist {
        Tensor images;
        Tensor labels;
        Module model;
        SGD optimizer;

        @Setup
        public void setup() {
            place(Device.CPU);
        }

        /** Draws the data and the model and puts both on {@code device}. */
        void place(Device device) {
            images = Tensor.of(Workloads.pixels(4, Workloads.MNIST_IMAGES, Workloads.MNIST_PIXELS),
                    Workloads.MNIST_IMAGES, Workloads.MNIST_PIXELS).to(device);
            labels = Tensor.of(Workloads.labels(5, Workloads.MNIST_IMAGES, Workloads.MNIST_CLASSES),
                    Workloads.MNIST_IMAGES).to(device);
            Generator g = Generator.philox(6);
            model = new Sequential(
                    new Linear(Workloads.MNIST_PIXELS, Workloads.MNIST_HIDDEN, true, DType.FLOAT32, g),
                    new Sigmoid(),
                    new Linear(Workloads.MNIST_HIDDEN, Workloads.MNIST_CLASSES, true, DType.FLOAT32, g))
                    .to(device);
            optimizer = new SGD(model.parameters(), Workloads.MNIST_LR);
        }
    }

    /** One pass over 60000 images in batches of 64 (the last partial batch dropped, as the tutorial does). */
    @Benchmark
    public double mnistEpoch(Mnist m) {
        return epoch(m.images, m.labels, m.model, m.optimizer);
    }

    /** One epoch of {@code model} over {@code images} with cross-entropy and {@code optimizer}; the last batch's loss. */
    static double epoch(Tensor images, Tensor labels, Module model, SGD optimizer) {
        double last = Double.NaN;
        int n = Workloads.MNIST_IMAGES;
        for (int start = 0, end = Workloads.MNIST_BATCH; end <= n; start = end, end += Workloads.MNIST_BATCH) {
            try (MemoryScope s = Memory.scope()) {
                Variable loss = F.crossEntropy(model.apply(images.slice(0, start, end)), labels.slice(0, start, end));
                loss.backward();
                optimizer.step();
                optimizer.zeroGrad();
                if (end + Workloads.MNIST_BATCH > n) {
                    last = loss.item();
                }
            }
        }
        return last;
    }
}
