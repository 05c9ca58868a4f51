package dev.panamax.tensor.backend;

/**
 * A typed operation token passed across the backend boundary.
 *
 * <p>Backends dispatch on these with exhaustive {@code switch}es and no {@code default}, so adding a
 * constant without a kernel fails to compile.
 */
public sealed interface Op permits UnaryOp, BinaryOp, CompareOp, ReduceOp {
}
