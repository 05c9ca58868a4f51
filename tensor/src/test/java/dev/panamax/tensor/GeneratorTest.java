package dev.panamax.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/** The contract every {@link Generator} shares: factories, fills, argument checks, default. */
class GeneratorTest {

    private static final List<LongFunction<Generator>> KINDS =
            List.of(Generator::numpy, Generator::philox);

    @Test
    void factoriesReturnTheNamedAlgorithm() {
        assertInstanceOf(NumpyGenerator.class, Generator.numpy(1));
        assertInstanceOf(PhiloxGenerator.class, Generator.philox(1));
    }

    @Test
    void fillsEqualRepeatedScalarCalls() {
        for (LongFunction<Generator> kind : KINDS) {
            Generator scalar = kind.apply(11);
            Generator bulk = kind.apply(11);
            for (int round = 0; round < 3; round++) {
                double[] u = new double[9];
                bulk.fillUniform(u, 2, 5);
                double[] z = new double[9];
                bulk.fillNormal(z, 1, 7); // odd length: the next fill starts on a cached normal
                long[] k = new long[9];
                bulk.fillLong(k, 3, 6, -50, 1L << 35);
                for (int i = 0; i < 9; i++) {
                    assertEquals(i >= 2 && i < 7 ? scalar.nextUniform() : 0.0, u[i], 0.0);
                }
                for (int i = 0; i < 9; i++) {
                    assertEquals(i >= 1 && i < 8 ? scalar.nextNormal() : 0.0, z[i], 0.0);
                }
                for (int i = 0; i < 9; i++) {
                    assertEquals(i >= 3 ? scalar.nextLong(-50, 1L << 35) : 0L, k[i]);
                }
            }
            assertEquals(scalar.nextUniform(), bulk.nextUniform(), 0.0, "states stay in step");
        }
    }

    @Test
    void emptyFillsDrawNothing() {
        for (LongFunction<Generator> kind : KINDS) {
            Generator g = kind.apply(3);
            g.fillUniform(new double[0], 0, 0);
            g.fillNormal(new double[4], 4, 0);
            g.fillLong(new long[2], 1, 0, 0, 10);
            assertEquals(kind.apply(3).nextUniform(), g.nextUniform(), 0.0);
        }
    }

    @Test
    void badBoundsAreRejectedWithBothBoundsInTheMessage() {
        for (LongFunction<Generator> kind : KINDS) {
            Generator g = kind.apply(0);
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> g.nextLong(5, 3));
            assertTrue(e.getMessage().contains("nextLong") && e.getMessage().contains("5")
                    && e.getMessage().contains("3"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> g.nextLong(4, 4));
            assertThrows(IllegalArgumentException.class,
                    () -> g.nextLong(Long.MAX_VALUE, Long.MIN_VALUE));
            e = assertThrows(IllegalArgumentException.class,
                    () -> g.fillLong(new long[3], 0, 0, 9, -9));
            assertTrue(e.getMessage().contains("fillLong") && e.getMessage().contains("9")
                    && e.getMessage().contains("-9"), e.getMessage());
        }
    }

    @Test
    void fillRangesAreChecked() {
        for (LongFunction<Generator> kind : KINDS) {
            Generator g = kind.apply(0);
            assertThrows(IndexOutOfBoundsException.class, () -> g.fillUniform(new double[4], 2, 3));
            assertThrows(IndexOutOfBoundsException.class, () -> g.fillNormal(new double[4], -1, 1));
            assertThrows(IndexOutOfBoundsException.class, () -> g.fillLong(new long[4], 0, 5, 0, 2));
            assertThrows(IndexOutOfBoundsException.class, () -> g.fillUniform(new double[4], 0, -1));
            assertThrows(NullPointerException.class, () -> g.fillUniform(null, 0, 0));
            assertThrows(NullPointerException.class, () -> g.fillLong(null, 0, 0, 0, 1));
        }
    }

    @Test
    void defaultIsASharedPhiloxReseededByManualSeed() {
        Generator d = Generator.getDefault();
        assertSame(d, Generator.getDefault());
        assertInstanceOf(PhiloxGenerator.class, d);
        try {
            Generator.manualSeed(Generator.DEFAULT_SEED);
            double[] fresh = draw(new PhiloxGenerator(Generator.DEFAULT_SEED));
            synchronized (d) {
                assertArrayEquals(fresh, draw(d));
            }
            Generator.manualSeed(123);
            synchronized (d) {
                assertArrayEquals(draw(new PhiloxGenerator(123)), draw(d));
            }
        } finally {
            Generator.manualSeed(Generator.DEFAULT_SEED);
        }
    }

    private static double[] draw(Generator g) {
        double[] out = new double[16];
        g.fillUniform(out, 0, 8);
        g.fillNormal(out, 8, 8);
        return out;
    }
}
