package dev.panamax.tensor.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal JSON reader for test fixtures: objects become {@code Map<String, Object>}, arrays
 * {@code List<Object>}, integer literals {@code Long} (exact for all of int64), other numbers
 * {@code Double} (parsed from their text, so Python's repr round-trips), strings, booleans and null. Shared by every module's tests through the tensor
 * test jar.
 */
public final class Json {
    private final String s;
    private int i;

    private Json(String s) {
        this.s = s;
    }

    /** Parses a JSON document. */
    public static Object parse(String text) {
        Json p = new Json(text);
        p.ws();
        Object v = p.value();
        p.ws();
        if (p.i != p.s.length()) {
            throw p.error("trailing characters");
        }
        return v;
    }

    /** Parses a class-path resource. */
    public static Object resource(Class<?> anchor, String name) {
        try (InputStream in = anchor.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("fixture not found on the class path: " + name);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read fixture " + name, e);
        }
    }

    /** A JSON array of numbers as doubles (NaN/Infinity allowed as Python writes them). */
    public static double[] doubles(Object array) {
        List<?> l = (List<?>) array;
        double[] r = new double[l.size()];
        for (int k = 0; k < r.length; k++) {
            r[k] = ((Number) l.get(k)).doubleValue();
        }
        return r;
    }

    /** A JSON array of integers as longs. */
    public static long[] longs(Object array) {
        List<?> l = (List<?>) array;
        long[] r = new long[l.size()];
        for (int k = 0; k < r.length; k++) {
            r[k] = ((Number) l.get(k)).longValue();
        }
        return r;
    }

    /** A JSON array of integers as ints. */
    public static int[] ints(Object array) {
        List<?> l = (List<?>) array;
        int[] r = new int[l.size()];
        for (int k = 0; k < r.length; k++) {
            r[k] = ((Number) l.get(k)).intValue();
        }
        return r;
    }

    /** Member {@code key} of a JSON object as a double. */
    public static double number(Object object, String key) {
        return ((Number) get(object, key)).doubleValue();
    }

    /** Member {@code key} of a JSON object. */
    @SuppressWarnings("unchecked")
    public static Object get(Object object, String key) {
        Map<String, Object> m = (Map<String, Object>) object;
        if (!m.containsKey(key)) {
            throw new IllegalArgumentException("fixture object has no member '" + key + "': " + m.keySet());
        }
        return m.get(key);
    }

    private Object value() {
        char c = s.charAt(i);
        switch (c) {
            case '{' -> {
                i++;
                Map<String, Object> m = new LinkedHashMap<>();
                ws();
                if (s.charAt(i) == '}') {
                    i++;
                    return m;
                }
                while (true) {
                    ws();
                    String k = string();
                    ws();
                    expect(':');
                    ws();
                    m.put(k, value());
                    ws();
                    if (s.charAt(i) == ',') {
                        i++;
                    } else {
                        expect('}');
                        return m;
                    }
                }
            }
            case '[' -> {
                i++;
                List<Object> l = new ArrayList<>();
                ws();
                if (s.charAt(i) == ']') {
                    i++;
                    return l;
                }
                while (true) {
                    ws();
                    l.add(value());
                    ws();
                    if (s.charAt(i) == ',') {
                        i++;
                    } else {
                        expect(']');
                        return l;
                    }
                }
            }
            case '"' -> {
                return string();
            }
            default -> {
                if (s.startsWith("true", i)) {
                    i += 4;
                    return Boolean.TRUE;
                }
                if (s.startsWith("false", i)) {
                    i += 5;
                    return Boolean.FALSE;
                }
                if (s.startsWith("null", i)) {
                    i += 4;
                    return null;
                }
                return number();
            }
        }
    }

    private Number number() {
        int start = i;
        while (i < s.length() && "+-0123456789.eEINaninfty".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        String t = s.substring(start, i);
        return switch (t) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    if (t.chars().allMatch(ch -> ch == '-' || ch == '+' || Character.isDigit(ch))) {
                        try {
                            yield Long.valueOf(t);
                        } catch (NumberFormatException tooLong) {
                            yield Double.valueOf(t);
                        }
                    }
                    yield Double.valueOf(t);
                } catch (NumberFormatException e) {
                    throw error("bad number '" + t + "'");
                }
            }
        };
    }

    private String string() {
        expect('"');
        StringBuilder b = new StringBuilder();
        while (s.charAt(i) != '"') {
            char c = s.charAt(i++);
            if (c == '\\') {
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'u' -> {
                        b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> b.append(e);
                }
            } else {
                b.append(c);
            }
        }
        i++;
        return b.toString();
    }

    private void ws() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    private void expect(char c) {
        if (i >= s.length() || s.charAt(i) != c) {
            throw error("expected '" + c + "'");
        }
        i++;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("JSON: " + what + " at offset " + i);
    }
}
