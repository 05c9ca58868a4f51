package dev.panamax.tensor;

import dev.panamax.tensor.backend.Scopes;
import dev.panamax.tensor.cpu.HostAllocator;

/**
 * Entry points for memory management: scopes, statistics and the pool.
 */
public final class Memory {

    private Memory() {
    }

    /** Opens a scope on this thread; see {@link MemoryScope} for the ownership rules. */
    public static MemoryScope scope() {
        return new MemoryScope(Scopes.open());
    }

    /** A snapshot of the CPU allocator's counters. */
    public static MemoryStats stats() {
        long[] c = HostAllocator.INSTANCE.counters();
        return new MemoryStats(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]);
    }

    /** Resets the peak statistic to the current live bytes. */
    public static void resetPeak() {
        HostAllocator.INSTANCE.resetPeak();
    }

    /** Returns every cached (unused) block of the CPU pool to the OS. */
    public static void emptyCache() {
        HostAllocator.INSTANCE.emptyCache();
    }
}
