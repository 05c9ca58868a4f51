package dev.panamax.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.Tensor;
import dev.panamax.tensor.testing.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Saving and restoring optimizer state: a restored run continues exactly as an uninterrupted one. */
class StateDictTest {

    private static void run(Problem p, Optimizer<?> opt, int steps) {
        for (int s = 0; s < steps; s++) {
            opt.step(p.closure(opt));
        }
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("dev.panamax.nn.optim.TrajectoryFixtureTest#cases")
    void tenSavedPlusFifteenRestoredEqualsTwentyFive(Object c) {
        String kind = (String) Json.get(c, "optimizer");
        Map<?, ?> options = (Map<?, ?>) Json.get(c, "options");
        double sign = ((Number) Json.get(c, "sign")).doubleValue();

        Problem straight = new Problem(sign);
        run(straight, Problem.optimizer(kind, options, straight.params()), 25);

        Problem first = new Problem(sign);
        Optimizer<?> before = Problem.optimizer(kind, options, first.params());
        run(first, before, 10);
        Map<String, Tensor> saved = before.stateDict();
        double[] w10 = first.w.data().toDoubleArray();
        double[] b10 = first.b.data().toDoubleArray();
        run(first, before, 3);  // the snapshot must not follow later steps

        Problem resumed = new Problem(w10, b10, sign);
        Optimizer<?> after = Problem.optimizer(kind, options, resumed.params());
        after.loadStateDict(saved);
        assertEquals(saved.keySet(), after.stateDict().keySet());
        run(resumed, after, 15);

        assertArrayEquals(straight.w.data().toDoubleArray(), resumed.w.data().toDoubleArray(), 0, kind + " W");
        assertArrayEquals(straight.b.data().toDoubleArray(), resumed.b.data().toDoubleArray(), 0, kind + " b");
    }

    @Test
    void keysNameParameterIndexAndStateName() {
        Problem p = new Problem(1);
        Adam adam = new Adam(p.params(), Adam.Options.defaults().withAmsgrad(true));
        run(p, adam, 2);
        Map<String, Tensor> dict = adam.stateDict();
        assertEquals(java.util.List.of("state.0.step", "state.0.exp_avg", "state.0.exp_avg_sq", "state.0.max_exp_avg_sq",
                "state.1.step", "state.1.exp_avg", "state.1.exp_avg_sq", "state.1.max_exp_avg_sq"),
                java.util.List.copyOf(dict.keySet()));
        Tensor step = dict.get("state.1.step");
        assertEquals(0, step.dim());
        assertEquals(DType.FLOAT64, step.dtype());
        assertEquals(2.0, step.item());
    }

    @Test
    void mismatchedKeysAndShapesAreNamedAndNothingChanges() {
        Problem p = new Problem(1);
        SGD sgd = new SGD(p.params(), SGD.Options.defaults().withMomentum(0.9));
        run(p, sgd, 1);
        Tensor bufferBefore = sgd.state(p.w).get("momentum_buffer");

        Problem q = new Problem(1);
        Adam adam = new Adam(q.params());
        run(q, adam, 1);
        var e = assertThrows(IllegalArgumentException.class, () -> sgd.loadStateDict(adam.stateDict()));
        assertTrue(e.getMessage().contains("unexpected key 'state.0.exp_avg'"), e.getMessage());
        assertTrue(e.getMessage().contains("missing key 'state.1.momentum_buffer'"), e.getMessage());

        Map<String, Tensor> swapped = new LinkedHashMap<>(sgd.stateDict());
        Tensor w = swapped.get("state.0.momentum_buffer");
        swapped.put("state.0.momentum_buffer", swapped.get("state.1.momentum_buffer"));
        swapped.put("state.1.momentum_buffer", w);
        e = assertThrows(IllegalArgumentException.class, () -> sgd.loadStateDict(swapped));
        assertTrue(e.getMessage().contains("key 'state.0.momentum_buffer' has shape [2], expected [2, 3]"), e.getMessage());

        Map<String, Tensor> extra = new LinkedHashMap<>(sgd.stateDict());
        extra.put("state.2.momentum_buffer", Tensor.zeros(DType.FLOAT64, 2));
        extra.put("param_groups.0.lr", Tensor.scalar(0.1, DType.FLOAT64));
        e = assertThrows(IllegalArgumentException.class, () -> sgd.loadStateDict(extra));
        assertTrue(e.getMessage().contains("unexpected key 'state.2.momentum_buffer'"), e.getMessage());
        assertTrue(e.getMessage().contains("unexpected key 'param_groups.0.lr'"), e.getMessage());

        assertSame(bufferBefore, sgd.state(p.w).get("momentum_buffer"), "a rejected dictionary changes nothing");
    }

    @Test
    void loadingCopiesAndConvertsToTheParameterDtype() {
        Problem p = new Problem(1);
        RMSprop a = new RMSprop(p.params());
        run(p, a, 3);
        Map<String, Tensor> dict = a.stateDict();
        var w32 = dev.panamax.autograd.Variable.parameter(Tensor.zeros(DType.FLOAT32, 2, 3));
        var b32 = dev.panamax.autograd.Variable.parameter(Tensor.zeros(DType.FLOAT32, 2));
        RMSprop b = new RMSprop(java.util.List.of(w32, b32));
        b.loadStateDict(dict);
        assertEquals(DType.FLOAT32, b.state(w32).get("square_avg").dtype());
        assertEquals(DType.FLOAT64, b.state(w32).get("step").dtype());
        dict.get("state.0.square_avg").fill_(-1);
        assertTrue(b.state(w32).get("square_avg").toDoubleArray()[0] >= 0, "the loaded state is a copy");
    }

    @Test
    void emptyDictionaryClearsState() {
        Problem p = new Problem(1);
        Adagrad a = new Adagrad(p.params());
        run(p, a, 2);
        a.loadStateDict(Map.of());
        assertTrue(a.state(p.w).isEmpty());
        assertTrue(a.stateDict().isEmpty());
    }
}
