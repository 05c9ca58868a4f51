package dev.panamax.tensor.cuda;

import dev.panamax.tensor.backend.Layout;

/**
 * The column-major cuBLAS call that computes a row-major batched product.
 *
 * <p>A row-major matrix with row stride {@code r} and unit column stride is, read column-major,
 * its transpose with leading dimension {@code r}. So {@code C = A·B} (row-major, {@code m×n}) is
 * computed as {@code Cᵀ = Bᵀ·Aᵀ}: cuBLAS's first operand is {@code B}, its second {@code A}, with
 * {@code m' = n}, {@code n' = m}. An operand whose column stride is 1 enters untransposed
 * ({@code OP_N}, leading dimension its row stride); one whose row stride is 1 (a transposed view)
 * enters with {@code OP_T} and its column stride as leading dimension; any other layout needs a
 * contiguous copy first.
 *
 * @param transA  whether cuBLAS's first operand (our {@code B}) is transposed
 * @param transB  whether cuBLAS's second operand (our {@code A}) is transposed
 * @param m       cuBLAS's {@code m}, our {@code n}
 * @param n       cuBLAS's {@code n}, our {@code m}
 * @param k       the inner dimension
 * @param lda     leading dimension of cuBLAS's first operand (our {@code B})
 * @param ldb     leading dimension of cuBLAS's second operand (our {@code A})
 * @param ldc     leading dimension of the output
 * @param strideA batch stride of cuBLAS's first operand, in elements
 * @param strideB batch stride of cuBLAS's second operand, in elements
 * @param strideC batch stride of the output, in elements
 * @param batch   the batch count
 */
record GemmPlan(boolean transA, boolean transB, int m, int n, int k, int lda, int ldb, int ldc, long strideA,
                long strideB, long strideC, int batch) {

    /**
     * How one row-major operand enters cuBLAS, or null when it must be copied first.
     *
     * @param transposed whether it enters with {@code OP_T}
     * @param ld         its leading dimension
     */
    record Operand(boolean transposed, int ld) {
    }

    /**
     * How a {@code rows×cols} matrix with the given strides reads as a column-major cuBLAS operand
     * standing for its transpose, or null if it has no unit stride usable that way.
     */
    static Operand operand(int rows, int cols, int rowStride, int colStride) {
        // Strides of size-1 dimensions are never used, so they may be chosen freely.
        if (cols <= 1) {
            colStride = 1;
        }
        if (rows <= 1) {
            rowStride = Math.max(cols, 1);
            if (colStride != 1) {
                // a single row with strided columns is a single column of the transposed reading
                return colStride >= 1 ? new Operand(true, colStride) : null;
            }
        }
        if (colStride == 1 && rowStride >= Math.max(cols, 1)) {
            return new Operand(false, rowStride);
        }
        if (rowStride == 1 && colStride >= Math.max(rows, 1)) {
            return new Operand(true, colStride);
        }
        return null;
    }

    /** The plan for {@code la [batch,m,k]}, {@code lb [batch,k,n]}, {@code ld [batch,m,n]}, or null if an operand needs a copy. */
    static GemmPlan of(Layout la, Layout lb, Layout ld) {
        int batch = ld.shape()[0];
        int m = ld.shape()[1];
        int n = ld.shape()[2];
        int k = la.shape()[2];
        Operand a = operand(m, k, la.strides()[1], la.strides()[2]);
        Operand b = operand(k, n, lb.strides()[1], lb.strides()[2]);
        Operand c = operand(m, n, ld.strides()[1], ld.strides()[2]);
        if (a == null || b == null || c == null || c.transposed()) {
            return null;
        }
        long sa = batch == 1 ? 0 : la.strides()[0];
        long sb = batch == 1 ? 0 : lb.strides()[0];
        long sc = batch == 1 ? (long) m * n : ld.strides()[0];
        return new GemmPlan(b.transposed(), a.transposed(), n, m, k, b.ld(), a.ld(), c.ld(), sb, sa, sc, batch);
    }
}
