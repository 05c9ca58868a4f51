package dev.panamax.samples;

import dev.panamax.tensor.Device;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every sample, at reduced settings, on {@code --device cuda} over cuda-sim (the host emulation of
 * the CUDA libraries built by the bindings module) prints the same figures as on the CPU: exactly
 * the same count of numbers, each within a relative 1e-4 (float32 kernels round differently).
 */
class SamplesCudaSimTest {

    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");

    @TempDir
    static Path tmp;

    @BeforeAll
    static void requireTheSimulator() {
        String lib = System.getProperty("panamax.test.cudaLib", "");
        if (lib.isEmpty() || !Files.isRegularFile(Path.of(lib))) {
            String why = "SKIPPED: samples on cuda-sim: no cuda-sim library at '" + lib
                    + "' (bindings builds it when a C compiler is present)";
            System.out.println(why);
            Assumptions.abort(why);
        }
        Assumptions.assumeTrue(Device.auto().type() == Device.Type.CUDA,
                "SKIPPED: samples on cuda-sim: " + Device.cuda(0).describeBackend());
    }

    private static String run(String args, String device) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        List<String> argv = new ArrayList<>(List.of(args.split(" ")));
        argv.addAll(List.of("--device", device, "--out", tmp.resolve(device).toString()));
        int code = Main.run(argv.toArray(String[]::new), new PrintStream(buf, true));
        assertEquals(Main.OK, code, () -> device + " run of '" + args + "' failed:\n" + buf);
        return buf.toString();
    }

    private static List<Double> numbers(String output) {
        List<Double> out = new ArrayList<>();
        for (String line : output.lines().toList()) {
            if (line.startsWith("backend:") || line.startsWith("chart:") || line.startsWith("MNIST from")) {
                continue;
            }
            Matcher m = NUMBER.matcher(line.replace(", device='cuda:0'", ""));
            while (m.find()) {
                out.add(Double.parseDouble(m.group()));
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "quadratic-numpy --iterations 20",
        "quadratic-autograd --iterations 10",
        "linear-model --epochs 3",
        "optimizers --epochs 2",
        "two-layer-numpy --iterations 3",
        "two-layer-autograd --iterations 3",
        "mnist-raw --data MNIST --epochs 1 --limit 128 --normalize true --lr 0.5 --progress false",
        "mnist-linear --data MNIST --epochs 1 --limit 128 --normalize true --lr 0.5 --progress false",
        "mnist-optim --data MNIST --epochs 1 --limit 128 --normalize true --lr 0.5 --progress false",
        "cubic-numpy --iterations 100",
        "cubic-tensor --iterations 100",
        "cubic-autograd --iterations 100",
        "cubic-nn --iterations 100",
        "cubic-optim --iterations 100",
        "cubic-module --iterations 100"})
    void sampleAgreesWithTheCpu(String args) {
        String a = args.replace("MNIST", MnistSampleTest.subset().toString());
        String cuda = run(a, "cuda");
        String cpu = run(a, "cpu");
        assertTrue(cuda.contains("backend: cuda:0"), cuda);
        List<Double> x = numbers(cuda);
        List<Double> y = numbers(cpu);
        assertEquals(y.size(), x.size(), () -> "different output:\n--- cuda\n" + cuda + "--- cpu\n" + cpu);
        for (int i = 0; i < x.size(); i++) {
            double tol = 1e-4 * Math.max(1, Math.abs(y.get(i)));
            assertEquals(y.get(i), x.get(i), tol, "number " + i + " of '" + args + "'");
        }
    }
}
