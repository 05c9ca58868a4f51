package dev.panamax.samples;

import dev.panamax.autograd.GradMode;
import dev.panamax.autograd.Variable;
import dev.panamax.nn.F;
import dev.panamax.nn.Linear;
import dev.panamax.nn.Module;
import dev.panamax.nn.Parameter;
import dev.panamax.nn.optim.Adam;
import dev.panamax.nn.optim.Optimizer;
import dev.panamax.nn.optim.SGD;
import dev.panamax.samples.data.Mnist;
import dev.panamax.tensor.DType;
import dev.panamax.tensor.Device;
import dev.panamax.tensor.Generator;
import dev.panamax.tensor.Memory;
import dev.panamax.tensor.Tensor;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;

/**
 * Seed 002, MNIST part: a 784-100-10 network with sigmoid and cross-entropy trained on minibatches
 * of 64, in the tutorial's three refactorings.
 *
 * <ul>
 *   <li>{@code mnist-raw}: four raw {@link Parameter}s ({@code randn}) and a hand-written update
 *       {@code p -= p.grad * lr} inside no-grad;</li>
 *   <li>{@code mnist-linear}: two {@link Linear} layers (PyTorch's initialisation), same update;</li>
 *   <li>{@code mnist-optim}: the {@code Linear} model updated by {@code SGD.step()}. The tutorial's
 *       loop there is {@code for i in range(epochs, bs)}, i.e. {@code range(30, 64)}: 34 passes,
 *       which this variant reproduces by default.</li>
 * </ul>
 * Pixels are raw 0..255 values as in the tutorial unless {@code --normalize true}. The data are
 * the real MNIST IDX files (see {@link Mnist} for where they are looked for); nothing synthetic is
 * ever substituted.
 */
public final class MnistSample implements Sample {

    /** The tutorial's three versions of the model and its update. */
    public enum Variant { RAW, LINEAR, OPTIM }

    private final Variant variant;

    public MnistSample(Variant variant) {
        this.variant = variant;
    }

    @Override
    public String name() {
        return "mnist-" + variant.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String description() {
        return switch (variant) {
            case RAW -> "MNIST 784-100-10, raw Parameters and a manual update (seed 002, nn.Module)";
            case LINEAR -> "MNIST 784-100-10 with nn.Linear layers and a manual update (seed 002, nn.Linear)";
            case OPTIM -> "MNIST 784-100-10 with nn.Linear and optim.SGD (seed 002, optim)";
        };
    }

    @Override
    public List<Option> options() {
        return List.of(
                new Option("data", "", "folder with the MNIST IDX files (default: $PANAMAX_MNIST, ./data/mnist, "
                        + "~/.panamax/data/mnist)"),
                new Option("epochs", variant == Variant.OPTIM ? "34" : "30",
                        "passes over the training data" + (variant == Variant.OPTIM ? " (the tutorial's range(30, 64))" : "")),
                new Option("lr", "0.0001", "learning rate"),
                new Option("batch-size", "64", "minibatch size"),
                new Option("normalize", "false", "scale pixels to [0, 1] (true) or keep raw 0..255 (false)"),
                new Option("limit", "60000", "use at most this many training images"),
                new Option("optimizer", "sgd", "mnist-optim only: sgd or adam"),
                new Option("seed", "0", "seed of the Philox generator that initialises the weights"),
                new Option("progress", "true", "draw a progress bar per epoch"));
    }

    /** The tutorial's first model: raw parameters. */
    static final class RawModel extends Module {
        final Parameter weights1;
        final Parameter weights2;
        final Parameter bias1;
        final Parameter bias2;

        RawModel(Generator g) {
            weights1 = register("weights1", new Parameter(Tensor.randn(g, DType.FLOAT32, 784, 100)));
            weights2 = register("weights2", new Parameter(Tensor.randn(g, DType.FLOAT32, 100, 10)));
            bias1 = register("bias1", new Parameter(Tensor.randn(g, DType.FLOAT32, 100)));
            bias2 = register("bias2", new Parameter(Tensor.randn(g, DType.FLOAT32, 10)));
        }

        @Override
        public Variable forward(Variable x) {
            Variable h = x.matmul(weights1).add(bias1).sigmoid();
            return h.matmul(weights2).add(bias2);
        }
    }

    /** The tutorial's second and third model: two Linear layers. */
    static final class LinearModel extends Module {
        final Linear layer1;
        final Linear layer2;

        LinearModel(Generator g) {
            layer1 = register("layer1", new Linear(784, 100, true, DType.FLOAT32, g));
            layer2 = register("layer2", new Linear(100, 10, true, DType.FLOAT32, g));
        }

        @Override
        public Variable forward(Variable x) {
            return layer2.apply(layer1.apply(x).sigmoid());
        }
    }

    /**
     * Settings of one training run.
     *
     * @param epochs     passes over the training data
     * @param lr         learning rate
     * @param batchSize  minibatch size
     * @param normalize  whether pixels are scaled to [0, 1]
     * @param optimizer  "sgd" or "adam" (optim variant only)
     * @param seed       initialisation seed
     */
    public record Settings(int epochs, double lr, int batchSize, boolean normalize, String optimizer, long seed) {
    }

    /**
     * The outcome of a run.
     *
     * @param lastLoss      the loss of the last minibatch (what the tutorial's {@code fit} returns)
     * @param lastLossText  that loss printed as PyTorch would
     * @param epochLosses   the mean minibatch loss of each epoch
     * @param testAccuracy  the fraction of test images classified correctly
     */
    public record Result(double lastLoss, String lastLossText, double[] epochLosses, double testAccuracy) {
    }

    /** Trains on {@code data} and evaluates on its test images. */
    public Result train(Mnist data, Settings s, Device device, PrintStream progress) {
        Generator g = Generator.philox(s.seed());
        Module model = variant == Variant.RAW ? new RawModel(g) : new LinearModel(g);
        model.to(device);
        Tensor x = (s.normalize() ? Mnist.normalize(data.trainImages()) : data.trainImages()).to(device);
        Tensor y = data.trainLabels().to(device);
        int n = x.size(0);
        List<Parameter> params = model.parameters();
        Optimizer<?> opt = variant != Variant.OPTIM ? null
                : s.optimizer().equals("adam") ? new Adam(params, s.lr()) : new SGD(params, s.lr());
        double[] epochLosses = new double[s.epochs()];
        double lastLoss = Double.NaN;
        String lastText = "";
        int batches = n / s.batchSize();
        for (int epoch = 0; epoch < s.epochs(); epoch++) {
            double sum = 0;
            int count = 0;
            // The tutorial's loop: while end <= n, so a last partial batch is dropped.
            for (int start = 0, end = s.batchSize(); end <= n; start = end, end += s.batchSize()) {
                try (var scope = Memory.scope()) {
                    Variable pred = model.apply(x.slice(0, start, end));
                    Variable loss = F.crossEntropy(pred, y.slice(0, start, end));
                    loss.backward();
                    if (opt != null) {
                        opt.step();
                        opt.zeroGrad();
                    } else {
                        // The tutorial's update: p -= p.grad * lr under no_grad, then zero_grad(). The
                        // gradient is only borrowed (not kept), so zeroGrad gives its memory back at once.
                        try (var noGrad = GradMode.noGrad()) {
                            for (Parameter p : params) {
                                p.sub_(p.borrowGrad().mul(s.lr()));
                            }
                        }
                        model.zeroGrad();
                    }
                    lastLoss = loss.item();
                    sum += lastLoss;
                    count++;
                    if (end + s.batchSize() > n) {
                        lastText = loss.toString();
                    }
                }
                if (progress != null && (count % 20 == 0 || end + s.batchSize() > n)) {
                    bar(progress, epoch + 1, s.epochs(), count, batches, sum / count);
                }
            }
            epochLosses[epoch] = count == 0 ? Double.NaN : sum / count;
            if (progress != null) {
                progress.println();
            }
        }
        return new Result(lastLoss, lastText, epochLosses, accuracy(model, data, s.normalize(), device));
    }

    private static void bar(PrintStream out, int epoch, int epochs, int done, int total, double meanLoss) {
        int width = 30;
        int filled = total == 0 ? width : (int) ((long) width * done / total);
        out.printf(Locale.ROOT, "\repoch %d/%d [%s%s] %d/%d loss %.4f", epoch, epochs, "#".repeat(filled),
                "-".repeat(width - filled), done, total, meanLoss);
        out.flush();
    }

    static double accuracy(Module model, Mnist data, boolean normalize, Device device) {
        try (var scope = Memory.scope(); var g = GradMode.noGrad()) {
            Tensor x = (normalize ? Mnist.normalize(data.testImages()) : data.testImages()).to(device);
            Tensor predicted = model.apply(x).data().argmax(1, false);
            long correct = (long) predicted.eq(data.testLabels().to(device)).to(DType.INT64).sum().item();
            return (double) correct / data.testImages().size(0);
        }
    }

    @Override
    public void run(Options options, PrintStream out) throws IOException {
        String dataOpt = options.string("data");
        Path folder = Mnist.locate(dataOpt.isEmpty() ? null : Path.of(dataOpt));
        int limit = options.positiveInt("limit");
        Device device = options.device(out);
        Mnist data = Mnist.load(folder, limit, -1);
        String optimizer = options.string("optimizer").toLowerCase(Locale.ROOT);
        if (!optimizer.equals("sgd") && !optimizer.equals("adam")) {
            throw new UsageException("--optimizer expects sgd or adam, got '" + optimizer + "'");
        }
        Settings s = new Settings(options.positiveInt("epochs"), options.positiveReal("lr"),
                options.positiveInt("batch-size"), bool(options, "normalize"), optimizer,
                Long.parseLong(options.string("seed")));
        out.println("MNIST from " + folder.toAbsolutePath().normalize() + ": " + data.trainImages().size(0)
                + " training and " + data.testImages().size(0) + " test images; " + s);
        Result r = train(data, s, device, bool(options, "progress") ? out : null);
        out.println(r.lastLossText());
        out.printf(Locale.ROOT, "test accuracy: %.2f %% (%d images)%n", 100 * r.testAccuracy(),
                data.testImages().size(0));
        XYChart chart = Charts.xy(name() + ": mean training loss per epoch", "epoch", "loss");
        Charts.line(chart, "loss", Charts.indices(r.epochLosses().length), r.epochLosses(), Color.BLUE);
        out.println("chart: " + Charts.savePng(chart, options.outDir(), name() + ".png"));
    }

    private static boolean bool(Options options, String name) {
        String v = options.string(name).toLowerCase(Locale.ROOT);
        return switch (v) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new UsageException("--" + name + " expects true or false, got '" + v + "'");
        };
    }
}
