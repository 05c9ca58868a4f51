package dev.panamax.tensor.cpu;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayDeque;

/**
 * The CPU backend's pool of native memory blocks, by size class.
 *
 * <p>Blocks come from the C library's {@code aligned_alloc} (64-byte alignment; on Linux, blocks of
 * 4 MiB or more are 2 MiB-aligned and advised to use transparent huge pages unless
 * {@code panamax.cpu.hugePages} is {@code false}) and are kept in
 * per-size-class free lists when given back, so steady-state training loops allocate nothing
 * from the OS. Size classes are the powers of two split in four steps (at most 25 % slack).
 * The pool caches at most {@code panamax.cpu.cacheBytes} bytes (default 2 GiB); beyond that, given
 * back blocks are freed.
 *
 * <p>Memory no longer referenced from Java is given back by a {@link java.lang.ref.Cleaner}. To keep
 * loops that never close tensors bounded, the allocator asks for a garbage collection each time
 * live bytes have grown by {@code panamax.cpu.gcThreshold} (default 256 MiB) since the last one, and
 * blocks (collecting and waiting for cleaners, as the JDK does for direct buffers) when live bytes
 * would exceed {@code panamax.cpu.maxBytes} (default: half the physical memory).
 */
public final class HostAllocator {

    private static final long ALIGN = 64;
    private static final MethodHandle ALIGNED_ALLOC;
    private static final MethodHandle FREE;
    /** Linux's madvise, or null elsewhere. */
    private static final MethodHandle MADVISE;
    private static final int MADV_HUGEPAGE = 14;
    /** Blocks of at least this size are aligned to, and advised to use, 2 MiB transparent huge pages. */
    private static final long HUGE = 4L << 20;
    private static final long HUGE_PAGE = 2L << 20;
    /** Whether to advise huge pages (property {@code panamax.cpu.hugePages}, default true on Linux). */
    private static final boolean HUGE_PAGES;

    static {
        Linker linker = Linker.nativeLinker();
        var lookup = linker.defaultLookup();
        ALIGNED_ALLOC = linker.downcallHandle(lookup.find("aligned_alloc").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
        FREE = linker.downcallHandle(lookup.find("free").orElseThrow(),
                FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
        MADVISE = System.getProperty("os.name", "").startsWith("Linux") ? lookup.find("madvise")
                .map(f -> linker.downcallHandle(f, FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                        ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT))).orElse(null) : null;
        HUGE_PAGES = MADVISE != null && Boolean.parseBoolean(System.getProperty("panamax.cpu.hugePages", "true"));
    }

    /** The process-wide allocator of the CPU backend. */
    public static final HostAllocator INSTANCE = new HostAllocator(
            Long.getLong("panamax.cpu.cacheBytes", 2L << 30),
            Long.getLong("panamax.cpu.gcThreshold", 256L << 20),
            Long.getLong("panamax.cpu.maxBytes", defaultMaxBytes()));

    private final long cacheLimit;
    private final long gcThreshold;
    private final long maxBytes;
    /** Free lists by size-class index (see {@link #classIndex}). */
    @SuppressWarnings("unchecked")
    private final ArrayDeque<MemorySegment>[] free = new ArrayDeque[4 * 64];

    private long live;
    private long peak;
    private long cached;
    private long allocations;
    private long poolHits;
    private long osAllocations;
    private long osFrees;
    private long gcRequests;
    private long liveAtLastGc;

    HostAllocator(long cacheLimit, long gcThreshold, long maxBytes) {
        this.cacheLimit = cacheLimit;
        this.gcThreshold = gcThreshold;
        this.maxBytes = maxBytes;
    }

    private static long defaultMaxBytes() {
        try {
            var os = (com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            return Math.max(1L << 30, os.getTotalMemorySize() / 2);
        } catch (RuntimeException | LinkageError e) {
            return 8L << 30;
        }
    }

    /** The index of a size class (4 per power of two). */
    static int classIndex(long cls) {
        int p = 63 - Long.numberOfLeadingZeros(cls);
        long base = 1L << p;
        long step = Math.max(ALIGN, base / 4);
        return 4 * p + (int) ((cls - base) / step);
    }

    /** The size class that holds {@code bytes}. */
    static long sizeClass(long bytes) {
        if (bytes <= ALIGN) {
            return ALIGN;
        }
        int p = 63 - Long.numberOfLeadingZeros(bytes - 1);
        long base = 1L << p;
        long step = Math.max(ALIGN, base / 4);
        return base + (bytes - base + step - 1) / step * step;
    }

    /**
     * A block of at least {@code bytes} bytes, 64-byte aligned, with unspecified contents.
     *
     * @throws OutOfMemoryError if the native budget or the C library refuses
     */
    public MemorySegment allocate(long bytes) {
        long cls = sizeClass(Math.max(1, bytes));
        reserve(cls);
        MemorySegment seg;
        synchronized (this) {
            ArrayDeque<MemorySegment> list = free[classIndex(cls)];
            seg = list == null ? null : list.pollLast();
            allocations++;
            if (seg != null) {
                poolHits++;
                cached -= cls;
            }
        }
        if (seg == null) {
            seg = osAlloc(cls);
        }
        return seg;
    }

    /** Gives back a block obtained from {@link #allocate}. */
    public void release(MemorySegment block) {
        long cls = block.byteSize();
        boolean toOs;
        synchronized (this) {
            live -= cls;
            // Growth is measured from the lowest point since the last collection: the blocks that the
            // collection's cleaners give back afterwards must not count as growth.
            liveAtLastGc = Math.min(liveAtLastGc, live);
            toOs = cached + cls > cacheLimit;
            if (!toOs) {
                int idx = classIndex(cls);
                if (free[idx] == null) {
                    free[idx] = new ArrayDeque<>();
                }
                free[idx].addLast(block);
                cached += cls;
            }
        }
        if (toOs) {
            osFree(block);
        }
    }

    private void reserve(long cls) {
        boolean collect;
        synchronized (this) {
            collect = live + cls - liveAtLastGc > gcThreshold;
            if (!collect && live + cls <= maxBytes) {
                take(cls);
                return;
            }
        }
        if (collect) {
            requestGc();
        }
        long sleep = 1;
        for (int attempt = 0; ; attempt++) {
            synchronized (this) {
                if (live + cls <= maxBytes) {
                    take(cls);
                    liveAtLastGc = Math.min(liveAtLastGc, live);
                    return;
                }
            }
            if (attempt >= 9) {
                throw new OutOfMemoryError("Panamax CPU allocator: cannot allocate " + cls + " bytes: "
                        + live + " bytes are live and panamax.cpu.maxBytes is " + maxBytes
                        + " (close tensors, use Memory.scope(), or raise the limit)");
            }
            requestGc();
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OutOfMemoryError("Panamax CPU allocator: interrupted while waiting for memory");
            }
            sleep <<= 1;
        }
    }

    private void take(long cls) {
        live += cls;
        if (live > peak) {
            peak = live;
        }
    }

    private void requestGc() {
        System.gc();
        synchronized (this) {
            gcRequests++;
            liveAtLastGc = live;
        }
    }

    private MemorySegment osAlloc(long cls) {
        MemorySegment raw;
        try {
            boolean huge = HUGE_PAGES && cls >= HUGE;
            raw = (MemorySegment) ALIGNED_ALLOC.invokeExact(huge ? HUGE_PAGE : ALIGN, cls);
            if (huge && raw.address() != 0) {
                // Fewer TLB misses for streaming kernels (costly under virtualisation); advice only.
                int ignored = (int) MADVISE.invokeExact(raw, cls & -HUGE_PAGE, MADV_HUGEPAGE);
            }
        } catch (Throwable t) {
            throw new IllegalStateException("aligned_alloc failed", t);
        }
        if (raw.address() == 0) {
            synchronized (this) {
                live -= cls;
            }
            emptyCache();
            throw new OutOfMemoryError("Panamax CPU allocator: aligned_alloc(" + cls + ") returned NULL");
        }
        synchronized (this) {
            osAllocations++;
        }
        return raw.reinterpret(cls);
    }

    private void osFree(MemorySegment block) {
        try {
            FREE.invokeExact(block);
        } catch (Throwable t) {
            throw new IllegalStateException("free failed", t);
        }
        synchronized (this) {
            osFrees++;
        }
    }

    /** Frees every cached block back to the OS. */
    public void emptyCache() {
        ArrayDeque<MemorySegment> all = new ArrayDeque<>();
        synchronized (this) {
            for (int i = 0; i < free.length; i++) {
                if (free[i] != null) {
                    all.addAll(free[i]);
                    free[i] = null;
                }
            }
            cached = 0;
        }
        for (MemorySegment s : all) {
            osFree(s);
        }
    }

    /** Resets the peak to the current live byte count. */
    public synchronized void resetPeak() {
        peak = live;
    }

    /**
     * A snapshot of the counters: live, peak, cached, allocations, pool hits, OS allocations,
     * OS frees, GC requests.
     */
    public synchronized long[] counters() {
        return new long[] {live, peak, cached, allocations, poolHits, osAllocations, osFrees, gcRequests};
    }
}
