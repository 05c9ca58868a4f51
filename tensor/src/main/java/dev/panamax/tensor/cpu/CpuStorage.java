package dev.panamax.tensor.cpu;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.Device;
import dev.panamax.tensor.backend.Storage;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;

/**
 * Host storage: a pooled native block, given back when released or when no longer reachable.
 */
public final class CpuStorage extends Storage {

    private static final Cleaner CLEANER = Cleaner.create();

    /** Gives the block back exactly once; holds no reference to the storage. */
    private static final class Giveback implements Runnable {
        private final MemorySegment block;
        private volatile boolean done;

        Giveback(MemorySegment block) {
            this.block = block;
        }

        @Override
        public void run() {
            done = true;
            HostAllocator.INSTANCE.release(block);
        }
    }

    private final MemorySegment segment;
    private final Giveback giveback;
    private final Cleaner.Cleanable cleanable;

    CpuStorage(DType dtype, int numel) {
        super(dtype, numel);
        MemorySegment block = HostAllocator.INSTANCE.allocate((long) numel * dtype.byteSize());
        this.segment = block.asSlice(0, (long) numel * dtype.byteSize());
        this.giveback = new Giveback(block);
        this.cleanable = CLEANER.register(this, giveback);
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
        return giveback.done;
    }

    @Override
    public void release() {
        cleanable.clean();
    }
}
