package dev.panamax.tensor.cuda;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.panamax.bindings.CudaException;
import dev.panamax.bindings.CudaLibrary;
import dev.panamax.bindings.Cudnn;
import dev.panamax.bindings.cudnn.cudnn_h;
import dev.panamax.tensor.DType;
import dev.panamax.tensor.backend.Layout;
import dev.panamax.tensor.backend.ReduceOp;
import dev.panamax.tensor.backend.Storage;
import dev.panamax.tensor.backend.UnaryOp;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The CUDA backend's use of cuDNN 9: activations and reductions that cuDNN computes with the
 * semantics of the CPU backend; the callers run NVRTC kernels for everything this declines.
 *
 * <p>cuDNN runs sigmoid, relu (NaN propagated, as the CPU's relu passes NaN) and tanh, and max and
 * min without indices (NaN propagated: NaN wins, as on the CPU) and float64 sums, over float32 and
 * float64 layouts that cuDNN can describe: at most {@value #MAX_DIMS} dimensions after merging and
 * a positive stride in each (a broadcast operand, with stride 0, goes to the kernels). Declined
 * with a reason that is semantics, not layout: float32 sums (the kernels and the CPU accumulate in
 * double, cuDNN's float compute type in float), max/min with indices (cuDNN's indices are 32-bit
 * and which of several equal extremes it reports is not documented; the CPU reports the first),
 * and int64/bool data (not cuDNN types). A layout that the loaded cuDNN answers with
 * {@code CUDNN_STATUS_NOT_SUPPORTED} is also left to the kernels ({@link #declines}).
 *
 * <p>cuDNN is optional: when libcudnn.so.9 is missing, lacks a function, or {@code
 * -Dpanamax.cuda.cudnn=false} is set, every call declines and {@link #describe()} says so with
 * the reason, so that the backend's description ({@code Device.describeBackend}) shows which code
 * ran. Each thread has its own handle per device, bound to the device's stream.
 */
final class Dnn {

    /** cuDNN's limit on a tensor descriptor's dimensions. */
    static final int MAX_DIMS = 8;
    /** cuDNN's minimum number of dimensions for a tensor descriptor. */
    private static final int MIN_DIMS = 3;

    private static final MemorySegment ONE_F = Arena.global().allocateFrom(JAVA_FLOAT, 1f);
    private static final MemorySegment ZERO_F = Arena.global().allocateFrom(JAVA_FLOAT, 0f);
    private static final MemorySegment ONE_D = Arena.global().allocateFrom(JAVA_DOUBLE, 1.0);
    private static final MemorySegment ZERO_D = Arena.global().allocateFrom(JAVA_DOUBLE, 0.0);

    private final CudaDevice dev;
    private final Cudnn dnn;
    private final String description;
    private final ThreadHandles handles;
    private final AtomicLong calls = new AtomicLong();

    /** Uses {@code dnn} on {@code dev}; a null {@code dnn} declines every call and is described by {@code description}. */
    Dnn(CudaDevice dev, Cudnn dnn, String description) {
        this.dev = dev;
        this.dnn = dnn;
        this.description = description;
        this.handles = dnn == null ? null : new ThreadHandles(dev, "cuDNN", () -> {
            MemorySegment h = dnn.create();
            dnn.setStream(h, dev.stream);
            return h;
        }, dnn::destroy);
    }

    /** cuDNN for {@code dev}, or the reason it is not used. */
    static Dnn open(CudaDevice dev) {
        if (!Boolean.parseBoolean(System.getProperty("panamax.cuda.cudnn", "true"))) {
            return new Dnn(dev, null, "cuDNN unused (-Dpanamax.cuda.cudnn=false)");
        }
        try {
            Cudnn dnn = Cudnn.get();
            return new Dnn(dev, dnn, "cuDNN " + dnn.version());
        } catch (IllegalStateException e) {
            // The message reads "cuDNN unavailable: <why>".
            return new Dnn(dev, null, e.getMessage());
        }
    }

    /** Whether cuDNN is in use. */
    boolean available() {
        return dnn != null;
    }

    /** What runs activations and reductions, for the backend's description. */
    String describe() {
        return dnn != null ? "activations, softmax, max/min and float64 sums by " + description
                : description + "; activations, softmax and reductions by NVRTC kernels";
    }

    /** The number of calls cuDNN has served (for tests). */
    long calls() {
        return calls.get();
    }

    /** The number of cuDNN handles created and not yet destroyed (for tests). */
    int liveHandles() {
        return handles == null ? 0 : handles.live();
    }

    /**
     * Computes {@code dst = op(src)} with cuDNN and returns true, or returns false (nothing done)
     * when cuDNN does not serve this op, dtype or layout.
     */
    boolean unary(UnaryOp op, Storage src, Layout ls, Storage dst, Layout ld) {
        int mode = switch (op) {
            case SIGMOID -> cudnn_h.CUDNN_ACTIVATION_SIGMOID();
            case RELU -> cudnn_h.CUDNN_ACTIVATION_RELU();
            case TANH -> cudnn_h.CUDNN_ACTIVATION_TANH();
            case NEG, ABS, EXP, LOG, SQRT, SIN, COS, SQUARE -> -1;
        };
        int type = dataType(dst.dtype());
        if (dnn == null || mode < 0 || type < 0 || ld.numel() == 0) {
            return false;
        }
        Indexing ix = Indexing.of(ld.shape(), ls.strides(), ld.strides());
        if (ix.rank() > MAX_DIMS || !positive(ix.strides()[0]) || !positive(ix.strides()[1])) {
            return false;
        }
        MemorySegment handle = handles.get();
        MemorySegment act = dnn.createActivationDescriptor();
        MemorySegment x = dnn.createTensorDescriptor();
        MemorySegment y = dnn.createTensorDescriptor();
        try {
            dnn.setActivationDescriptor(act, mode, cudnn_h.CUDNN_PROPAGATE_NAN(), 0);
            describe(x, type, ix.shape(), ix.strides()[0]);
            describe(y, type, ix.shape(), ix.strides()[1]);
            dev.makeCurrent();
            dnn.activationForward(handle, act, one(type), x, segment(src, ls), zero(type), y, segment(dst, ld));
            calls.incrementAndGet();
        } catch (CudaException e) {
            if (declines(e)) {
                return false;
            }
            throw e;
        } finally {
            dnn.destroyTensorDescriptor(y);
            dnn.destroyTensorDescriptor(x);
            dnn.destroyActivationDescriptor(act);
        }
        Reference.reachabilityFence(src);
        Reference.reachabilityFence(dst);
        return true;
    }

    /**
     * Reduces the trailing {@code reducedDims} dimensions of {@code ls} into {@code dst} with
     * cuDNN (see {@code Backend.reduce}) and returns true, or returns false (nothing done) when
     * cuDNN does not serve this reduction.
     */
    boolean reduce(ReduceOp op, Storage src, Layout ls, int reducedDims, Storage dst, Layout ld, Storage indices) {
        DType t = src.dtype();
        int type = dataType(t);
        int cop = switch (op) {
            case SUM -> t == DType.FLOAT64 ? cudnn_h.CUDNN_REDUCE_TENSOR_ADD() : -1;
            case MAX -> cudnn_h.CUDNN_REDUCE_TENSOR_MAX();
            case MIN -> cudnn_h.CUDNN_REDUCE_TENSOR_MIN();
        };
        if (dnn == null || indices != null || type < 0 || cop < 0 || ld.numel() == 0 || ls.numel() == 0) {
            return false;
        }
        int kept = ls.dim() - reducedDims;
        Indexing k = Indexing.of(Arrays.copyOfRange(ls.shape(), 0, kept), Arrays.copyOfRange(ls.strides(), 0, kept),
                ld.strides());
        Indexing r = Indexing.of(Arrays.copyOfRange(ls.shape(), kept, ls.dim()),
                Arrays.copyOfRange(ls.strides(), kept, ls.dim()));
        if (r.rank() == 0 || k.rank() + r.rank() > MAX_DIMS || !positive(k.strides()[0]) || !positive(k.strides()[1])
                || !positive(r.strides()[0])) {
            return false;
        }
        int rank = k.rank() + r.rank();
        int[] aDims = new int[rank];
        int[] aStrides = new int[rank];
        int[] cDims = new int[rank];
        int[] cStrides = new int[rank];
        for (int d = 0; d < k.rank(); d++) {
            aDims[d] = cDims[d] = k.shape()[d];
            aStrides[d] = k.strides()[0][d];
            cStrides[d] = k.strides()[1][d];
        }
        for (int d = 0; d < r.rank(); d++) {
            aDims[k.rank() + d] = r.shape()[d];
            aStrides[k.rank() + d] = r.strides()[0][d];
            cDims[k.rank() + d] = 1;
            cStrides[k.rank() + d] = 1;
        }
        MemorySegment handle = handles.get();
        MemorySegment desc = dnn.createReduceTensorDescriptor();
        MemorySegment a = dnn.createTensorDescriptor();
        MemorySegment c = dnn.createTensorDescriptor();
        CudaStorage workspace = null;
        try {
            dnn.setReduceTensorDescriptor(desc, cop, type, cudnn_h.CUDNN_PROPAGATE_NAN(),
                    cudnn_h.CUDNN_REDUCE_TENSOR_NO_INDICES(), cudnn_h.CUDNN_32BIT_INDICES());
            describe(a, type, aDims, aStrides);
            describe(c, type, cDims, cStrides);
            dev.makeCurrent();
            long bytes = dnn.reductionWorkspaceSize(handle, desc, a, c);
            MemorySegment ws = MemorySegment.NULL;
            if (bytes > 0) {
                workspace = new CudaStorage(dev.device, dev.allocator, DType.FLOAT64, Math.toIntExact((bytes + 7) / 8));
                ws = MemorySegment.ofAddress(workspace.address());
            }
            dnn.reduceTensor(handle, desc, MemorySegment.NULL, 0, ws, bytes, one(type), a, segment(src, ls),
                    zero(type), c, segment(dst, ld));
            calls.incrementAndGet();
        } catch (CudaException e) {
            if (declines(e)) {
                return false;
            }
            throw e;
        } finally {
            // The allocator reuses a block only for work enqueued after this call, on the same stream.
            if (workspace != null) {
                workspace.release();
            }
            dnn.destroyTensorDescriptor(c);
            dnn.destroyTensorDescriptor(a);
            dnn.destroyReduceTensorDescriptor(desc);
        }
        Reference.reachabilityFence(src);
        Reference.reachabilityFence(dst);
        return true;
    }

    /**
     * {@code dst = softmax(src)} (log-softmax when {@code log}) along {@code dim} with
     * {@code cudnnSoftmaxForward} ({@code CUDNN_SOFTMAX_ACCURATE} or {@code CUDNN_SOFTMAX_LOG},
     * channel mode) and returns true, or returns false (nothing done) when cuDNN does not serve it.
     */
    boolean softmax(Storage src, Layout ls, int dim, boolean log, Storage dst, Layout ld) {
        return softmaxCall(log, dim, new Storage[] {src, dst}, new Layout[] {ls, ld}, false);
    }

    /** The gradient of {@link #softmax} with {@code cudnnSoftmaxBackward}, or false when cuDNN does not serve it. */
    boolean softmaxBackward(Storage grad, Layout lg, Storage out, Layout lo, int dim, boolean log, Storage dst,
                            Layout ld) {
        return softmaxCall(log, dim, new Storage[] {grad, out, dst}, new Layout[] {lg, lo, ld}, true);
    }

    /**
     * One softmax call over operands described as 4-d {@code (outer, dim, inner1, inner2)} tensors:
     * the dimensions before {@code dim} must merge into one and those after into at most two, with
     * positive strides (a broadcast gradient, with stride 0, goes to the kernels).
     */
    private boolean softmaxCall(boolean log, int dim, Storage[] st, Layout[] ls, boolean backward) {
        int type = dataType(st[0].dtype());
        Layout l0 = ls[0];
        if (dnn == null || type < 0 || l0.numel() == 0) {
            return false;
        }
        int rank = l0.dim();
        int k = ls.length;
        int[][] before = new int[k][];
        int[][] after = new int[k][];
        int[][] at = new int[k][];
        for (int j = 0; j < k; j++) {
            before[j] = Arrays.copyOfRange(ls[j].strides(), 0, dim);
            after[j] = Arrays.copyOfRange(ls[j].strides(), dim + 1, rank);
            at[j] = new int[] {ls[j].strides()[dim]};
        }
        Indexing b = Indexing.of(Arrays.copyOfRange(l0.shape(), 0, dim), before);
        Indexing a = Indexing.of(Arrays.copyOfRange(l0.shape(), dim + 1, rank), after);
        Indexing c = Indexing.of(new int[] {l0.shape()[dim]}, at);
        if (b.rank() > 1 || a.rank() > 2) {
            return false;
        }
        int[] dims = new int[4];
        int[][] strides = new int[k][4];
        for (int j = 0; j < k; j++) {
            if (!positive(b.strides()[j]) || !positive(a.strides()[j]) || !positive(c.strides()[j])) {
                return false;
            }
            place(dims, strides[j], 0, b, j);
            place(dims, strides[j], 1, c, j);
            place(dims, strides[j], 2, a, j);
            // A size-1 position gets the stride of the dimension outside it, so the descriptor stays ordered.
            for (int d = 3; d >= 0; d--) {
                if (dims[d] == 1) {
                    strides[j][d] = d == 3 ? 1 : Math.max(1, strides[j][d + 1] * dims[d + 1]);
                }
            }
        }
        int algo = log ? cudnn_h.CUDNN_SOFTMAX_LOG() : cudnn_h.CUDNN_SOFTMAX_ACCURATE();
        int mode = cudnn_h.CUDNN_SOFTMAX_MODE_CHANNEL();
        MemorySegment handle = handles.get();
        MemorySegment[] desc = new MemorySegment[k];
        try {
            for (int j = 0; j < k; j++) {
                desc[j] = dnn.createTensorDescriptor();
                dnn.setTensorNdDescriptor(desc[j], type, dims, strides[j]);
            }
            dev.makeCurrent();
            if (backward) {
                // cudnnSoftmaxBackward(y, dy) -> dx: st = {grad, out, dst}
                dnn.softmaxBackward(handle, algo, mode, one(type), desc[1], segment(st[1], ls[1]), desc[0],
                        segment(st[0], ls[0]), zero(type), desc[2], segment(st[2], ls[2]));
            } else {
                dnn.softmaxForward(handle, algo, mode, one(type), desc[0], segment(st[0], ls[0]), zero(type), desc[1],
                        segment(st[1], ls[1]));
            }
            calls.incrementAndGet();
        } catch (CudaException e) {
            if (declines(e)) {
                return false;
            }
            throw e;
        } finally {
            for (MemorySegment d : desc) {
                if (d != null) {
                    dnn.destroyTensorDescriptor(d);
                }
            }
        }
        Reference.reachabilityFence(st);
        return true;
    }

    /** Fills descriptor positions from a merged group: position {@code pos} and, for a 2-d group, the next. */
    private static void place(int[] dims, int[] strides, int pos, Indexing g, int operand) {
        int width = pos == 2 ? 2 : 1;
        for (int i = 0; i < width; i++) {
            int from = g.rank() - width + i;
            dims[pos + i] = from >= 0 ? g.shape()[from] : 1;
            strides[pos + i] = from >= 0 ? g.strides()[operand][from] : 0;
        }
    }

    /**
     * Whether a failed cuDNN call means that this build of cuDNN does not support the descriptors
     * (a {@code CUDNN_STATUS_NOT_SUPPORTED*} status, 3000 to 3999, returned before any work is
     * enqueued): the call is then left to the kernels, which compute the same function. Any other
     * status is an error and propagates.
     */
    static boolean declines(CudaException e) {
        return e.library() == CudaLibrary.CUDNN && e.status() >= cudnn_h.CUDNN_STATUS_NOT_SUPPORTED()
                && e.status() < cudnn_h.CUDNN_STATUS_INTERNAL_ERROR();
    }

    /** Sets {@code desc} to a tensor of at least three dimensions (leading ones added) over the given dims. */
    private void describe(MemorySegment desc, int type, int[] dims, int[] strides) {
        int pad = Math.max(0, MIN_DIMS - dims.length);
        int[] d = new int[dims.length + pad];
        int[] s = new int[dims.length + pad];
        long extent = 1;
        for (int i = 0; i < dims.length; i++) {
            extent = Math.max(extent, (long) dims[i] * strides[i]);
        }
        for (int i = 0; i < pad; i++) {
            d[i] = 1;
            s[i] = (int) Math.min(extent, Integer.MAX_VALUE);
        }
        System.arraycopy(dims, 0, d, pad, dims.length);
        System.arraycopy(strides, 0, s, pad, dims.length);
        dnn.setTensorNdDescriptor(desc, type, d, s);
    }

    private static boolean positive(int[] strides) {
        for (int s : strides) {
            if (s <= 0) {
                return false;
            }
        }
        return true;
    }

    private static int dataType(DType t) {
        return switch (t) {
            case FLOAT32 -> cudnn_h.CUDNN_DATA_FLOAT();
            case FLOAT64 -> cudnn_h.CUDNN_DATA_DOUBLE();
            case INT64, BOOL -> -1;
        };
    }

    private static MemorySegment one(int type) {
        return type == cudnn_h.CUDNN_DATA_DOUBLE() ? ONE_D : ONE_F;
    }

    private static MemorySegment zero(int type) {
        return type == cudnn_h.CUDNN_DATA_DOUBLE() ? ZERO_D : ZERO_F;
    }

    private static MemorySegment segment(Storage s, Layout l) {
        return MemorySegment.ofAddress(CudaBackend.address(s, l));
    }
}
