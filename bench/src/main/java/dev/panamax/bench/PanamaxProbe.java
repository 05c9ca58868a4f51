package dev.panamax.bench;

import dev.panamax.tensor.Memory;
import dev.panamax.tensor.MemoryScope;
import dev.panamax.tensor.MemoryStats;
import dev.panamax.tensor.Tensor;
import java.nio.file.Path;

/**
 * Writes Panamax's {@link Probe}: {@code PanamaxProbe <file.properties>}, run with the same JVM
 * options as Panamax's benchmark forks.
 */
public final class PanamaxProbe {

    private PanamaxProbe() {
    }

    public static void main(String[] args) {
        int threads = PanamaxSetup.check();
        Probe probe = new Probe("Panamax", Versions.get("panamax"))
                .put("threads.reported", threads)
                .put("threads.setting", "-Dpanamax.cpu.threads=" + threads);
        Tensor a = Tensor.of(Workloads.uniform(1, 1024 * 1024), 1024, 1024);
        Tensor x = Tensor.of(Workloads.uniform(2, 1 << 24), 1 << 24);
        probe.busy("gemm", () -> {
            try (MemoryScope s = Memory.scope()) {
                a.mm(a);
            }
        });
        probe.busy("elementwise", () -> {
            try (MemoryScope s = Memory.scope()) {
                x.add(x);
            }
        });
        MemoryStats m = Memory.stats();
        probe.put("detail", "pool: " + m.poolHits() + " of " + m.allocations() + " allocations reused, "
                + m.osAllocations() + " blocks from the OS");
        probe.write(Path.of(args[0]));
    }
}
