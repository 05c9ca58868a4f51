package dev.panamax.tensor;

/**
 * A snapshot of an allocator's counters: the CPU pool ({@link Memory#stats()}) or a CUDA device's
 * caching allocator ({@link Memory#cudaStats(Device)}).
 *
 * @param liveBytes      bytes currently held by tensors (in size classes)
 * @param peakLiveBytes  the largest {@code liveBytes} since start or the last {@link Memory#resetPeak()}
 * @param cachedBytes    bytes kept in the pool's free lists for reuse
 * @param allocations    storages allocated so far
 * @param poolHits       allocations served from the pool without asking the OS
 * @param osAllocations  blocks obtained from the OS
 * @param osFrees        blocks returned to the OS
 * @param gcRequests     garbage collections requested to reclaim unreachable tensors
 */
public record MemoryStats(long liveBytes, long peakLiveBytes, long cachedBytes, long allocations, long poolHits,
                          long osAllocations, long osFrees, long gcRequests) {
}
