package dev.panamax.samples;

import dev.panamax.autograd.Variable;
import dev.panamax.nn.Linear;
import dev.panamax.nn.MSELoss;
import dev.panamax.nn.Module;
import dev.panamax.nn.Reduction;
import dev.panamax.nn.optim.SGD;
import dev.panamax.tensor.DType;
import dev.panamax.tensor.Device;
import dev.panamax.tensor.Generator;
import dev.panamax.tensor.Memory;
import dev.panamax.tensor.Tensor;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;

/**
 * Seed 001: {@code LinearModel} (one {@code Linear(1, 1)}) fitted to x = [1, 2, 3], y = [2, 4, 6]
 * with {@code MSELoss} summed and {@code SGD(lr=0.05)} for epochs 0..50, printing the per-epoch log
 * and drawing the three-panel chart (loss, weight, bias against epoch).
 *
 * <p>The layer starts from PyTorch's initialisation drawn from a Philox generator seeded with
 * {@code --seed}; the blog's own initial weights came from PyTorch's generator and are not
 * reproduced, so the log's first lines differ while the fit converges to w = 2, b = 0 the same way.
 */
public final class LinearModelSample implements Sample {

    /** The tutorial's model. */
    public static final class LinearModel extends Module {
        final Linear linear;

        LinearModel(Generator g, DType dtype) {
            linear = register("linear", new Linear(1, 1, true, dtype, g));
        }

        @Override
        public Variable forward(Variable x) {
            return linear.apply(x);
        }
    }

    @Override
    public String name() {
        return "linear-model";
    }

    @Override
    public String description() {
        return "LinearModel on x = [1, 2, 3], y = [2, 4, 6] with MSELoss(sum) and SGD lr 0.05 (seed 001)";
    }

    @Override
    public List<Option> options() {
        return List.of(
                new Option("seed", "0", "seed of the Philox generator that initialises the layer"),
                new Option("epochs", "51", "number of epochs (the tutorial's range(0, 51))"),
                new Option("lr", "0.05", "learning rate"),
                new Option("dtype", "float32", "float32 or float64"));
    }

    /** The per-epoch log: the loss before each step and the weight and bias after it. */
    public record Result(double[] losses, double[] weights, double[] biases) {
    }

    /** The tutorial's data as float tensors of shape [3, 1]. */
    static Tensor[] data(DType dtype) {
        return new Tensor[] {Tensor.of(new double[] {1, 2, 3}, 3, 1).to(dtype),
                Tensor.of(new double[] {2, 4, 6}, 3, 1).to(dtype)};
    }

    /** Runs the tutorial's training loop. */
    public static Result compute(long seed, int epochs, double lr, DType dtype, Device device) {
        try (var outer = Memory.scope()) {
            Tensor[] xy = data(dtype);
            Variable x = Variable.of(xy[0].to(device));
            Variable y = Variable.of(xy[1].to(device));
            LinearModel model = new LinearModel(Generator.philox(seed), dtype);
            model.to(device);
            MSELoss criterion = new MSELoss(Reduction.SUM);
            SGD optimizer = new SGD(model.parameters(), lr);
            double[] losses = new double[epochs];
            double[] ws = new double[epochs];
            double[] bs = new double[epochs];
            for (int epoch = 0; epoch < epochs; epoch++) {
                try (var scope = Memory.scope()) {
                    Variable loss = criterion.apply(model.apply(x), y);
                    losses[epoch] = loss.item();
                    optimizer.zeroGrad();
                    loss.backward();
                    optimizer.step();
                    ws[epoch] = model.linear.weight().item();
                    bs[epoch] = model.linear.bias().item();
                }
            }
            return new Result(losses, ws, bs);
        }
    }

    /** The tutorial's log line for one epoch (Python's {@code :.6f} formatting). */
    static String logLine(int epoch, double loss, double w, double b) {
        return String.format(Locale.ROOT, "第%d轮的时候,损失为%.6f,权重为%.6f , 偏置为%.6f \n", epoch, loss, w, b);
    }

    @Override
    public void run(Options options, PrintStream out) throws IOException {
        Result r = compute(Long.parseLong(options.string("seed")), options.positiveInt("epochs"),
                options.positiveReal("lr"), options.dtype(), options.device(out));
        for (int e = 0; e < r.losses().length; e++) {
            out.println(logLine(e, r.losses()[e], r.weights()[e], r.biases()[e]));
        }
        double[] epochs = Charts.indices(r.losses().length);
        XYChart loss = Charts.xy("Loss curve", "Number of training rounds", "Size of loss");
        Charts.line(loss, "Loss curve", epochs, r.losses(), Color.BLUE);
        XYChart weight = Charts.xy("", "Number of training rounds", "Size of Weight");
        Charts.line(weight, "Weight curve", epochs, r.weights(), Color.BLUE);
        XYChart bias = Charts.xy("", "Number of training rounds", "Size of Bias");
        Charts.line(bias, "Bias curve", epochs, r.biases(), Color.BLUE);
        out.println("chart: " + stack(options.outDir(), name() + ".png", loss, weight, bias));
    }

    /** Writes charts stacked vertically into one PNG (the tutorial's {@code subplots(3, 1)}). */
    static Path stack(Path dir, String fileName, XYChart... charts) throws IOException {
        Files.createDirectories(dir);
        BufferedImage[] images = new BufferedImage[charts.length];
        int width = 0;
        int height = 0;
        for (int i = 0; i < charts.length; i++) {
            images[i] = BitmapEncoder.getBufferedImage(charts[i]);
            width = Math.max(width, images[i].getWidth());
            height += images[i].getHeight();
        }
        BufferedImage all = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = all.createGraphics();
        int y = 0;
        for (BufferedImage img : images) {
            g.drawImage(img, 0, y, null);
            y += img.getHeight();
        }
        g.dispose();
        Path file = dir.resolve(fileName);
        ImageIO.write(all, "png", file.toFile());
        return file;
    }
}
