package dev.panamax.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.panamax.tensor.testing.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads the fixtures written by {@code make_fixtures.py} and compares doubles to them.
 */
final class Fixtures {

    private Fixtures() {
    }

    /** Loads {@code fixtures/<name>} from the test class path as a JSON object. */
    static Object load(String name) {
        return Json.resource(Fixtures.class, "/fixtures/" + name);
    }

    /** Reads a test resource as UTF-8 text. */
    static String text(String resource) {
        try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns a number field of a fixture. */
    static double number(Object fixture, String key) {
        return ((Number) Json.get(fixture, key)).doubleValue();
    }

    /** Returns an array-of-numbers field of a fixture. */
    static double[] numbers(Object fixture, String key) {
        return Json.doubles(Json.get(fixture, key));
    }

    /** Asserts {@code |actual - expected| <= rel · |expected|}. */
    static void assertRelClose(double expected, double actual, double rel, String what) {
        if (!(Math.abs(actual - expected) <= rel * Math.abs(expected))) {
            fail(what + ": expected " + PyRepr.format(expected) + " within relative " + rel + ", got "
                    + PyRepr.format(actual) + " (relative error "
                    + PyRepr.format(Math.abs(actual - expected) / Math.abs(expected)) + ")");
        }
    }

    /** Asserts two sequences have the same length and agree element by element to relative {@code rel}. */
    static void assertAllRelClose(double[] expected, double[] actual, double rel, String what) {
        assertTrue(expected.length > 0, what + ": empty fixture");
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            assertRelClose(expected[i], actual[i], rel, what + "[" + i + "]");
        }
    }
}
