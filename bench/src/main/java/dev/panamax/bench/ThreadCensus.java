package dev.panamax.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Counts the threads of this process, Java or native, that were busy while a workload ran.
 *
 * <p>Reads each thread's CPU time from Linux's {@code /proc/self/task/<tid>/schedstat} before and
 * after the workload; a thread counts as busy when it was on a CPU for at least a quarter of the
 * wall time. This sees the worker threads of native libraries (OpenMP, OpenBLAS) as well as Java's,
 * so it checks that every library really runs on the thread count it was pinned to.
 */
public final class ThreadCensus {

    private static final Path TASKS = Path.of("/proc/self/task");

    private ThreadCensus() {
    }

    /** Whether this system exposes per-thread CPU times (Linux). */
    public static boolean available() {
        return Files.isDirectory(TASKS);
    }

    /**
     * Runs {@code workload} repeatedly for about {@code millis} milliseconds to warm it up (so that
     * the JIT compiler's threads are idle again), then for {@code millis} more, and returns how many
     * threads were busy during the second period, or -1 where per-thread times cannot be read.
     */
    public static int busyThreads(Runnable workload, long millis) {
        if (!available()) {
            return -1;
        }
        long warm = System.nanoTime() + millis * 1_000_000L;
        do {
            workload.run();
        } while (System.nanoTime() < warm);
        Map<String, Long> before = cpuNanos();
        long start = System.nanoTime();
        long deadline = start + millis * 1_000_000L;
        do {
            workload.run();
        } while (System.nanoTime() < deadline);
        long wall = System.nanoTime() - start;
        Map<String, Long> after = cpuNanos();
        int busy = 0;
        for (Map.Entry<String, Long> e : after.entrySet()) {
            long used = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            if (used * 4 >= wall) {
                busy++;
            }
        }
        return busy;
    }

    /** Nanoseconds on a CPU per thread id, from {@code schedstat}'s first field. */
    static Map<String, Long> cpuNanos() {
        Map<String, Long> out = new HashMap<>();
        try (Stream<Path> tasks = Files.list(TASKS)) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String line = Files.readString(task.resolve("schedstat")).trim();
                    int space = line.indexOf(' ');
                    out.put(task.getFileName().toString(), Long.parseLong(space < 0 ? line : line.substring(0, space)));
                } catch (IOException | NumberFormatException threadEnded) {
                    // The thread exited between the listing and the read: it is not running now.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
