package dev.panamax.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamax.samples.CubicNumpy;
import dev.panamax.samples.QuadraticNumpy;
import dev.panamax.samples.TwoLayerNumpy;
import org.junit.jupiter.api.Test;

class WorkloadsTest {

    @Test
    void tutorialSettingsAreTheSamplesDefaults() {
        assertEquals(CubicNumpy.DEFAULT_SEED, Workloads.CUBIC_SEED);
        assertEquals(CubicNumpy.DEFAULT_ITERATIONS, Workloads.CUBIC_ITERATIONS);
        assertEquals(CubicNumpy.DEFAULT_LR, Workloads.CUBIC_LR);
        assertEquals(QuadraticNumpy.DEFAULT_SEED, Workloads.QUADRATIC_SEED);
        assertEquals(QuadraticNumpy.DEFAULT_ITERATIONS, Workloads.QUADRATIC_ITERATIONS);
        assertEquals(QuadraticNumpy.DEFAULT_LR, Workloads.QUADRATIC_LR);
        assertEquals(TwoLayerNumpy.DEFAULT_SEED, Workloads.TWO_LAYER_SEED);
        assertEquals(TwoLayerNumpy.DEFAULT_ITERATIONS, Workloads.TWO_LAYER_ITERATIONS);
        assertEquals(TwoLayerNumpy.DEFAULT_LR, Workloads.TWO_LAYER_LR);
    }

    @Test
    void generatorsAreSeededAndInRange() {
        float[] u = Workloads.uniform(7, 1000);
        assertEquals(u[999], Workloads.uniform(7, 1000)[999]);
        for (float v : u) {
            assertTrue(v >= -1 && v < 1);
        }
        for (long label : Workloads.labels(3, 1000, 10)) {
            assertTrue(label >= 0 && label < 10);
        }
        float[] normal = Workloads.normal(1, 10001);
        double mean = 0;
        for (float v : normal) {
            mean += v;
        }
        assertTrue(Math.abs(mean / normal.length) < 0.05);
        float[] line = Workloads.linspace(-1, 1, 5);
        assertEquals(-1f, line[0]);
        assertEquals(0f, line[2]);
        assertEquals(1f, line[4]);
    }
}
