package dev.panamax.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamax.bindings.nvrtc.nvrtc_h;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The NVRTC façade: a clear reason without libnvrtc; with it, compilation needs no GPU and is tested for real. */
class NvrtcTest {

    private static final String KERNEL = """
            #include "scale.h"
            extern "C" __global__ void scale(float *x, int n) {
                int i = blockIdx.x * blockDim.x + threadIdx.x;
                if (i < n) x[i] *= FACTOR;
            }
            """;

    @Test
    void withoutLibnvrtcTheFacadeExplainsWhy() {
        LibraryStatus nvrtc = NativeLibraries.system().status(CudaLibrary.NVRTC);
        Skips.unless(!nvrtc.loaded(), "libnvrtc is installed: " + nvrtc);
        IllegalStateException e = assertThrows(IllegalStateException.class, Nvrtc::get);
        assertEquals("NVRTC unavailable: " + nvrtc.reason(), e.getMessage());
    }

    @Test
    void withLibnvrtcAKernelCompilesToPtxAndCubin() {
        LibraryStatus status = NativeLibraries.system().status(CudaLibrary.NVRTC);
        Skips.unless(status.loaded(), "no libnvrtc here: " + status.reason());
        Nvrtc nvrtc = Nvrtc.get();
        int[] archs = nvrtc.supportedArchitectures();
        assertTrue(archs.length > 0);
        MemorySegment program = nvrtc.createProgram(KERNEL, "scale.cu", Map.of("scale.h", "#define FACTOR 2.0f\n"));
        try {
            nvrtc.compileProgram(program, List.of("--gpu-architecture=sm_" + archs[archs.length - 1]));
            assertTrue(nvrtc.ptx(program).contains(".entry scale"));
            assertTrue(nvrtc.cubin(program).length > 0);
        } finally {
            nvrtc.destroyProgram(program);
        }
    }

    @Test
    void withLibnvrtcACompileErrorCarriesTheLog() {
        LibraryStatus status = NativeLibraries.system().status(CudaLibrary.NVRTC);
        Skips.unless(status.loaded(), "no libnvrtc here: " + status.reason());
        Nvrtc nvrtc = Nvrtc.get();
        MemorySegment program = nvrtc.createProgram("__global__ void broken( {", "broken.cu", Map.of());
        try {
            CudaException e = assertThrows(CudaException.class, () -> nvrtc.compileProgram(program, List.of()));
            assertEquals(nvrtc_h.NVRTC_ERROR_COMPILATION(), e.status());
            assertEquals("NVRTC_ERROR_COMPILATION", e.statusName());
            assertTrue(e.detail().contains("broken.cu"), e.detail());
        } finally {
            nvrtc.destroyProgram(program);
        }
    }
}
