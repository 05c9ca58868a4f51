package dev.panamax.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs the launcher as a user would and checks its output, charts and exit codes. */
class MainTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path tmp;

    /** The exit status and everything printed by one launcher call. */
    private record Run(int status, String output) {
    }

    private static Run launch(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int status = Main.run(args, out);
        return new Run(status, bytes.toString(StandardCharsets.UTF_8));
    }

    private Run launchOk(String... args) {
        Run r = launch(args);
        assertEquals(Main.OK, r.status(), () -> "output:\n" + r.output());
        return r;
    }

    @Test
    void listNamesEverySample() {
        Run r = launchOk("list");
        List<String> expected = List.of("quadratic-numpy", "quadratic-autograd", "linear-model", "optimizers",
                "two-layer-numpy", "two-layer-autograd", "mnist-raw", "mnist-linear", "mnist-optim", "cubic-numpy",
                "cubic-tensor", "cubic-autograd", "cubic-nn", "cubic-optim", "cubic-module");
        for (String name : expected) {
            assertTrue(r.output().contains(name), name + " missing from:\n" + r.output());
        }
        assertEquals(expected.size(), r.output().lines().count());
    }

    @Test
    void quadraticPrintsTheNumpyFigures() {
        Run r = launchOk("quadratic-numpy", "--out", tmp.toString());
        assertTrue(r.output().contains("w = 2.998681441869641, b = 2.09891722848425"), r.output());
    }

    @Test
    void twoLayerPrintsTheFirstLoss() {
        Run r = launchOk("two-layer-numpy", "--iterations", "1", "--out", tmp.toString());
        // The figure; the last bits depend on the matrix product's and the sum's order
        // (NumPy with OpenBLAS prints 28939368.0904654 here), so the check is to a relative 1e-12.
        assertTrue(r.output().startsWith("backend: cpu ("), r.output());
        String first = r.output().lines().filter(l -> !l.startsWith("backend: ")).findFirst().orElseThrow();
        assertTrue(first.startsWith("0 "), first);
        double loss = Double.parseDouble(first.substring(2));
        assertEquals(28939368.090465397, loss, 28939368.090465397 * 1e-12, first);
    }

    @Test
    void cubicPrintsTheLossesAndTheFittedPolynomial() {
        Run r = launchOk("cubic-numpy", "--out", tmp.toString());
        List<String> lines = r.output().lines().filter(l -> !l.startsWith("backend: ")).toList();
        for (int k = 0; k < 20; k++) {
            assertTrue(lines.get(k).startsWith((100 * k + 99) + " "), lines.get(k));
        }
        // The last digits depend on rounding in pow and in the order of summation, which NumPy
        // (pairwise sums, the platform's libm) and the CPU backend do differently, so the
        // coefficients are compared to NumPy 2.4's figures to 1e-9 instead of character by character.
        Matcher m = Pattern.compile("Result: y = (\\S+) \\+ (\\S+) x \\+ (\\S+) x\\^2 \\+ (\\S+) x\\^3")
                .matcher(r.output());
        assertTrue(m.find(), r.output());
        double[] numpy = {0.04878583756373356, 0.8443864408312383, -0.008416368779585176, -0.09157308290467792};
        for (int i = 0; i < 4; i++) {
            String printed = m.group(i + 1);
            double v = Double.parseDouble(printed);
            assertEquals(PyRepr.format(v), printed, "not printed like Python's repr");
            Fixtures.assertRelClose(numpy[i], v, 1e-9, "coefficient " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"quadratic-numpy", "two-layer-numpy", "cubic-numpy", "cubic-tensor"})
    void writesTheChartAsPng(String sample) throws IOException {
        Path dir = tmp.resolve("nested").resolve("charts");
        Run r = launchOk(sample, "--iterations", "3", "--out", dir.toString());
        Path png = dir.resolve(sample + ".png");
        assertTrue(r.output().contains("chart: " + png), r.output());
        assertTrue(Files.size(png) > 1000, "chart too small: " + Files.size(png));
        byte[] head = Arrays.copyOf(Files.readAllBytes(png), PNG_SIGNATURE.length);
        assertArrayEquals(PNG_SIGNATURE, head);
    }

    @Test
    void autoDeviceFallsBackToCpuAndSaysSo() {
        Run r = launchOk("cubic-tensor", "--device", "auto", "--iterations", "1", "--out", tmp.toString());
        assertTrue(r.output().startsWith("backend: cpu ("), r.output());
    }

    @Test
    void cudaDeviceIsRejected() {
        Run r = launch("cubic-tensor", "--device", "cuda", "--out", tmp.toString());
        assertEquals(Main.USAGE, r.status());
        assertTrue(r.output().contains("CUDA device requested but the CUDA backend is not available"),
                r.output());
        assertTrue(Files.notExists(tmp.resolve("cubic-tensor.png")), "nothing should run");
    }

    @Test
    void unknownSampleIsRejectedWithTheValidNames() {
        Run r = launch("cubic-numpyy");
        assertEquals(Main.USAGE, r.status());
        assertTrue(r.output().contains("unknown sample 'cubic-numpyy'"), r.output());
        for (Sample s : Main.samples()) {
            assertTrue(r.output().contains(s.name()), r.output());
        }
    }

    @Test
    void unknownOptionIsRejectedWithTheValidOptions() {
        Run r = launch("quadratic-numpy", "--dtype", "float32");
        assertEquals(Main.USAGE, r.status());
        assertTrue(r.output().contains("unknown option --dtype"), r.output());
        assertTrue(r.output().contains("--seed, --iterations, --lr, --out, --device"), r.output());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "cubic-tensor --dtype float16",
        "cubic-tensor --device tpu",
        "cubic-numpy --seed -1",
        "cubic-numpy --seed 4294967296",
        "two-layer-numpy --iterations many",
        "two-layer-numpy --iterations 0",
        "quadratic-numpy --lr -0.1",
        "quadratic-numpy --seed",
        "quadratic-numpy --seed 1 --seed 2",
        "quadratic-numpy seed=1",
        "all --seed 3",
        "list --verbose",
    })
    void badCommandLinesExitWithStatus2(String commandLine) {
        Run r = launch(commandLine.split(" "));
        assertEquals(Main.USAGE, r.status(), r.output());
        assertTrue(r.output().startsWith("error: "), r.output());
    }

    @Test
    void noArgumentsPrintsUsage() {
        Run r = launch();
        assertEquals(Main.USAGE, r.status());
        assertTrue(r.output().contains("usage:"), r.output());
    }
}
