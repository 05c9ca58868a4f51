package dev.panamax.samples;

import static dev.panamax.samples.Fixtures.assertAllRelClose;
import static dev.panamax.samples.Fixtures.assertRelClose;

import dev.panamax.tensor.Device;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Checks the NumPy-style samples against the fixtures NumPy produced for the same seeds. */
class NumpySamplesTest {

    private static final double REL = 1e-9;

    @Test
    void quadraticMatchesNumpy() {
        Object f = Fixtures.load("quadratic_numpy_seed666.json");
        QuadraticNumpy.Result r = QuadraticNumpy.compute(666, QuadraticNumpy.DEFAULT_ITERATIONS,
                QuadraticNumpy.DEFAULT_LR, Device.CPU);
        assertAllRelClose(Fixtures.numbers(f, "losses"), r.losses(), REL, "loss");
        assertRelClose(Fixtures.number(f, "w"), r.w(), REL, "w");
        assertRelClose(Fixtures.number(f, "b"), r.b(), REL, "b");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {0, 1})
    void twoLayerMatchesNumpy(long seed) {
        Object f = Fixtures.load("two_layer_numpy_seed" + seed + ".json");
        TwoLayerNumpy.Result r = TwoLayerNumpy.compute(seed, TwoLayerNumpy.DEFAULT_ITERATIONS,
                TwoLayerNumpy.DEFAULT_LR, Device.CPU);
        assertAllRelClose(Fixtures.numbers(f, "losses"), r.losses(), REL, "loss");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {0, 1})
    void cubicMatchesNumpy(long seed) {
        Object f = Fixtures.load("cubic_numpy_seed" + seed + ".json");
        CubicNumpy.Result r = CubicNumpy.compute(seed, CubicNumpy.DEFAULT_ITERATIONS, CubicNumpy.DEFAULT_LR,
                Device.CPU);
        assertAllRelClose(Fixtures.numbers(f, "losses"), r.losses(), REL, "loss");
        assertRelClose(Fixtures.number(f, "a"), r.a(), REL, "a");
        assertRelClose(Fixtures.number(f, "b"), r.b(), REL, "b");
        assertRelClose(Fixtures.number(f, "c"), r.c(), REL, "c");
        assertRelClose(Fixtures.number(f, "d"), r.d(), REL, "d");
    }
}
