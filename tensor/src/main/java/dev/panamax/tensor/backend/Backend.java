package dev.panamax.tensor.backend;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.Device;

/**
 * The boundary between {@code Tensor} and the code that touches memory.
 *
 * <p>A backend sees storages and layouts only. The frontend has already validated arguments,
 * inferred and broadcast shapes (operand layouts arrive with the output's shape, broadcast dims
 * having stride 0) and converted operands to one dtype; a backend never repeats that work.
 * Unless stated otherwise all storages of a call have the same dtype.
 */
public interface Backend {

    /** The device this backend serves. */
    Device device();

    /** New, uninitialised storage for {@code numel} elements, adopted by the current memory scope. */
    Storage allocate(DType dtype, int numel);

    /** Writes {@code value} (converted to the storage's dtype) to every element of {@code dst}. */
    void fill(Storage dst, Layout ld, double value);

    /** Copies {@code src} into {@code dst} elementwise, converting between dtypes if they differ. */
    void copy(Storage src, Layout ls, Storage dst, Layout ld);

    /** {@code dst = op(src)}. */
    void unary(UnaryOp op, Storage src, Layout ls, Storage dst, Layout ld);

    /**
     * {@code dst = softmax(src)} along {@code dim}, or log-softmax when {@code log}: for each row
     * along {@code dim}, {@code exp(x - max) / sum(exp(x - max))} or {@code (x - max) - log(sum)}.
     *
     * <p>float32/float64 only; both layouts have one shape of rank at least 1 and
     * {@code 0 <= dim < rank}. A row holding a NaN or {@code +inf}, or only {@code -inf}, becomes
     * NaN (PyTorch's results).
     */
    void softmax(Storage src, Layout ls, int dim, boolean log, Storage dst, Layout ld);

    /**
     * The gradient of {@link #softmax} from its output {@code out} and the output's gradient
     * {@code grad}: {@code dst = out·(grad − Σ grad·out)} for softmax, {@code dst = grad −
     * exp(out)·Σ grad} for log-softmax, the sums along {@code dim}. Same dtypes and shapes as
     * {@link #softmax}.
     */
    void softmaxBackward(Storage grad, Layout lg, Storage out, Layout lo, int dim, boolean log, Storage dst,
                         Layout ld);

    /** {@code dst = op(a, b)}. */
    void binary(BinaryOp op, Storage a, Layout la, Storage b, Layout lb, Storage dst, Layout ld);

    /** {@code dst = op(a, s)}, or {@code op(s, a)} when {@code scalarFirst}. */
    void binaryScalar(BinaryOp op, Storage a, Layout la, double s, boolean scalarFirst, Storage dst, Layout ld);

    /**
     * {@code dst = p(inputs...)} elementwise, in one pass with no temporaries of {@code dst}'s
     * size; each instruction rounds as the eager op of its kind does. All storages have
     * {@code dst}'s dtype (float32 or float64) and every layout has {@code ld}'s shape.
     */
    void fused(FusedProgram p, Storage[] inputs, Layout[] layouts, Storage dst, Layout ld);

    /** {@code dst = op(a, b)} into a BOOL storage. */
    void compare(CompareOp op, Storage a, Layout la, Storage b, Layout lb, Storage dst, Layout ld);

    /** {@code dst = op(a, s)} into a BOOL storage. */
    void compareScalar(CompareOp op, Storage a, Layout la, double s, Storage dst, Layout ld);

    /** {@code dst = cond ? a : b} where {@code cond} is BOOL. */
    void where(Storage cond, Layout lc, Storage a, Layout la, Storage b, Layout lb, Storage dst, Layout ld);

    /** {@code dst[i] = value} wherever the BOOL {@code mask[i]} is set. */
    void maskedFill(Storage dst, Layout ld, Storage mask, Layout lm, double value);

    /**
     * Reduces the trailing {@code reducedDims} dimensions of {@code ls} into {@code dst}.
     *
     * <p>{@code ls} has been permuted so that the kept dimensions come first, in the order of
     * {@code ld}'s shape; {@code ld} has exactly the kept dimensions. If {@code indices} is not
     * null (an INT64 storage laid out as {@code ld}), MAX/MIN also write the flat position within
     * the reduced dimensions of the first extreme element (NaN counts as the extreme).
     */
    void reduce(ReduceOp op, Storage src, Layout ls, int reducedDims, Storage dst, Layout ld,
                Storage indices);

    /**
     * Batched matrix product {@code dst[b] = a[b] · bm[b]} over 3-D layouts
     * {@code [batch, m, k]}, {@code [batch, k, n]} and {@code [batch, m, n]} (batch strides may be 0).
     */
    void matmul(Storage a, Layout la, Storage bm, Layout lb, Storage dst, Layout ld);

    /** Copies elements from a Java array ({@code double[]}, {@code float[]}, {@code long[]} or {@code boolean[]}) into contiguous {@code dst}. */
    void fromArray(Object array, Storage dst);

    /** Copies the elements of {@code src} under {@code ls}, in row-major order, into a new {@code double[]}. */
    double[] toDoubles(Storage src, Layout ls);

    /** Copies the elements of {@code src} under {@code ls}, in row-major order, into a new {@code long[]}. */
    long[] toLongs(Storage src, Layout ls);

    /**
     * {@code self += alpha·other} in one pass over two dense tensors of one floating-point dtype and
     * one shape, with the bits of the two ops it replaces (the product {@code other·alpha} rounded
     * to the dtype, then the sum); {@code other} is {@code self} or does not overlap it. Returns
     * false, having done nothing, where this backend has no such kernel; the caller then runs the
     * two ops on this backend.
     */
    default boolean addScaledInPlace(Storage self, Layout ls, Storage other, Layout lo, double alpha) {
        return false;
    }

    /**
     * Waits until every operation queued on this backend has finished. Backends that run each
     * operation to completion before returning (the CPU) have nothing to wait for.
     */
    default void synchronize() {
    }
}
