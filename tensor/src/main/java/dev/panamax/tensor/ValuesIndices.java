package dev.panamax.tensor;

/**
 * The result of a reduction that also locates its values, such as {@link Tensor#max(int, boolean)}.
 *
 * @param values  the reduced values
 * @param indices the int64 positions along the reduced dimension
 */
public record ValuesIndices(Tensor values, Tensor indices) {
}
