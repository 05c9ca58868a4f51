package dev.panamax.bench.openblas;

import dev.panamax.bench.Workloads;
import org.bytedeco.openblas.global.openblas;
import org.bytedeco.openblas.global.openblas_full;

/** OpenBLAS through JavaCPP: the JVM option of its forks, the thread pinning and what it reports. */
final class OpenBlas {

    /** JavaCPP loads OpenBLAS through JNI. */
    static final String NATIVE = "--enable-native-access=ALL-UNNAMED";

    private OpenBlas() {
    }

    /** Pins OpenBLAS to {@link Workloads#THREADS} threads, fails unless it took, and says so. */
    static int pin() {
        openblas.blas_set_num_threads(Workloads.THREADS);
        int threads = openblas.blas_get_num_threads();
        if (threads != Workloads.THREADS) {
            throw new IllegalStateException("OpenBLAS runs " + threads + " threads, expected " + Workloads.THREADS);
        }
        System.out.println("[openblas] " + config() + ", core " + coreName() + ", threads: " + threads
                + ", OPENBLAS_CORETYPE=" + Workloads.env("OPENBLAS_CORETYPE"));
        return threads;
    }

    /** The build's configuration string, with the version first ("OpenBLAS 0.3.31 DYNAMIC_ARCH ..."). */
    static String config() {
        return openblas_full.openblas_get_config().getString().trim();
    }

    /** The kernel family OpenBLAS chose ("Cooperlake", "Haswell", ...). */
    static String coreName() {
        return openblas_full.openblas_get_corename().getString().trim();
    }
}
