package dev.panamax.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler ({@code -prof dev.panamax.bench.InterferenceProfiler}) that records, for every
 * iteration, how many cores other processes kept busy meanwhile: the machine's busy time from
 * Linux's {@code /proc/stat} minus this JVM's own CPU time from {@code /proc/self/stat}, over the
 * iteration's wall time. {@link Report} uses it to leave disturbed iterations out of the figures
 * when the machine is shared.
 *
 * <p>Both files count in clock ticks of {@code USER_HZ}, which Linux fixes at 100 per second.
 * Where they cannot be read, the profiler records nothing.
 */
public final class InterferenceProfiler implements InternalProfiler {

    /** The name of the secondary metric in JMH's results. */
    public static final String METRIC = "·others";

    private static final double TICKS_PER_SECOND = 100;
    private static final Path STAT = Path.of("/proc/stat");
    private static final Path SELF = Path.of("/proc/self/stat");

    private long machineTicks;
    private long ownTicks;
    private long startNanos;

    @Override
    public String getDescription() {
        return "CPU cores used by other processes during each iteration";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        machineTicks = machineBusyTicks();
        ownTicks = ownCpuTicks();
        startNanos = System.nanoTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                      IterationResult result) {
        long machine = machineBusyTicks();
        long own = ownCpuTicks();
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        if (machine < 0 || own < 0 || machineTicks < 0 || ownTicks < 0 || seconds <= 0) {
            return List.of();
        }
        double others = Math.max(0, (machine - machineTicks) - (own - ownTicks)) / TICKS_PER_SECOND / seconds;
        return List.of(new ScalarResult(METRIC, others, "cores", AggregationPolicy.AVG));
    }

    /** user + nice + system + irq + softirq + steal of all CPUs, or -1. */
    static long machineBusyTicks() {
        try {
            for (String line : Files.readAllLines(STAT)) {
                if (line.startsWith("cpu ")) {
                    String[] f = line.trim().split("\\s+");
                    return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3])
                            + Long.parseLong(f[6]) + Long.parseLong(f[7]) + Long.parseLong(f[8]);
                }
            }
            return -1;
        } catch (IOException | RuntimeException unreadable) {
            return -1;
        }
    }

    /** This process's user + system time, or -1. */
    static long ownCpuTicks() {
        try {
            String line = Files.readString(SELF);
            // Fields after the command name, which is in parentheses and may contain spaces.
            String[] f = line.substring(line.lastIndexOf(')') + 2).trim().split("\\s+");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException unreadable) {
            return -1;
        }
    }
}
