package dev.panamax.bench.nd4j;

import dev.panamax.bench.Probe;
import dev.panamax.bench.Versions;
import dev.panamax.bench.Workloads;
import java.nio.file.Path;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Writes ND4J's {@link Probe}: {@code Nd4jProbe <file.properties>}, run in the environment of its forks. */
public final class Nd4jProbe {

    private Nd4jProbe() {
    }

    public static void main(String[] args) {
        Nd4jSetup.pin();
        INDArray a = Nd4jSetup.array(Workloads.uniform(1, 1024 * 1024), 1024, 1024);
        INDArray c = Nd4j.zeros(1024, 1024);
        INDArray x = Nd4jSetup.array(Workloads.uniform(2, 1 << 24), 1 << 24);
        Probe probe = new Probe("ND4J", Versions.get("nd4j") + " (OpenBLAS " + Versions.get("nd4j.openblas")
                + ", JavaCPP " + Versions.get("nd4j.javacpp") + ")")
                .put("threads.reported", Nd4j.getEnvironment().maxThreads() + " (BLAS "
                        + Nd4j.factory().blas().getMaxThreads() + ")")
                .put("threads.setting", "Environment.setMaxThreads(" + Workloads.THREADS + "), Blas.setMaxThreads("
                        + Workloads.THREADS + "), OMP_NUM_THREADS=" + Workloads.env("OMP_NUM_THREADS"))
                .put("detail", "BLAS " + Nd4j.factory().blas().getBlasVendor() + "; OPENBLAS_CORETYPE="
                        + Workloads.env("OPENBLAS_CORETYPE"));
        probe.busy("gemm", () -> Nd4j.gemm(a, a, c, false, false, 1.0, 0.0));
        probe.busy("elementwise", () -> {
            try (MemoryWorkspace ws = Nd4jSetup.workspace()) {
                x.add(x);
            }
        });
        probe.write(Path.of(args[0]));
    }
}
