package dev.panamax.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What one library says about itself in a benchmark JVM: its version, the thread count it was
 * pinned to, the count it reports, and how many threads {@link ThreadCensus} saw busy while it
 * ran a GEMM and an elementwise operation. {@link Report} puts these in RESULTS.md.
 */
public final class Probe {

    private final Map<String, String> values = new TreeMap<>();

    /** Starts a probe for {@code library} at {@code version}, pinned to {@link Workloads#THREADS}. */
    public Probe(String library, String version) {
        put("library", library);
        put("version", version);
        put("threads.pinned", Workloads.THREADS);
    }

    /** Records one value. */
    public Probe put(String key, Object value) {
        values.put(key, String.valueOf(value).replace('\n', ' ').trim());
        return this;
    }

    /** Records how many threads were busy while {@code workload} ran for a second. */
    public Probe busy(String what, Runnable workload) {
        return put("threads.busy." + what, ThreadCensus.busyThreads(workload, 1000));
    }

    /** Writes the values as a properties file and prints them. */
    public void write(Path file) {
        String text = values.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.print(text);
    }
}
