package dev.panamax.nn;

import dev.panamax.autograd.Variable;
import dev.panamax.tensor.DType;
import dev.panamax.tensor.Generator;
import dev.panamax.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModuleTest {

    /** The tutorial's MNIST model, refactored with Linear layers. */
    static final class TwoLayer extends Module {
        final Linear layer1;
        final Linear layer2;

        TwoLayer(Generator g) {
            layer1 = register("layer1", new Linear(4, 3, true, DType.FLOAT64, g));
            layer2 = register("layer2", new Linear(3, 2, true, DType.FLOAT64, g));
        }

        @Override
        public Variable forward(Variable x) {
            return layer2.apply(layer1.apply(x).sigmoid());
        }
    }

    @Test
    void parametersAreNamedDepthFirstInRegistrationOrder() {
        TwoLayer m = new TwoLayer(Generator.philox(1));
        assertEquals(List.of("layer1.weight", "layer1.bias", "layer2.weight", "layer2.bias"),
                List.copyOf(m.namedParameters().keySet()));
        assertEquals(4, m.parameters().size());
        Sequential s = new Sequential(new Linear(3, 1), new Flatten(0, 1));
        assertEquals(List.of("0.weight", "0.bias"), List.copyOf(s.namedParameters().keySet()));
        assertTrue(s.get(0) instanceof Linear);
    }

    @Test
    void linearInitialisationIsWithinPyTorchBounds() {
        Linear l = new Linear(100, 50, true, DType.FLOAT64, Generator.philox(3));
        double bound = 1 / Math.sqrt(100);
        for (double v : l.weight().data().toDoubleArray()) {
            assertTrue(Math.abs(v) <= bound, "weight " + v + " outside ±" + bound);
        }
        for (double v : l.bias().data().toDoubleArray()) {
            assertTrue(Math.abs(v) <= bound, "bias " + v + " outside ±" + bound);
        }
        // Uniform on [-b, b]: the variance is b²/3; with 5000 draws the sample variance is within 10 %.
        double var = l.weight().data().square().mean().item();
        assertEquals(bound * bound / 3, var, 0.1 * bound * bound / 3);
        assertArrayEquals(new int[] {50, 100}, l.weight().shape());
    }

    @Test
    void reprLooksLikePyTorch() {
        Sequential s = new Sequential(new Linear(3, 1), new Flatten(0, 1));
        assertEquals("Sequential(\n  (0): Linear(in_features=3, out_features=1, bias=True)\n"
                + "  (1): Flatten(start_dim=0, end_dim=1)\n)", s.toString());
    }

    @Test
    void zeroGradClearsToNoneOrZero() {
        TwoLayer m = new TwoLayer(Generator.philox(2));
        m.apply(Tensor.ones(DType.FLOAT64, 2, 4)).sum().backward();
        assertNotNull(m.layer1.weight().grad());
        m.zeroGrad(false);
        assertEquals(0.0, m.layer1.weight().grad().abs().sum().item());
        m.zeroGrad();
        assertNull(m.layer1.weight().grad());
    }

    @Test
    void trainAndEvalAreRecursive() {
        TwoLayer m = new TwoLayer(Generator.philox(2));
        m.eval();
        assertTrue(!m.layer1.isTraining());
        m.train();
        assertTrue(m.layer2.isTraining());
    }

    @Test
    void stateDictRoundTripsThroughAFile(@TempDir Path dir) throws IOException {
        TwoLayer a = new TwoLayer(Generator.philox(5));
        TwoLayer b = new TwoLayer(Generator.philox(6));
        Path f = dir.resolve("model.pnmx");
        a.save(f);
        b.load(f);
        for (var e : a.stateDict().entrySet()) {
            assertArrayEquals(e.getValue().toDoubleArray(), b.stateDict().get(e.getKey()).toDoubleArray(), 0.0);
        }
    }

    @Test
    void loadingMismatchedStateFailsClearly(@TempDir Path dir) throws IOException {
        TwoLayer m = new TwoLayer(Generator.philox(5));
        Map<String, Tensor> wrongShape = new java.util.LinkedHashMap<>(m.stateDict());
        wrongShape.put("layer1.bias", Tensor.zeros(DType.FLOAT64, 7));
        var e = assertThrows(IllegalArgumentException.class, () -> m.loadStateDict(wrongShape));
        assertTrue(e.getMessage().contains("layer1.bias") && e.getMessage().contains("[7]"), e.getMessage());
        Map<String, Tensor> missing = new java.util.LinkedHashMap<>(m.stateDict());
        missing.remove("layer2.weight");
        missing.put("extra", Tensor.zeros(DType.FLOAT64, 1));
        e = assertThrows(IllegalArgumentException.class, () -> m.loadStateDict(missing));
        assertTrue(e.getMessage().contains("layer2.weight") && e.getMessage().contains("extra"), e.getMessage());
        Path bad = dir.resolve("bad");
        Files.write(bad, new byte[] {1, 2, 3});
        assertThrows(IOException.class, () -> m.load(bad));
        Path truncated = dir.resolve("truncated");
        m.save(truncated);
        byte[] all = Files.readAllBytes(truncated);
        Files.write(truncated, java.util.Arrays.copyOf(all, all.length - 10));
        assertThrows(IOException.class, () -> m.load(truncated));
    }

    @Test
    void crossEntropyRejectsOutOfRangeTargets() {
        Variable logits = Variable.of(Tensor.zeros(DType.FLOAT64, 2, 10));
        var e = assertThrows(IllegalArgumentException.class,
                () -> F.crossEntropy(logits, Tensor.of(new long[] {3, 12})));
        assertTrue(e.getMessage().contains("12") && e.getMessage().contains("10 classes"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> F.crossEntropy(logits, Tensor.of(new long[] {-1, 0})));
        assertThrows(IllegalArgumentException.class, () -> F.crossEntropy(logits, Tensor.of(new double[] {1, 0})));
    }

    @Test
    void mseLossRejectsShapeMismatch() {
        var e = assertThrows(IllegalArgumentException.class, () -> new MSELoss()
                .apply(Variable.of(Tensor.zeros(DType.FLOAT64, 3)), Tensor.zeros(DType.FLOAT64, 3, 1)));
        assertTrue(e.getMessage().contains("[3]") && e.getMessage().contains("[3, 1]"), e.getMessage());
    }
}
