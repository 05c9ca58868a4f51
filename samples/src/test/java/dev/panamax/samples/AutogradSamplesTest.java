package dev.panamax.samples;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.Device;
import dev.panamax.tensor.testing.Json;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The autograd samples against the NumPy fixtures (make_fixtures.py): in float64 from the same
 * initial values, autograd must give the hand-written gradients' results to a relative 1e-9.
 */
class AutogradSamplesTest {

    private static void relClose(double expected, double actual, double rel, String what) {
        assertTrue(Math.abs(expected - actual) <= rel * Math.abs(expected),
                what + ": expected " + expected + " got " + actual);
    }

    @Test
    void cubicAutogradInFloat64ReproducesNumpy() {
        Object f = Json.resource(getClass(), "/fixtures/cubic_numpy_seed0.json");
        CubicTensor.Result r = CubicAutograd.compute(0, 2000, 1e-6, DType.FLOAT64, Device.CPU);
        double[] losses = Json.doubles(Json.get(f, "losses"));
        for (int t = 0; t < losses.length; t++) {
            relClose(losses[t], r.losses()[t], 1e-9, "loss " + t);
        }
        relClose(Json.number(f, "a"), r.a(), 1e-9, "a");
        relClose(Json.number(f, "b"), r.b(), 1e-9, "b");
        relClose(Json.number(f, "c"), r.c(), 1e-9, "c");
        relClose(Json.number(f, "d"), r.d(), 1e-9, "d");
    }

    @Test
    void cubicAutogradInFloat32StaysNearFloat64() {
        CubicTensor.Result r = CubicAutograd.compute(0, 2000, 1e-6, DType.FLOAT32, Device.CPU);
        relClose(0.8443864408312383, r.b(), 1e-4, "b");
        relClose(-0.09157308290467792, r.d(), 1e-4, "d");
    }

    @Test
    void quadraticAutogradFromPartOnesInitReproducesPartOne() {
        Object f = Json.resource(getClass(), "/fixtures/quadratic_numpy_seed666.json");
        QuadraticAutograd.Result r = QuadraticAutograd.compute(666, 800, 0.001, DType.FLOAT64, true, Device.CPU);
        relClose(Json.number(f, "w"), r.w(), 1e-9, "w");
        relClose(Json.number(f, "b"), r.b(), 1e-9, "b");
    }

    @Test
    void quadraticAutogradWithTheTutorialsInitFitsTheCurve() {
        QuadraticAutograd.Result r = QuadraticAutograd.compute(666, 800, 0.001, DType.FLOAT32, false, Device.CPU);
        // The data are y = 3x² + 2 + 0.2·U(0, 1): the fit lands near w = 3 and b = 2.1.
        assertEquals(3.0, r.w(), 0.1);
        assertEquals(2.1, r.b(), 0.05);
        assertTrue(r.wText().endsWith("requires_grad=True)"), r.wText());
    }

    @Test
    void twoLayerAutogradInFloat64ReproducesNumpysLossSequence() {
        Object f = Json.resource(getClass(), "/fixtures/two_layer_numpy_seed0.json");
        double[] expected = Json.doubles(Json.get(f, "losses"));
        double[] losses = TwoLayerAutograd.compute(0, expected.length, 1e-6, DType.FLOAT64, Device.CPU).losses();
        for (int i = 0; i < expected.length; i++) {
            relClose(expected[i], losses[i], 1e-9, "loss " + i);
        }
    }
}
