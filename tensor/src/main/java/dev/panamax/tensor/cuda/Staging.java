package dev.panamax.tensor.cuda;

import dev.panamax.bindings.cudart.cudart_h;
import java.lang.foreign.MemorySegment;

/**
 * Host↔device copies through one page-locked staging buffer per device, in chunks, in the device
 * stream's order.
 *
 * <p>Host memory may be a heap segment (small CPU tensors live in Java arrays) which the driver
 * cannot read, so every transfer is staged: host → pinned buffer → device, and back.
 */
final class Staging {

    /** The staging buffer's size: transfers above it go in several chunks. */
    static final long CHUNK = 8L << 20;

    private final CudaDevice device;
    private MemorySegment pinned;

    Staging(CudaDevice device) {
        this.device = device;
    }

    private MemorySegment buffer() {
        if (pinned == null) {
            device.makeCurrent();
            pinned = device.runtime.mallocHost(CHUNK);
        }
        return pinned;
    }

    /** Copies {@code bytes} from {@code host} (from its start) to device address {@code target}. */
    synchronized void upload(MemorySegment host, long bytes, long target) {
        MemorySegment buf = buffer();
        device.makeCurrent();
        for (long done = 0; done < bytes; done += CHUNK) {
            long n = Math.min(CHUNK, bytes - done);
            MemorySegment.copy(host, done, buf, 0, n);
            device.runtime.memcpyAsync(MemorySegment.ofAddress(target + done), buf, n,
                    cudart_h.cudaMemcpyHostToDevice(), device.stream);
            device.runtime.streamSynchronize(device.stream);
        }
    }

    /** Copies {@code bytes} from device address {@code source} into {@code host} (from its start). */
    synchronized void download(long source, long bytes, MemorySegment host) {
        MemorySegment buf = buffer();
        device.makeCurrent();
        for (long done = 0; done < bytes; done += CHUNK) {
            long n = Math.min(CHUNK, bytes - done);
            device.runtime.memcpyAsync(buf, MemorySegment.ofAddress(source + done), n,
                    cudart_h.cudaMemcpyDeviceToHost(), device.stream);
            device.runtime.streamSynchronize(device.stream);
            MemorySegment.copy(buf, 0, host, done, n);
        }
    }
}
