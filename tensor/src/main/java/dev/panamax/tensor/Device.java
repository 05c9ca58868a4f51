package dev.panamax.tensor;

import java.util.Locale;

/**
 * Where a tensor's storage lives: the host CPU or one CUDA device.
 *
 * @param type  the kind of device
 * @param index the device ordinal (always 0 for the CPU)
 */
public record Device(Type type, int index) {

    /** The kinds of device. */
    public enum Type { CPU, CUDA }

    /** The host CPU, served by the Vector API backend. */
    public static final Device CPU = new Device(Type.CPU, 0);

    /**
     * Validates the ordinal.
     *
     * @throws IllegalArgumentException if {@code index} is negative, or non-zero for the CPU
     */
    public Device {
        if (type == null) {
            throw new IllegalArgumentException("Device: type must not be null");
        }
        if (index < 0 || (type == Type.CPU && index != 0)) {
            throw new IllegalArgumentException("Device: invalid index " + index + " for " + type);
        }
    }

    /** The CUDA device with the given ordinal. */
    public static Device cuda(int index) {
        return new Device(Type.CUDA, index);
    }

    /**
     * Parses {@code "cpu"}, {@code "cuda"} or {@code "cuda:N"}.
     *
     * @throws IllegalArgumentException for any other text
     */
    public static Device parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("cpu")) {
            return CPU;
        }
        if (t.equals("cuda")) {
            return cuda(0);
        }
        if (t.startsWith("cuda:")) {
            try {
                return cuda(Integer.parseInt(t.substring(5)));
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
        }
        throw new IllegalArgumentException("Device.parse: unknown device '" + text
                + "'; expected cpu, cuda or cuda:N");
    }

    /** The best device available: a CUDA device when its backend is available, else the CPU. */
    public static Device auto() {
        return dev.panamax.tensor.backend.Backends.cudaAvailability().available() ? cuda(0) : CPU;
    }

    /**
     * A one-line description of the backend that serves this device, for "which backend runs"
     * reports, e.g. {@code cpu (Vector API, 512-bit SIMD, 2 threads)}.
     */
    public String describeBackend() {
        return dev.panamax.tensor.backend.Backends.describe(this);
    }

    /**
     * Waits until every operation queued on this device has finished, as {@code torch.cuda.synchronize()}
     * does: CUDA operations return once queued on the device's stream, so timing them needs this (or a
     * read of a result). On the CPU, every operation has finished when it returns.
     *
     * @throws IllegalStateException if the device's backend is unavailable (with the reason)
     */
    public void synchronize() {
        if (type == Type.CPU) {
            return;
        }
        dev.panamax.tensor.backend.Backends.of(this).synchronize();
    }

    @Override
    public String toString() {
        return type == Type.CPU ? "cpu" : "cuda:" + index;
    }
}
