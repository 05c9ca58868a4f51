package dev.panamax.bench.pytorch;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.panamax.bench.Workloads;

/**
 * PyTorch's CPU build through DJL: the JVM options of its benchmark forks, the engine and the check
 * that the thread settings took effect.
 */
final class Torch {

    /** Use the libtorch inside the pytorch-native-cpu jar; never download. */
    static final String OFFLINE = "-Dai.djl.offline=true";
    /** Pins PyTorch's intra-op pool (torch.set_num_threads) to {@link Workloads#THREADS}. */
    static final String THREADS = "-Dai.djl.pytorch.num_threads=" + Workloads.THREADS;
    /** libtorch is loaded through JNI. */
    static final String NATIVE = "--enable-native-access=ALL-UNNAMED";

    private Torch() {
    }

    /**
     * Starts the engine, fails unless it runs {@link Workloads#THREADS} intra-op threads, says so,
     * and returns a new base manager on the CPU.
     */
    static NDManager manager() {
        Engine engine = Engine.getEngine("PyTorch");
        int threads = JniUtils.getNumThreads();
        if (threads != Workloads.THREADS) {
            throw new IllegalStateException("PyTorch runs " + threads + " intra-op threads, expected " + Workloads.THREADS);
        }
        System.out.println("[pytorch] PyTorch " + engine.getVersion() + " through DJL " + Engine.getDjlVersion()
                + ", threads: intra-op " + threads + ", inter-op " + JniUtils.getNumInteropThreads());
        return NDManager.newBaseManager(ai.djl.Device.cpu(), "PyTorch");
    }

    /** A float32 array of the given shape holding {@code data}. */
    static NDArray array(NDManager m, float[] data, long... shape) {
        return m.create(data, new Shape(shape));
    }
}
