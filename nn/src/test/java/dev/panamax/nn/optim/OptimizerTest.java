package dev.panamax.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamax.autograd.GradMode;
import dev.panamax.autograd.Variable;
import dev.panamax.nn.Parameter;
import dev.panamax.tensor.DType;
import dev.panamax.tensor.Memory;
import dev.panamax.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Groups, gradients, skipping, memory scopes, the closure, LBFGS's restrictions and Rprop's documented rule. */
class OptimizerTest {

    private static void backward(Problem p) {
        p.loss().backward();
    }

    @Test
    void zeroGradSetsToNoneOrZero() {
        Problem p = new Problem(1);
        SGD sgd = new SGD(p.params(), 0.1);
        backward(p);
        Tensor g = p.w.grad();
        sgd.zeroGrad(false);
        assertSame(g, p.w.grad(), "zeroing keeps the gradient tensor");
        assertArrayEquals(new double[6], g.toDoubleArray(), 0);
        sgd.zeroGrad();
        assertNull(p.w.grad());
        assertNull(p.b.grad());
    }

    @Test
    void aStepBorrowsGradientsSoZeroGradGivesTheirMemoryBack() {
        Problem p = new Problem(1);
        SGD sgd = new SGD(p.params(), 0.1);
        backward(p);
        Tensor lent = p.w.borrowGrad();
        sgd.step();
        sgd.zeroGrad();
        assertTrue(lent.isReleased(), "step only borrowed it");
        // a gradient the caller took is left alone
        backward(p);
        Tensor taken = p.w.grad();
        double[] before = taken.toDoubleArray();
        sgd.step();
        sgd.zeroGrad();
        assertFalse(taken.isReleased());
        assertArrayEquals(before, taken.toDoubleArray(), 0);
    }

    @Test
    void groupsUseTheirOwnLearningRate() {
        Problem p = new Problem(1);
        SGD sgd = new SGD(List.of(p.w), 0.1);
        sgd.addParamGroup(List.of(p.b), SGD.Options.defaults().withLr(0.01));
        assertEquals(2, sgd.paramGroups().size());
        assertEquals(0.01, sgd.paramGroups().get(1).options().lr());
        backward(p);
        Tensor expectedW = p.w.data().sub(p.w.grad().mul(0.1));
        Tensor expectedB = p.b.data().sub(p.b.grad().mul(0.01));
        sgd.step();
        assertArrayEquals(expectedW.toDoubleArray(), p.w.data().toDoubleArray(), 0);
        assertArrayEquals(expectedB.toDoubleArray(), p.b.data().toDoubleArray(), 0);

        ParamGroup<SGD.Options> second = sgd.paramGroups().get(1);
        second.setOptions(second.options().withLr(0.5));
        expectedB = p.b.data().sub(p.b.grad().mul(0.5));
        sgd.step();
        assertArrayEquals(expectedB.toDoubleArray(), p.b.data().toDoubleArray(), 0);
        var e = assertThrows(IllegalArgumentException.class, () -> second.setOptions(second.options().withLr(-1)));
        assertEquals("Invalid learning rate: -1.0", e.getMessage());
        assertEquals(0.5, second.options().lr(), "rejected options are not applied");
    }

    @Test
    void parametersAreCheckedWhenGrouped() {
        Problem p = new Problem(1);
        assertMessage("optimizer got an empty parameter list", () -> new Adam(List.of()));
        assertMessage("some parameters appear in more than one parameter group (shape [2, 3])", () -> {
            Adam a = new Adam(List.of(p.w));
            a.addParamGroup(List.of(p.b, p.w), Adam.Options.defaults());
        });
        var twice = assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(p.b, p.b)));
        assertTrue(twice.getMessage().contains("twice"), twice.getMessage());
        var nonLeaf = assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(p.w.mul(2.0))));
        assertTrue(nonLeaf.getMessage().startsWith("can't optimize a non-leaf Variable"), nonLeaf.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> new Adam(p.params()).paramGroups().clear());
    }

    @Test
    void parametersWithoutGradientAreSkipped() {
        Problem p = new Problem(1);
        Variable unused = Variable.parameter(Tensor.of(new double[] {1, 2, 3}));
        for (Optimizer<?> opt : List.<Optimizer<?>>of(new Adam(List.of(p.w, p.b, unused), 0.1),
                new SGD(List.of(p.w, p.b, unused), SGD.Options.defaults().withMomentum(0.9).withWeightDecay(0.1)),
                new Rprop(List.of(p.w, p.b, unused)))) {
            opt.zeroGrad();
            backward(p);
            p.b.clearGrad();
            double[] b = p.b.data().toDoubleArray();
            double[] w = p.w.data().toDoubleArray();
            opt.step();
            assertArrayEquals(new double[] {1, 2, 3}, unused.data().toDoubleArray(), 0);
            assertArrayEquals(b, p.b.data().toDoubleArray(), 0);
            assertFalse(java.util.Arrays.equals(w, p.w.data().toDoubleArray()), "the parameter with a gradient moved");
            assertTrue(opt.state(unused).isEmpty());
            assertTrue(opt.state(p.b).isEmpty());
            assertTrue(opt.stateDict().keySet().stream().allMatch(k -> k.startsWith("state.0.")), opt.stateDict().keySet()::toString);
        }
    }

    @Test
    void updatesAreInPlaceAndStateOutlivesMemoryScopes() {
        Parameter w = new Parameter(Tensor.of(new double[] {1, -2, 3}));
        Tensor storage = w.data();
        Adam adam = new Adam(List.of(w), Adam.Options.defaults().withLr(0.1).withAmsgrad(true));
        for (int i = 0; i < 3; i++) {
            long version = w.data().version();
            try (var _ = Memory.scope()) {
                adam.zeroGrad();
                Variable loss = w.square().sum();
                loss.backward();
                adam.step();
            }
            assertSame(storage, w.data());
            assertTrue(w.data().version() > version, "the write is recorded in the version counter");
            adam.state(w).values().forEach(t -> assertFalse(t.isReleased()));
            assertFalse(w.grad().isReleased());
        }
        assertEquals(3.0, adam.state(w).get("step").item());
        assertTrue(Math.abs(w.data().toDoubleArray()[0]) < 1, "moved toward the minimum");
    }

    @Test
    void closureRunsWithGradientsAndStepRunsWithout() {
        Problem p = new Problem(1);
        SGD sgd = new SGD(p.params(), 0.01);
        boolean[] seen = new boolean[1];
        double loss;
        try (var _ = GradMode.noGrad()) {
            loss = sgd.step(() -> {
                seen[0] = GradMode.isEnabled();
                sgd.zeroGrad();
                Variable l = p.loss();
                l.backward();
                return l;
            });
            assertFalse(GradMode.isEnabled());
        }
        assertTrue(seen[0], "the closure ran with gradients enabled");
        assertEquals(Problem.lossAt(Problem.W0, Problem.B0), loss, 1e-12);
        assertThrows(NullPointerException.class, () -> sgd.step(() -> null));
    }

    @Test
    void lbfgsNeedsAClosureAndOneGroup() {
        Problem p = new Problem(1);
        LBFGS lbfgs = new LBFGS(p.params());
        assertMessage("LBFGS needs a closure that re-evaluates the model: call step(closure)", lbfgs::step);
        assertMessage("LBFGS doesn't support per-parameter options (parameter groups)",
                () -> lbfgs.addParamGroup(List.of(Variable.parameter(Tensor.zeros(DType.FLOAT64, 1))),
                        LBFGS.Options.defaults()));
        var mixed = assertThrows(IllegalArgumentException.class,
                () -> new LBFGS(List.of(p.w, Variable.parameter(Tensor.zeros(DType.FLOAT32, 2)))));
        assertTrue(mixed.getMessage().contains("one dtype"), mixed.getMessage());
        assertEquals(25, LBFGS.Options.defaults().maxEval());
        assertEquals(5, LBFGS.Options.defaults().withMaxIter(4).maxEval(), "max_eval follows max_iter·5/4");
        assertEquals(Problem.lossAt(Problem.W0, Problem.B0), lbfgs.step(p.closure(lbfgs)), 1e-12);
    }

    /**
     * With a learning rate above the largest step size, the documented Rprop keeps the step size at
     * the learning rate until the gradient keeps its sign; PyTorch 2.13's code clamps it to Γ_max
     * on every step (here it would move by 0.1). Panamax follows the documentation.
     */
    @Test
    void rpropFollowsTheDocumentedStepSizeRule() {
        Variable w = Variable.parameter(Tensor.zeros(DType.FLOAT64, 1));
        Rprop rprop = new Rprop(List.of(w), Rprop.Options.defaults().withLr(0.5).withStepSizes(1e-6, 0.1));
        w.setGrad(Tensor.ones(DType.FLOAT64, 1));
        rprop.step();
        assertEquals(-0.5, w.data().item(), 0);
        assertEquals(0.5, rprop.state(w).get("step_size").item(), 0);
        rprop.step();  // same sign: min(0.5·1.2, 0.1)
        assertEquals(-0.6, w.data().item(), 1e-15);
        w.setGrad(Tensor.full(-1, DType.FLOAT64, 1));
        rprop.step();  // sign change: max(0.1·0.5, 1e-6), and no move
        assertEquals(-0.6, w.data().item(), 1e-15);
        assertEquals(0.05, rprop.state(w).get("step_size").item(), 1e-15);
        assertEquals(0.0, rprop.state(w).get("prev").item(), 0);
    }

    @Test
    void float32ParametersKeepFloat32State() {
        Variable w = Variable.parameter(Tensor.of(new float[] {1, 2}));
        AdamW adamw = new AdamW(List.of(w));
        w.square().sum().backward();
        adamw.step();
        assertEquals(DType.FLOAT32, w.data().dtype());
        assertEquals(DType.FLOAT32, adamw.state(w).get("exp_avg").dtype());
        assertEquals(DType.FLOAT64, adamw.state(w).get("step").dtype());
    }

    @Test
    void toStringListsGroups() {
        Problem p = new Problem(1);
        String s = new SGD(p.params(), 0.1).toString();
        assertTrue(s.startsWith("SGD (\nParameter Group 0: 2 parameters, Options[lr=0.1"), s);
    }

    static void assertMessage(String expected, Executable e) {
        Throwable t = assertThrows(RuntimeException.class, e);
        assertEquals(expected, t.getMessage());
    }
}
