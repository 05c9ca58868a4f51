package dev.panamax.tensor.cuda;

import java.util.Arrays;

/**
 * Merges the dimensions of operands that share one shape, so kernels index as few dimensions as
 * possible: size-1 dimensions are dropped and neighbours that are contiguous with each other in
 * every operand become one.
 *
 * @param shape   the merged shape (at least the row-major order of the original is kept)
 * @param strides per operand, its strides over the merged shape
 */
record Indexing(int[] shape, int[][] strides) {

    /** Merges {@code shape} under each operand's {@code strides}. */
    static Indexing of(int[] shape, int[]... strides) {
        int k = strides.length;
        int[] sh = new int[shape.length];
        int[][] st = new int[k][shape.length];
        int rank = 0;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 1) {
                continue;
            }
            boolean merge = rank > 0;
            for (int j = 0; j < k && merge; j++) {
                merge = st[j][rank - 1] == (long) strides[j][d] * shape[d];
            }
            if (merge) {
                sh[rank - 1] *= shape[d];
                for (int j = 0; j < k; j++) {
                    st[j][rank - 1] = strides[j][d];
                }
            } else {
                sh[rank] = shape[d];
                for (int j = 0; j < k; j++) {
                    st[j][rank] = strides[j][d];
                }
                rank++;
            }
        }
        int[][] out = new int[k][];
        for (int j = 0; j < k; j++) {
            out[j] = Arrays.copyOf(st[j], rank);
        }
        return new Indexing(Arrays.copyOf(sh, rank), out);
    }

    /** The number of merged dimensions. */
    int rank() {
        return shape.length;
    }

    /** Whether every operand is dense and row-major (at most one merged dimension of stride 1). */
    boolean contiguous() {
        if (shape.length == 0) {
            return true;
        }
        if (shape.length > 1) {
            return false;
        }
        for (int[] s : strides) {
            if (s[0] != 1) {
                return false;
            }
        }
        return true;
    }
}
