package dev.panamax.tensor.backend;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.Device;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A flat buffer of elements owned by one backend, shared by every view over it.
 *
 * <p>The version counter increments on every in-place write; autograd compares it to detect
 * tensors modified after being saved for backward.
 */
public abstract class Storage {
    private static final AtomicLong SERIALS = new AtomicLong();

    private final long serial = SERIALS.incrementAndGet();
    private final DType dtype;
    private final int numel;
    private long version;
    Scopes.Frame frame;

    protected Storage(DType dtype, int numel) {
        this.dtype = dtype;
        this.numel = numel;
    }

    public final DType dtype() {
        return dtype;
    }

    public final int numel() {
        return numel;
    }

    public final long byteSize() {
        return (long) numel * dtype.byteSize();
    }

    /** This storage's number: unique in the process, and larger for every storage created later. */
    public final long serial() {
        return serial;
    }

    /** The serial of the most recently created storage (0 before the first). */
    public static long lastSerial() {
        return SERIALS.get();
    }

    /** The number of in-place writes so far. */
    public final long version() {
        return version;
    }

    /** Records an in-place write. */
    public final void bumpVersion() {
        version++;
    }

    /** The device this storage lives on. */
    public abstract Device device();

    /** Whether the memory has been given back; every access must check this first. */
    public abstract boolean isReleased();

    /** Gives the memory back now (idempotent); later use of the storage is an error. */
    public abstract void release();

    /** Removes this storage from any memory scope, leaving it to the garbage collector. */
    public final void keep() {
        if (frame != null) {
            Scopes.forget(this);
            unscoped();
        }
    }

    /**
     * Called when {@link #keep()} takes this storage out of the scope that owned it: from now on only
     * reachability decides when its memory goes back (a backend that left that to the scope registers
     * its cleaner here).
     */
    protected void unscoped() {
    }
}
