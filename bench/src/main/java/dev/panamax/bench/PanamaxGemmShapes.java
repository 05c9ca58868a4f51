package dev.panamax.bench;

import dev.panamax.tensor.Memory;
import dev.panamax.tensor.MemoryScope;
import dev.panamax.tensor.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The float32 matrix products of the tutorials' training loops, through {@link Tensor#matmul} as
 * autograd calls it, output from the pool.
 *
 * <p>A shape {@code MxKxN_AB} is C(M×N) = A(M×K)·B(K×N); {@code A} or {@code B} is {@code N} for an
 * operand stored row-major and {@code T} for one stored transposed and passed as a transposed view
 * (no copy), as autograd passes {@code xᵀ} in a weight's gradient and {@code Linear} passes
 * {@code Wᵀ}. GFLOP/s = 2·M·N·K / time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {PanamaxSetup.VECTOR, PanamaxSetup.NATIVE, PanamaxSetup.THREADS})
public class PanamaxGemmShapes {

    /**
     * Two-layer net (x 64×1000, w1 1000×100, w2 100×10): forward {@code x·w1}, {@code h·w2};
     * backward {@code xᵀ·g}, {@code hᵀ·g}, {@code g·w2ᵀ}. MNIST (x 64×784, Linear 784→100→10):
     * forward {@code x·W1ᵀ}, {@code h·W2ᵀ}; backward {@code gᵀ·x}, {@code gᵀ·h}, {@code g·W2},
     * {@code g·W1}.
     */
    @Param({"64x1000x100_NN", "1000x64x100_TN", "64x100x10_NN", "100x64x10_TN", "64x10x100_NT",
        "64x784x100_NT", "100x64x784_TN", "64x100x10_NT", "10x64x100_TN", "64x10x100_NN",
        "64x100x784_NN"})
    public String shape;

    private Tensor a;
    private Tensor b;

    @Setup
    public void setup() {
        PanamaxSetup.check();
        String[] parts = shape.split("_");
        String[] dims = parts[0].split("x");
        int m = Integer.parseInt(dims[0]);
        int k = Integer.parseInt(dims[1]);
        int n = Integer.parseInt(dims[2]);
        a = operand(1, m, k, parts[1].charAt(0) == 'T');
        b = operand(2, k, n, parts[1].charAt(1) == 'T');
    }

    private static Tensor operand(long seed, int rows, int cols, boolean transposed) {
        float[] data = Workloads.uniform(seed, rows * cols);
        return transposed ? Tensor.of(data, cols, rows).transpose(0, 1) : Tensor.of(data, rows, cols);
    }

    @Benchmark
    public Tensor matmul() {
        try (MemoryScope s = Memory.scope()) {
            return a.matmul(b);
        }
    }
}
