package dev.panamax.tensor.cuda;

import dev.panamax.tensor.backend.Layout;
import dev.panamax.tensor.backend.Storage;
import java.lang.ref.Reference;

/** Launches the softmax kernels of {@link SoftmaxSource}: one block per row. */
final class Softmax {

    private static final int MAX_BLOCKS = 65535;

    private Softmax() {
    }

    /**
     * Runs a forward ({@code storages = x, y}) or backward ({@code storages = g, y, dx}) softmax
     * kernel along {@code dim} of layouts of one shape.
     */
    static void run(CudaDevice dev, boolean log, boolean backward, int dim, Storage[] storages, Layout[] layouts) {
        Layout l0 = layouts[0];
        if (l0.numel() == 0) {
            return;
        }
        int rank = l0.dim();
        int[] kept = new int[rank - 1];
        int[][] keptStrides = new int[layouts.length][rank - 1];
        for (int d = 0, k = 0; d < rank; d++) {
            if (d != dim) {
                kept[k] = l0.shape()[d];
                for (int j = 0; j < layouts.length; j++) {
                    keptStrides[j][k] = layouts[j].strides()[d];
                }
                k++;
            }
        }
        Indexing ix = Indexing.of(kept, keptStrides);
        if (ix.rank() > KernelSource.MAX_RANK) {
            throw new UnsupportedOperationException("cuda: softmax over " + l0 + " has more than "
                    + KernelSource.MAX_RANK + " non-mergeable other dimensions");
        }
        int n = l0.shape()[dim];
        int rows = l0.numel() / n;
        LaunchArgs a = LaunchArgs.start().i32(rows).i32(n).shape(ix.shape());
        for (int[] s : ix.strides()) {
            a.strides(s);
        }
        for (Layout l : layouts) {
            a.i32(l.strides()[dim]);
        }
        for (int j = 0; j < storages.length; j++) {
            a.pointer(CudaBackend.address(storages[j], layouts[j]));
        }
        KernelSource.Module m = new KernelSource.Module(KernelSource.Family.SOFTMAX, storages[0].dtype());
        dev.launchBlocks(m, SoftmaxSource.name(log, backward), Math.min(rows, MAX_BLOCKS), a);
        Reference.reachabilityFence(storages);
    }
}
