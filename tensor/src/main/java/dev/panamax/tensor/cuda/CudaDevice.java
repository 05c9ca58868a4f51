package dev.panamax.tensor.cuda;

import dev.panamax.bindings.Cublas;
import dev.panamax.bindings.CudaDriver;
import dev.panamax.bindings.CudaRuntime;
import dev.panamax.bindings.Nvrtc;
import dev.panamax.bindings.cudart.cudart_h;
import dev.panamax.tensor.Device;
import java.lang.foreign.MemorySegment;

/**
 * One CUDA device in use: its primary context, its stream (all of the backend's work on the device
 * runs on it, in order), its caching allocator, its kernels and its staging buffer, plus one
 * cuBLAS handle per thread and the backend's cuDNN use ({@link Dnn}).
 */
final class CudaDevice {

    private static final ThreadLocal<int[]> CURRENT = ThreadLocal.withInitial(() -> new int[] {-1});

    final int index;
    final Device device;
    final CudaRuntime runtime;
    final CudaDriver driver;
    final String name;
    final int architecture;
    final int multiprocessors;
    final MemorySegment context;
    final MemorySegment stream;
    final CachingAllocator allocator;
    final Kernels kernels;
    final Staging staging;
    final ThreadHandles blasHandles;
    final Dnn dnn;

    private CudaDevice(int index) {
        this.index = index;
        this.device = Device.cuda(index);
        this.runtime = CudaRuntime.get();
        this.driver = CudaDriver.get();
        runtime.setDevice(index);
        driver.init();
        this.context = driver.primaryContextRetain(driver.device(index));
        driver.setCurrentContext(context);
        CURRENT.get()[0] = index;
        this.name = driver.deviceName(driver.device(index));
        int major = runtime.deviceAttribute(cudart_h.cudaDevAttrComputeCapabilityMajor(), index);
        int minor = runtime.deviceAttribute(cudart_h.cudaDevAttrComputeCapabilityMinor(), index);
        this.architecture = major * 10 + minor;
        this.multiprocessors = Math.max(1, runtime.deviceAttribute(cudart_h.cudaDevAttrMultiProcessorCount(), index));
        this.stream = runtime.streamCreate(cudart_h.cudaStreamDefault());
        long total = runtime.memInfo().total();
        long gcThreshold = Long.getLong("panamax.cuda.gcThreshold", Math.max(64L << 20, total / 8));
        this.allocator = new CachingAllocator(device.toString(), new DeviceMemory() {
            @Override
            public long malloc(long bytes) {
                makeCurrent();
                return runtime.malloc(bytes).address();
            }

            @Override
            public void free(long address) {
                makeCurrent();
                runtime.free(MemorySegment.ofAddress(address));
            }
        }, gcThreshold, this::collect);
        this.kernels = new Kernels(this, Nvrtc.get(), driver, architecture, KernelDiskCache.configured());
        this.staging = new Staging(this);
        Cublas blas = Cublas.get();
        this.blasHandles = new ThreadHandles(this, "cuBLAS", () -> {
            MemorySegment h = blas.create();
            blas.setStream(h, stream);
            return h;
        }, blas::destroy);
        this.dnn = Dnn.open(this);
    }

    /** Opens device {@code index}: context, stream, allocator. */
    static CudaDevice open(int index) {
        return new CudaDevice(index);
    }

    /** Makes this device (and its primary context) current on the calling thread. */
    void makeCurrent() {
        int[] current = CURRENT.get();
        if (current[0] != index) {
            runtime.setDevice(index);
            driver.setCurrentContext(context);
            current[0] = index;
        }
    }

    /** The calling thread's cuBLAS handle for this device, bound to the device's stream. */
    MemorySegment cublas() {
        return blasHandles.get();
    }

    /** Launches an elementwise kernel over {@code n} elements with a grid-stride grid. */
    void launch(KernelSource.Module module, String kernel, int n, LaunchArgs args) {
        int blocks = (int) Math.min((n + (long) KernelSource.BLOCK - 1) / KernelSource.BLOCK, 32L * multiprocessors);
        launchBlocks(module, kernel, Math.max(blocks, 1), args);
    }

    /** Launches a kernel on {@code blocks} blocks of {@link KernelSource#BLOCK} threads. */
    void launchBlocks(KernelSource.Module module, String kernel, int blocks, LaunchArgs args) {
        MemorySegment f = kernels.function(module, kernel);
        makeCurrent();
        driver.launchKernel(f, blocks, 1, 1, KernelSource.BLOCK, 1, 1, 0, stream, args.pointers());
    }

    /** Launches a kernel function over {@code n} elements, as {@link #launch(KernelSource.Module, String, int, LaunchArgs)}. */
    void launch(MemorySegment f, int n, LaunchArgs args) {
        int blocks = (int) Math.min((n + (long) KernelSource.BLOCK - 1) / KernelSource.BLOCK, 32L * multiprocessors);
        makeCurrent();
        driver.launchKernel(f, Math.max(blocks, 1), 1, 1, KernelSource.BLOCK, 1, 1, 0, stream, args.pointers());
    }

    /** Waits for the device's stream. */
    void synchronize() {
        makeCurrent();
        runtime.streamSynchronize(stream);
    }

    /** A garbage collection that waits until the cleaners have stopped giving blocks back. */
    private void collect() {
        System.gc();
        long last = allocator.releaseCount();
        for (int i = 0; i < 50; i++) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long now = allocator.releaseCount();
            if (now == last && i >= 2) {
                return;
            }
            last = now;
        }
    }

    @Override
    public String toString() {
        return device + " (" + name + ", sm_" + architecture + ")";
    }
}
