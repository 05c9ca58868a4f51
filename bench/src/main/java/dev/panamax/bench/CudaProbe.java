package dev.panamax.bench;

import dev.panamax.bindings.CudaRuntime;
import dev.panamax.tensor.Device;
import java.nio.file.Path;

/**
 * Writes the {@link Probe} of Panamax's CUDA run: {@code CudaProbe <file.properties>}. Exits with
 * status 3, the reason in the file ({@code unavailable}) and on standard output, when {@code cuda:0}
 * cannot run; bench/run.sh then leaves the CUDA benchmarks out and the report says why.
 */
public final class CudaProbe {

    private CudaProbe() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        Device device = CudaSetup.DEVICE;
        String described = device.describeBackend();
        Probe probe = new Probe("Panamax on CUDA", Versions.get("panamax"))
                .put("threads.setting", "-Dpanamax.cpu.threads=" + Workloads.THREADS + " (host side)")
                .put("threads.reported", "1 stream");
        if (!Device.auto().equals(device)) {
            probe.put("unavailable", described).write(file);
            System.exit(3);
        }
        CudaRuntime runtime = CudaRuntime.get();
        probe.put("detail", described + "; CUDA runtime " + version(runtime.runtimeVersion()) + ", driver "
                + version(runtime.driverVersion()));
        probe.write(file);
    }

    /** CUDA's encoded version {@code 1000·major + 10·minor} as {@code major.minor}. */
    static String version(int encoded) {
        return encoded / 1000 + "." + encoded % 1000 / 10;
    }
}
