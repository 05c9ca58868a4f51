package dev.panamax.tensor.optable;

import dev.panamax.tensor.DType;

/**
 * The result-dtype rules the op table checks, written out independently of the library. They are
 * PyTorch's rules for the dtypes Panamax has:
 *
 * <ul>
 *   <li>Categories rank bool &lt; int64 &lt; float; within float, float64 beats float32.</li>
 *   <li>Between two tensors with dimensions, or two 0-d tensors: the higher category, then the wider
 *       type ({@code float32 + float64 -> float64}, {@code int64 + float32 -> float32}).</li>
 *   <li>A 0-d tensor against a tensor with dimensions counts only when its category is higher
 *       ({@code int64 tensor + 0-d float64 -> float64}, but {@code float32 tensor + 0-d float64 ->
 *       float32}).</li>
 *   <li>A Java {@code double} operand never widens a float tensor ({@code float32 + 2.5 ->
 *       float32}); it lifts int64 and bool tensors to float32 ({@code int64 + 2.5 -> float32}),
 *       except that an integral value keeps an int64 tensor int64, as a Python {@code int} would
 *       ({@code int64 + 2.0 -> int64}), for add, sub, rsub, mul, maximum, minimum and clamps, and
 *       for pow with a non-negative exponent.</li>
 *   <li>True division ({@code div}, {@code rdiv}) of integers gives float32.</li>
 *   <li>Comparisons give bool; float-only functions (exp, log, ...) of int64 give float32.</li>
 * </ul>
 */
final class Promotion {

    private Promotion() {
    }

    private static int category(DType t) {
        return switch (t) {
            case BOOL -> 0;
            case INT64 -> 1;
            case FLOAT32, FLOAT64 -> 2;
        };
    }

    private static DType higher(DType a, DType b) {
        if (category(a) != category(b)) {
            return category(a) > category(b) ? a : b;
        }
        if (category(a) == 2) {
            return a == DType.FLOAT64 || b == DType.FLOAT64 ? DType.FLOAT64 : DType.FLOAT32;
        }
        return a;
    }

    /** The result dtype of an op between two tensors. */
    static DType tensors(Ref a, Ref b) {
        boolean za = a.dim() == 0;
        boolean zb = b.dim() == 0;
        if (za == zb) {
            return higher(a.dtype(), b.dtype());
        }
        Ref zero = za ? a : b;
        Ref dimmed = za ? b : a;
        return category(zero.dtype()) > category(dimmed.dtype()) ? zero.dtype() : dimmed.dtype();
    }

    /** The result dtype of an op between a tensor and a Java double ({@code intKeeping}: see the class comment). */
    static DType scalar(DType a, double s, boolean intKeeping) {
        if (a == DType.FLOAT32 || a == DType.FLOAT64) {
            return a;
        }
        if (a == DType.INT64 && intKeeping && s == Math.rint(s)) {
            return DType.INT64;
        }
        return DType.FLOAT32;
    }

    /** The dtype of true division between two tensors. */
    static DType division(Ref a, Ref b) {
        return toFloat(tensors(a, b));
    }

    /** {@code t} if floating point, else float32. */
    static DType toFloat(DType t) {
        return category(t) == 2 ? t : DType.FLOAT32;
    }
}
