package dev.panamax.bench.nd4j;

import dev.panamax.bench.Workloads;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The tutorials' training loops with hand-written gradients, as the NumPy versions of the
 * tutorials write them (ND4J's arrays have no tape), in float32, and one MNIST-shaped epoch with
 * the backward pass of sigmoid and softmax cross-entropy written out. Every iteration runs inside
 * the reused workspace; parameters live outside it and are updated in place.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = Nd4jSetup.NATIVE)
public class Nd4jLoops {

    @Setup
    public void setup() {
        Nd4jSetup.pin();
    }

    /** Cubic fit of sin(x), 2000 points, 2000 iterations; a, b, c, d are scalars as in NumPy. */
    @Benchmark
    public double cubic() {
        INDArray x = Nd4jSetup.array(Workloads.linspace(-Math.PI, Math.PI, Workloads.CUBIC_POINTS),
                Workloads.CUBIC_POINTS);
        INDArray y = Transforms.sin(x, true);
        float[] init = Workloads.normal(Workloads.CUBIC_SEED, 4);
        double a = init[0];
        double b = init[1];
        double c = init[2];
        double d = init[3];
        double lr = Workloads.CUBIC_LR;
        double loss = Double.NaN;
        for (int t = 0; t < Workloads.CUBIC_ITERATIONS; t++) {
            try (MemoryWorkspace ws = Nd4jSetup.workspace()) {
                INDArray x2 = Transforms.pow(x, 2, true);
                INDArray x3 = Transforms.pow(x, 3, true);
                INDArray yPred = x.mul(b).add(a).add(x2.mul(c)).add(x3.mul(d));
                INDArray diff = yPred.sub(y);
                loss = diff.mul(diff).sumNumber().doubleValue();
                INDArray grad = diff.mul(2.0);
                double gradA = grad.sumNumber().doubleValue();
                double gradB = grad.mul(x).sumNumber().doubleValue();
                double gradC = grad.mul(x2).sumNumber().doubleValue();
                double gradD = grad.mul(x3).sumNumber().doubleValue();
                a -= lr * gradA;
                b -= lr * gradB;
                c -= lr * gradC;
                d -= lr * gradD;
            }
        }
        return loss;
    }

    /** Quadratic regression on 100 points, 800 iterations; w and b are scalars, x² computed once, as in NumPy. */
    @Benchmark
    public double quadratic() {
        int n = Workloads.QUADRATIC_POINTS;
        INDArray x = Nd4jSetup.array(Workloads.linspace(-1, 1, n), n, 1);
        INDArray noise = Nd4jSetup.array(Workloads.pixels(Workloads.QUADRATIC_SEED, n, 1), n, 1);
        INDArray y = Transforms.pow(x, 2, true).muli(3).addi(2).addi(noise.mul(0.2));
        INDArray x2 = Transforms.pow(x, 2, true);
        double w = Workloads.normal(Workloads.QUADRATIC_SEED, 1)[0];
        double b = 0;
        double lr = Workloads.QUADRATIC_LR;
        double loss = Double.NaN;
        for (int i = 0; i < Workloads.QUADRATIC_ITERATIONS; i++) {
            try (MemoryWorkspace ws = Nd4jSetup.workspace()) {
                INDArray pred = x2.mul(w).add(b);
                INDArray diff = pred.sub(y);
                loss = diff.mul(diff).mul(0.5).sumNumber().doubleValue();
                double gradW = diff.mul(x2).sumNumber().doubleValue();
                double gradB = diff.sumNumber().doubleValue();
                w -= lr * gradW;
                b -= lr * gradB;
            }
        }
        return loss + w + b;
    }

    /** Two-layer ReLU net 64×1000-100-10, 500 iterations, backward written out as in NumPy. */
    @Benchmark
    public double twoLayer() {
        int batch = Workloads.TWO_LAYER_BATCH;
        int in = Workloads.TWO_LAYER_IN;
        int hidden = Workloads.TWO_LAYER_HIDDEN;
        int out = Workloads.TWO_LAYER_OUT;
        long seed = Workloads.TWO_LAYER_SEED;
        INDArray x = Nd4jSetup.array(Workloads.normal(seed, batch * in), batch, in);
        INDArray y = Nd4jSetup.array(Workloads.normal(seed + 1, out), 1, out);
        INDArray w1 = Nd4jSetup.array(Workloads.normal(seed + 2, in * hidden), in, hidden);
        INDArray w2 = Nd4jSetup.array(Workloads.normal(seed + 3, hidden * out), hidden, out);
        double lr = Workloads.TWO_LAYER_LR;
        double loss = Double.NaN;
        for (int i = 0; i < Workloads.TWO_LAYER_ITERATIONS; i++) {
            try (MemoryWorkspace ws = Nd4jSetup.workspace()) {
                INDArray h = x.mmul(w1);
                INDArray hRelu = Transforms.relu(h, true);
                INDArray yPred = hRelu.mmul(w2);
                INDArray diff = yPred.subRowVector(y);
                loss = diff.mul(diff).sumNumber().doubleValue();
                INDArray gradYPred = diff.mul(2.0);
                INDArray gradW2 = hRelu.transpose().mmul(gradYPred);
                INDArray gradHRelu = gradYPred.mmul(w2.transpose());
                INDArray gradH = gradHRelu.mul(Transforms.step(h, true));
                INDArray gradW1 = x.transpose().mmul(gradH);
                w1.subi(gradW1.muli(lr));
                w2.subi(gradW2.muli(lr));
            }
        }
        return loss;
    }

    /** Random MNIST-shaped data, its one-hot targets and the parameters of a 784-100-10 network. */
    @State(Scope.Benchmark)
    public static class Mnist {
        INDArray images;
        INDArray oneHot;
        INDArray w1;
        INDArray b1;
        INDArray w2;
        INDArray b2;

        @Setup
        public void setup() {
            int n = Workloads.MNIST_IMAGES;
            int pixels = Workloads.MNIST_PIXELS;
            int hidden = Workloads.MNIST_HIDDEN;
            int classes = Workloads.MNIST_CLASSES;
            images = Nd4jSetup.array(Workloads.pixels(4, n, pixels), n, pixels);
            long[] labels = Workloads.labels(5, n, classes);
            float[] targets = new float[n * classes];
            for (int i = 0; i < n; i++) {
                targets[i * classes + (int) labels[i]] = 1;
            }
            oneHot = Nd4jSetup.array(targets, n, classes);
            w1 = uniform(7, pixels, pixels, hidden);
            b1 = uniform(8, pixels, 1, hidden);
            w2 = uniform(9, hidden, hidden, classes);
            b2 = uniform(10, hidden, 1, classes);
        }

        /** PyTorch's Linear initialisation, U(-1/√fanIn, 1/√fanIn). */
        private static INDArray uniform(long seed, int fanIn, int rows, int cols) {
            return Nd4jSetup.array(Workloads.uniform(seed, rows * cols), rows, cols).muli(1 / Math.sqrt(fanIn));
        }
    }

    /** One pass over 60000 images in batches of 64 (the last partial batch dropped). */
    @Benchmark
    public double mnistEpoch(Mnist m) {
        double loss = Double.NaN;
        int n = Workloads.MNIST_IMAGES;
        double lr = Workloads.MNIST_LR;
        for (int start = 0, end = Workloads.MNIST_BATCH; end <= n; start = end, end += Workloads.MNIST_BATCH) {
            try (MemoryWorkspace ws = Nd4jSetup.workspace()) {
                INDArray xb = m.images.get(NDArrayIndex.interval(start, end), NDArrayIndex.all());
                INDArray target = m.oneHot.get(NDArrayIndex.interval(start, end), NDArrayIndex.all());
                int rows = end - start;
                // Forward: sigmoid hidden layer, softmax output, mean cross-entropy.
                INDArray h = Transforms.sigmoid(xb.mmul(m.w1).addiRowVector(m.b1), false);
                INDArray p = Transforms.softmax(h.mmul(m.w2).addiRowVector(m.b2), false);
                loss = -Transforms.log(p, true).muli(target).sumNumber().doubleValue() / rows;
                // Backward.
                INDArray dz2 = p.sub(target).divi(rows);
                INDArray dw2 = h.transpose().mmul(dz2);
                INDArray db2 = dz2.sum(true, 0);
                INDArray dh = dz2.mmul(m.w2.transpose());
                INDArray dz1 = dh.muli(h.mul(h.rsub(1)));
                INDArray dw1 = xb.transpose().mmul(dz1);
                INDArray db1 = dz1.sum(true, 0);
                // SGD.
                m.w1.subi(dw1.muli(lr));
                m.b1.subi(db1.muli(lr));
                m.w2.subi(dw2.muli(lr));
                m.b2.subi(db2.muli(lr));
            }
        }
        return loss;
    }
}
