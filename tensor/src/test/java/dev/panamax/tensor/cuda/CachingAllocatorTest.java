package dev.panamax.tensor.cuda;

import dev.panamax.bindings.CudaException;
import dev.panamax.bindings.CudaLibrary;
import dev.panamax.tensor.MemoryStats;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CachingAllocatorTest {

    /** A device of {@code capacity} bytes that hands out increasing addresses. */
    static final class FakeDevice implements DeviceMemory {
        final long capacity;
        final Set<Long> live = new HashSet<>();
        long used;
        long next = 0x7000_0000L;
        int mallocs;
        int frees;
        final Map<Long, Long> sizeOf = new HashMap<>();

        FakeDevice(long capacity) {
            this.capacity = capacity;
        }

        @Override
        public synchronized long malloc(long bytes) {
            if (used + bytes > capacity) {
                throw new CudaException(CudaLibrary.CUDART, CachingAllocator.OUT_OF_MEMORY, "cudaErrorMemoryAllocation",
                        "out of memory", "cudaMalloc(" + bytes + " bytes)", "fake runtime");
            }
            mallocs++;
            used += bytes;
            long a = next;
            next += bytes;
            live.add(a);
            sizeOf.put(a, bytes);
            return a;
        }

        @Override
        public synchronized void free(long address) {
            assertTrue(live.remove(address), "double free or unknown block");
            frees++;
            used -= sizeOf.remove(address);
        }
    }

    @Test
    void sizeClassesRoundUpWithBoundedSlack() {
        assertEquals(512, CachingAllocator.sizeClass(0));
        assertEquals(512, CachingAllocator.sizeClass(1));
        assertEquals(512, CachingAllocator.sizeClass(512));
        assertEquals(1024, CachingAllocator.sizeClass(513));
        assertEquals(1L << 20, CachingAllocator.sizeClass(1L << 20));
        assertEquals((1L << 20) + (1L << 17), CachingAllocator.sizeClass((1L << 20) + 1));
        assertEquals(1L << 30, CachingAllocator.sizeClass(1L << 30));
        for (long b = 1; b < (1L << 34); b = b * 3 + 7) {
            long c = CachingAllocator.sizeClass(b);
            assertTrue(c >= b, "class below request " + b);
            assertTrue(c <= Math.max(512, b + b / 8 + 512), "slack too large for " + b + ": " + c);
            assertEquals(c, CachingAllocator.sizeClass(c), "a class is its own class");
        }
        assertThrows(IllegalArgumentException.class, () -> CachingAllocator.sizeClass(-1));
    }

    @Test
    void givenBackBlocksAreReusedBeforeMalloc() {
        FakeDevice d = new FakeDevice(1L << 30);
        CachingAllocator a = new CachingAllocator("cuda:0", d, Long.MAX_VALUE, () -> { });
        CachingAllocator.Block x = a.allocate(1000);
        assertEquals(1024, x.size());
        a.release(x);
        CachingAllocator.Block y = a.allocate(1023);
        assertEquals(x.address(), y.address());
        CachingAllocator.Block z = a.allocate(5000);
        assertNotEquals(x.address(), z.address());
        MemoryStats s = a.stats();
        assertEquals(1024 + CachingAllocator.sizeClass(5000), s.liveBytes());
        assertEquals(0, s.cachedBytes());
        assertEquals(3, s.allocations());
        assertEquals(1, s.poolHits());
        assertEquals(2, s.osAllocations());
        assertEquals(2, d.mallocs);
        a.release(y);
        a.release(z);
        s = a.stats();
        assertEquals(0, s.liveBytes());
        assertEquals(1024 + CachingAllocator.sizeClass(5000), s.cachedBytes());
        assertEquals(1024 + CachingAllocator.sizeClass(5000), s.peakLiveBytes());
        a.emptyCache();
        assertEquals(0, a.stats().cachedBytes());
        assertEquals(2, a.stats().osFrees());
        assertTrue(d.live.isEmpty());
        a.resetPeak();
        assertEquals(0, a.stats().peakLiveBytes());
    }

    @Test
    void outOfMemoryEmptiesTheCacheAndRetriesOnce() {
        FakeDevice d = new FakeDevice(4096);
        int[] collections = {0};
        CachingAllocator a = new CachingAllocator("cuda:0", d, Long.MAX_VALUE, () -> collections[0]++);
        CachingAllocator.Block small = a.allocate(2048);
        a.release(small);
        // 2048 cached + 4096 requested exceeds the device: the cache must be emptied first
        CachingAllocator.Block big = a.allocate(4096);
        assertEquals(1, collections[0]);
        assertEquals(1, d.frees);
        assertEquals(4096, a.stats().liveBytes());
        assertEquals(0, a.stats().cachedBytes());
        CudaException e = assertThrows(CudaException.class, () -> a.allocate(512));
        assertEquals(CachingAllocator.OUT_OF_MEMORY, e.status());
        assertTrue(e.getMessage().contains("request of 512 bytes on cuda:0"), e.getMessage());
        assertTrue(e.getMessage().contains("4096 bytes live"), e.getMessage());
        assertTrue(e.getMessage().contains("cudaErrorMemoryAllocation"), e.getMessage());
        assertEquals(2, collections[0]);
        a.release(big);
    }

    @Test
    void otherFailuresPassThroughUntouched() {
        DeviceMemory broken = new DeviceMemory() {
            @Override
            public long malloc(long bytes) {
                throw new CudaException(CudaLibrary.CUDART, 999, "cudaErrorUnknown", "boom", "cudaMalloc", "fake");
            }

            @Override
            public void free(long address) {
            }
        };
        CachingAllocator a = new CachingAllocator("cuda:0", broken, Long.MAX_VALUE, () -> { });
        CudaException e = assertThrows(CudaException.class, () -> a.allocate(10));
        assertEquals(999, e.status());
        assertEquals(0, a.stats().liveBytes());
    }

    @Test
    void growthBeyondTheThresholdRequestsACollection() {
        FakeDevice d = new FakeDevice(1L << 30);
        int[] collections = {0};
        CachingAllocator a = new CachingAllocator("cuda:0", d, 10_000, () -> collections[0]++);
        for (int i = 0; i < 10; i++) {
            a.allocate(4096);
        }
        // 40 KiB live with a 10 000-byte threshold: a collection every third allocation or so
        assertTrue(collections[0] >= 3 && collections[0] <= 4, "collections " + collections[0]);
        assertEquals(collections[0], a.stats().gcRequests());
    }

    @Test
    void concurrentReleaseKeepsCountersConsistent() throws InterruptedException {
        FakeDevice d = new FakeDevice(1L << 40);
        CachingAllocator a = new CachingAllocator("cuda:0", d, Long.MAX_VALUE, () -> { });
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 2000; i++) {
                    a.release(a.allocate(512L * (1 + i % 7)));
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        MemoryStats s = a.stats();
        assertEquals(0, s.liveBytes());
        assertEquals(8000, s.allocations());
        assertEquals(s.allocations(), s.poolHits() + s.osAllocations());
    }
}
