package dev.panamax.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The library versions this module was built against, from {@code versions.properties} (filled in by Maven). */
public final class Versions {

    private static final Properties VERSIONS = load();

    private Versions() {
    }

    /** The version recorded under {@code key}, e.g. {@code "panamax"}, {@code "djl"}, {@code "nd4j"}. */
    public static String get(String key) {
        String v = VERSIONS.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException("no version recorded for " + key);
        }
        return v;
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("versions.properties")) {
            if (in == null) {
                throw new IllegalStateException("versions.properties is missing from the classes");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
