package dev.panamax.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The machine's copy bandwidth, the yardstick of the elementwise targets: {@code n} floats copied
 * between two warm native buffers, split over {@link Workloads#THREADS} threads (no library involved).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
public class MemoryCopy {

    @Param({"1048576", "16777216"})
    public int n;

    private Arena arena;
    private MemorySegment src;
    private MemorySegment dst;
    private ForkJoinPool pool;

    @Setup
    public void setup() {
        arena = Arena.ofShared();
        src = arena.allocate((long) n * Float.BYTES, 64);
        dst = arena.allocate((long) n * Float.BYTES, 64);
        for (long i = 0; i < n; i++) {
            src.setAtIndex(ValueLayout.JAVA_FLOAT, i, i);
        }
        dst.fill((byte) 1);
        pool = new ForkJoinPool(Workloads.THREADS);
    }

    @TearDown
    public void tearDown() {
        pool.close();
        arena.close();
    }

    @Benchmark
    public MemorySegment memcpy() {
        long bytes = src.byteSize();
        long per = (bytes / Workloads.THREADS + 63) & ~63L;
        ForkJoinTask<?>[] parts = new ForkJoinTask<?>[Workloads.THREADS];
        for (int t = 0; t < Workloads.THREADS; t++) {
            long from = Math.min(bytes, t * per);
            long length = Math.min(bytes, from + per) - from;
            parts[t] = pool.submit(() -> MemorySegment.copy(src, from, dst, from, length));
        }
        for (ForkJoinTask<?> p : parts) {
            p.join();
        }
        return dst;
    }
}
