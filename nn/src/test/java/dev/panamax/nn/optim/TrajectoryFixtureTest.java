package dev.panamax.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamax.tensor.Tensor;
import dev.panamax.tensor.testing.Json;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every optimizer's 25-step trajectory on the fixture problem against PyTorch 2.13
 * (make_optim_fixtures.py), to relative 1e-9 at every step.
 *
 * <p>The fixture's Rprop cases start with a learning rate inside the step-size bounds, where
 * PyTorch 2.13's code and its documented algorithm agree; {@link OptimizerTest} covers the case
 * where they differ, in which Panamax follows the documentation.
 */
class TrajectoryFixtureTest {

    static Stream<Object> cases() {
        return ((List<?>) Json.get(Problem.FIXTURE, "cases")).stream().map(c -> (Object) c);
    }

    private static void close(double[] expected, int from, double[] actual, String what) {
        for (int k = 0; k < actual.length; k++) {
            double e = expected[from + k];
            double tol = 1e-9 * Math.abs(e) + 1e-14;
            assertTrue(Math.abs(e - actual[k]) <= tol,
                    what + "[" + k + "]: expected " + e + " got " + actual[k] + " (all " + Arrays.toString(actual) + ")");
        }
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("cases")
    void followsTorch(Object c) {
        String name = (String) Json.get(c, "name");
        String kind = (String) Json.get(c, "optimizer");
        int steps = ((Number) Json.get(Problem.FIXTURE, "steps")).intValue();
        Problem p = new Problem(((Number) Json.get(c, "sign")).doubleValue());
        Optimizer<?> opt = Problem.optimizer(kind, (Map<?, ?>) Json.get(c, "options"), p.params());
        double[] w = Json.doubles(Json.get(c, "W"));
        double[] b = Json.doubles(Json.get(c, "b"));
        double[] losses = Json.doubles(Json.get(c, "losses"));
        for (int s = 0; s < steps; s++) {
            double loss;
            if (kind.equals("LBFGS") || s % 2 == 0) {
                loss = opt.step(p.closure(opt));
            } else {
                opt.zeroGrad();
                var l = p.loss();
                l.backward();
                loss = l.item();
                opt.step();
            }
            String at = name + " step " + (s + 1);
            close(losses, s, new double[] {loss}, at + " loss");
            close(w, 6 * s, p.w.data().toDoubleArray(), at + " W");
            close(b, 2 * s, p.b.data().toDoubleArray(), at + " b");
            if (kind.equals("ASGD")) {
                close(Json.doubles(Json.get(c, "axW")), 6 * s, opt.state(p.w).get("ax").toDoubleArray(), at + " ax(W)");
                close(Json.doubles(Json.get(c, "axb")), 2 * s, opt.state(p.b).get("ax").toDoubleArray(), at + " ax(b)");
            }
        }
        if (kind.equals("LBFGS")) {
            Map<String, Tensor> st = opt.state(p.w);
            assertEquals(((Number) Json.get(c, "funcEvals")).doubleValue(), st.get("func_evals").item(), name + " func_evals");
            assertEquals(((Number) Json.get(c, "nIter")).doubleValue(), st.get("n_iter").item(), name + " n_iter");
        }
    }
}
