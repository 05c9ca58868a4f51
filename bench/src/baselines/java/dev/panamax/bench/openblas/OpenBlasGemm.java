package dev.panamax.bench.openblas;

import dev.panamax.bench.Workloads;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * SGEMM through OpenBLAS's {@code cblas_sgemm} (row-major, no transposes) into a preallocated C.
 *
 * <p>OpenBLAS picks its kernels for the CPU it detects unless {@code OPENBLAS_CORETYPE} names one:
 * {@code bench/run.sh} runs this class once with that variable unset (the detected kernels) and
 * once with it forced to Haswell, the setting this project's environment carries.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = OpenBlas.NATIVE)
public class OpenBlasGemm {

    @Param({"256", "512", "1024", "2048"})
    public int n;

    private FloatPointer a;
    private FloatPointer b;
    private FloatPointer c;

    @Setup
    public void setup() {
        OpenBlas.pin();
        a = new FloatPointer(Workloads.uniform(1, n * n));
        b = new FloatPointer(Workloads.uniform(2, n * n));
        c = new FloatPointer((long) n * n);
        c.zero();
    }

    @TearDown
    public void tearDown() {
        a.close();
        b.close();
        c.close();
    }

    @Benchmark
    public FloatPointer sgemm() {
        openblas.cblas_sgemm(openblas.CblasRowMajor, openblas.CblasNoTrans, openblas.CblasNoTrans, n, n, n,
                1f, a, n, b, n, 0f, c, n);
        return c;
    }
}
