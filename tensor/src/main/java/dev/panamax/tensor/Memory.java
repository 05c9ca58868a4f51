package dev.panamax.tensor;

import dev.panamax.tensor.backend.Scopes;
import dev.panamax.tensor.cpu.HostAllocator;
import dev.panamax.tensor.cuda.CudaBackend;

/**
 * Entry points for memory management: scopes, statistics and the pools.
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

    /**
     * A snapshot of a CUDA device's caching allocator: {@code osAllocations}/{@code osFrees} count
     * {@code cudaMalloc}/{@code cudaFree} calls, {@code poolHits} requests served from the cache.
     * All zeros if the device has not been used; never initialises CUDA.
     *
     * @throws IllegalArgumentException if {@code device} is not a CUDA device
     */
    public static MemoryStats cudaStats(Device device) {
        if (device.type() != Device.Type.CUDA) {
            throw new IllegalArgumentException("Memory.cudaStats: expected a CUDA device, got " + device);
        }
        return CudaBackend.stats(device.index());
    }

    /** Resets the peak statistic to the current live bytes (CPU and every CUDA device in use). */
    public static void resetPeak() {
        HostAllocator.INSTANCE.resetPeak();
        CudaBackend.resetPeaks();
    }

    /** Returns every cached (unused) block of the CPU pool to the OS. */
    public static void emptyCache() {
        HostAllocator.INSTANCE.emptyCache();
    }

    /** Frees every cached (unused) block of the CUDA devices in use; tensors in use keep their memory. */
    public static void emptyCudaCache() {
        CudaBackend.emptyCaches();
    }
}
