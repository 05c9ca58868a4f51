package dev.panamax.tensor.cuda;

import dev.panamax.bindings.CudaException;
import dev.panamax.tensor.MemoryStats;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * A caching allocator of device memory: blocks given back are kept in per-size-class free lists
 * and reused before asking the device again, as PyTorch's and CuPy's allocators do.
 *
 * <p>Requests are rounded up to a size class: multiples of 512 bytes up to 1 MiB, above that the
 * powers of two split in eight steps (at most 12.5 % slack). A block is reused only for a request
 * of its own class. All work of a device runs on one stream, so a block given back may be reused
 * at once: later kernels are ordered after earlier ones that still read it.
 *
 * <p>Device memory is invisible to the garbage collector, so unreferenced tensors could hold the
 * whole device before a collection runs. The allocator therefore calls its {@code collect} hook
 * (a garbage collection that waits for cleaners) each time live bytes have grown by
 * {@code gcThreshold} since the last call, and, when the device reports
 * {@code cudaErrorMemoryAllocation}, collects, empties the cache and retries once before failing
 * with an exception that names the request and the statistics.
 */
final class CachingAllocator {

    /** The status of {@code cudaErrorMemoryAllocation}. */
    static final int OUT_OF_MEMORY = 2;

    private static final long SMALL_LIMIT = 1L << 20;
    private static final long SMALL_GRAIN = 512;

    /** A block of device memory: its address and its size-class size in bytes. */
    record Block(long address, long size) {
    }

    private final String device;
    private final DeviceMemory memory;
    private final long gcThreshold;
    private final Runnable collect;
    private final Map<Long, ArrayDeque<Long>> free = new HashMap<>();

    private long live;
    private long peak;
    private long cached;
    private long allocations;
    private long cacheHits;
    private long mallocs;
    private long frees;
    private long collections;
    private long releases;
    private long liveAtLastCollection;

    /**
     * Creates an allocator.
     *
     * @param device      the device's name, for messages
     * @param memory      the raw allocation calls
     * @param gcThreshold live-byte growth that triggers {@code collect}
     * @param collect     a garbage collection that waits for cleaners to give blocks back
     */
    CachingAllocator(String device, DeviceMemory memory, long gcThreshold, Runnable collect) {
        this.device = device;
        this.memory = memory;
        this.gcThreshold = gcThreshold;
        this.collect = collect;
    }

    /** The size class of a request of {@code bytes} (at least 512 bytes). */
    static long sizeClass(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative allocation size " + bytes);
        }
        if (bytes <= SMALL_LIMIT) {
            return Math.max(SMALL_GRAIN, (bytes + SMALL_GRAIN - 1) / SMALL_GRAIN * SMALL_GRAIN);
        }
        long pow = Long.highestOneBit(bytes - 1);
        long step = pow / 8;
        return (bytes + step - 1) / step * step;
    }

    /**
     * A block of at least {@code bytes}, from the cache when one of its class is free.
     *
     * @throws CudaException with status {@code cudaErrorMemoryAllocation} if the device stays full after
     *                       collecting, emptying the cache and retrying
     */
    Block allocate(long bytes) {
        long size = sizeClass(bytes);
        boolean collectNow;
        synchronized (this) {
            allocations++;
            ArrayDeque<Long> list = free.get(size);
            if (list != null && !list.isEmpty()) {
                cacheHits++;
                cached -= size;
                return taken(new Block(list.pop(), size));
            }
            collectNow = live - liveAtLastCollection >= gcThreshold;
            if (collectNow) {
                liveAtLastCollection = live;
                collections++;
            }
        }
        if (collectNow) {
            collect.run();
            synchronized (this) {
                ArrayDeque<Long> list = free.get(size);
                if (list != null && !list.isEmpty()) {
                    cacheHits++;
                    cached -= size;
                    return taken(new Block(list.pop(), size));
                }
            }
        }
        return fresh(bytes, size);
    }

    private Block fresh(long bytes, long size) {
        try {
            return mallocTaken(size);
        } catch (CudaException first) {
            if (first.status() != OUT_OF_MEMORY) {
                throw first;
            }
            synchronized (this) {
                collections++;
            }
            collect.run();
            emptyCache();
            try {
                return mallocTaken(size);
            } catch (CudaException second) {
                if (second.status() != OUT_OF_MEMORY) {
                    throw second;
                }
                throw new CudaException(second.library(), second.status(), second.statusName(),
                        second.detail() + "; " + describe(), "cudaMalloc(" + size + " bytes) for a request of "
                        + bytes + " bytes on " + device + ", after emptying the cache and retrying", second.versions());
            }
        }
    }

    private Block mallocTaken(long size) {
        long address = memory.malloc(size);
        synchronized (this) {
            mallocs++;
            return taken(new Block(address, size));
        }
    }

    private Block taken(Block b) {
        live += b.size();
        peak = Math.max(peak, live);
        return b;
    }

    /** Gives a block back to the cache (from any thread, the cleaner's included). */
    synchronized void release(Block b) {
        live -= b.size();
        cached += b.size();
        releases++;
        free.computeIfAbsent(b.size(), k -> new ArrayDeque<>()).push(b.address());
        if (live < liveAtLastCollection) {
            liveAtLastCollection = live;
        }
    }

    /** Frees every cached block on the device. */
    void emptyCache() {
        long[] addresses;
        synchronized (this) {
            int n = 0;
            for (ArrayDeque<Long> l : free.values()) {
                n += l.size();
            }
            addresses = new long[n];
            int i = 0;
            for (ArrayDeque<Long> l : free.values()) {
                for (long a : l) {
                    addresses[i++] = a;
                }
            }
            free.clear();
            cached = 0;
            frees += n;
        }
        for (long a : addresses) {
            memory.free(a);
        }
    }

    /** How many blocks have been given back so far (cleaners included). */
    synchronized long releaseCount() {
        return releases;
    }

    /** Resets the peak to the current live bytes. */
    synchronized void resetPeak() {
        peak = live;
    }

    /** A snapshot of the counters. */
    synchronized MemoryStats stats() {
        return new MemoryStats(live, peak, cached, allocations, cacheHits, mallocs, frees, collections);
    }

    /** The counters in one line, for messages. */
    synchronized String describe() {
        return device + " allocator: " + live + " bytes live (peak " + peak + "), " + cached + " cached, "
                + allocations + " allocations, " + cacheHits + " cache hits, " + mallocs + " cudaMalloc, " + frees
                + " cudaFree, " + collections + " collections";
    }
}
