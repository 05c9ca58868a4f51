package dev.panamax.tensor.cuda;

import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One library handle (cuBLAS, cuDNN) per thread for one device, created on the thread's first use
 * and destroyed after the thread has ended.
 *
 * <p>A handle is confined to its thread, as the libraries recommend. It lives in a thread-local
 * holder; when the thread ends the JDK drops its thread-locals, the holder becomes unreachable, and
 * a {@link Cleaner} waits for the device's stream (the handle's last work is on it) and destroys the
 * handle. Handles of threads still running at exit are reclaimed with the process, since destroying
 * one that its thread may be using at that moment would not be safe.
 */
final class ThreadHandles {

    private static final class CleanerHolder {
        static final Cleaner CLEANER = Cleaner.create(r -> {
            Thread t = new Thread(r, "panamax-cuda-handles");
            t.setDaemon(true);
            return t;
        });
    }

    /** The value kept per thread; its reachability is the thread's. */
    private static final class Holder {
        final MemorySegment handle;

        Holder(MemorySegment handle) {
            this.handle = handle;
        }
    }

    private final CudaDevice dev;
    private final String library;
    private final Supplier<MemorySegment> create;
    private final Consumer<MemorySegment> destroy;
    private final ThreadLocal<Holder> local = new ThreadLocal<>();
    private final AtomicInteger live = new AtomicInteger();

    /**
     * Handles created by {@code create} (called with the device current) and destroyed by {@code destroy}.
     *
     * @param library the library's name, for diagnostics
     */
    ThreadHandles(CudaDevice dev, String library, Supplier<MemorySegment> create, Consumer<MemorySegment> destroy) {
        this.dev = dev;
        this.library = library;
        this.create = create;
        this.destroy = destroy;
    }

    /** The calling thread's handle, created on its first call. */
    MemorySegment get() {
        Holder h = local.get();
        if (h == null) {
            dev.makeCurrent();
            MemorySegment handle = create.get();
            h = new Holder(handle);
            local.set(h);
            live.incrementAndGet();
            CleanerHolder.CLEANER.register(h, new Destroy(dev, library, destroy, handle.address(), live));
        }
        return h.handle;
    }

    /** The number of handles created and not yet destroyed. */
    int live() {
        return live.get();
    }

    /** The cleaning action; it must not refer to the holder. */
    private record Destroy(CudaDevice dev, String library, Consumer<MemorySegment> destroy, long address,
                           AtomicInteger live) implements Runnable {
        @Override
        public void run() {
            try {
                dev.synchronize();
                destroy.accept(MemorySegment.ofAddress(address));
                live.decrementAndGet();
            } catch (RuntimeException e) {
                System.err.println("panamax: could not destroy a " + library + " handle of " + dev.device + ": " + e);
            }
        }
    }
}
