package dev.panamax.bench.openblas;

import dev.panamax.bench.Probe;
import dev.panamax.bench.Versions;
import dev.panamax.bench.Workloads;
import java.nio.file.Path;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;

/** Writes OpenBLAS's {@link Probe}: {@code OpenBlasProbe <file.properties>}, run in the environment of its forks. */
public final class OpenBlasProbe {

    private OpenBlasProbe() {
    }

    public static void main(String[] args) {
        int threads = OpenBlas.pin();
        int n = 1024;
        try (FloatPointer a = new FloatPointer(Workloads.uniform(1, n * n));
             FloatPointer c = new FloatPointer((long) n * n)) {
            Probe probe = new Probe("OpenBLAS", Versions.get("openblas") + " (JavaCPP " + Versions.get("javacpp") + ")")
                    .put("threads.reported", threads)
                    .put("threads.setting", "openblas_set_num_threads(" + threads + ")")
                    .put("detail", OpenBlas.config() + "; kernels " + OpenBlas.coreName()
                            + "; OPENBLAS_CORETYPE=" + Workloads.env("OPENBLAS_CORETYPE"));
            probe.busy("gemm", () -> openblas.cblas_sgemm(openblas.CblasRowMajor, openblas.CblasNoTrans,
                    openblas.CblasNoTrans, n, n, n, 1f, a, n, a, n, 0f, c, n));
            probe.write(Path.of(args[0]));
        }
    }
}
