package dev.panamax.bench;

import dev.panamax.bindings.CudaRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * The device's own time for the bare {@code cublasSgemm_v2} call of {@link CudaGemm}, measured with
 * CUDA events around {@code calls} back-to-back calls after {@value #WARMUP} warm-up calls:
 * {@code CudaSgemmTimer <file.properties> <n> [calls]} appends {@code events.sgemm.<n>.us} (microseconds
 * per call) and {@code calls.sgemm.<n>} (every call this process made, warm-up included). bench/run.sh
 * also runs it under NVIDIA's Nsight Systems profiler, where that is installed, to read the same calls'
 * kernel time from NVIDIA's tool.
 */
public final class CudaSgemmTimer {

    static final int WARMUP = 3;

    private CudaSgemmTimer() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        int calls = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        CudaRuntime runtime = CudaRuntime.get();
        CudaGemm g = new CudaGemm();
        g.n = n;
        g.setup();
        MemorySegment start = runtime.eventCreate(0);
        MemorySegment stop = runtime.eventCreate(0);
        try {
            for (int i = 0; i < WARMUP; i++) {
                g.cublasCall();
            }
            runtime.deviceSynchronize();
            runtime.eventRecord(start, MemorySegment.NULL);
            for (int i = 0; i < calls; i++) {
                g.cublasCall();
            }
            runtime.eventRecord(stop, MemorySegment.NULL);
            runtime.eventSynchronize(stop);
            double us = runtime.eventElapsedTime(start, stop) * 1e3 / calls;
            String lines = String.format(Locale.ROOT, "events.sgemm.%d.us=%.3f%ncalls.sgemm.%d=%d%n", n, us, n,
                    WARMUP + calls);
            Files.writeString(file, lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            System.out.print(lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            runtime.eventDestroy(start);
            runtime.eventDestroy(stop);
            g.tearDown();
        }
    }
}
