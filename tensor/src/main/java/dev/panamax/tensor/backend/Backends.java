package dev.panamax.tensor.backend;

import dev.panamax.bindings.Cublas;
import dev.panamax.bindings.CudaAvailability;
import dev.panamax.bindings.CudaLibrary;
import dev.panamax.bindings.LibraryStatus;
import dev.panamax.bindings.NativeLibraries;
import dev.panamax.tensor.Device;
import dev.panamax.tensor.cpu.CpuBackend;
import dev.panamax.tensor.cpu.CpuStorage;
import dev.panamax.tensor.cuda.CudaBackend;
import java.lang.foreign.MemorySegment;

/**
 * Maps devices to backends; the only place that decides which backend serves a device.
 *
 * <p>Nothing CUDA-related is touched until a CUDA device is asked for. The CUDA backend needs the
 * CUDA runtime with a driver and a device ({@link CudaAvailability}), plus the driver API (kernel
 * launches), cuBLAS (matrix products) and NVRTC (kernel compilation); cuDNN is optional (the
 * backend's description says whether it is used, or why not).
 */
public final class Backends {

    private static volatile Availability cuda;

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
        CudaBackend b = CudaBackend.opened(device.index());
        if (b != null) {
            return b;
        }
        Availability a = cudaAvailability();
        if (!a.available()) {
            throw new IllegalStateException("CUDA device " + device + " requested but CUDA is unavailable: "
                    + a.reason());
        }
        return CudaBackend.open(device.index(), CudaAvailability.get().deviceCount());
    }

    /** Whether a CUDA backend can run in this process, with the reason (probed once). */
    public static Availability cudaAvailability() {
        Availability a = cuda;
        if (a == null) {
            a = probeCuda();
            cuda = a;
        }
        return a;
    }

    private static Availability probeCuda() {
        CudaAvailability runtime = CudaAvailability.get();
        if (!runtime.available()) {
            return new Availability(false, runtime.reason());
        }
        for (CudaLibrary library : new CudaLibrary[] {CudaLibrary.DRIVER, CudaLibrary.CUBLAS, CudaLibrary.NVRTC}) {
            LibraryStatus s = NativeLibraries.system().status(library);
            if (!s.loaded()) {
                return new Availability(false, library.displayName() + " (needed by the CUDA backend) unavailable: "
                        + s.reason());
            }
        }
        try {
            Cublas.get(); // checks that cuBLAS exports every function its façade calls
        } catch (IllegalStateException e) {
            return new Availability(false, e.getMessage() + " (cuBLAS is needed by the CUDA backend)");
        }
        return new Availability(true, runtime.toString());
    }

    /**
     * Copies the elements of {@code src} under {@code ls}, row-major, into contiguous {@code dst} on
     * another device, through native memory and the CUDA backend's pinned staging buffer (no Java arrays).
     */
    public static void transfer(Storage src, Layout ls, Storage dst) {
        if (src instanceof CpuStorage host) {
            if (!ls.isContiguous()) {
                throw new IllegalArgumentException("transfer: a host source must be contiguous, got " + ls);
            }
            MemorySegment bytes = host.segment().asSlice((long) ls.offset() * src.dtype().byteSize(), dst.byteSize());
            ((CudaBackend) of(dst.device())).upload(bytes, dst);
        } else if (dst instanceof CpuStorage host) {
            ((CudaBackend) of(src.device())).download(src, ls, host.segment());
        } else {
            CpuStorage host = (CpuStorage) CpuBackend.INSTANCE.allocate(src.dtype(), ls.numel());
            try {
                ((CudaBackend) of(src.device())).download(src, ls, host.segment());
                ((CudaBackend) of(dst.device())).upload(host.segment(), dst);
            } finally {
                host.release();
            }
        }
    }

    /**
     * A one-line description of the backend serving {@code device}, for "which backend runs" reports;
     * for an unavailable CUDA device, the reason.
     */
    public static String describe(Device device) {
        if (device.type() == Device.Type.CPU) {
            return CpuBackend.INSTANCE.describe();
        }
        Availability a = cudaAvailability();
        if (!a.available()) {
            return device + " (unavailable: " + a.reason() + ")";
        }
        try {
            return ((CudaBackend) of(device)).describe();
        } catch (IllegalStateException e) {
            return device + " (unavailable: " + e.getMessage() + ")";
        }
    }
}
