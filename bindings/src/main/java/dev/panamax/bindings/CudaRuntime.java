package dev.panamax.bindings;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.panamax.bindings.cudart.cudart_h;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Status-checked access to the CUDA runtime API (libcudart).
 *
 * <p>Every method calls the function of the same name in {@link cudart_h} and throws
 * {@link CudaException} when it returns anything but {@code cudaSuccess} (the query methods
 * {@link #streamQuery} and {@link #eventQuery} also accept {@code cudaErrorNotReady}). Device
 * pointers, streams and events are {@link MemorySegment}s of length zero holding the address;
 * pinned host memory comes back with its length, ready to read and write.
 *
 * {@snippet :
 * CudaRuntime cuda = CudaRuntime.get();
 * MemorySegment device = cuda.malloc(1024);
 * cuda.memset(device, 0, 1024);
 * cuda.free(device);
 * }
 */
public final class CudaRuntime {

    private static CudaRuntime system;

    private final NativeLibraries libraries;
    private final int runtimeVersion;

    private CudaRuntime(NativeLibraries libraries) {
        this.libraries = libraries;
        libraries.require(CudaLibrary.CUDART);
        this.runtimeVersion = OutParams.intValue(this::check, cudart_h::cudaRuntimeGetVersion, "cudaRuntimeGetVersion");
        libraries.recordVersion(CudaLibrary.CUDART, versionString(runtimeVersion));
        int driver = OutParams.intValue(this::check, cudart_h::cudaDriverGetVersion, "cudaDriverGetVersion");
        libraries.recordVersion(CudaLibrary.DRIVER, driver == 0 ? "none" : versionString(driver));
    }

    /**
     * Returns the runtime over {@link NativeLibraries#system()}, loading libcudart on the first call.
     *
     * @throws IllegalStateException if libcudart cannot be found or loaded
     */
    public static synchronized CudaRuntime get() {
        if (system == null) {
            system = new CudaRuntime(NativeLibraries.system());
        }
        return system;
    }

    /** Returns a runtime over the given loader, loading libcudart through it. */
    static CudaRuntime using(NativeLibraries libraries) {
        return libraries == NativeLibraries.system() ? get() : new CudaRuntime(libraries);
    }

    /** Formats a CUDA version number such as 13000 as {@code 13.0}. */
    static String versionString(int version) {
        return version / 1000 + "." + version % 1000 / 10;
    }

    /** Returns the loaded runtime's version, 1000 * major + 10 * minor (works without a driver). */
    public int runtimeVersion() {
        return runtimeVersion;
    }

    /** Returns the newest CUDA version the installed driver supports, or 0 when no driver is installed. */
    public int driverVersion() {
        return OutParams.intValue(this::check, cudart_h::cudaDriverGetVersion, "cudaDriverGetVersion");
    }

    /** Returns the number of CUDA devices (cudaGetDeviceCount). */
    public int deviceCount() {
        return OutParams.intValue(this::check, cudart_h::cudaGetDeviceCount, "cudaGetDeviceCount");
    }

    /** Makes a device current for the calling thread. */
    public void setDevice(int device) {
        check(cudart_h.cudaSetDevice(device), "cudaSetDevice(" + device + ")");
    }

    /** Returns the calling thread's current device. */
    public int device() {
        return OutParams.intValue(this::check, cudart_h::cudaGetDevice, "cudaGetDevice");
    }

    /** Sets the current device's flags, a combination of the {@code cudaDevice*} constants. */
    public void setDeviceFlags(int flags) {
        check(cudart_h.cudaSetDeviceFlags(flags), "cudaSetDeviceFlags(" + flags + ")");
    }

    /** Returns the current device's flags. */
    public int deviceFlags() {
        return OutParams.intValue(this::check, cudart_h::cudaGetDeviceFlags, "cudaGetDeviceFlags");
    }

    /** Returns a device attribute, one of the {@code cudaDevAttr*} constants. */
    public int deviceAttribute(int attribute, int device) {
        return OutParams.intValue(this::check, value -> cudart_h.cudaDeviceGetAttribute(value, attribute, device),
                "cudaDeviceGetAttribute(" + attribute + ", device " + device + ")");
    }

    /** Returns a device's PCI bus id, such as {@code 0000:65:00.0}. */
    public String pciBusId(int device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment id = arena.allocate(64);
            check(cudart_h.cudaDeviceGetPCIBusId(id, 64, device), "cudaDeviceGetPCIBusId(device " + device + ")");
            return id.getString(0);
        }
    }

    /** Returns whether device can access peer's memory directly. */
    public boolean canAccessPeer(int device, int peer) {
        return OutParams.intValue(this::check, can -> cudart_h.cudaDeviceCanAccessPeer(can, device, peer),
                "cudaDeviceCanAccessPeer(" + device + ", " + peer + ")") != 0;
    }

    /** Waits for all work on the current device. */
    public void deviceSynchronize() {
        check(cudart_h.cudaDeviceSynchronize(), "cudaDeviceSynchronize");
    }

    /** Destroys the current device's primary context and its allocations. */
    public void deviceReset() {
        check(cudart_h.cudaDeviceReset(), "cudaDeviceReset");
    }

    /**
     * Free and total memory of the current device, in bytes.
     *
     * @param free  bytes free
     * @param total bytes in total
     */
    public record MemInfo(long free, long total) {}

    /** Returns the current device's free and total memory. */
    public MemInfo memInfo() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment free = arena.allocate(JAVA_LONG);
            MemorySegment total = arena.allocate(JAVA_LONG);
            check(cudart_h.cudaMemGetInfo(free, total), "cudaMemGetInfo");
            return new MemInfo(free.get(JAVA_LONG, 0), total.get(JAVA_LONG, 0));
        }
    }

    /** Allocates device memory and returns its address. */
    public MemorySegment malloc(long bytes) {
        return OutParams.address(this::check, ptr -> cudart_h.cudaMalloc(ptr, bytes), "cudaMalloc(" + bytes + " bytes)");
    }

    /** Frees device memory from {@link #malloc}. */
    public void free(MemorySegment devicePointer) {
        check(cudart_h.cudaFree(devicePointer), "cudaFree");
    }

    /** Allocates device memory in stream order and returns its address. */
    public MemorySegment mallocAsync(long bytes, MemorySegment stream) {
        return OutParams.address(this::check, ptr -> cudart_h.cudaMallocAsync(ptr, bytes, stream),
                "cudaMallocAsync(" + bytes + " bytes)");
    }

    /** Frees device memory in stream order. */
    public void freeAsync(MemorySegment devicePointer, MemorySegment stream) {
        check(cudart_h.cudaFreeAsync(devicePointer, stream), "cudaFreeAsync");
    }

    /** Allocates page-locked host memory, returned as a segment of that many bytes. */
    public MemorySegment mallocHost(long bytes) {
        return OutParams.address(this::check, ptr -> cudart_h.cudaMallocHost(ptr, bytes),
                "cudaMallocHost(" + bytes + " bytes)").reinterpret(bytes);
    }

    /** Allocates page-locked host memory with {@code cudaHostAlloc*} flags, returned as a segment of that many bytes. */
    public MemorySegment hostAlloc(long bytes, int flags) {
        return OutParams.address(this::check, ptr -> cudart_h.cudaHostAlloc(ptr, bytes, flags),
                "cudaHostAlloc(" + bytes + " bytes, flags " + flags + ")").reinterpret(bytes);
    }

    /** Frees page-locked host memory from {@link #mallocHost} or {@link #hostAlloc}. */
    public void freeHost(MemorySegment hostPointer) {
        check(cudart_h.cudaFreeHost(hostPointer), "cudaFreeHost");
    }

    /** Page-locks an existing native host segment, with {@code cudaHostRegister*} flags. */
    public void hostRegister(MemorySegment host, int flags) {
        check(cudart_h.cudaHostRegister(host, host.byteSize(), flags),
                "cudaHostRegister(" + host.byteSize() + " bytes)");
    }

    /** Undoes {@link #hostRegister}. */
    public void hostUnregister(MemorySegment host) {
        check(cudart_h.cudaHostUnregister(host), "cudaHostUnregister");
    }

    /** Sets bytes of device memory to a byte value. */
    public void memset(MemorySegment devicePointer, int value, long bytes) {
        int status = cudart_h.cudaMemset(devicePointer, value, bytes);
        if (status != cudart_h.cudaSuccess()) {
            throw failure(status, "cudaMemset(" + bytes + " bytes)");
        }
    }

    /** Sets bytes of device memory to a byte value in stream order. */
    public void memsetAsync(MemorySegment devicePointer, int value, long bytes, MemorySegment stream) {
        int status = cudart_h.cudaMemsetAsync(devicePointer, value, bytes, stream);
        if (status != cudart_h.cudaSuccess()) {
            throw failure(status, "cudaMemsetAsync(" + bytes + " bytes)");
        }
    }

    /** Copies bytes in the direction {@code kind}, one of the {@code cudaMemcpy*} constants. */
    public void memcpy(MemorySegment dst, MemorySegment src, long bytes, int kind) {
        int status = cudart_h.cudaMemcpy(dst, src, bytes, kind);
        if (status != cudart_h.cudaSuccess()) {
            throw failure(status, "cudaMemcpy(" + bytes + " bytes, kind " + kind + ")");
        }
    }

    /** Copies bytes in stream order (asynchronously for pinned host memory). */
    public void memcpyAsync(MemorySegment dst, MemorySegment src, long bytes, int kind, MemorySegment stream) {
        int status = cudart_h.cudaMemcpyAsync(dst, src, bytes, kind, stream);
        if (status != cudart_h.cudaSuccess()) {
            throw failure(status, "cudaMemcpyAsync(" + bytes + " bytes, kind " + kind + ")");
        }
    }

    /** Copies a matrix of height rows of width bytes between pitched buffers. */
    public void memcpy2D(MemorySegment dst, long dstPitch, MemorySegment src, long srcPitch, long width, long height,
            int kind) {
        check(cudart_h.cudaMemcpy2D(dst, dstPitch, src, srcPitch, width, height, kind),
                "cudaMemcpy2D(" + height + " rows of " + width + " bytes, kind " + kind + ")");
    }

    /** Copies a matrix of height rows of width bytes between pitched buffers in stream order. */
    public void memcpy2DAsync(MemorySegment dst, long dstPitch, MemorySegment src, long srcPitch, long width,
            long height, int kind, MemorySegment stream) {
        check(cudart_h.cudaMemcpy2DAsync(dst, dstPitch, src, srcPitch, width, height, kind, stream),
                "cudaMemcpy2DAsync(" + height + " rows of " + width + " bytes, kind " + kind + ")");
    }

    /** Copies bytes between the memories of two devices. */
    public void memcpyPeer(MemorySegment dst, int dstDevice, MemorySegment src, int srcDevice, long bytes) {
        check(cudart_h.cudaMemcpyPeer(dst, dstDevice, src, srcDevice, bytes),
                "cudaMemcpyPeer(" + bytes + " bytes, device " + srcDevice + " to " + dstDevice + ")");
    }

    /** Creates a stream with {@code cudaStream*} flags. */
    public MemorySegment streamCreate(int flags) {
        return OutParams.address(this::check, stream -> cudart_h.cudaStreamCreateWithFlags(stream, flags),
                "cudaStreamCreateWithFlags(" + flags + ")");
    }

    /** Destroys a stream once its work is done. */
    public void streamDestroy(MemorySegment stream) {
        check(cudart_h.cudaStreamDestroy(stream), "cudaStreamDestroy");
    }

    /** Waits for a stream's work. */
    public void streamSynchronize(MemorySegment stream) {
        check(cudart_h.cudaStreamSynchronize(stream), "cudaStreamSynchronize");
    }

    /** Returns whether all of a stream's work is done. */
    public boolean streamQuery(MemorySegment stream) {
        return ready(cudart_h.cudaStreamQuery(stream), "cudaStreamQuery");
    }

    /** Makes a stream's later work wait for an event. */
    public void streamWaitEvent(MemorySegment stream, MemorySegment event) {
        check(cudart_h.cudaStreamWaitEvent(stream, event, cudart_h.cudaEventWaitDefault()), "cudaStreamWaitEvent");
    }

    /** Creates an event with {@code cudaEvent*} flags. */
    public MemorySegment eventCreate(int flags) {
        return OutParams.address(this::check, event -> cudart_h.cudaEventCreateWithFlags(event, flags),
                "cudaEventCreateWithFlags(" + flags + ")");
    }

    /** Destroys an event. */
    public void eventDestroy(MemorySegment event) {
        check(cudart_h.cudaEventDestroy(event), "cudaEventDestroy");
    }

    /** Records an event after a stream's current work. */
    public void eventRecord(MemorySegment event, MemorySegment stream) {
        check(cudart_h.cudaEventRecord(event, stream), "cudaEventRecord");
    }

    /** Waits for an event. */
    public void eventSynchronize(MemorySegment event) {
        check(cudart_h.cudaEventSynchronize(event), "cudaEventSynchronize");
    }

    /** Returns whether an event has completed. */
    public boolean eventQuery(MemorySegment event) {
        return ready(cudart_h.cudaEventQuery(event), "cudaEventQuery");
    }

    /** Returns the milliseconds between two recorded, completed events. */
    public float eventElapsedTime(MemorySegment start, MemorySegment end) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ms = arena.allocate(JAVA_FLOAT);
            check(cudart_h.cudaEventElapsedTime(ms, start, end), "cudaEventElapsedTime");
            return ms.get(JAVA_FLOAT, 0);
        }
    }

    /** Returns a status code's enumerator name, such as {@code cudaErrorInvalidValue}. */
    public String errorName(int status) {
        return cudart_h.cudaGetErrorName(status).getString(0);
    }

    /** Returns a status code's description, such as {@code invalid argument}. */
    public String errorString(int status) {
        return cudart_h.cudaGetErrorString(status).getString(0);
    }

    /** Returns and clears the calling thread's last error status (not thrown). */
    public int getLastError() {
        return cudart_h.cudaGetLastError();
    }

    /** Returns the calling thread's last error status without clearing it (not thrown). */
    public int peekAtLastError() {
        return cudart_h.cudaPeekAtLastError();
    }

    /**
     * Throws if a runtime status is not {@code cudaSuccess}, for calls made through {@link cudart_h} directly.
     *
     * @throws CudaException naming the call, the status and the library versions
     */
    public void check(int status, String call) {
        if (status != cudart_h.cudaSuccess()) {
            throw failure(status, call);
        }
    }

    private CudaException failure(int status, String call) {
        String name = errorName(status);
        String detail = errorString(status);
        cudart_h.cudaGetLastError(); // clears the thread's copy of a non-sticky error
        return new CudaException(CudaLibrary.CUDART, status, name, detail, call, libraries.versions());
    }

    private boolean ready(int status, String call) {
        if (status == cudart_h.cudaErrorNotReady()) {
            cudart_h.cudaGetLastError();
            return false;
        }
        check(status, call);
        return true;
    }
}
