package dev.panamax.nn;

import dev.panamax.autograd.Variable;
import dev.panamax.tensor.Tensor;
import dev.panamax.tensor.testing.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Losses and Linear against values and gradients recorded with PyTorch (make_loss_fixtures.py). */
class LossFixtureTest {

    private static final List<?> CASES =
            (List<?>) Json.get(Json.resource(LossFixtureTest.class, "/fixtures/losses.json"), "cases");

    private static void close(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int k = 0; k < expected.length; k++) {
            double tol = 1e-12 + 1e-10 * Math.abs(expected[k]);
            assertTrue(Math.abs(expected[k] - actual[k]) <= tol,
                    what + "[" + k + "]: expected " + expected[k] + " got " + actual[k]);
        }
    }

    private static Reduction reduction(Object c) {
        return Reduction.valueOf(((String) Json.get(c, "reduction")).toUpperCase(java.util.Locale.ROOT));
    }

    @Test
    void lossesMatchTorch() {
        int checked = 0;
        for (Object c : CASES) {
            String op = (String) Json.get(c, "op");
            if (op.equals("linear")) {
                continue;
            }
            int[] shape = Json.ints(Json.get(c, "shape"));
            Variable x = Variable.of(Tensor.of(Json.doubles(Json.get(c, "input")), shape)).requiresGrad(true);
            Reduction red = reduction(c);
            Variable out = switch (op) {
                case "crossEntropy" -> new CrossEntropyLoss(red).apply(x, Tensor.of(Json.longs(Json.get(c, "target"))));
                case "nllOfLogSoftmax" -> new NLLLoss(red).apply(x.logSoftmax(1), Tensor.of(Json.longs(Json.get(c, "target"))));
                case "mse" -> new MSELoss(red).apply(x, Tensor.of(Json.doubles(Json.get(c, "target")), shape));
                default -> throw new IllegalStateException("unknown fixture op " + op);
            };
            Variable total = red == Reduction.NONE
                    ? out.mul(Variable.of(Tensor.of(Json.doubles(Json.get(c, "weights")), out.shape()))).sum() : out;
            total.backward();
            close(Json.doubles(Json.get(c, "out")), out.data().toDoubleArray(), op + "/" + red + " value");
            close(Json.doubles(Json.get(c, "grad")), x.grad().toDoubleArray(), op + "/" + red + " grad");
            checked++;
        }
        assertEquals(9, checked, "every loss case of the fixture ran");
    }

    @Test
    void linearMatchesTorch() {
        Object c = CASES.stream().filter(o -> Json.get(o, "op").equals("linear")).findFirst().orElseThrow();
        Variable x = Variable.of(Tensor.of(Json.doubles(Json.get(c, "input")), 4, 3)).requiresGrad(true);
        Variable w = Variable.of(Tensor.of(Json.doubles(Json.get(c, "weight")), 2, 3)).requiresGrad(true);
        Variable b = Variable.of(Tensor.of(Json.doubles(Json.get(c, "bias")), 2)).requiresGrad(true);
        Variable y = F.linear(x, w, b);
        y.mul(Variable.of(Tensor.of(Json.doubles(Json.get(c, "weights")), 4, 2))).sum().backward();
        assertArrayEquals(new int[] {4, 2}, y.shape());
        close(Json.doubles(Json.get(c, "out")), y.data().toDoubleArray(), "linear value");
        close(Json.doubles(Json.get(c, "gradInput")), x.grad().toDoubleArray(), "linear grad input");
        close(Json.doubles(Json.get(c, "gradWeight")), w.grad().toDoubleArray(), "linear grad weight");
        close(Json.doubles(Json.get(c, "gradBias")), b.grad().toDoubleArray(), "linear grad bias");
    }
}
