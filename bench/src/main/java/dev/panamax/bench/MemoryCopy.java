package dev.panamax.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
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
 *
 * <p>{@link #memcpy} is {@code MemorySegment.copy}, whose JDK stub writes copies of 2.5 MB and more
 * with non-temporal stores: the destination is never read. {@link #storeCopy} copies with ordinary
 * Vector API loads and stores, as any Java kernel must write, so every destination line is first read
 * into the cache (write-allocate): the ceiling for a kernel that reads and writes the same bytes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = PanamaxSetup.VECTOR)
public class MemoryCopy {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

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
        return split(64, (from, to) -> MemorySegment.copy(src, from, dst, from, to - from));
    }

    /** The same copy with ordinary vector stores (write-allocate), 4 vectors per step. */
    @Benchmark
    public MemorySegment storeCopy() {
        return split(256, (from, to) -> vectorCopy(src, dst, from, to));
    }

    /** A copy of the byte range {@code [from, to)} of {@code src} into {@code dst}. */
    private interface RangeCopy {
        void copy(long from, long to);
    }

    /** Runs {@code body} over {@link Workloads#THREADS} equal parts of the buffers, aligned to {@code align} bytes. */
    private MemorySegment split(long align, RangeCopy body) {
        long bytes = src.byteSize();
        long per = (bytes / Workloads.THREADS + align - 1) & -align;
        ForkJoinTask<?>[] parts = new ForkJoinTask<?>[Workloads.THREADS];
        for (int t = 0; t < Workloads.THREADS; t++) {
            long from = Math.min(bytes, t * per);
            long to = Math.min(bytes, from + per);
            parts[t] = pool.submit(() -> body.copy(from, to));
        }
        for (ForkJoinTask<?> p : parts) {
            p.join();
        }
        return dst;
    }

    private static void vectorCopy(MemorySegment src, MemorySegment dst, long from, long to) {
        long step = SPECIES.vectorByteSize();
        ByteOrder order = ByteOrder.nativeOrder();
        long i = from;
        for (; i + 4 * step <= to; i += 4 * step) {
            FloatVector.fromMemorySegment(SPECIES, src, i, order).intoMemorySegment(dst, i, order);
            FloatVector.fromMemorySegment(SPECIES, src, i + step, order).intoMemorySegment(dst, i + step, order);
            FloatVector.fromMemorySegment(SPECIES, src, i + 2 * step, order).intoMemorySegment(dst, i + 2 * step, order);
            FloatVector.fromMemorySegment(SPECIES, src, i + 3 * step, order).intoMemorySegment(dst, i + 3 * step, order);
        }
        for (; i < to; i += Float.BYTES) {
            dst.set(ValueLayout.JAVA_FLOAT, i, src.get(ValueLayout.JAVA_FLOAT, i));
        }
    }
}
