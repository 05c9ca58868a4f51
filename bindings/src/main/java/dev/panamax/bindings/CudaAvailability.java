package dev.panamax.bindings;

import java.util.Objects;

/**
 * Whether CUDA can run here: libcudart loads, a driver answers and a device exists.
 *
 * <p>{@link #get()} probes once per JVM, on its first call, and never throws: a missing library,
 * a missing or too old driver (cudaErrorInsufficientDriver, code 35) or the absence of a device
 * (cudaErrorNoDevice, code 100) all give an unavailable report whose {@link #reason()} is one
 * line naming the cause and, for a failed call, the status's name.
 *
 * {@snippet :
 * CudaAvailability cuda = CudaAvailability.get();
 * System.out.println(cuda);
 * // CUDA available: 1 device, runtime 13.0, driver 13.0
 * // or: CUDA unavailable: cudaGetDeviceCount returned cudaErrorInsufficientDriver (35): ... no NVIDIA driver
 * }
 *
 * @param available      whether CUDA devices can be used
 * @param reason         why not, in one line; empty when available
 * @param runtimeVersion the loaded runtime's version (1000 * major + 10 * minor), 0 when none loaded
 * @param driverVersion  the newest CUDA version the driver supports, 0 when there is no driver
 * @param deviceCount    the number of devices, 0 when unavailable
 */
public record CudaAvailability(boolean available, String reason, int runtimeVersion, int driverVersion,
        int deviceCount) {

    private static CudaAvailability system;

    /** Creates a report, checking that an unavailable one has a reason. */
    public CudaAvailability {
        Objects.requireNonNull(reason, "reason");
        if (!available && reason.isBlank()) {
            throw new IllegalArgumentException("an unavailable report needs a reason");
        }
        if (reason.contains("\n")) {
            throw new IllegalArgumentException("the reason must be one line: " + reason);
        }
    }

    /** Returns this JVM's report, probing {@link NativeLibraries#system()} on the first call. */
    public static synchronized CudaAvailability get() {
        if (system == null) {
            system = probe(NativeLibraries.system());
        }
        return system;
    }

    /** Probes CUDA through the given loader. */
    static CudaAvailability probe(NativeLibraries libraries) {
        LibraryStatus cudart = libraries.status(CudaLibrary.CUDART);
        if (!cudart.loaded()) {
            return unavailable("CUDA runtime " + cudart.reason(), 0, 0);
        }
        CudaRuntime runtime;
        try {
            runtime = CudaRuntime.using(libraries);
        } catch (CudaException | IllegalStateException e) {
            return unavailable(oneLine(e.getMessage()), 0, 0);
        }
        int runtimeVersion = runtime.runtimeVersion();
        int driverVersion;
        int devices;
        try {
            driverVersion = runtime.driverVersion();
            devices = runtime.deviceCount();
        } catch (CudaException e) {
            int driver = safeDriverVersion(runtime);
            return unavailable(e.call() + " returned " + e.statusName() + " (" + e.status() + "): " + oneLine(e.detail())
                    + hint(e.status(), runtimeVersion, driver), runtimeVersion, driver);
        }
        if (devices == 0) {
            return unavailable("no CUDA device (cudaGetDeviceCount returned 0)", runtimeVersion, driverVersion);
        }
        return new CudaAvailability(true, "", runtimeVersion, driverVersion, devices);
    }

    /** Returns a one-line summary starting with {@code CUDA available} or {@code CUDA unavailable}. */
    @Override
    public String toString() {
        if (!available) {
            return "CUDA unavailable: " + reason;
        }
        return "CUDA available: " + deviceCount + (deviceCount == 1 ? " device" : " devices") + ", runtime "
                + CudaRuntime.versionString(runtimeVersion) + ", driver " + CudaRuntime.versionString(driverVersion);
    }

    private static CudaAvailability unavailable(String reason, int runtimeVersion, int driverVersion) {
        return new CudaAvailability(false, reason, runtimeVersion, driverVersion, 0);
    }

    private static String hint(int status, int runtimeVersion, int driverVersion) {
        return switch (status) {
            case 35 -> driverVersion == 0
                    ? "; no NVIDIA driver (libcuda.so.1) is installed"
                    : "; the driver supports CUDA " + CudaRuntime.versionString(driverVersion) + ", older than runtime "
                            + CudaRuntime.versionString(runtimeVersion);
            case 100 -> "; no CUDA-capable device is visible";
            case 34 -> "; the stub libcuda.so of the toolkit was loaded instead of the driver's";
            default -> "";
        };
    }

    private static int safeDriverVersion(CudaRuntime runtime) {
        try {
            return runtime.driverVersion();
        } catch (CudaException e) {
            return 0;
        }
    }

    private static String oneLine(String text) {
        return String.valueOf(text).replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
