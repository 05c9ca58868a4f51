package dev.panamax.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * JMH results read from the JSON files that {@code -rf json} writes, one file per library run.
 *
 * @param scores every score, by run label
 */
public record Results(Map<String, List<Score>> scores) {

    /**
     * One benchmark's measurements.
     *
     * @param benchmark the fully qualified benchmark method, e.g. {@code dev.panamax.bench.PanamaxGemm.sgemm}
     * @param param     the value of the parameter {@code n}, or "" when the benchmark has none
     * @param samples   every measured iteration's mean time per operation, in {@code unit}, all forks together
     * @param others    for each sample, the cores other processes kept busy meanwhile (see
     *                  {@link InterferenceProfiler}); empty where that was not recorded
     * @param unit      JMH's unit, e.g. {@code ms/op}
     * @param jvm       the forked JVM's name and version
     */
    public record Score(String benchmark, String param, List<Double> samples, List<Double> others, String unit,
                        String jvm) {

        /** Iterations during which other processes used at most this many cores count as clean. */
        public static final double CLEAN = 0.2;

        public Score {
            if (samples.isEmpty()) {
                throw new IllegalArgumentException(benchmark + " has no samples");
            }
            if (!others.isEmpty() && others.size() != samples.size()) {
                throw new IllegalArgumentException(benchmark + ": " + others.size() + " interference readings for "
                        + samples.size() + " samples");
            }
            samples = List.copyOf(samples);
            others = List.copyOf(others);
        }

        /** The benchmark method's simple name, e.g. {@code sgemm}. */
        public String method() {
            return benchmark.substring(benchmark.lastIndexOf('.') + 1);
        }

        /** The benchmark class's simple name, e.g. {@code PanamaxGemm}. */
        public String className() {
            String owner = benchmark.substring(0, benchmark.lastIndexOf('.'));
            return owner.substring(owner.lastIndexOf('.') + 1);
        }

        /** The samples taken while other processes used at most {@link #CLEAN} cores (all, if unrecorded). */
        public List<Double> clean() {
            if (others.isEmpty()) {
                return samples;
            }
            List<Double> out = new ArrayList<>();
            for (int i = 0; i < samples.size(); i++) {
                if (others.get(i) <= CLEAN) {
                    out.add(samples.get(i));
                }
            }
            return out;
        }

        /** Whether every sample was disturbed by other processes. */
        public boolean disturbed() {
            return clean().isEmpty();
        }

        /** The figure the report uses, in {@code unit}: the median of the clean samples, or of all when none is clean. */
        public double median() {
            return median(disturbed() ? samples : clean());
        }

        public double min() {
            return samples.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        }

        public double max() {
            return samples.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        }

        /** The most cores other processes used during any sample, or NaN if unrecorded. */
        public double maxOthers() {
            return others.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }

        /** {@link #median()} in seconds. */
        public double seconds() {
            return median() * secondsPer(unit);
        }

        private static double median(List<Double> values) {
            List<Double> sorted = values.stream().sorted().toList();
            int n = sorted.size();
            return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }

        private static double secondsPer(String unit) {
            return switch (unit) {
                case "s/op" -> 1;
                case "ms/op" -> 1e-3;
                case "us/op" -> 1e-6;
                case "ns/op" -> 1e-9;
                default -> throw new IllegalArgumentException("not an average-time unit: " + unit);
            };
        }
    }

    /**
     * Reads, for each label in the order given, every {@code label.<Class>.json} (and
     * {@code label.json}) in {@code dir}; labels with no file are left out.
     */
    public static Results read(Path dir, List<String> labels) {
        Map<String, List<Score>> scores = new LinkedHashMap<>();
        for (String label : labels) {
            List<Score> found = new ArrayList<>();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.sorted().toList()) {
                    String name = file.getFileName().toString();
                    if (name.equals(label + ".json") || name.startsWith(label + ".") && name.endsWith(".json")) {
                        found.addAll(parse(Files.readString(file)));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!found.isEmpty()) {
                scores.put(label, found);
            }
        }
        return new Results(scores);
    }

    /** Parses JMH's JSON output: an array with one object per benchmark and parameter set. */
    @SuppressWarnings("unchecked")
    public static List<Score> parse(String json) {
        List<Score> out = new ArrayList<>();
        if (json.isBlank()) {
            return out;
        }
        for (Object entry : (List<Object>) Json.parse(json)) {
            Map<String, Object> run = (Map<String, Object>) entry;
            Map<String, Object> params = (Map<String, Object>) run.getOrDefault("params", Map.of());
            Map<String, Object> metric = (Map<String, Object>) run.get("primaryMetric");
            Map<String, Object> secondary = (Map<String, Object>) run.getOrDefault("secondaryMetrics", Map.of());
            Map<String, Object> interference = (Map<String, Object>) secondary.get(InterferenceProfiler.METRIC);
            out.add(new Score((String) run.get("benchmark"), (String) params.getOrDefault("n", ""), flat(metric),
                    interference == null ? List.of() : flat(interference), (String) metric.get("scoreUnit"),
                    run.get("vmName") + " " + run.get("vmVersion")));
        }
        return out;
    }

    /** A metric's raw data, all forks in order. */
    @SuppressWarnings("unchecked")
    private static List<Double> flat(Map<String, Object> metric) {
        List<Double> values = new ArrayList<>();
        for (Object fork : (List<Object>) metric.get("rawData")) {
            for (Object v : (List<Object>) fork) {
                values.add((Double) v);
            }
        }
        return values;
    }

    /** The labels that have results. */
    public List<String> labels() {
        return List.copyOf(scores.keySet());
    }

    /** The score of {@code method} (with parameter {@code param}, "" for none) in the run {@code label}. */
    public Optional<Score> find(String label, String method, String param) {
        return scores.getOrDefault(label, List.of()).stream()
                .filter(s -> s.method().equals(method) && s.param().equals(param))
                .findFirst();
    }
}
