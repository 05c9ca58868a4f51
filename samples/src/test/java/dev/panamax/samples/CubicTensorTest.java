package dev.panamax.samples;

import static dev.panamax.samples.Fixtures.assertAllRelClose;
import static dev.panamax.samples.Fixtures.assertRelClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.Device;
import org.junit.jupiter.api.Test;

/** Checks the tensor version of the cubic fit in float64 against NumPy and in float32 against float64. */
class CubicTensorTest {

    private static CubicTensor.Result run(DType dtype) {
        return CubicTensor.compute(0, CubicNumpy.DEFAULT_ITERATIONS, CubicNumpy.DEFAULT_LR, dtype, Device.CPU);
    }

    @Test
    void float64MatchesNumpy() {
        Object f = Fixtures.load("cubic_numpy_seed0.json");
        CubicTensor.Result r = run(DType.FLOAT64);
        assertEquals(DType.FLOAT64, r.dtype());
        assertAllRelClose(Fixtures.numbers(f, "losses"), r.losses(), 1e-9, "loss");
        assertRelClose(Fixtures.number(f, "a"), r.a(), 1e-9, "a");
        assertRelClose(Fixtures.number(f, "b"), r.b(), 1e-9, "b");
        assertRelClose(Fixtures.number(f, "c"), r.c(), 1e-9, "c");
        assertRelClose(Fixtures.number(f, "d"), r.d(), 1e-9, "d");
    }

    @Test
    void float32StaysCloseToFloat64() {
        CubicTensor.Result r64 = run(DType.FLOAT64);
        CubicTensor.Result r32 = run(DType.FLOAT32);
        assertEquals(DType.FLOAT32, r32.dtype());
        // Computed in float32: every coefficient is exactly a float.
        for (double v : new double[] {r32.a(), r32.b(), r32.c(), r32.d()}) {
            assertEquals(v, (double) (float) v, "not a float32 value: " + v);
        }
        assertRelClose(r64.a(), r32.a(), 1e-4, "a");
        assertRelClose(r64.b(), r32.b(), 1e-4, "b");
        assertRelClose(r64.c(), r32.c(), 1e-4, "c");
        assertRelClose(r64.d(), r32.d(), 1e-4, "d");
        assertAllRelClose(r64.losses(), r32.losses(), 1e-3, "float32 loss");
    }
}
