package dev.panamax.tensor.cuda;

import dev.panamax.bindings.Cublas;
import dev.panamax.bindings.cudart.cudart_h;
import dev.panamax.tensor.DType;
import dev.panamax.tensor.Device;
import dev.panamax.tensor.MemoryStats;
import dev.panamax.tensor.backend.Backend;
import dev.panamax.tensor.backend.BinaryOp;
import dev.panamax.tensor.backend.CompareOp;
import dev.panamax.tensor.backend.Layout;
import dev.panamax.tensor.backend.ReduceOp;
import dev.panamax.tensor.backend.Scopes;
import dev.panamax.tensor.backend.Storage;
import dev.panamax.tensor.backend.UnaryOp;
import dev.panamax.tensor.cpu.CpuBackend;
import dev.panamax.tensor.cpu.CpuStorage;
import dev.panamax.tensor.cuda.KernelSource.Family;
import dev.panamax.tensor.cuda.KernelSource.Mode;
import dev.panamax.tensor.cuda.KernelSource.Module;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The CUDA backend of one device: NVRTC-compiled kernels for elementwise work and reductions,
 * cuDNN for the activations and reductions it computes with the CPU's semantics ({@link Dnn}),
 * cuBLAS for matrix products, a caching allocator for memory.
 *
 * <p>All work is enqueued on the device's stream; only transfers to the host wait for it.
 * Devices are opened on first request ({@link #open}); nothing here runs before that.
 */
public final class CudaBackend implements Backend {

    private static volatile CudaBackend[] opened = new CudaBackend[0];

    private final CudaDevice dev;
    private final Matmul matmul;

    private CudaBackend(CudaDevice dev) {
        this.dev = dev;
        this.matmul = new Matmul(this, dev);
    }

    /** The backend of device {@code index} if it has been opened, else null; never touches CUDA. */
    public static CudaBackend opened(int index) {
        CudaBackend[] b = opened;
        return index < b.length ? b[index] : null;
    }

    /**
     * The backend of device {@code index}, opening the device on first use.
     *
     * @throws IllegalStateException if there is no such device
     */
    public static synchronized CudaBackend open(int index, int deviceCount) {
        CudaBackend b = opened(index);
        if (b != null) {
            return b;
        }
        if (index >= deviceCount) {
            throw new IllegalStateException("CUDA device cuda:" + index + " requested but only " + deviceCount
                    + (deviceCount == 1 ? " device is" : " devices are") + " present");
        }
        b = new CudaBackend(CudaDevice.open(index));
        CudaBackend[] next = Arrays.copyOf(opened, Math.max(opened.length, index + 1));
        next[index] = b;
        opened = next;
        return b;
    }

    /** Frees the cached blocks of every opened device. */
    public static void emptyCaches() {
        for (CudaBackend b : opened) {
            if (b != null) {
                b.dev.allocator.emptyCache();
            }
        }
    }

    /** The allocator statistics of device {@code index}, zeros if it was never opened. */
    public static MemoryStats stats(int index) {
        CudaBackend b = opened(index);
        return b == null ? new MemoryStats(0, 0, 0, 0, 0, 0, 0, 0) : b.dev.allocator.stats();
    }

    /** Resets the peak statistic of every opened device. */
    public static void resetPeaks() {
        for (CudaBackend b : opened) {
            if (b != null) {
                b.dev.allocator.resetPeak();
            }
        }
    }

    @Override
    public void synchronize() {
        dev.synchronize();
    }

    /** A one-line description: device, architecture, kernel target, and which library runs what. */
    public String describe() {
        return dev + ", kernels for " + dev.kernels.target().option() + " by NVRTC, matmul by cuBLAS "
                + Cublas.get().version() + ", " + dev.dnn.describe();
    }

    /** The device's cuDNN use (for tests). */
    Dnn dnn() {
        return dev.dnn;
    }

    /** The device (for tests). */
    CudaDevice cudaDevice() {
        return dev;
    }

    /** The number of cuBLAS and cuDNN handles of this device not yet destroyed (for tests). */
    int liveHandles() {
        return dev.blasHandles.live() + dev.dnn.liveHandles();
    }

    @Override
    public Device device() {
        return dev.device;
    }

    @Override
    public Storage allocate(DType dtype, int numel) {
        CudaStorage s = new CudaStorage(dev.device, dev.allocator, dtype, numel);
        Scopes.adopt(s);
        return s;
    }

    /** Storage for internal temporaries, outside any memory scope. */
    CudaStorage temporary(DType dtype, int numel) {
        return new CudaStorage(dev.device, dev.allocator, dtype, numel);
    }

    /** The device address of the element at {@code l}'s offset. */
    static long address(Storage s, Layout l) {
        return ((CudaStorage) s).address() + (long) l.offset() * s.dtype().byteSize();
    }

    /** Launches an elementwise kernel: operands in the kernel's pointer order, all of {@code layouts[0]}'s shape. */
    private void run(Module m, KernelName name, Storage[] storages, Layout[] layouts, Consumer<LaunchArgs> scalars) {
        int n = layouts[0].numel();
        if (n == 0) {
            return;
        }
        int[][] strides = new int[layouts.length][];
        for (int j = 0; j < layouts.length; j++) {
            strides[j] = layouts[j].strides();
        }
        Indexing ix = Indexing.of(layouts[0].shape(), strides);
        if (ix.rank() > KernelSource.MAX_RANK) {
            throw new UnsupportedOperationException("cuda: " + ix.rank() + " non-mergeable dimensions in "
                    + layouts[0] + " exceed the kernels' limit of " + KernelSource.MAX_RANK);
        }
        boolean contiguous = ix.contiguous();
        LaunchArgs a = LaunchArgs.start().i32(n);
        if (!contiguous) {
            a.shape(ix.shape());
            for (int[] s : ix.strides()) {
                a.strides(s);
            }
        }
        if (scalars != null) {
            scalars.accept(a);
        }
        for (int j = 0; j < storages.length; j++) {
            a.pointer(address(storages[j], layouts[j]));
        }
        dev.launch(m, name.of(contiguous), n, a);
        Reference.reachabilityFence(storages);
    }

    private static Consumer<LaunchArgs> typedScalar(DType t, double v) {
        return switch (t) {
            case FLOAT32 -> a -> a.f32((float) v);
            case FLOAT64 -> a -> a.f64(v);
            case INT64 -> a -> a.i64((long) v);
            case BOOL -> a -> a.u8(v != 0 ? (byte) 1 : (byte) 0);
        };
    }

    /** A kernel's name by variant. */
    @FunctionalInterface
    private interface KernelName {
        String of(boolean contiguous);
    }

    @Override
    public void fill(Storage dst, Layout ld, double value) {
        if (Double.doubleToRawLongBits(value) == 0 && ld.isContiguous() && ld.numel() > 0) {
            dev.makeCurrent();
            dev.runtime.memsetAsync(MemorySegment.ofAddress(address(dst, ld)), 0,
                    (long) ld.numel() * dst.dtype().byteSize(), dev.stream);
            return;
        }
        run(new Module(Family.FILL, dst.dtype()), KernelSource::fill, new Storage[] {dst},
                new Layout[] {ld}, typedScalar(dst.dtype(), value));
    }

    @Override
    public void copy(Storage src, Layout ls, Storage dst, Layout ld) {
        if (src.dtype() == dst.dtype() && ls.isContiguous() && ld.isContiguous()) {
            long bytes = (long) ld.numel() * dst.dtype().byteSize();
            if (bytes > 0) {
                dev.makeCurrent();
                dev.runtime.memcpyAsync(MemorySegment.ofAddress(address(dst, ld)),
                        MemorySegment.ofAddress(address(src, ls)), bytes,
                        cudart_h.cudaMemcpyDeviceToDevice(), dev.stream);
            }
            return;
        }
        run(new Module(Family.COPY, dst.dtype()), c -> KernelSource.copy(src.dtype(), c),
                new Storage[] {src, dst}, new Layout[] {ls, ld}, null);
    }

    @Override
    public void unary(UnaryOp op, Storage src, Layout ls, Storage dst, Layout ld) {
        DType t = dst.dtype();
        if (!CTypes.supports(op, t)) {
            throw new UnsupportedOperationException(op + ": dtype " + t.pyName() + " is not supported on " + dev.device);
        }
        if (dev.dnn.unary(op, src, ls, dst, ld)) {
            return;
        }
        run(new Module(Family.UNARY, t), c -> KernelSource.unary(op, c), new Storage[] {src, dst},
                new Layout[] {ls, ld}, null);
    }

    @Override
    public void softmax(Storage src, Layout ls, int dim, boolean log, Storage dst, Layout ld) {
        if (!SoftmaxSource.supports(dst.dtype())) {
            throw new UnsupportedOperationException((log ? "logSoftmax" : "softmax") + ": dtype "
                    + dst.dtype().pyName() + " is not supported on " + dev.device);
        }
        if (!dev.dnn.softmax(src, ls, dim, log, dst, ld)) {
            Softmax.run(dev, log, false, dim, new Storage[] {src, dst}, new Layout[] {ls, ld});
        }
    }

    @Override
    public void softmaxBackward(Storage grad, Layout lg, Storage out, Layout lo, int dim, boolean log, Storage dst,
                                Layout ld) {
        if (!SoftmaxSource.supports(dst.dtype())) {
            throw new UnsupportedOperationException((log ? "logSoftmaxBackward" : "softmaxBackward") + ": dtype "
                    + dst.dtype().pyName() + " is not supported on " + dev.device);
        }
        if (!dev.dnn.softmaxBackward(grad, lg, out, lo, dim, log, dst, ld)) {
            Softmax.run(dev, log, true, dim, new Storage[] {grad, out, dst}, new Layout[] {lg, lo, ld});
        }
    }

    @Override
    public void binary(BinaryOp op, Storage a, Layout la, Storage b, Layout lb, Storage dst, Layout ld) {
        DType t = binaryType(op, dst);
        run(new Module(Family.BINARY, t), c -> KernelSource.binary(op, Mode.VV, c), new Storage[] {a, b, dst},
                new Layout[] {la, lb, ld}, null);
    }

    @Override
    public void binaryScalar(BinaryOp op, Storage a, Layout la, double s, boolean scalarFirst, Storage dst,
                             Layout ld) {
        DType t = binaryType(op, dst);
        Mode mode = scalarFirst ? Mode.SV : Mode.VS;
        run(new Module(Family.BINARY, t), c -> KernelSource.binary(op, mode, c), new Storage[] {a, dst},
                new Layout[] {la, ld}, typedScalar(t, s));
    }

    private DType binaryType(BinaryOp op, Storage dst) {
        DType t = dst.dtype();
        if (!CTypes.supportsBinary(t)) {
            throw new UnsupportedOperationException(op + ": dtype " + t.pyName() + " is not supported on " + dev.device);
        }
        return t;
    }

    @Override
    public void compare(CompareOp op, Storage a, Layout la, Storage b, Layout lb, Storage dst, Layout ld) {
        run(new Module(Family.SELECT, a.dtype()), c -> KernelSource.compare(op, false, c),
                new Storage[] {a, b, dst}, new Layout[] {la, lb, ld}, null);
    }

    @Override
    public void compareScalar(CompareOp op, Storage a, Layout la, double s, Storage dst, Layout ld) {
        run(new Module(Family.SELECT, a.dtype()), c -> KernelSource.compare(op, true, c),
                new Storage[] {a, dst}, new Layout[] {la, ld}, args -> args.f64(s));
    }

    @Override
    public void where(Storage cond, Layout lc, Storage a, Layout la, Storage b, Layout lb, Storage dst, Layout ld) {
        run(new Module(Family.SELECT, dst.dtype()), KernelSource::where,
                new Storage[] {cond, a, b, dst}, new Layout[] {lc, la, lb, ld}, null);
    }

    @Override
    public void maskedFill(Storage dst, Layout ld, Storage mask, Layout lm, double value) {
        run(new Module(Family.FILL, dst.dtype()), KernelSource::maskedFill, new Storage[] {dst, mask},
                new Layout[] {ld, lm}, typedScalar(dst.dtype(), value));
    }

    @Override
    public void reduce(ReduceOp op, Storage src, Layout ls, int reducedDims, Storage dst, Layout ld,
                       Storage indices) {
        if (!dev.dnn.reduce(op, src, ls, reducedDims, dst, ld, indices)) {
            Reduction.run(dev, op, src, ls, reducedDims, dst, ld, indices);
        }
    }

    @Override
    public void matmul(Storage a, Layout la, Storage b, Layout lb, Storage dst, Layout ld) {
        matmul.run(a, la, b, lb, dst, ld);
    }

    /**
     * Copies {@code dst.byteSize()} bytes of host memory (native or heap; elements in {@code dst}'s
     * dtype, native byte order) into {@code dst}, waiting until they have arrived.
     */
    public void upload(MemorySegment host, Storage dst) {
        dev.staging.upload(host, dst.byteSize(), ((CudaStorage) dst).address());
        Reference.reachabilityFence(dst);
    }

    /**
     * Copies the elements of {@code src} under {@code ls}, row-major, into host memory (native or heap)
     * of at least {@code ls.numel()} elements of {@code src}'s dtype, waiting for the device.
     */
    public void download(Storage src, Layout ls, MemorySegment host) {
        int n = ls.numel();
        long bytes = (long) n * src.dtype().byteSize();
        if (n == 0) {
            return;
        }
        if (ls.isContiguous()) {
            dev.staging.download(address(src, ls), bytes, host);
            Reference.reachabilityFence(src);
            return;
        }
        CudaStorage dense = temporary(src.dtype(), n);
        try {
            copy(src, ls, dense, Layout.contiguous(ls.shape()));
            dev.staging.download(dense.address(), bytes, host);
        } finally {
            dense.release();
        }
        Reference.reachabilityFence(src);
    }

    @Override
    public void fromArray(Object array, Storage dst) {
        CpuStorage host = (CpuStorage) CpuBackend.INSTANCE.allocate(dst.dtype(), dst.numel());
        try {
            CpuBackend.INSTANCE.fromArray(array, host);
            upload(host.segment(), dst);
        } finally {
            host.release();
        }
    }

    @Override
    public double[] toDoubles(Storage src, Layout ls) {
        CpuStorage host = download(src, ls);
        try {
            return CpuBackend.INSTANCE.toDoubles(host, Layout.contiguous(ls.shape()));
        } finally {
            host.release();
        }
    }

    @Override
    public long[] toLongs(Storage src, Layout ls) {
        CpuStorage host = download(src, ls);
        try {
            return CpuBackend.INSTANCE.toLongs(host, Layout.contiguous(ls.shape()));
        } finally {
            host.release();
        }
    }

    /** The elements of {@code src} under {@code ls}, row-major, in new host storage. */
    private CpuStorage download(Storage src, Layout ls) {
        CpuStorage host = (CpuStorage) CpuBackend.INSTANCE.allocate(src.dtype(), ls.numel());
        download(src, ls, host.segment());
        return host;
    }

    @Override
    public void fused(dev.panamax.tensor.backend.FusedProgram p, Storage[] inputs, Layout[] layouts, Storage dst,
                      Layout ld) {
        DType t = dst.dtype();
        if (!t.isFloatingPoint()) {
            throw new UnsupportedOperationException("fused: dtype " + t.pyName() + " is not supported on "
                    + dev.device + " (float32 and float64 are)");
        }
        int n = ld.numel();
        if (n == 0) {
            return;
        }
        int k = inputs.length;
        int[][] strides = new int[k + 1][];
        for (int j = 0; j < k; j++) {
            strides[j] = layouts[j].strides();
        }
        strides[k] = ld.strides();
        Indexing ix = Indexing.of(ld.shape(), strides);
        if (ix.rank() > KernelSource.MAX_RANK) {
            throw new UnsupportedOperationException("fused: " + ix.rank() + " non-mergeable dimensions in "
                    + ld + " exceed the kernels' limit of " + KernelSource.MAX_RANK + " on " + dev.device);
        }
        boolean contiguous = ix.contiguous();
        String source = FusedSource.source(p, t);
        MemorySegment f = dev.kernels.function(source, "fused_" + CTypes.tag(t), FusedSource.kernel(contiguous));
        LaunchArgs a = LaunchArgs.start().i32(n);
        if (!contiguous) {
            a.shape(ix.shape());
            for (int[] s : ix.strides()) {
                a.strides(s);
            }
        }
        for (int j = 0; j < k; j++) {
            a.pointer(address(inputs[j], layouts[j]));
        }
        a.pointer(address(dst, ld));
        dev.launch(f, n, a);
        Reference.reachabilityFence(inputs);
        Reference.reachabilityFence(dst);
    }
}
