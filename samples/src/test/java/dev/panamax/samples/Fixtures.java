package dev.panamax.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the JSON fixtures written by {@code make_fixtures.py} and compares doubles to them.
 */
final class Fixtures {

    private Fixtures() {
    }

    /** Loads {@code fixtures/<name>} from the test class path as a JSON object. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> load(String name) {
        return (Map<String, Object>) new Parser(text("fixtures/" + name)).document();
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
    static double number(Map<String, Object> fixture, String key) {
        return (Double) fixture.get(key);
    }

    /** Returns an array-of-numbers field of a fixture. */
    static double[] numbers(Map<String, Object> fixture, String key) {
        List<?> list = (List<?>) fixture.get(key);
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (Double) list.get(i);
        }
        return out;
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

    /** A small JSON reader: objects, arrays, numbers, strings, true, false and null. */
    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        Object document() {
            Object v = value();
            skipSpace();
            if (pos != s.length()) {
                throw error("trailing characters");
            }
            return v;
        }

        private Object value() {
            skipSpace();
            if (pos >= s.length()) {
                throw error("unexpected end");
            }
            char c = s.charAt(pos);
            return switch (c) {
                case '{' -> object();
                case '[' -> array();
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> number();
            };
        }

        private Map<String, Object> object() {
            Map<String, Object> map = new LinkedHashMap<>();
            pos++;
            skipSpace();
            if (peek() == '}') {
                pos++;
                return map;
            }
            while (true) {
                skipSpace();
                String key = string();
                skipSpace();
                expect(':');
                map.put(key, value());
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else {
                    expect('}');
                    return map;
                }
            }
        }

        private List<Object> array() {
            List<Object> list = new ArrayList<>();
            pos++;
            skipSpace();
            if (peek() == ']') {
                pos++;
                return list;
            }
            while (true) {
                list.add(value());
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else {
                    expect(']');
                    return list;
                }
            }
        }

        private String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = s.charAt(pos++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\') {
                    char e = s.charAt(pos++);
                    switch (e) {
                        case 'n' -> sb.append('\n');
                        case 't' -> sb.append('\t');
                        case 'u' -> {
                            sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                            pos += 4;
                        }
                        default -> sb.append(e);
                    }
                } else {
                    sb.append(c);
                }
            }
        }

        private Double number() {
            int start = pos;
            while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
            if (start == pos) {
                throw error("unexpected character '" + s.charAt(pos) + "'");
            }
            return Double.parseDouble(s.substring(start, pos));
        }

        private Object literal(String word, Object v) {
            if (!s.startsWith(word, pos)) {
                throw error("expected " + word);
            }
            pos += word.length();
            return v;
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        private void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private IllegalStateException error(String what) {
            return new IllegalStateException("fixture JSON: " + what + " at offset " + pos);
        }
    }
}
