/**
 * N-dimensional tensors with CPU (Vector API) and CUDA backends.
 *
 * <p>{@code dev.panamax.tensor} is the whole public API; backends and kernels live in
 * unexported packages.
 */
module dev.panamax.tensor {
    requires transitive dev.panamax.bindings;
    requires jdk.incubator.vector;
    requires jdk.management;

    exports dev.panamax.tensor;
}
