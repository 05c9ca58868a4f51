package dev.panamax.nn.optim;

import static dev.panamax.nn.optim.OptimizerTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.panamax.autograd.Variable;
import dev.panamax.tensor.DType;
import dev.panamax.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Constructor validation with PyTorch 2.13's messages (checked against torch), and the defaults. */
class ValidationTest {

    private static final List<Variable> P = List.of(Variable.parameter(Tensor.zeros(DType.FLOAT64, 2)));

    @Test
    void sgd() {
        SGD.Options d = SGD.Options.defaults();
        assertMessage("Invalid learning rate: -1.0", () -> new SGD(P, d.withLr(-1)));
        assertMessage("Invalid momentum value: -0.5", () -> new SGD(P, d.withMomentum(-0.5)));
        assertMessage("Invalid weight_decay value: -1e-08", () -> new SGD(P, d.withWeightDecay(-1e-8)));
        assertMessage("Nesterov momentum requires a momentum and zero dampening", () -> new SGD(P, d.withNesterov(true)));
        assertMessage("Nesterov momentum requires a momentum and zero dampening",
                () -> new SGD(P, d.withMomentum(0.9).withDampening(0.1).withNesterov(true)));
        assertEquals(new SGD.Options(1e-3, 0, 0, 0, false, false), d);
    }

    @Test
    void adamAndAdamW() {
        Adam.Options d = Adam.Options.defaults();
        assertMessage("Invalid learning rate: -2.5e-05", () -> new Adam(P, d.withLr(-2.5e-5)));
        assertMessage("Invalid beta parameter at index 0: 1.0", () -> new Adam(P, d.withBetas(1.0, 0.999)));
        assertMessage("Invalid beta parameter at index 1: -0.1", () -> new Adam(P, d.withBetas(0.9, -0.1)));
        assertMessage("Invalid epsilon value: -1.0", () -> new Adam(P, d.withEps(-1)));
        assertMessage("Invalid weight_decay value: -0.01", () -> new AdamW(P, AdamW.Options.defaults().withWeightDecay(-0.01)));
        assertEquals(new Adam.Options(1e-3, 0.9, 0.999, 1e-8, 0, false, false), d);
        assertEquals(new AdamW.Options(1e-3, 0.9, 0.999, 1e-8, 1e-2, false, false), AdamW.Options.defaults());
    }

    @Test
    void adagradAndAdamax() {
        Adagrad.Options d = Adagrad.Options.defaults();
        assertMessage("Invalid lr_decay value: -1.0", () -> new Adagrad(P, d.withLrDecay(-1)));
        assertMessage("Invalid initial_accumulator_value value: -0.1",
                () -> new Adagrad(P, d.withInitialAccumulatorValue(-0.1)));
        assertMessage("Invalid epsilon value: -1e-10", () -> new Adagrad(P, d.withEps(-1e-10)));
        assertEquals(new Adagrad.Options(1e-2, 0, 0, 0, 1e-10, false), d);
        assertMessage("Invalid beta parameter at index 1: 1.0",
                () -> new Adamax(P, Adamax.Options.defaults().withBetas(0.9, 1.0)));
        assertEquals(new Adamax.Options(2e-3, 0.9, 0.999, 1e-8, 0, false), Adamax.Options.defaults());
    }

    @Test
    void asgdRmspropRprop() {
        assertMessage("Invalid learning rate: -0.01", () -> new ASGD(P, -0.01));
        assertEquals(new ASGD.Options(1e-2, 1e-4, 0.75, 1e6, 0, false), ASGD.Options.defaults());
        assertMessage("Invalid alpha value: -0.1", () -> new RMSprop(P, RMSprop.Options.defaults().withAlpha(-0.1)));
        assertMessage("Invalid momentum value: -1.0", () -> new RMSprop(P, RMSprop.Options.defaults().withMomentum(-1)));
        assertEquals(new RMSprop.Options(1e-2, 0.99, 1e-8, 0, 0, false, false), RMSprop.Options.defaults());
        assertMessage("Invalid eta values: 1.5, 1.2", () -> new Rprop(P, Rprop.Options.defaults().withEtas(1.5, 1.2)));
        assertMessage("Invalid eta values: 0.5, 1.0", () -> new Rprop(P, Rprop.Options.defaults().withEtas(0.5, 1.0)));
        assertEquals(new Rprop.Options(1e-2, 0.5, 1.2, 1e-6, 50, false), Rprop.Options.defaults());
    }

    @Test
    void lbfgs() {
        assertMessage("Invalid learning rate: -1.0", () -> new LBFGS(P, LBFGS.Options.defaults().withLr(-1)));
        assertMessage("Invalid history_size value: 0", () -> new LBFGS(P, LBFGS.Options.defaults().withHistorySize(0)));
        assertEquals(new LBFGS.Options(1, 20, 25, 1e-7, 1e-9, 100, LBFGS.LineSearch.NONE), LBFGS.Options.defaults());
    }

    @Test
    void addParamGroupValidatesItsOptions() {
        SGD sgd = new SGD(P);
        assertMessage("Invalid momentum value: -1.0", () -> sgd.addParamGroup(
                List.of(Variable.parameter(Tensor.zeros(DType.FLOAT64, 1))), SGD.Options.defaults().withMomentum(-1)));
        assertEquals(1, sgd.paramGroups().size());
    }

    @Test
    void pythonFloatText() {
        assertEquals("1.0", Check.py(1));
        assertEquals("0.001", Check.py(1e-3));
        assertEquals("0.0001", Check.py(1e-4));
        assertEquals("1e-05", Check.py(1e-5));
        assertEquals("-2.5e-05", Check.py(-2.5e-5));
        assertEquals("123456.789", Check.py(123456.789));
        assertEquals("1e+16", Check.py(1e16));
        assertEquals("1234567890123456.0", Check.py(1234567890123456.0));
        assertEquals("0.1", Check.py(0.1));
        assertEquals("-0.0", Check.py(-0.0));
        assertEquals("nan", Check.py(Double.NaN));
        assertEquals("-inf", Check.py(Double.NEGATIVE_INFINITY));
    }
}
