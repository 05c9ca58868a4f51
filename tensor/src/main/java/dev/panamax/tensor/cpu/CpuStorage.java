package dev.panamax.tensor.cpu;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.Device;
import dev.panamax.tensor.backend.Storage;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;

/**
 * Host storage: a pooled native block, given back when released or when no longer reachable.
 *
 * <p>Storages of at most {@link #HEAP_LIMIT} bytes live in a Java {@code byte[]} instead: for
 * tiny tensors a heap array is far cheaper than a native block with a cleaner, and the garbage
 * collector reclaims it. Released or not, every access goes through the released check.
 */
public final class CpuStorage extends Storage {

    /** Storages up to this many bytes are heap arrays. */
    static final int HEAP_LIMIT = Integer.getInteger("panamax.cpu.heapLimit", 1024);

    private static final Cleaner CLEANER = Cleaner.create();

    /** Gives a native block back exactly once; holds no reference to the storage. */
    private static final class Giveback implements Runnable {
        private final MemorySegment block;
        private volatile boolean done;

        Giveback(MemorySegment block) {
            this.block = block;
        }

        @Override
        public void run() {
            if (done) {
                return;
            }
            done = true;
            HostAllocator.INSTANCE.release(block);
        }
    }

    private final MemorySegment segment;
    private final Giveback giveback;
    private Cleaner.Cleanable cleanable;
    private boolean heapReleased;

    /**
     * A storage whose native block, if any, is not yet watched by the cleaner: the caller either
     * hands it to a memory scope (which releases it) or calls {@link #track()}.
     */
    CpuStorage(DType dtype, int numel) {
        super(dtype, numel);
        long bytes = (long) numel * dtype.byteSize();
        if (bytes <= HEAP_LIMIT) {
            this.segment = MemorySegment.ofArray(new byte[(int) bytes]);
            this.giveback = null;
            return;
        }
        MemorySegment block = HostAllocator.INSTANCE.allocate(bytes);
        this.segment = block.asSlice(0, bytes);
        this.giveback = new Giveback(block);
    }

    /**
     * Registers the native block with the cleaner, so that it goes back once this storage is
     * unreachable. Storages owned by a memory scope skip this (the scope releases them) until
     * {@link #keep()} takes them out.
     */
    void track() {
        if (giveback != null && cleanable == null && !giveback.done) {
            cleanable = CLEANER.register(this, giveback);
        }
    }

    @Override
    protected void unscoped() {
        track();
    }

    /** The elements, valid only while {@link #isReleased()} is false. */
    public MemorySegment segment() {
        return segment;
    }

    @Override
    public Device device() {
        return Device.CPU;
    }

    @Override
    public boolean isReleased() {
        return giveback == null ? heapReleased : giveback.done;
    }

    @Override
    public void release() {
        if (giveback == null) {
            heapReleased = true;
        } else if (cleanable != null) {
            cleanable.clean();
        } else {
            giveback.run();
        }
    }
}
