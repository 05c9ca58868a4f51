package dev.panamax.bindings;

import java.util.List;
import java.util.Locale;

/**
 * The native libraries Panamax binds, with the versioned file names it accepts for each.
 *
 * <p>Sonames are listed in order of preference: within one folder the newest supported major
 * version wins. Companions are libraries the main one needs at load time or later; the loader
 * loads those found next to the main file first, so the dynamic linker does not have to find them
 * on its own search path. A {@code {major}} in a companion name stands for the major version of
 * the chosen main file, and a trailing {@code *} matches any suffix.
 */
public enum CudaLibrary {
    /** The CUDA runtime API, libcudart (CUDA 13 or 12). */
    CUDART("cudart", "CUDA runtime", List.of("libcudart.so.13", "libcudart.so.12"), List.of()),
    /** The CUDA driver API, libcuda, installed with the NVIDIA driver. */
    DRIVER("cuda", "CUDA driver", List.of("libcuda.so.1"), List.of()),
    /** cuBLAS (CUDA 13 or 12), with its companion cuBLASLt. */
    CUBLAS("cublas", "cuBLAS", List.of("libcublas.so.13", "libcublas.so.12"), List.of("libcublasLt.so.{major}")),
    /** cuDNN 9's shim library, with the graph and ops sub-libraries it forwards to. */
    CUDNN("cudnn", "cuDNN", List.of("libcudnn.so.9"), List.of("libcudnn_graph.so.{major}", "libcudnn_ops.so.{major}")),
    /** NVRTC (CUDA 13 or 12), with the builtins library it opens when compiling. */
    NVRTC("nvrtc", "NVRTC", List.of("libnvrtc.so.13", "libnvrtc.so.12"), List.of("libnvrtc-builtins.so.{major}.*"));

    private final String id;
    private final String displayName;
    private final List<String> sonames;
    private final List<String> companions;

    CudaLibrary(String id, String displayName, List<String> sonames, List<String> companions) {
        this.id = id;
        this.displayName = displayName;
        this.sonames = sonames;
        this.companions = companions;
    }

    /** Returns the short name used in property and variable names, such as {@code cublas}. */
    public String id() {
        return id;
    }

    /** Returns the name NVIDIA gives the library, such as {@code cuBLAS}. */
    public String displayName() {
        return displayName;
    }

    /** Returns the accepted file names, most preferred first. */
    public List<String> sonames() {
        return sonames;
    }

    /** Returns the companion name patterns, loaded before the library when found beside it. */
    public List<String> companions() {
        return companions;
    }

    /** Returns the system property naming this library's file or folder, such as {@code panamax.cuda.lib.cublas}. */
    public String property() {
        return "panamax.cuda.lib." + id;
    }

    /** Returns the environment variable naming this library's file or folder, such as {@code PANAMAX_CUDA_LIB_CUBLAS}. */
    public String environmentVariable() {
        return "PANAMAX_CUDA_LIB_" + id.toUpperCase(Locale.ROOT);
    }

    /** Returns the accepted file names joined for messages, such as {@code libcublas.so.13 or libcublas.so.12}. */
    String sonameList() {
        return String.join(" or ", sonames);
    }
}
