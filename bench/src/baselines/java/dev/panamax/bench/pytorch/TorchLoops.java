package dev.panamax.bench.pytorch;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import dev.panamax.bench.Workloads;
import java.util.List;
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

/**
 * The tutorials' training loops with PyTorch's autograd (DJL's {@link GradientCollector}), in
 * float32, line for line as the tutorials write them, and one MNIST-shaped epoch.
 *
 * <p>Every iteration attaches the long-lived arrays to a sub-manager for its duration, so the
 * iteration's temporaries are freed when it ends, as Panamax's samples free theirs with a memory
 * scope. Parameter updates run outside the collector, where gradients are not recorded.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {Torch.OFFLINE, Torch.THREADS, Torch.NATIVE})
public class TorchLoops {

    private NDManager manager;
    private Engine engine;

    @Setup
    public void setup() {
        manager = Torch.manager();
        engine = manager.getEngine();
    }

    @TearDown
    public void tearDown() {
        manager.close();
    }

    private static NDManager iteration(NDManager parent, List<NDArray> arrays) {
        NDManager sub = parent.newSubManager();
        for (NDArray a : arrays) {
            a.tempAttach(sub);
        }
        return sub;
    }

    private static NDArray parameter(NDManager m, float[] data, long... shape) {
        NDArray p = m.create(data, new Shape(shape));
        p.setRequiresGradient(true);
        return p;
    }

    /** {@code p -= lr * p.grad}, then the gradient zeroed. */
    private static void sgdStep(NDArray p, double lr) {
        NDArray g = p.getGradient();
        p.subi(g.mul(lr));
        g.subi(g);
    }

    /** Cubic fit of sin(x): 2000 points, 2000 iterations, the loss read every iteration. */
    @Benchmark
    public float cubic() {
        float last = Float.NaN;
        try (NDManager m = manager.newSubManager()) {
            NDArray x = Torch.array(m, Workloads.linspace(-Math.PI, Math.PI, Workloads.CUBIC_POINTS),
                    Workloads.CUBIC_POINTS);
            NDArray y = x.sin();
            float[] init = Workloads.normal(Workloads.CUBIC_SEED, 4);
            NDArray a = parameter(m, new float[] {init[0]});
            NDArray b = parameter(m, new float[] {init[1]});
            NDArray c = parameter(m, new float[] {init[2]});
            NDArray d = parameter(m, new float[] {init[3]});
            List<NDArray> all = List.of(x, y, a, b, c, d);
            for (int t = 0; t < Workloads.CUBIC_ITERATIONS; t++) {
                try (NDManager it = iteration(m, all)) {
                    try (GradientCollector gc = engine.newGradientCollector()) {
                        NDArray yPred = a.add(b.mul(x)).add(c.mul(x.pow(2))).add(d.mul(x.pow(3)));
                        NDArray loss = yPred.sub(y).pow(2).sum();
                        last = loss.getFloat();
                        gc.backward(loss);
                    }
                    for (NDArray p : List.of(a, b, c, d)) {
                        sgdStep(p, Workloads.CUBIC_LR);
                    }
                }
            }
        }
        return last;
    }

    /** Quadratic regression on 100 points, 800 iterations. */
    @Benchmark
    public float quadratic() {
        try (NDManager m = manager.newSubManager()) {
            int n = Workloads.QUADRATIC_POINTS;
            NDArray x = Torch.array(m, Workloads.linspace(-1, 1, n), n, 1);
            NDArray noise = Torch.array(m, Workloads.pixels(Workloads.QUADRATIC_SEED, n, 1), n, 1);
            NDArray y = x.pow(2).mul(3).add(2).add(noise.mul(0.2));
            NDArray w = parameter(m, Workloads.normal(Workloads.QUADRATIC_SEED, 1), 1, 1);
            NDArray b = parameter(m, new float[] {0}, 1, 1);
            List<NDArray> all = List.of(x, y, w, b);
            NDArray lastPred = null;
            for (int i = 0; i < Workloads.QUADRATIC_ITERATIONS; i++) {
                try (NDManager it = iteration(m, all)) {
                    try (GradientCollector gc = engine.newGradientCollector()) {
                        NDArray pred = x.pow(2).matMul(w).add(b);
                        NDArray loss = pred.sub(y).pow(2).mul(0.5).sum();
                        gc.backward(loss);
                        if (i == Workloads.QUADRATIC_ITERATIONS - 1) {
                            lastPred = pred.stopGradient();
                            lastPred.attach(m);
                        }
                    }
                    sgdStep(w, Workloads.QUADRATIC_LR);
                    sgdStep(b, Workloads.QUADRATIC_LR);
                }
            }
            return lastPred.getFloat(0, 0);
        }
    }

    /** Two-layer ReLU net 64×1000-100-10, 500 iterations, the loss read every iteration. */
    @Benchmark
    public float twoLayer() {
        float last = Float.NaN;
        try (NDManager m = manager.newSubManager()) {
            int batch = Workloads.TWO_LAYER_BATCH;
            int in = Workloads.TWO_LAYER_IN;
            int hidden = Workloads.TWO_LAYER_HIDDEN;
            int out = Workloads.TWO_LAYER_OUT;
            long seed = Workloads.TWO_LAYER_SEED;
            NDArray x = Torch.array(m, Workloads.normal(seed, batch * in), batch, in);
            NDArray y = Torch.array(m, Workloads.normal(seed + 1, out), out);
            NDArray w1 = parameter(m, Workloads.normal(seed + 2, in * hidden), in, hidden);
            NDArray w2 = parameter(m, Workloads.normal(seed + 3, hidden * out), hidden, out);
            List<NDArray> all = List.of(x, y, w1, w2);
            for (int i = 0; i < Workloads.TWO_LAYER_ITERATIONS; i++) {
                try (NDManager it = iteration(m, all)) {
                    try (GradientCollector gc = engine.newGradientCollector()) {
                        NDArray h = x.matMul(w1);
                        NDArray hRelu = Activation.relu(h);
                        NDArray yPred = hRelu.matMul(w2);
                        NDArray loss = yPred.sub(y).pow(2).sum();
                        last = loss.getFloat();
                        gc.backward(loss);
                    }
                    sgdStep(w1, Workloads.TWO_LAYER_LR);
                    sgdStep(w2, Workloads.TWO_LAYER_LR);
                }
            }
        }
        return last;
    }

    /** Random MNIST-shaped data and the parameters of a 784-100-10 network. */
    @State(Scope.Benchmark)
    public static class Mnist {
        NDManager manager;
        NDArray images;
        NDArray labels;
        NDArray w1;
        NDArray b1;
        NDArray w2;
        NDArray b2;

        @Setup
        public void setup() {
            manager = Torch.manager();
            int n = Workloads.MNIST_IMAGES;
            int pixels = Workloads.MNIST_PIXELS;
            int hidden = Workloads.MNIST_HIDDEN;
            int classes = Workloads.MNIST_CLASSES;
            images = Torch.array(manager, Workloads.pixels(4, n, pixels), n, pixels);
            labels = manager.create(Workloads.labels(5, n, classes));
            w1 = uniformParameter(7, pixels, pixels, hidden);
            b1 = uniformParameter(8, pixels, hidden);
            w2 = uniformParameter(9, hidden, hidden, classes);
            b2 = uniformParameter(10, hidden, classes);
        }

        /** PyTorch's Linear initialisation, U(-1/√fanIn, 1/√fanIn). */
        private NDArray uniformParameter(long seed, int fanIn, long... shape) {
            float[] v = Workloads.uniform(seed, (int) new Shape(shape).size());
            float bound = (float) (1 / Math.sqrt(fanIn));
            for (int i = 0; i < v.length; i++) {
                v[i] *= bound;
            }
            return parameter(manager, v, shape);
        }

        @TearDown
        public void tearDown() {
            manager.close();
        }
    }

    /** One pass over 60000 images in batches of 64 (the last partial batch dropped). */
    @Benchmark
    public float mnistEpoch(Mnist d) {
        float last = Float.NaN;
        int n = Workloads.MNIST_IMAGES;
        List<NDArray> all = List.of(d.images, d.labels, d.w1, d.b1, d.w2, d.b2);
        List<NDArray> params = List.of(d.w1, d.b1, d.w2, d.b2);
        for (int start = 0, end = Workloads.MNIST_BATCH; end <= n; start = end, end += Workloads.MNIST_BATCH) {
            try (NDManager it = iteration(d.manager, all)) {
                NDArray loss;
                try (GradientCollector gc = engine.newGradientCollector()) {
                    NDArray xb = d.images.get("{}:{}", start, end);
                    NDArray yb = d.labels.get("{}:{}", start, end);
                    NDArray h = Activation.sigmoid(xb.matMul(d.w1).add(d.b1));
                    NDArray logits = h.matMul(d.w2).add(d.b2);
                    loss = logits.logSoftmax(1).gather(yb.expandDims(1), 1).mean().neg();
                    gc.backward(loss);
                }
                for (NDArray p : params) {
                    sgdStep(p, Workloads.MNIST_LR);
                }
                if (end + Workloads.MNIST_BATCH > n) {
                    last = loss.getFloat();
                }
            }
        }
        return last;
    }
}
