package dev.panamax.tensor.cuda;

import dev.panamax.bindings.CudaDriver;
import dev.panamax.bindings.Nvrtc;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * The kernels of one device: generated source compiled by NVRTC for the device's architecture on
 * first use, cached in memory (loaded modules and functions) and on disk (images, see
 * {@link KernelDiskCache}).
 *
 * <p>When NVRTC can build machine code for the device ({@code sm_XY} among its supported
 * architectures) modules are CUBIN; for a device newer than the NVRTC it falls back to PTX for the
 * newest virtual architecture not above the device's, which the driver compiles on load.
 */
final class Kernels {

    /**
     * What NVRTC compiles for.
     *
     * @param option the {@code --gpu-architecture} value, {@code sm_XY} or {@code compute_XY}
     * @param cubin  whether the result is CUBIN (else PTX)
     */
    record Target(String option, boolean cubin) {
    }

    private final CudaDevice device;
    private final Nvrtc nvrtc;
    private final CudaDriver driver;
    private final Target target;
    private final KernelDiskCache disk;
    private final Map<KernelSource.Module, MemorySegment> modules = new ConcurrentHashMap<>();
    private final Map<KernelSource.Module, Map<String, MemorySegment>> functions = new ConcurrentHashMap<>();
    private final Map<String, MemorySegment> adHoc = new ConcurrentHashMap<>();
    private final Map<String, MemorySegment> adHocModules = new ConcurrentHashMap<>();

    Kernels(CudaDevice device, Nvrtc nvrtc, CudaDriver driver, int architecture, KernelDiskCache disk) {
        this.device = device;
        this.nvrtc = nvrtc;
        this.driver = driver;
        this.target = target(architecture, nvrtc.supportedArchitectures(), nvrtc.version());
        this.disk = disk;
    }

    /**
     * The target for a device of compute capability {@code architecture} (such as 90).
     *
     * @throws IllegalStateException if NVRTC supports nothing at or below the device's architecture
     */
    static Target target(int architecture, int[] supported, String nvrtcVersion) {
        int best = -1;
        for (int a : supported) {
            if (a == architecture) {
                return new Target("sm_" + architecture, true);
            }
            if (a < architecture) {
                best = Math.max(best, a);
            }
        }
        if (best < 0) {
            throw new IllegalStateException("NVRTC " + nvrtcVersion + " cannot compile for sm_" + architecture
                    + " (it supports " + Arrays.toString(supported) + ")");
        }
        return new Target("compute_" + best, false);
    }

    /** The target kernels are compiled for. */
    Target target() {
        return target;
    }

    /** A kernel function of a module, compiling and loading the module on first use. */
    MemorySegment function(KernelSource.Module module, String kernel) {
        Map<String, MemorySegment> byName = functions.get(module);
        MemorySegment f = byName == null ? null : byName.get(kernel);
        if (f != null) {
            return f;
        }
        MemorySegment m = module(module);
        return functions.computeIfAbsent(module, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(kernel, k -> driver.moduleGetFunction(m, k));
    }

    private MemorySegment module(KernelSource.Module module) {
        MemorySegment m = modules.get(module);
        if (m != null) {
            return m;
        }
        synchronized (this) {
            m = modules.get(module);
            if (m == null) {
                byte[] image = image(KernelSource.source(module), module.name());
                device.makeCurrent();
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment buffer = arena.allocate(image.length);
                    MemorySegment.copy(image, 0, buffer, JAVA_BYTE, 0, image.length);
                    m = driver.moduleLoadData(buffer);
                }
                modules.put(module, m);
            }
            return m;
        }
    }

    /** The compiled image of a source, from the disk cache or NVRTC. */
    private byte[] image(String source, String name) {
        List<String> options = List.of("--gpu-architecture=" + target.option());
        String ext = target.cubin() ? "cubin" : "ptx";
        String key = KernelDiskCache.key(source, String.join(" ", options), "nvrtc " + nvrtc.version(), ext);
        return disk.get(key, ext).orElseGet(() -> {
            byte[] image = compile(source, name, options);
            disk.put(key, ext, image);
            return image;
        });
    }

    private byte[] compile(String source, String name, List<String> options) {
        MemorySegment program = nvrtc.createProgram(source, name + ".cu", Map.of());
        try {
            nvrtc.compileProgram(program, options);
            if (target.cubin()) {
                return nvrtc.cubin(program);
            }
            byte[] ptx = nvrtc.ptx(program).getBytes(StandardCharsets.UTF_8);
            return Arrays.copyOf(ptx, ptx.length + 1);
        } finally {
            nvrtc.destroyProgram(program);
        }
    }

    /**
     * A kernel of a module given by its source (fused programs), compiled and loaded on first use
     * and cached in memory by source and on disk like every module.
     */
    MemorySegment function(String source, String name, String kernel) {
        String key = kernel + "\u0000" + source;
        MemorySegment f = adHoc.get(key);
        if (f != null) {
            return f;
        }
        synchronized (this) {
            f = adHoc.get(key);
            if (f == null) {
                MemorySegment m = adHocModules.get(source);
                if (m == null) {
                    byte[] image = image(source, name);
                    device.makeCurrent();
                    try (Arena arena = Arena.ofConfined()) {
                        MemorySegment buffer = arena.allocate(image.length);
                        MemorySegment.copy(image, 0, buffer, JAVA_BYTE, 0, image.length);
                        m = driver.moduleLoadData(buffer);
                    }
                    adHocModules.put(source, m);
                }
                f = driver.moduleGetFunction(m, kernel);
                adHoc.put(key, f);
            }
            return f;
        }
    }
}
