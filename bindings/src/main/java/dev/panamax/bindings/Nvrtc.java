package dev.panamax.bindings;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.panamax.bindings.nvrtc.nvrtc_h;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Status-checked access to NVRTC (libnvrtc), which compiles CUDA C++ source to PTX or CUBIN at run time.
 *
 * <p>Methods call the function of the same name in {@link nvrtc_h} and throw {@link CudaException}
 * unless it returns {@code NVRTC_SUCCESS}; a failed compilation's exception carries the program
 * log as its detail. Programs are {@link MemorySegment}s of length zero holding the handle.
 *
 * {@snippet :
 * Nvrtc nvrtc = Nvrtc.get();
 * MemorySegment program = nvrtc.createProgram(source, "axpy.cu", Map.of());
 * try {
 *     nvrtc.compileProgram(program, List.of("--gpu-architecture=sm_90", "-default-device"));
 *     byte[] cubin = nvrtc.cubin(program);              // for CudaDriver.moduleLoadData
 * } finally {
 *     nvrtc.destroyProgram(program);
 * }
 * }
 */
public final class Nvrtc {

    private static Nvrtc system;

    private final NativeLibraries libraries;
    private final String version;

    private Nvrtc(NativeLibraries libraries) {
        this.libraries = libraries;
        libraries.require(CudaLibrary.NVRTC);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment major = arena.allocate(JAVA_INT);
            MemorySegment minor = arena.allocate(JAVA_INT);
            check(nvrtc_h.nvrtcVersion(major, minor), "nvrtcVersion");
            this.version = major.get(JAVA_INT, 0) + "." + minor.get(JAVA_INT, 0);
        }
        libraries.recordVersion(CudaLibrary.NVRTC, version);
    }

    /**
     * Returns NVRTC over {@link NativeLibraries#system()}, loading libnvrtc on the first call.
     *
     * @throws IllegalStateException if libnvrtc cannot be found or loaded
     */
    public static synchronized Nvrtc get() {
        if (system == null) {
            system = new Nvrtc(NativeLibraries.system());
        }
        return system;
    }

    /** Returns the loaded library's CUDA version, such as {@code 13.0}. */
    public String version() {
        return version;
    }

    /** Returns the architectures this NVRTC can compile for, such as 75, 80, 90. */
    public int[] supportedArchitectures() {
        int count = OutParams.intValue(this::check, nvrtc_h::nvrtcGetNumSupportedArchs, "nvrtcGetNumSupportedArchs");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment archs = arena.allocate(JAVA_INT, Math.max(count, 1));
            check(nvrtc_h.nvrtcGetSupportedArchs(archs), "nvrtcGetSupportedArchs");
            return archs.asSlice(0, (long) count * Integer.BYTES).toArray(JAVA_INT);
        }
    }

    /**
     * Creates a program from CUDA C++ source.
     *
     * @param source  the source text
     * @param name    the program's name, used in messages
     * @param headers headers the source may {@code #include}, by include name
     */
    public MemorySegment createProgram(String source, String name, Map<String, String> headers) {
        try (Arena arena = Arena.ofConfined()) {
            List<Map.Entry<String, String>> entries = List.copyOf(headers.entrySet());
            MemorySegment contents = strings(arena, entries.stream().map(Map.Entry::getValue).toList());
            MemorySegment names = strings(arena, entries.stream().map(Map.Entry::getKey).toList());
            MemorySegment program = arena.allocate(ADDRESS);
            check(nvrtc_h.nvrtcCreateProgram(program, arena.allocateFrom(source), arena.allocateFrom(name),
                    entries.size(), contents, names), "nvrtcCreateProgram(" + name + ")");
            return program.get(ADDRESS, 0);
        }
    }

    /**
     * Compiles a program with nvcc-style options such as {@code --gpu-architecture=sm_80}.
     *
     * @throws CudaException with status NVRTC_ERROR_COMPILATION and the program log as detail if the source does not compile
     */
    public void compileProgram(MemorySegment program, List<String> options) {
        try (Arena arena = Arena.ofConfined()) {
            int status = nvrtc_h.nvrtcCompileProgram(program, options.size(), strings(arena, options));
            if (status != nvrtc_h.NVRTC_SUCCESS()) {
                String log = status == nvrtc_h.NVRTC_ERROR_COMPILATION() ? programLog(program) : "";
                throw new CudaException(CudaLibrary.NVRTC, status, errorString(status), log.strip(),
                        "nvrtcCompileProgram(" + String.join(" ", options) + ")", libraries.versions());
            }
        }
    }

    /** Returns the compiler's log for a program (warnings and errors). */
    public String programLog(MemorySegment program) {
        return new String(output(program, nvrtc_h::nvrtcGetProgramLogSize, nvrtc_h::nvrtcGetProgramLog, "ProgramLog"),
                java.nio.charset.StandardCharsets.UTF_8).replace("\0", "");
    }

    /** Returns a compiled program's PTX. */
    public String ptx(MemorySegment program) {
        return new String(output(program, nvrtc_h::nvrtcGetPTXSize, nvrtc_h::nvrtcGetPTX, "PTX"),
                java.nio.charset.StandardCharsets.UTF_8).replace("\0", "");
    }

    /** Returns a program's CUBIN, available when it was compiled for a real architecture (sm_XX). */
    public byte[] cubin(MemorySegment program) {
        return output(program, nvrtc_h::nvrtcGetCUBINSize, nvrtc_h::nvrtcGetCUBIN, "CUBIN");
    }

    /** Destroys a program. */
    public void destroyProgram(MemorySegment program) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment handle = arena.allocate(ADDRESS);
            handle.set(ADDRESS, 0, program);
            check(nvrtc_h.nvrtcDestroyProgram(handle), "nvrtcDestroyProgram");
        }
    }

    /** Registers a kernel or variable name expression, such as {@code axpy<float>}, before compilation. */
    public void addNameExpression(MemorySegment program, String expression) {
        try (Arena arena = Arena.ofConfined()) {
            check(nvrtc_h.nvrtcAddNameExpression(program, arena.allocateFrom(expression)),
                    "nvrtcAddNameExpression(" + expression + ")");
        }
    }

    /** Returns the mangled name of a registered name expression, after compilation. */
    public String loweredName(MemorySegment program, String expression) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment lowered = arena.allocate(ADDRESS);
            check(nvrtc_h.nvrtcGetLoweredName(program, arena.allocateFrom(expression), lowered),
                    "nvrtcGetLoweredName(" + expression + ")");
            return lowered.get(ADDRESS, 0).reinterpret(Long.MAX_VALUE).getString(0);
        }
    }

    /** Returns a result's enumerator name, such as {@code NVRTC_ERROR_COMPILATION}. */
    public String errorString(int status) {
        return nvrtc_h.nvrtcGetErrorString(status).getString(0);
    }

    /**
     * Throws if an NVRTC result is not {@code NVRTC_SUCCESS}, for calls made through {@link nvrtc_h} directly.
     *
     * @throws CudaException naming the call, the result and the library versions
     */
    public void check(int status, String call) {
        if (status != nvrtc_h.NVRTC_SUCCESS()) {
            throw new CudaException(CudaLibrary.NVRTC, status, errorString(status), "", call, libraries.versions());
        }
    }

    private byte[] output(MemorySegment program, BiFunction<MemorySegment, MemorySegment, Integer> size,
            BiFunction<MemorySegment, MemorySegment, Integer> get, String what) {
        long bytes = OutParams.longValue(this::check, s -> size.apply(program, s), "nvrtcGet" + what + "Size");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(Math.max(bytes, 1));
            check(get.apply(program, buffer), "nvrtcGet" + what);
            return buffer.asSlice(0, bytes).toArray(JAVA_BYTE);
        }
    }

    private static MemorySegment strings(Arena arena, List<String> values) {
        if (values.isEmpty()) {
            return MemorySegment.NULL;
        }
        MemorySegment array = arena.allocate(ADDRESS, values.size());
        for (int i = 0; i < values.size(); i++) {
            array.setAtIndex(ADDRESS, i, arena.allocateFrom(values.get(i)));
        }
        return array;
    }
}
