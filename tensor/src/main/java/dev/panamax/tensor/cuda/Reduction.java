package dev.panamax.tensor.cuda;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.backend.Layout;
import dev.panamax.tensor.backend.ReduceOp;
import dev.panamax.tensor.backend.Storage;
import java.lang.ref.Reference;
import java.util.Arrays;
import java.util.Locale;

/**
 * Launches the reduction kernels of {@link ReduceSource}: one thread per output for short
 * reductions, one block per output for long ones.
 */
final class Reduction {

    /** Reductions of at least this many elements per output use a block per output. */
    static final int BLOCK_THRESHOLD = 64;

    private static final int MAX_BLOCKS = 65535;

    private Reduction() {
    }

    /** Reduces the trailing {@code reducedDims} dimensions of {@code ls} into {@code dst} (see {@code Backend.reduce}). */
    static void run(CudaDevice dev, ReduceOp op, Storage src, Layout ls, int reducedDims, Storage dst, Layout ld,
                    Storage indices) {
        DType t = src.dtype();
        if (!ReduceSource.supports(t)) {
            throw new UnsupportedOperationException(op.name().toLowerCase(Locale.ROOT) + ": dtype " + t.pyName()
                    + " is not supported on " + dev.device);
        }
        int outputs = ld.numel();
        if (outputs == 0) {
            return;
        }
        int kept = ls.dim() - reducedDims;
        int[] rShape = Arrays.copyOfRange(ls.shape(), kept, ls.dim());
        int reduced = Layout.checkedNumel("reduce", rShape);
        if (reduced == 0 && op != ReduceOp.SUM) {
            throw new IllegalArgumentException(op.name().toLowerCase(Locale.ROOT) + ": cannot reduce over an empty "
                    + "dimension (shape " + Arrays.toString(ls.shape()) + ") because the operation has no identity");
        }
        Indexing k = Indexing.of(Arrays.copyOfRange(ls.shape(), 0, kept), Arrays.copyOfRange(ls.strides(), 0, kept),
                ld.strides());
        Indexing r = Indexing.of(rShape, Arrays.copyOfRange(ls.strides(), kept, ls.dim()));
        if (k.rank() > KernelSource.MAX_RANK || r.rank() > KernelSource.MAX_RANK) {
            throw new UnsupportedOperationException("cuda: reduction over " + ls + " has more than "
                    + KernelSource.MAX_RANK + " non-mergeable kept or reduced dimensions");
        }
        LaunchArgs a = LaunchArgs.start().i32(outputs).i32(reduced)
                .shape(k.shape()).strides(k.strides()[0]).strides(k.strides()[1])
                .shape(r.shape()).strides(r.strides()[0])
                .pointer(CudaBackend.address(src, ls))
                .pointer(CudaBackend.address(dst, ld))
                .pointer(indices == null ? 0 : CudaBackend.address(indices, ld));
        KernelSource.Module m = new KernelSource.Module(KernelSource.Family.REDUCE, t);
        if (reduced >= BLOCK_THRESHOLD) {
            dev.launchBlocks(m, KernelSource.reduce(op, true), Math.min(outputs, MAX_BLOCKS), a);
        } else {
            dev.launch(m, KernelSource.reduce(op, false), outputs, a);
        }
        Reference.reachabilityFence(src);
        Reference.reachabilityFence(dst);
        Reference.reachabilityFence(indices);
    }
}
