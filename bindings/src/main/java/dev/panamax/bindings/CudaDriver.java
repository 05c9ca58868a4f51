package dev.panamax.bindings;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.panamax.bindings.cuda.cuda_h;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Status-checked access to the CUDA driver API (libcuda.so.1): primary contexts, modules and kernel launches.
 *
 * <p>Every method calls the function of the same name in {@link cuda_h} (the versioned symbol where
 * the driver exports one, such as {@code cuDevicePrimaryCtxRelease_v2}) and throws
 * {@link CudaException} unless it returns {@code CUDA_SUCCESS}. Contexts, modules, functions and
 * streams are {@link MemorySegment}s of length zero holding the handle; a driver stream is the same
 * object as a runtime stream.
 *
 * {@snippet :
 * CudaDriver driver = CudaDriver.get();
 * driver.init();
 * MemorySegment context = driver.primaryContextRetain(0);
 * driver.setCurrentContext(context);
 * MemorySegment module = driver.moduleLoadData(cubin);          // from Nvrtc
 * MemorySegment kernel = driver.moduleGetFunction(module, "axpy");
 * driver.launchKernel(kernel, blocks, 1, 1, 256, 1, 1, 0, stream, params);
 * }
 */
public final class CudaDriver {

    private static CudaDriver system;

    private final NativeLibraries libraries;
    private final int driverVersion;

    private CudaDriver(NativeLibraries libraries) {
        this.libraries = libraries;
        libraries.require(CudaLibrary.DRIVER);
        this.driverVersion = OutParams.intValue(this::check, cuda_h::cuDriverGetVersion, "cuDriverGetVersion");
        libraries.recordVersion(CudaLibrary.DRIVER, CudaRuntime.versionString(driverVersion));
    }

    /**
     * Returns the driver API over {@link NativeLibraries#system()}, loading libcuda.so.1 on the first call.
     *
     * @throws IllegalStateException if libcuda.so.1 cannot be found or loaded
     */
    public static synchronized CudaDriver get() {
        if (system == null) {
            system = new CudaDriver(NativeLibraries.system());
        }
        return system;
    }

    /** Returns the newest CUDA version the driver supports, 1000 * major + 10 * minor. */
    public int driverVersion() {
        return driverVersion;
    }

    /** Initializes the driver API; needed once per process before any other call but the version and error queries. */
    public void init() {
        check(cuda_h.cuInit(0), "cuInit");
    }

    /** Returns the number of devices. */
    public int deviceCount() {
        return OutParams.intValue(this::check, cuda_h::cuDeviceGetCount, "cuDeviceGetCount");
    }

    /** Returns the device handle of an ordinal. */
    public int device(int ordinal) {
        return OutParams.intValue(this::check, device -> cuda_h.cuDeviceGet(device, ordinal),
                "cuDeviceGet(" + ordinal + ")");
    }

    /** Returns a device's name, such as {@code NVIDIA H100 80GB HBM3}. */
    public String deviceName(int device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocate(256);
            check(cuda_h.cuDeviceGetName(name, 256, device), "cuDeviceGetName(device " + device + ")");
            return name.getString(0);
        }
    }

    /** Returns a device's total memory in bytes. */
    public long deviceTotalMemory(int device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment bytes = arena.allocate(JAVA_LONG);
            check(cuda_h.cuDeviceTotalMem_v2(bytes, device), "cuDeviceTotalMem_v2(device " + device + ")");
            return bytes.get(JAVA_LONG, 0);
        }
    }

    /** Retains a device's primary context (the runtime API's context for that device) and returns it. */
    public MemorySegment primaryContextRetain(int device) {
        return OutParams.address(this::check, ctx -> cuda_h.cuDevicePrimaryCtxRetain(ctx, device),
                "cuDevicePrimaryCtxRetain(device " + device + ")");
    }

    /** Releases a primary context retained with {@link #primaryContextRetain}. */
    public void primaryContextRelease(int device) {
        check(cuda_h.cuDevicePrimaryCtxRelease_v2(device), "cuDevicePrimaryCtxRelease_v2(device " + device + ")");
    }

    /** Sets the flags ({@code CU_CTX_*}) a device's primary context is created with. */
    public void primaryContextSetFlags(int device, int flags) {
        check(cuda_h.cuDevicePrimaryCtxSetFlags_v2(device, flags),
                "cuDevicePrimaryCtxSetFlags_v2(device " + device + ", " + flags + ")");
    }

    /** Returns whether a device's primary context is active. */
    public boolean primaryContextActive(int device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment flags = arena.allocate(JAVA_INT);
            MemorySegment active = arena.allocate(JAVA_INT);
            check(cuda_h.cuDevicePrimaryCtxGetState(device, flags, active),
                    "cuDevicePrimaryCtxGetState(device " + device + ")");
            return active.get(JAVA_INT, 0) != 0;
        }
    }

    /** Makes a context current for the calling thread. */
    public void setCurrentContext(MemorySegment context) {
        check(cuda_h.cuCtxSetCurrent(context), "cuCtxSetCurrent");
    }

    /** Returns the calling thread's current context, NULL when none. */
    public MemorySegment currentContext() {
        return OutParams.address(this::check, cuda_h::cuCtxGetCurrent, "cuCtxGetCurrent");
    }

    /** Returns the device of the current context. */
    public int currentDevice() {
        return OutParams.intValue(this::check, cuda_h::cuCtxGetDevice, "cuCtxGetDevice");
    }

    /** Waits for all work of the current context. */
    public void synchronize() {
        check(cuda_h.cuCtxSynchronize(), "cuCtxSynchronize");
    }

    /** Loads a CUBIN, fatbin or NUL-terminated PTX image into the current context and returns the module. */
    public MemorySegment moduleLoadData(MemorySegment image) {
        return OutParams.address(this::check, module -> cuda_h.cuModuleLoadData(module, image),
                "cuModuleLoadData(" + image.byteSize() + " bytes)");
    }

    /** Unloads a module. */
    public void moduleUnload(MemorySegment module) {
        check(cuda_h.cuModuleUnload(module), "cuModuleUnload");
    }

    /** Returns a module's kernel by its (mangled) name. */
    public MemorySegment moduleGetFunction(MemorySegment module, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cName = arena.allocateFrom(name);
            MemorySegment function = arena.allocate(ADDRESS);
            check(cuda_h.cuModuleGetFunction(function, module, cName), "cuModuleGetFunction(" + name + ")");
            return function.get(ADDRESS, 0);
        }
    }

    /** Returns the device address of a module's global variable, as a segment of its size. */
    public MemorySegment moduleGetGlobal(MemorySegment module, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cName = arena.allocateFrom(name);
            MemorySegment address = arena.allocate(JAVA_LONG);
            MemorySegment bytes = arena.allocate(JAVA_LONG);
            check(cuda_h.cuModuleGetGlobal_v2(address, bytes, module, cName), "cuModuleGetGlobal_v2(" + name + ")");
            return MemorySegment.ofAddress(address.get(JAVA_LONG, 0)).reinterpret(bytes.get(JAVA_LONG, 0));
        }
    }

    /** Returns a kernel attribute, one of the {@code CU_FUNC_ATTRIBUTE_*} constants. */
    public int functionAttribute(MemorySegment function, int attribute) {
        return OutParams.intValue(this::check, value -> cuda_h.cuFuncGetAttribute(value, attribute, function),
                "cuFuncGetAttribute(" + attribute + ")");
    }

    /** Sets a kernel attribute, such as {@code CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES}. */
    public void setFunctionAttribute(MemorySegment function, int attribute, int value) {
        check(cuda_h.cuFuncSetAttribute(function, attribute, value),
                "cuFuncSetAttribute(" + attribute + ", " + value + ")");
    }

    /**
     * Launches a kernel on a stream.
     *
     * @param function       the kernel
     * @param gridX          blocks along x
     * @param gridY          blocks along y
     * @param gridZ          blocks along z
     * @param blockX         threads per block along x
     * @param blockY         threads per block along y
     * @param blockZ         threads per block along z
     * @param sharedMemBytes dynamic shared memory per block
     * @param stream         the stream, NULL for the default stream
     * @param kernelParams   an array of one pointer per kernel parameter, each to the parameter's value
     */
    public void launchKernel(MemorySegment function, int gridX, int gridY, int gridZ, int blockX, int blockY,
            int blockZ, int sharedMemBytes, MemorySegment stream, MemorySegment kernelParams) {
        int status = cuda_h.cuLaunchKernel(function, gridX, gridY, gridZ, blockX, blockY, blockZ, sharedMemBytes,
                stream, kernelParams, MemorySegment.NULL);
        if (status != cuda_h.CUDA_SUCCESS()) {
            check(status, "cuLaunchKernel(grid " + gridX + "x" + gridY + "x" + gridZ + ", block " + blockX + "x"
                    + blockY + "x" + blockZ + ", " + sharedMemBytes + " shared bytes)");
        }
    }

    /** Returns a status code's enumerator name, such as {@code CUDA_ERROR_INVALID_VALUE}. */
    public String errorName(int status) {
        return errorText(status, true);
    }

    /** Returns a status code's description. */
    public String errorString(int status) {
        return errorText(status, false);
    }

    /**
     * Throws if a driver status is not {@code CUDA_SUCCESS}, for calls made through {@link cuda_h} directly.
     *
     * @throws CudaException naming the call, the status and the library versions
     */
    public void check(int status, String call) {
        if (status != cuda_h.CUDA_SUCCESS()) {
            throw new CudaException(CudaLibrary.DRIVER, status, errorName(status), errorString(status), call,
                    libraries.versions());
        }
    }

    private String errorText(int status, boolean name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment text = arena.allocate(ADDRESS);
            int result = name ? cuda_h.cuGetErrorName(status, text) : cuda_h.cuGetErrorString(status, text);
            MemorySegment chars = text.get(ADDRESS, 0);
            if (result != cuda_h.CUDA_SUCCESS() || chars.equals(MemorySegment.NULL)) {
                return name ? "CUresult " + status : "unrecognized CUresult";
            }
            return chars.reinterpret(Long.MAX_VALUE).getString(0);
        }
    }

}
