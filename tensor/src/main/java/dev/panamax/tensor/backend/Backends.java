package dev.panamax.tensor.backend;

import dev.panamax.tensor.Device;
import dev.panamax.tensor.cpu.CpuBackend;

/**
 * Maps devices to backends; the only place that decides which backend serves a device.
 *
 * <p>Nothing CUDA-related is touched until a CUDA device is asked for.
 */
public final class Backends {

    private Backends() {
    }

    /** The CPU backend. */
    public static Backend cpu() {
        return CpuBackend.INSTANCE;
    }

    /**
     * The backend serving {@code device}.
     *
     * @throws IllegalStateException if that device's backend is unavailable, with the reason
     */
    public static Backend of(Device device) {
        if (device.type() == Device.Type.CPU) {
            return CpuBackend.INSTANCE;
        }
        throw new IllegalStateException("CUDA device " + device + " requested but CUDA is unavailable: "
                + cudaAvailability().reason());
    }

    /** Whether a CUDA backend can run in this process, with the reason. */
    public static Availability cudaAvailability() {
        return new Availability(false, "this build of Panamax has no CUDA backend yet (CPU only)");
    }

    /** A one-line description of the backend serving {@code device}, for "which backend runs" reports. */
    public static String describe(Device device) {
        if (device.type() == Device.Type.CPU) {
            return CpuBackend.INSTANCE.describe();
        }
        Availability a = cudaAvailability();
        return device + (a.available() ? " (CUDA)" : " (unavailable: " + a.reason() + ")");
    }
}
