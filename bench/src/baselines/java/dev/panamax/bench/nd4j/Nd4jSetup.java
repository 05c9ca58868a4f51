package dev.panamax.bench.nd4j;

import dev.panamax.bench.Workloads;
import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's native CPU backend: the JVM option of its forks, the thread pinning, and the workspace
 * that gives its out-of-place results warm memory.
 *
 * <p>ND4J frees arrays created outside a workspace only when the garbage collector finds them, so
 * every large output would land on fresh pages; a workspace is ND4J's own reusable arena (it learns
 * the size it needs in the first cycle and reuses that memory afterwards), the counterpart of
 * Panamax's pool.
 */
final class Nd4jSetup {

    /** JavaCPP loads libnd4jcpu through JNI. */
    static final String NATIVE = "--enable-native-access=ALL-UNNAMED";

    private static final WorkspaceConfiguration WORKSPACE = WorkspaceConfiguration.builder()
            .initialSize(0)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .policyAllocation(AllocationPolicy.OVERALLOCATE)
            .overallocationLimit(0.2)
            .build();

    private Nd4jSetup() {
    }

    /** Pins ND4J's own threads and its BLAS to {@link Workloads#THREADS}, fails unless it took, and says so. */
    static void pin() {
        Environment env = Nd4j.getEnvironment();
        env.setMaxThreads(Workloads.THREADS);
        env.setMaxMasterThreads(Workloads.THREADS);
        Blas blas = Nd4j.factory().blas();
        blas.setMaxThreads(Workloads.THREADS);
        if (env.maxThreads() != Workloads.THREADS || blas.getMaxThreads() != Workloads.THREADS) {
            throw new IllegalStateException("ND4J runs " + env.maxThreads() + " threads and its BLAS "
                    + blas.getMaxThreads() + ", expected " + Workloads.THREADS);
        }
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        System.out.println("[nd4j] threads: " + env.maxThreads() + ", master threads " + env.maxMasterThreads()
                + ", BLAS " + blas.getBlasVendor() + " threads " + blas.getMaxThreads()
                + ", OPENBLAS_CORETYPE=" + Workloads.env("OPENBLAS_CORETYPE"));
    }

    /** Opens this thread's benchmark workspace; arrays created until it closes reuse its memory. */
    static MemoryWorkspace workspace() {
        return Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE, "panamax-bench");
    }

    /** A float32 array of the given shape holding {@code data}, outside any workspace. */
    static INDArray array(float[] data, long... shape) {
        return Nd4j.create(data, shape, 'c');
    }
}
