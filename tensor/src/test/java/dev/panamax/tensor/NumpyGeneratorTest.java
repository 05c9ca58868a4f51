package dev.panamax.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.panamax.tensor.testing.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checks {@link NumpyGenerator} bit for bit against NumPy's legacy {@code RandomState}. */
class NumpyGeneratorTest {

    private static Map<String, List<String>> fixtures;

    @BeforeAll
    static void loadFixtures() {
        // Numbers are kept as text: int64 draws beyond 2^53 must compare exactly.
        Map<?, ?> root = (Map<?, ?>) Json.resource(NumpyGeneratorTest.class, "/fixtures/numpy_random.json");
        fixtures = new LinkedHashMap<>();
        root.forEach((k, v) -> fixtures.put((String) k,
                ((List<?>) v).stream().map(String::valueOf).toList()));
    }

    @Test
    void seed666MatchesNumpy() {
        assertUniforms(new NumpyGenerator(666),
                0.7004371218578347, 0.8441866428504345, 0.6765143359376254, 0.7278580572480748);
        assertNormals(new NumpyGenerator(666), 0.8241880833175302, 0.47996600310104814,
                1.1734680120920244, 0.9090480687850208, -0.571721451899459);
        assertInts(new NumpyGenerator(666), 0, 10, 2, 6, 9, 4, 3);
    }

    @Test
    void seed0MatchesNumpy() {
        assertUniforms(new NumpyGenerator(0),
                0.5488135039273248, 0.7151893663724195, 0.6027633760716439, 0.5448831829968969);
        assertNormals(new NumpyGenerator(0), 1.764052345967664, 0.4001572083672233,
                0.9787379841057392, 2.240893199201458, 1.8675579901499675);
        assertInts(new NumpyGenerator(0), 0, 10, 5, 0, 3, 3, 7);
    }

    @Test
    void rawOutputMatchesReferenceMersenneTwister() {
        // C++ std::mt19937 (default seed 5489): first output, and the 10000th as the standard
        // requires.
        NumpyGenerator g = new NumpyGenerator(5489);
        assertEquals(3499211612L, Integer.toUnsignedLong(g.nextInt()));
        for (int i = 2; i < 10000; i++) {
            g.nextInt();
        }
        assertEquals(4123659995L, Integer.toUnsignedLong(g.nextInt()));
    }

    @Test
    void normalsUseTheCLibraryLog() {
        assertTrue(NumpyGenerator.usesNativeLog(),
                "native access is needed for bit-exact normals; run with --enable-native-access");
    }

    @Test
    void uniformsMatchFixtures() {
        for (long seed : seeds()) {
            List<String> expected = fixture("rand/" + seed);
            NumpyGenerator g = new NumpyGenerator(seed);
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(Double.parseDouble(expected.get(i)), g.nextUniform(), 0.0,
                        "seed " + seed + ", rand[" + i + "]");
            }
            double[] filled = new double[expected.size()];
            new NumpyGenerator(seed).fillUniform(filled, 0, filled.length);
            assertArrayEquals(doubles(expected), filled, 0.0, "seed " + seed + ", fillUniform");
        }
    }

    @Test
    void normalsMatchFixtures() {
        for (long seed : seeds()) {
            List<String> expected = fixture("randn/" + seed);
            NumpyGenerator g = new NumpyGenerator(seed);
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(Double.parseDouble(expected.get(i)), g.nextNormal(), 0.0,
                        "seed " + seed + ", randn[" + i + "]");
            }
            double[] filled = new double[expected.size()];
            new NumpyGenerator(seed).fillNormal(filled, 0, filled.length);
            assertArrayEquals(doubles(expected), filled, 0.0, "seed " + seed + ", fillNormal");
        }
    }

    @Test
    void integersMatchFixtures() {
        List<String> ranges = fixture("randint_ranges");
        for (long seed : seeds()) {
            List<String> expected = fixture("randint/" + seed);
            NumpyGenerator scalar = new NumpyGenerator(seed);
            NumpyGenerator bulk = new NumpyGenerator(seed);
            int next = 0;
            for (int r = 0; r < ranges.size(); r += 3) {
                long low = Long.parseLong(ranges.get(r));
                long high = Long.parseLong(ranges.get(r + 1));
                int count = Integer.parseInt(ranges.get(r + 2));
                long[] filled = new long[count + 2];
                bulk.fillLong(filled, 1, count, low, high);
                for (int i = 0; i < count; i++, next++) {
                    String where = "seed " + seed + ", randint(" + low + ", " + high + ")[" + i + "]";
                    long want = Long.parseLong(expected.get(next));
                    assertEquals(want, scalar.nextLong(low, high), where);
                    assertEquals(want, filled[i + 1], where + " via fillLong");
                }
            }
            assertEquals(expected.size(), next, "seed " + seed + ": fixture length");
        }
    }

    @Test
    void interleavedCallsMatchFixtures() {
        List<String> ops = fixture("interleaved_ops");
        for (long seed : seeds()) {
            List<String> expected = fixture("interleaved/" + seed);
            assertEquals(ops.size() / 3, expected.size(), "seed " + seed + ": fixture length");
            NumpyGenerator g = new NumpyGenerator(seed);
            for (int i = 0; i < expected.size(); i++) {
                int op = Integer.parseInt(ops.get(3 * i));
                String where = "seed " + seed + ", call " + i + " (op " + op + ")";
                switch (op) {
                    case 0 -> assertEquals(Double.parseDouble(expected.get(i)), g.nextUniform(),
                            0.0, where);
                    case 1 -> assertEquals(Double.parseDouble(expected.get(i)), g.nextNormal(),
                            0.0, where);
                    case 2 -> assertEquals(Long.parseLong(expected.get(i)),
                            g.nextLong(Long.parseLong(ops.get(3 * i + 1)),
                                    Long.parseLong(ops.get(3 * i + 2))), where);
                    default -> throw new AssertionError("unknown op " + op);
                }
            }
        }
    }

    @Test
    void reseedDropsCachedNormal() {
        for (long seed : seeds()) {
            List<String> expected = fixture("reseed/" + seed);
            NumpyGenerator g = new NumpyGenerator(seed);
            double[] actual = new double[expected.size()];
            actual[0] = g.nextNormal();
            g.seed(seed);
            g.fillNormal(actual, 1, actual.length - 1);
            assertArrayEquals(doubles(expected), actual, 0.0, "seed " + seed);
        }
    }

    @Test
    void seedRangeIsThatOfNumpy() {
        new NumpyGenerator(0xFFFF_FFFFL);
        assertThrows(IllegalArgumentException.class, () -> new NumpyGenerator(-1));
        assertThrows(IllegalArgumentException.class, () -> new NumpyGenerator(1L << 32));
        NumpyGenerator g = new NumpyGenerator(7);
        assertThrows(IllegalArgumentException.class, () -> g.seed(Long.MIN_VALUE));
        assertThrows(IllegalArgumentException.class, () -> Generator.numpy(-5));
    }

    @Test
    void singleValueRangeDrawsNothing() {
        NumpyGenerator g = new NumpyGenerator(3);
        assertEquals(-4, g.nextLong(-4, -3));
        assertEquals(new NumpyGenerator(3).nextUniform(), g.nextUniform(), 0.0);
    }

    private static void assertUniforms(Generator g, double... expected) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], g.nextUniform(), 0.0, "rand[" + i + "]");
        }
    }

    private static void assertNormals(Generator g, double... expected) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], g.nextNormal(), 0.0, "randn[" + i + "]");
        }
    }

    private static void assertInts(Generator g, long low, long high, long... expected) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], g.nextLong(low, high), "randint[" + i + "]");
        }
    }

    private static long[] seeds() {
        return fixture("seeds").stream().mapToLong(Long::parseLong).toArray();
    }

    private static List<String> fixture(String key) {
        List<String> values = fixtures.get(key);
        assertTrue(values != null, "fixture key missing: " + key);
        return values;
    }

    private static double[] doubles(List<String> values) {
        return values.stream().mapToDouble(Double::parseDouble).toArray();
    }
}
