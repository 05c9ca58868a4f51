package dev.panamax.bindings;

import java.io.Serial;
import java.util.Objects;

/**
 * A CUDA, cuBLAS, cuDNN or NVRTC call that returned an error status.
 *
 * <p>The message names the call, the status's name and code, the library's description of it and
 * the versions of the loaded libraries, for example {@code cudaMalloc(1073741824 bytes) failed:
 * cudaErrorMemoryAllocation (2): out of memory [CUDA runtime 13.0, CUDA driver 13.0]}.
 */
public final class CudaException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final CudaLibrary library;
    private final int status;
    private final String statusName;
    private final String detail;
    private final String call;
    private final String versions;

    /**
     * Creates an exception for a failed call.
     *
     * @param library    the library whose call failed
     * @param status     the returned status code
     * @param statusName the code's enumerator name, such as {@code CUBLAS_STATUS_INVALID_VALUE}
     * @param detail     the library's description of the status, or extra detail such as a compile log
     * @param call       the call that failed, with its salient arguments
     * @param versions   the versions of the loaded libraries
     */
    public CudaException(CudaLibrary library, int status, String statusName, String detail, String call,
            String versions) {
        super(call + " failed: " + statusName + " (" + status + ")" + (detail.isBlank() ? "" : ": " + detail)
                + " [" + versions + "]");
        this.library = Objects.requireNonNull(library, "library");
        this.status = status;
        this.statusName = Objects.requireNonNull(statusName, "statusName");
        this.detail = Objects.requireNonNull(detail, "detail");
        this.call = Objects.requireNonNull(call, "call");
        this.versions = Objects.requireNonNull(versions, "versions");
    }

    /** Returns the library whose call failed. */
    public CudaLibrary library() {
        return library;
    }

    /** Returns the status code the call returned. */
    public int status() {
        return status;
    }

    /** Returns the status code's enumerator name, such as {@code cudaErrorInsufficientDriver}. */
    public String statusName() {
        return statusName;
    }

    /** Returns the library's description of the status, or other detail such as a compile log. */
    public String detail() {
        return detail;
    }

    /** Returns the call that failed, such as {@code cudaMalloc(1024 bytes)}. */
    public String call() {
        return call;
    }

    /** Returns the versions of the libraries loaded when the call failed. */
    public String versions() {
        return versions;
    }
}
