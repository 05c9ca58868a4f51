package dev.panamax.bench;

import dev.panamax.tensor.Device;

/** The device of the CUDA benchmarks, and the check that its backend runs (never a CPU fallback). */
final class CudaSetup {

    /** The GPU every CUDA benchmark runs on. */
    static final Device DEVICE = Device.cuda(0);

    private CudaSetup() {
    }

    /**
     * Fails with the reason unless {@link #DEVICE}'s backend is available, and prints which backend
     * runs.
     *
     * @return the backend's description
     */
    static String check() {
        String described = DEVICE.describeBackend();
        if (!Device.auto().equals(DEVICE)) {
            throw new IllegalStateException("the CUDA benchmarks need " + DEVICE + ": " + described);
        }
        System.out.println("[panamax] backend: " + described);
        return described;
    }
}
