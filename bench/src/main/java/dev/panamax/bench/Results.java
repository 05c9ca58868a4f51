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
     * @param unit      JMH's unit, e.g. {@code ms/op}
     * @param jvm       the forked JVM's name and version
     */
    public record Score(String benchmark, String param, List<Double> samples, String unit, String jvm) {

        public Score {
            if (samples.isEmpty()) {
                throw new IllegalArgumentException(benchmark + " has no samples");
            }
            samples = samples.stream().sorted().toList();
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

        /** The median of the samples, in {@code unit}. */
        public double median() {
            int n = samples.size();
            return n % 2 == 1 ? samples.get(n / 2) : (samples.get(n / 2 - 1) + samples.get(n / 2)) / 2;
        }

        public double min() {
            return samples.getFirst();
        }

        public double max() {
            return samples.getLast();
        }

        /** The median time per operation in seconds: the figure the report uses. */
        public double seconds() {
            return median() * secondsPer(unit);
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
            List<Double> samples = new ArrayList<>();
            for (Object fork : (List<Object>) metric.get("rawData")) {
                for (Object v : (List<Object>) fork) {
                    samples.add((Double) v);
                }
            }
            out.add(new Score((String) run.get("benchmark"), (String) params.getOrDefault("n", ""), samples,
                    (String) metric.get("scoreUnit"), run.get("vmName") + " " + run.get("vmVersion")));
        }
        return out;
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
