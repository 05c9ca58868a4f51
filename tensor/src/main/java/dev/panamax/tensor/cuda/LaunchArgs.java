package dev.panamax.tensor.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The parameter block of one kernel launch: each value written in native memory at its C
 * alignment, and the array of pointers to them that {@code cuLaunchKernel} takes.
 *
 * <p>One instance per thread is reused for every launch: the driver copies the values when the
 * launch is enqueued.
 */
final class LaunchArgs {

    private static final int VALUE_BYTES = 4096;
    private static final int MAX_PARAMS = 64;
    private static final ThreadLocal<LaunchArgs> PER_THREAD = ThreadLocal.withInitial(LaunchArgs::new);

    private final MemorySegment values;
    private final MemorySegment pointers;
    private long position;
    private int count;

    private LaunchArgs() {
        Arena arena = Arena.ofAuto();
        values = arena.allocate(VALUE_BYTES, 16);
        pointers = arena.allocate(ADDRESS, MAX_PARAMS);
    }

    /** This thread's instance, emptied. */
    static LaunchArgs start() {
        LaunchArgs a = PER_THREAD.get();
        a.position = 0;
        a.count = 0;
        return a;
    }

    private MemorySegment next(long size, long align) {
        position = (position + align - 1) / align * align;
        if (position + size > VALUE_BYTES || count == MAX_PARAMS) {
            throw new IllegalStateException("kernel parameter block overflow");
        }
        MemorySegment slot = values.asSlice(position, size);
        pointers.setAtIndex(ADDRESS, count++, slot);
        position += size;
        return slot;
    }

    /** Adds an {@code int}. */
    LaunchArgs i32(int v) {
        next(4, 4).set(JAVA_INT, 0, v);
        return this;
    }

    /** Adds a {@code long long}. */
    LaunchArgs i64(long v) {
        next(8, 8).set(JAVA_LONG, 0, v);
        return this;
    }

    /** Adds a {@code float}. */
    LaunchArgs f32(float v) {
        next(4, 4).set(JAVA_FLOAT, 0, v);
        return this;
    }

    /** Adds a {@code double}. */
    LaunchArgs f64(double v) {
        next(8, 8).set(JAVA_DOUBLE, 0, v);
        return this;
    }

    /** Adds an {@code unsigned char}. */
    LaunchArgs u8(byte v) {
        next(1, 1).set(JAVA_BYTE, 0, v);
        return this;
    }

    /** Adds a device pointer. */
    LaunchArgs pointer(long address) {
        return i64(address);
    }

    /** Adds a {@code struct pmx_shape}: the rank, then the sizes padded to {@link KernelSource#MAX_RANK}. */
    LaunchArgs shape(int[] dims) {
        MemorySegment s = next(4L * (1 + KernelSource.MAX_RANK), 4);
        s.set(JAVA_INT, 0, dims.length);
        for (int d = 0; d < KernelSource.MAX_RANK; d++) {
            s.setAtIndex(JAVA_INT, 1 + d, d < dims.length ? dims[d] : 1);
        }
        return this;
    }

    /** Adds a {@code struct pmx_strides}, padded to {@link KernelSource#MAX_RANK}. */
    LaunchArgs strides(int[] strides) {
        MemorySegment s = next(4L * KernelSource.MAX_RANK, 4);
        for (int d = 0; d < KernelSource.MAX_RANK; d++) {
            s.setAtIndex(JAVA_INT, d, d < strides.length ? strides[d] : 0);
        }
        return this;
    }

    /** The {@code void**} array for {@code cuLaunchKernel}. */
    MemorySegment pointers() {
        return pointers;
    }

    /** The number of parameters added. */
    int count() {
        return count;
    }

    /** The value bytes written so far, for tests. */
    byte[] valueBytes() {
        return Arrays.copyOf(values.asSlice(0, position).toArray(JAVA_BYTE), (int) position);
    }
}
