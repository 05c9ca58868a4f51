package dev.panamax.bindings;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.panamax.bindings.cudart.cudart_h;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Helpers for the *SimTest classes, which run in their own JVM with every CUDA library resolved to
 * cuda-sim's libcudasim.so (see the cuda-sim-test execution in bindings/pom.xml).
 */
final class SimSupport {

    private SimSupport() {
    }

    /** Skips the calling test loudly unless the CUDA runtime resolved to a loadable cuda-sim. */
    static void requireSim() {
        LibraryStatus status = NativeLibraries.system().status(CudaLibrary.CUDART);
        boolean sim = status.loaded() && status.file().map(f -> f.getFileName().toString().equals("libcudasim.so"))
                .orElse(false);
        Skips.unless(sim, "cuda-sim is not loaded (" + status + "); without a C compiler the build does not make"
                + " bindings/target/cuda-sim/libcudasim.so");
    }

    static CudaRuntime cuda() {
        return CudaRuntime.get();
    }

    static MemorySegment upload(float[] values) {
        MemorySegment device = cuda().malloc(Math.max(1, values.length) * 4L);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment host = arena.allocate(JAVA_FLOAT, Math.max(1, values.length));
            MemorySegment.copy(values, 0, host, JAVA_FLOAT, 0, values.length);
            cuda().memcpy(device, host, values.length * 4L, cudart_h.cudaMemcpyHostToDevice());
        }
        return device;
    }

    static MemorySegment upload(double[] values) {
        MemorySegment device = cuda().malloc(Math.max(1, values.length) * 8L);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment host = arena.allocate(JAVA_DOUBLE, Math.max(1, values.length));
            MemorySegment.copy(values, 0, host, JAVA_DOUBLE, 0, values.length);
            cuda().memcpy(device, host, values.length * 8L, cudart_h.cudaMemcpyHostToDevice());
        }
        return device;
    }

    static float[] downloadFloats(MemorySegment device, int count) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment host = arena.allocate(JAVA_FLOAT, Math.max(1, count));
            cuda().memcpy(host, device, count * 4L, cudart_h.cudaMemcpyDeviceToHost());
            return host.asSlice(0, count * 4L).toArray(JAVA_FLOAT);
        }
    }

    static double[] downloadDoubles(MemorySegment device, int count) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment host = arena.allocate(JAVA_DOUBLE, Math.max(1, count));
            cuda().memcpy(host, device, count * 8L, cudart_h.cudaMemcpyDeviceToHost());
            return host.asSlice(0, count * 8L).toArray(JAVA_DOUBLE);
        }
    }

    static float[] randomFloats(Random random, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = random.nextFloat() * 2 - 1;
        }
        return values;
    }

    static double[] randomDoubles(Random random, int count) {
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = random.nextDouble() * 2 - 1;
        }
        return values;
    }

    /** Reads a test kernel from src/test/resources/kernels. */
    static String kernel(String name) {
        try (InputStream in = SimSupport.class.getResourceAsStream("/kernels/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no test kernel " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
