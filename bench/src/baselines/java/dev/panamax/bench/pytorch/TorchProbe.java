package dev.panamax.bench.pytorch;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import dev.panamax.bench.Probe;
import dev.panamax.bench.Workloads;
import java.nio.file.Path;

/** Writes PyTorch's {@link Probe}: {@code TorchProbe <file.properties>}, run with the options and environment of its forks. */
public final class TorchProbe {

    private TorchProbe() {
    }

    public static void main(String[] args) {
        try (NDManager m = Torch.manager()) {
            Engine engine = m.getEngine();
            NDArray a = Torch.array(m, Workloads.uniform(1, 1024 * 1024), 1024, 1024);
            NDArray x = Torch.array(m, Workloads.uniform(2, 1 << 24), 1 << 24);
            String preload = System.getenv("LD_PRELOAD");
            Probe probe = new Probe("PyTorch", engine.getVersion() + " (DJL " + Engine.getDjlVersion() + ")")
                    .put("threads.reported", JniUtils.getNumThreads())
                    .put("threads.setting", "-Dai.djl.pytorch.num_threads=" + Workloads.THREADS
                            + ", OMP_NUM_THREADS=" + Workloads.env("OMP_NUM_THREADS"))
                    .put("detail", "inter-op threads " + JniUtils.getNumInteropThreads() + "; allocator "
                            + (preload == null || preload.isBlank() ? "glibc malloc"
                                    : preload + " (MALLOC_CONF=" + Workloads.env("MALLOC_CONF") + ")"));
            probe.busy("gemm", () -> a.matMul(a).close());
            probe.busy("elementwise", () -> x.add(x).close());
            probe.write(Path.of(args[0]));
        }
    }
}
