/**
 * JMH benchmarks of Panamax's CPU engine: GEMM, elementwise operations, reductions, per-operation
 * overhead, the tutorial training loops and an MNIST-shaped epoch; the same on the CUDA backend
 * ({@code Cuda*}, with a bare cuBLAS call through the bindings); plus the tools that check the
 * thread counts and write {@code bench/RESULTS.md}.
 *
 * <p>The baselines (OpenBLAS, PyTorch through DJL, ND4J) live in {@code src/baselines/java} and are
 * compiled on the class path under the Maven profile {@code baselines}; see {@code bench/pom.xml}.
 */
module dev.panamax.bench {
    requires dev.panamax.samples;
    requires dev.panamax.nn;
    requires jmh.core;
    requires jdk.incubator.vector;
}
