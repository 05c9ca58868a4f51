package dev.panamax.tensor.cuda;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.Device;
import dev.panamax.tensor.backend.Storage;
import java.lang.ref.Cleaner;

/**
 * Device storage: a block of a device's caching allocator, given back when released or when no
 * longer reachable.
 *
 * <p>Every access goes through {@link #address()}, which throws once the block has been given
 * back, so a released tensor can never reach memory that was reused.
 */
public final class CudaStorage extends Storage {

    private static final Cleaner CLEANER = Cleaner.create();

    /** Gives the block back exactly once; holds no reference to the storage. */
    private static final class Giveback implements Runnable {
        private final CachingAllocator allocator;
        private final CachingAllocator.Block block;
        private volatile boolean done;

        Giveback(CachingAllocator allocator, CachingAllocator.Block block) {
            this.allocator = allocator;
            this.block = block;
        }

        @Override
        public void run() {
            done = true;
            allocator.release(block);
        }
    }

    private final Device device;
    private final long address;
    private final Giveback giveback;
    private final Cleaner.Cleanable cleanable;

    CudaStorage(Device device, CachingAllocator allocator, DType dtype, int numel) {
        super(dtype, numel);
        this.device = device;
        CachingAllocator.Block block = allocator.allocate((long) numel * dtype.byteSize());
        this.address = block.address();
        this.giveback = new Giveback(allocator, block);
        this.cleanable = CLEANER.register(this, giveback);
    }

    /**
     * The device address of element 0.
     *
     * @throws IllegalStateException if the storage has been released
     */
    long address() {
        if (giveback.done) {
            throw new IllegalStateException("a " + device + " storage of " + numel() + " " + dtype().pyName()
                    + " elements was used after being released (closed, or its memory scope ended)");
        }
        return address;
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public boolean isReleased() {
        return giveback.done;
    }

    @Override
    public void release() {
        cleanable.clean();
    }
}
