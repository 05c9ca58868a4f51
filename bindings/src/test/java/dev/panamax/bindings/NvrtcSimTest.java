package dev.panamax.bindings;

import static dev.panamax.bindings.SimSupport.cuda;
import static dev.panamax.bindings.SimSupport.downloadFloats;
import static dev.panamax.bindings.SimSupport.kernel;
import static dev.panamax.bindings.SimSupport.upload;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamax.bindings.cuda.cuda_h;
import dev.panamax.bindings.nvrtc.nvrtc_h;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** NVRTC → module → launch end to end on cuda-sim, with the kernels nvcc also compiles in the build. */
class NvrtcSimTest {

    private static Nvrtc nvrtc;
    private static CudaDriver driver;

    @BeforeAll
    static void init() {
        SimSupport.requireSim();
        nvrtc = Nvrtc.get();
        driver = CudaDriver.get();
        driver.init();
        driver.setCurrentContext(driver.primaryContextRetain(0));
    }

    @BeforeEach
    void requireSim() {
        SimSupport.requireSim();
    }

    /** Compiles a program for sm_80 and returns its CUBIN, or its PTX when ptx is set. */
    private static byte[] compile(String source, String name, boolean ptx, List<String> expressions,
            Map<String, String> lowered) {
        MemorySegment program = nvrtc.createProgram(source, name, Map.of());
        try {
            expressions.forEach(e -> nvrtc.addNameExpression(program, e));
            nvrtc.compileProgram(program, List.of("--gpu-architecture=sm_80", "-default-device"));
            expressions.forEach(e -> lowered.put(e, nvrtc.loweredName(program, e)));
            return ptx ? (nvrtc.ptx(program) + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8)
                       : nvrtc.cubin(program);
        } finally {
            nvrtc.destroyProgram(program);
        }
    }

    private static MemorySegment load(Arena arena, byte[] image) {
        return driver.moduleLoadData(arena.allocateFrom(JAVA_BYTE, image));
    }

    private static MemorySegment params(Arena arena, Object... values) {
        MemorySegment array = arena.allocate(ADDRESS, values.length);
        for (int i = 0; i < values.length; i++) {
            MemorySegment cell = switch (values[i]) {
                case MemorySegment pointer -> arena.allocateFrom(ADDRESS, pointer);
                case Integer v -> arena.allocateFrom(JAVA_INT, v);
                case Float v -> arena.allocateFrom(JAVA_FLOAT, v);
                default -> throw new IllegalArgumentException(values[i].toString());
            };
            array.setAtIndex(ADDRESS, i, cell);
        }
        return array;
    }

    @Test
    void vectorAddRunsOverTheWholeGrid() {
        int n = 10_000;
        Random random = new Random(1);
        float[] a = SimSupport.randomFloats(random, n);
        float[] b = SimSupport.randomFloats(random, n);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment module = load(arena, compile(kernel("vector_add.cu"), "vector_add.cu", false, List.of(),
                    new java.util.HashMap<>()));
            MemorySegment function = driver.moduleGetFunction(module, "vector_add");
            MemorySegment da = upload(a);
            MemorySegment db = upload(b);
            MemorySegment dc = cuda().malloc(n * 4L);
            driver.launchKernel(function, (n + 255) / 256, 1, 1, 256, 1, 1, 0, MemorySegment.NULL,
                    params(arena, da, db, dc, n));
            float[] c = downloadFloats(dc, n);
            for (int i = 0; i < n; i++) {
                assertEquals(a[i] + b[i], c[i], 0f, "element " + i);
            }
            // A host pointer as a kernel argument faults on a GPU: the launch reports an illegal address.
            MemorySegment host = arena.allocate(JAVA_FLOAT, n);
            int status = cuda_h.cuLaunchKernel(function, 1, 1, 1, 32, 1, 1, 0, MemorySegment.NULL,
                    params(arena, host, db, dc, n), MemorySegment.NULL);
            assertEquals(cuda_h.CUDA_ERROR_ILLEGAL_ADDRESS(), status);
            assertEquals(cuda_h.CUDA_ERROR_INVALID_VALUE(), cuda_h.cuLaunchKernel(function, 1, 1, 1, 2048, 1, 1, 0,
                    MemorySegment.NULL, params(arena, da, db, dc, n), MemorySegment.NULL));
            CudaException missing = assertThrows(CudaException.class, () -> driver.moduleGetFunction(module, "nope"));
            assertEquals("CUDA_ERROR_NOT_FOUND", missing.statusName());
            driver.moduleUnload(module);
            cuda().free(da);
            cuda().free(db);
            cuda().free(dc);
        }
    }

    @Test
    void sharedMemoryBarriersAndShufflesReduceABlock() {
        int n = 5_000;
        float[] x = new float[n];
        double expected = 0;
        for (int i = 0; i < n; i++) {
            x[i] = (i % 13) - 6;
            expected += x[i];
        }
        try (Arena arena = Arena.ofConfined()) {
            Map<String, String> lowered = new java.util.HashMap<>();
            // Through the PTX (text) form of the image, to cover both forms.
            MemorySegment module = load(arena, compile(kernel("block_sum.cu"), "block_sum.cu", true,
                    List.of("reverse_scaled<float>"), lowered));
            MemorySegment sum = driver.moduleGetFunction(module, "block_sum");
            MemorySegment dx = upload(x);
            MemorySegment out = upload(new float[] {0});
            driver.launchKernel(sum, (n + 255) / 256, 1, 1, 256, 1, 1, 0, MemorySegment.NULL, params(arena, dx, out, n));
            assertEquals(expected, downloadFloats(out, 1)[0], 1e-3);

            String reverse = lowered.get("reverse_scaled<float>");
            assertEquals("_Z14reverse_scaledIfEvPT_S0_i", reverse, "the Itanium name NVRTC lowers to");
            MemorySegment function = driver.moduleGetFunction(module, reverse);
            MemorySegment v = upload(new float[] {1, 2, 3, 4, 5});
            driver.launchKernel(function, 1, 1, 1, 64, 1, 1, 64 * 4, MemorySegment.NULL, params(arena, v, 2f, 5));
            assertArrayEquals(new float[] {10, 8, 6, 4, 2}, downloadFloats(v, 5));
            assertEquals(cuda_h.CUDA_ERROR_INVALID_VALUE(), cuda_h.cuLaunchKernel(function, 1, 1, 1, 64, 1, 1,
                    64 * 1024, MemorySegment.NULL, params(arena, v, 2f, 5), MemorySegment.NULL),
                    "more dynamic shared memory than the 48 KiB default");
            driver.moduleUnload(module);
            cuda().free(dx);
            cuda().free(out);
            cuda().free(v);
        }
    }

    @Test
    void compileErrorsComeBackInTheLogNamingTheProgram() {
        MemorySegment program = nvrtc.createProgram("extern \"C\" __global__ void broken( {", "broken.cu", Map.of());
        try {
            CudaException e = assertThrows(CudaException.class, () -> nvrtc.compileProgram(program, List.of()));
            assertEquals(nvrtc_h.NVRTC_ERROR_COMPILATION(), e.status());
            assertTrue(e.detail().contains("broken.cu:1"), e.detail());
        } finally {
            nvrtc.destroyProgram(program);
        }
        MemorySegment options = nvrtc.createProgram("", "empty.cu", Map.of());
        try {
            CudaException e = assertThrows(CudaException.class,
                    () -> nvrtc.compileProgram(options, List.of("--no-such-option")));
            assertEquals("NVRTC_ERROR_INVALID_OPTION", e.statusName());
        } finally {
            nvrtc.destroyProgram(options);
        }
    }

    @Test
    void headersOptionsAndVirtualArchitectures() {
        String source = """
                #include "scale.h"
                extern "C" __global__ void scale(float *x, int n) {
                    int i = blockIdx.x * blockDim.x + threadIdx.x;
                    if (i < n) x[i] = x[i] * FACTOR + OFFSET;
                }
                """;
        MemorySegment program = nvrtc.createProgram(source, "scale.cu", Map.of("scale.h", "#define FACTOR 2.0f\n"));
        try {
            nvrtc.compileProgram(program, List.of("-arch=compute_80", "-DOFFSET=1.0f", "--use_fast_math"));
            assertEquals(0, nvrtc.cubin(program).length, "no CUBIN for a virtual architecture");
            String ptx = nvrtc.ptx(program);
            assertTrue(ptx.contains(".entry scale"), ptx);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment module = driver.moduleLoadData(arena.allocateFrom(ptx));
                MemorySegment x = upload(new float[] {1, 2, 3});
                driver.launchKernel(driver.moduleGetFunction(module, "scale"), 1, 1, 1, 32, 1, 1, 0,
                        MemorySegment.NULL, params(arena, x, 3));
                assertArrayEquals(new float[] {3, 5, 7}, downloadFloats(x, 3));
                driver.moduleUnload(module);
                cuda().free(x);
            }
        } finally {
            nvrtc.destroyProgram(program);
        }
        MemorySegment newer = nvrtc.createProgram(source, "scale.cu", Map.of("scale.h", "#define FACTOR 2.0f\n"));
        try {
            nvrtc.compileProgram(newer, List.of("-arch=sm_90", "-DOFFSET=0"));
            byte[] cubin = nvrtc.cubin(newer);
            try (Arena arena = Arena.ofConfined()) {
                CudaException e = assertThrows(CudaException.class,
                        () -> driver.moduleLoadData(arena.allocateFrom(JAVA_BYTE, cubin)));
                assertEquals("CUDA_ERROR_NO_BINARY_FOR_GPU", e.statusName(), "an sm_90 binary on an sm_80 device");
            }
        } finally {
            nvrtc.destroyProgram(newer);
        }
    }

    @Test
    void assertFailuresAndDeadlocksEndTheLaunch() {
        String source = """
                extern "C" __global__ void checked(int *x) {
                    assert(x[threadIdx.x] >= 0);
                }
                extern "C" __global__ void split(int *x) {
                    if (threadIdx.x < 16) { __syncthreads(); } else { __syncwarp(); __syncthreads(); __syncwarp(); }
                    x[threadIdx.x] = 1;
                }
                """;
        MemorySegment program = nvrtc.createProgram(source, "traps.cu", Map.of());
        try (Arena arena = Arena.ofConfined()) {
            nvrtc.compileProgram(program, List.of("-arch=sm_80"));
            MemorySegment module = driver.moduleLoadData(arena.allocateFrom(JAVA_BYTE, nvrtc.cubin(program)));
            MemorySegment values = cuda().malloc(64 * 4);
            cuda().memset(values, 0, 64 * 4);
            driver.launchKernel(driver.moduleGetFunction(module, "checked"), 1, 1, 1, 64, 1, 1, 0, MemorySegment.NULL,
                    params(arena, values));
            cuda().memset(values, 0xFF, 4);
            assertEquals(cuda_h.CUDA_ERROR_ASSERT(), cuda_h.cuLaunchKernel(driver.moduleGetFunction(module, "checked"),
                    1, 1, 1, 64, 1, 1, 0, MemorySegment.NULL, params(arena, values), MemorySegment.NULL));
            assertEquals(cuda_h.CUDA_ERROR_LAUNCH_FAILED(), cuda_h.cuLaunchKernel(driver.moduleGetFunction(module,
                    "split"), 1, 1, 1, 32, 1, 1, 0, MemorySegment.NULL, params(arena, values), MemorySegment.NULL));
            driver.moduleUnload(module);
            cuda().free(values);
        } finally {
            nvrtc.destroyProgram(program);
        }
    }
}
