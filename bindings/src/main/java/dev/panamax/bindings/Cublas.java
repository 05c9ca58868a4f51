package dev.panamax.bindings;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.panamax.bindings.cublas.cublas_h;
import dev.panamax.bindings.cudart.cudart_h;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Status-checked access to cuBLAS (libcublas): handles, modes and the most used real routines.
 *
 * <p>Methods call the function of the same name in {@link cublas_h}, under the versioned symbol
 * the library exports ({@code cublasSgemm_v2} for {@code cublasSgemm}), and throw
 * {@link CudaException} unless it returns {@code CUBLAS_STATUS_SUCCESS}. Matrices are
 * column-major device arrays; the routines here take alpha and beta as Java values and pass them
 * by host pointer, so the handle must be in {@code CUBLAS_POINTER_MODE_HOST} (the default) when
 * they are called. Every other routine of {@link cublas_h} can be called directly and its status
 * passed to {@link #check}.
 *
 * {@snippet :
 * Cublas blas = Cublas.get();
 * MemorySegment handle = blas.create();
 * blas.setStream(handle, stream);
 * // C (m x n) = A (m x k) * B (k x n), all column-major on the device
 * blas.sgemm(handle, cublas_h.CUBLAS_OP_N(), cublas_h.CUBLAS_OP_N(), m, n, k, 1f, a, m, b, k, 0f, c, m);
 * blas.destroy(handle);
 * }
 */
public final class Cublas {

    /** The functions this façade calls; {@link #get()} checks that the library exports all of them. */
    static final String[] SYMBOLS = {
            "cublasCreate_v2", "cublasDaxpy_v2", "cublasDdot_v2", "cublasDestroy_v2", "cublasDgeam",
            "cublasDgemmBatched", "cublasDgemmStridedBatched", "cublasDgemm_v2", "cublasDgemv_v2", "cublasDnrm2_v2",
            "cublasDscal_v2", "cublasGetMathMode", "cublasGetPointerMode_v2", "cublasGetProperty",
            "cublasGetStatusName", "cublasGetStatusString", "cublasGetStream_v2", "cublasIdamax_v2",
            "cublasIsamax_v2", "cublasSaxpy_v2", "cublasSdot_v2", "cublasSetAtomicsMode", "cublasSetMathMode",
            "cublasSetPointerMode_v2", "cublasSetStream_v2", "cublasSetWorkspace_v2", "cublasSgeam",
            "cublasSgemmBatched", "cublasSgemmStridedBatched", "cublasSgemm_v2", "cublasSgemv_v2", "cublasSnrm2_v2",
            "cublasSscal_v2"};

    private static Cublas system;

    private final NativeLibraries libraries;
    private final String version;

    private Cublas(NativeLibraries libraries) {
        this.libraries = libraries;
        libraries.require(CudaLibrary.CUBLAS);
        libraries.requireSymbols(CudaLibrary.CUBLAS, SYMBOLS);
        int major = property(cudart_h.MAJOR_VERSION());
        int minor = property(cudart_h.MINOR_VERSION());
        int patch = property(cudart_h.PATCH_LEVEL());
        this.version = major + "." + minor + "." + patch;
        libraries.recordVersion(CudaLibrary.CUBLAS, version);
    }

    /**
     * Returns cuBLAS over {@link NativeLibraries#system()}, loading libcublas on the first call.
     *
     * @throws IllegalStateException if libcublas cannot be found or loaded, or lacks a function this class calls
     */
    public static synchronized Cublas get() {
        if (system == null) {
            system = new Cublas(NativeLibraries.system());
        }
        return system;
    }

    /** Returns the loaded library's version, such as {@code 13.0.0}. */
    public String version() {
        return version;
    }

    /** Creates a handle on the current device. */
    public MemorySegment create() {
        return OutParams.address(this::check, cublas_h::cublasCreate_v2, "cublasCreate_v2");
    }

    /** Destroys a handle. */
    public void destroy(MemorySegment handle) {
        check(cublas_h.cublasDestroy_v2(handle), "cublasDestroy_v2");
    }

    /** Makes a handle's routines run on a stream (NULL: the default stream). */
    public void setStream(MemorySegment handle, MemorySegment stream) {
        check(cublas_h.cublasSetStream_v2(handle, stream), "cublasSetStream_v2");
    }

    /** Returns a handle's stream. */
    public MemorySegment stream(MemorySegment handle) {
        return OutParams.address(this::check, s -> cublas_h.cublasGetStream_v2(handle, s), "cublasGetStream_v2");
    }

    /** Gives a handle a device workspace instead of the one it allocates itself. */
    public void setWorkspace(MemorySegment handle, MemorySegment workspace, long bytes) {
        check(cublas_h.cublasSetWorkspace_v2(handle, workspace, bytes), "cublasSetWorkspace_v2(" + bytes + " bytes)");
    }

    /** Sets whether scalars are host or device pointers ({@code CUBLAS_POINTER_MODE_*}). */
    public void setPointerMode(MemorySegment handle, int mode) {
        check(cublas_h.cublasSetPointerMode_v2(handle, mode), "cublasSetPointerMode_v2(" + mode + ")");
    }

    /** Returns a handle's pointer mode. */
    public int pointerMode(MemorySegment handle) {
        return OutParams.intValue(this::check, m -> cublas_h.cublasGetPointerMode_v2(handle, m), "cublasGetPointerMode_v2");
    }

    /** Sets a handle's math mode ({@code CUBLAS_*_MATH}), such as {@code CUBLAS_PEDANTIC_MATH}. */
    public void setMathMode(MemorySegment handle, int mode) {
        check(cublas_h.cublasSetMathMode(handle, mode), "cublasSetMathMode(" + mode + ")");
    }

    /** Returns a handle's math mode. */
    public int mathMode(MemorySegment handle) {
        return OutParams.intValue(this::check, m -> cublas_h.cublasGetMathMode(handle, m), "cublasGetMathMode");
    }

    /** Sets whether routines may use atomics ({@code CUBLAS_ATOMICS_*}), which makes some results vary run to run. */
    public void setAtomicsMode(MemorySegment handle, int mode) {
        check(cublas_h.cublasSetAtomicsMode(handle, mode), "cublasSetAtomicsMode(" + mode + ")");
    }

    /** Computes y = alpha * x + y in single precision. */
    public void saxpy(MemorySegment handle, int n, float alpha, MemorySegment x, int incx, MemorySegment y, int incy) {
        try (Arena arena = Arena.ofConfined()) {
            int status = cublas_h.cublasSaxpy_v2(handle, n, arena.allocateFrom(JAVA_FLOAT, alpha), x, incx, y, incy);
            if (status != 0) {
                check(status, "cublasSaxpy_v2(n=" + n + ")");
            }
        }
    }

    /** Computes y = alpha * x + y in double precision. */
    public void daxpy(MemorySegment handle, int n, double alpha, MemorySegment x, int incx, MemorySegment y, int incy) {
        try (Arena arena = Arena.ofConfined()) {
            int status = cublas_h.cublasDaxpy_v2(handle, n, arena.allocateFrom(JAVA_DOUBLE, alpha), x, incx, y, incy);
            if (status != 0) {
                check(status, "cublasDaxpy_v2(n=" + n + ")");
            }
        }
    }

    /** Returns the dot product of two single-precision vectors, waiting for it. */
    public float sdot(MemorySegment handle, int n, MemorySegment x, int incx, MemorySegment y, int incy) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment result = arena.allocate(JAVA_FLOAT);
            check(cublas_h.cublasSdot_v2(handle, n, x, incx, y, incy, result), "cublasSdot_v2(n=" + n + ")");
            return result.get(JAVA_FLOAT, 0);
        }
    }

    /** Returns the dot product of two double-precision vectors, waiting for it. */
    public double ddot(MemorySegment handle, int n, MemorySegment x, int incx, MemorySegment y, int incy) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment result = arena.allocate(JAVA_DOUBLE);
            check(cublas_h.cublasDdot_v2(handle, n, x, incx, y, incy, result), "cublasDdot_v2(n=" + n + ")");
            return result.get(JAVA_DOUBLE, 0);
        }
    }

    /** Scales a single-precision vector in place. */
    public void sscal(MemorySegment handle, int n, float alpha, MemorySegment x, int incx) {
        try (Arena arena = Arena.ofConfined()) {
            check(cublas_h.cublasSscal_v2(handle, n, arena.allocateFrom(JAVA_FLOAT, alpha), x, incx), "cublasSscal_v2");
        }
    }

    /** Scales a double-precision vector in place. */
    public void dscal(MemorySegment handle, int n, double alpha, MemorySegment x, int incx) {
        try (Arena arena = Arena.ofConfined()) {
            check(cublas_h.cublasDscal_v2(handle, n, arena.allocateFrom(JAVA_DOUBLE, alpha), x, incx), "cublasDscal_v2");
        }
    }

    /** Returns the Euclidean norm of a single-precision vector, waiting for it. */
    public float snrm2(MemorySegment handle, int n, MemorySegment x, int incx) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment result = arena.allocate(JAVA_FLOAT);
            check(cublas_h.cublasSnrm2_v2(handle, n, x, incx, result), "cublasSnrm2_v2(n=" + n + ")");
            return result.get(JAVA_FLOAT, 0);
        }
    }

    /** Returns the Euclidean norm of a double-precision vector, waiting for it. */
    public double dnrm2(MemorySegment handle, int n, MemorySegment x, int incx) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment result = arena.allocate(JAVA_DOUBLE);
            check(cublas_h.cublasDnrm2_v2(handle, n, x, incx, result), "cublasDnrm2_v2(n=" + n + ")");
            return result.get(JAVA_DOUBLE, 0);
        }
    }

    /** Returns the 1-based index of the first largest-magnitude element of a single-precision vector. */
    public int isamax(MemorySegment handle, int n, MemorySegment x, int incx) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment result = arena.allocate(JAVA_INT);
            check(cublas_h.cublasIsamax_v2(handle, n, x, incx, result), "cublasIsamax_v2(n=" + n + ")");
            return result.get(JAVA_INT, 0);
        }
    }

    /** Returns the 1-based index of the first largest-magnitude element of a double-precision vector. */
    public int idamax(MemorySegment handle, int n, MemorySegment x, int incx) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment result = arena.allocate(JAVA_INT);
            check(cublas_h.cublasIdamax_v2(handle, n, x, incx, result), "cublasIdamax_v2(n=" + n + ")");
            return result.get(JAVA_INT, 0);
        }
    }

    /** Computes y = alpha * op(A) * x + beta * y in single precision. */
    public void sgemv(MemorySegment handle, int trans, int m, int n, float alpha, MemorySegment a, int lda,
            MemorySegment x, int incx, float beta, MemorySegment y, int incy) {
        try (Arena arena = Arena.ofConfined()) {
            int status = cublas_h.cublasSgemv_v2(handle, trans, m, n, arena.allocateFrom(JAVA_FLOAT, alpha), a, lda, x,
                    incx, arena.allocateFrom(JAVA_FLOAT, beta), y, incy);
            if (status != 0) {
                check(status, "cublasSgemv_v2(trans=" + trans + ", m=" + m + ", n=" + n + ", lda=" + lda + ")");
            }
        }
    }

    /** Computes y = alpha * op(A) * x + beta * y in double precision. */
    public void dgemv(MemorySegment handle, int trans, int m, int n, double alpha, MemorySegment a, int lda,
            MemorySegment x, int incx, double beta, MemorySegment y, int incy) {
        try (Arena arena = Arena.ofConfined()) {
            int status = cublas_h.cublasDgemv_v2(handle, trans, m, n, arena.allocateFrom(JAVA_DOUBLE, alpha), a, lda, x,
                    incx, arena.allocateFrom(JAVA_DOUBLE, beta), y, incy);
            if (status != 0) {
                check(status, "cublasDgemv_v2(trans=" + trans + ", m=" + m + ", n=" + n + ", lda=" + lda + ")");
            }
        }
    }

    /** Computes C = alpha * op(A) * op(B) + beta * C in single precision. */
    public void sgemm(MemorySegment handle, int transa, int transb, int m, int n, int k, float alpha, MemorySegment a,
            int lda, MemorySegment b, int ldb, float beta, MemorySegment c, int ldc) {
        try (Arena arena = Arena.ofConfined()) {
            int status = cublas_h.cublasSgemm_v2(handle, transa, transb, m, n, k, arena.allocateFrom(JAVA_FLOAT, alpha),
                    a, lda, b, ldb, arena.allocateFrom(JAVA_FLOAT, beta), c, ldc);
            if (status != 0) {
                check(status, gemmCall("cublasSgemm_v2", transa, transb, m, n, k, lda, ldb, ldc));
            }
        }
    }

    /** Computes C = alpha * op(A) * op(B) + beta * C in double precision. */
    public void dgemm(MemorySegment handle, int transa, int transb, int m, int n, int k, double alpha, MemorySegment a,
            int lda, MemorySegment b, int ldb, double beta, MemorySegment c, int ldc) {
        try (Arena arena = Arena.ofConfined()) {
            int status = cublas_h.cublasDgemm_v2(handle, transa, transb, m, n, k,
                    arena.allocateFrom(JAVA_DOUBLE, alpha), a, lda, b, ldb, arena.allocateFrom(JAVA_DOUBLE, beta), c, ldc);
            if (status != 0) {
                check(status, gemmCall("cublasDgemm_v2", transa, transb, m, n, k, lda, ldb, ldc));
            }
        }
    }

    /** Computes batchCount single-precision products whose matrices lie at fixed element strides. */
    public void sgemmStridedBatched(MemorySegment handle, int transa, int transb, int m, int n, int k, float alpha,
            MemorySegment a, int lda, long strideA, MemorySegment b, int ldb, long strideB, float beta,
            MemorySegment c, int ldc, long strideC, int batchCount) {
        try (Arena arena = Arena.ofConfined()) {
            int status = cublas_h.cublasSgemmStridedBatched(handle, transa, transb, m, n, k,
                    arena.allocateFrom(JAVA_FLOAT, alpha), a, lda, strideA, b, ldb, strideB,
                    arena.allocateFrom(JAVA_FLOAT, beta), c, ldc, strideC, batchCount);
            if (status != 0) {
                check(status, gemmCall("cublasSgemmStridedBatched", transa, transb, m, n, k, lda, ldb, ldc)
                        + " x " + batchCount);
            }
        }
    }

    /** Computes batchCount double-precision products whose matrices lie at fixed element strides. */
    public void dgemmStridedBatched(MemorySegment handle, int transa, int transb, int m, int n, int k, double alpha,
            MemorySegment a, int lda, long strideA, MemorySegment b, int ldb, long strideB, double beta,
            MemorySegment c, int ldc, long strideC, int batchCount) {
        try (Arena arena = Arena.ofConfined()) {
            int status = cublas_h.cublasDgemmStridedBatched(handle, transa, transb, m, n, k,
                    arena.allocateFrom(JAVA_DOUBLE, alpha), a, lda, strideA, b, ldb, strideB,
                    arena.allocateFrom(JAVA_DOUBLE, beta), c, ldc, strideC, batchCount);
            if (status != 0) {
                check(status, gemmCall("cublasDgemmStridedBatched", transa, transb, m, n, k, lda, ldb, ldc)
                        + " x " + batchCount);
            }
        }
    }

    /** Computes batchCount single-precision products from device arrays of matrix pointers. */
    public void sgemmBatched(MemorySegment handle, int transa, int transb, int m, int n, int k, float alpha,
            MemorySegment aArray, int lda, MemorySegment bArray, int ldb, float beta, MemorySegment cArray, int ldc,
            int batchCount) {
        try (Arena arena = Arena.ofConfined()) {
            int status = cublas_h.cublasSgemmBatched(handle, transa, transb, m, n, k,
                    arena.allocateFrom(JAVA_FLOAT, alpha), aArray, lda, bArray, ldb,
                    arena.allocateFrom(JAVA_FLOAT, beta), cArray, ldc, batchCount);
            if (status != 0) {
                check(status, gemmCall("cublasSgemmBatched", transa, transb, m, n, k, lda, ldb, ldc) + " x " + batchCount);
            }
        }
    }

    /** Computes batchCount double-precision products from device arrays of matrix pointers. */
    public void dgemmBatched(MemorySegment handle, int transa, int transb, int m, int n, int k, double alpha,
            MemorySegment aArray, int lda, MemorySegment bArray, int ldb, double beta, MemorySegment cArray, int ldc,
            int batchCount) {
        try (Arena arena = Arena.ofConfined()) {
            int status = cublas_h.cublasDgemmBatched(handle, transa, transb, m, n, k,
                    arena.allocateFrom(JAVA_DOUBLE, alpha), aArray, lda, bArray, ldb,
                    arena.allocateFrom(JAVA_DOUBLE, beta), cArray, ldc, batchCount);
            if (status != 0) {
                check(status, gemmCall("cublasDgemmBatched", transa, transb, m, n, k, lda, ldb, ldc) + " x " + batchCount);
            }
        }
    }

    /** Computes C = alpha * op(A) + beta * op(B) in single precision (also a transpose or a copy). */
    public void sgeam(MemorySegment handle, int transa, int transb, int m, int n, float alpha, MemorySegment a, int lda,
            float beta, MemorySegment b, int ldb, MemorySegment c, int ldc) {
        try (Arena arena = Arena.ofConfined()) {
            int status = cublas_h.cublasSgeam(handle, transa, transb, m, n, arena.allocateFrom(JAVA_FLOAT, alpha), a,
                    lda, arena.allocateFrom(JAVA_FLOAT, beta), b, ldb, c, ldc);
            if (status != 0) {
                check(status, gemmCall("cublasSgeam", transa, transb, m, n, 0, lda, ldb, ldc));
            }
        }
    }

    /** Computes C = alpha * op(A) + beta * op(B) in double precision (also a transpose or a copy). */
    public void dgeam(MemorySegment handle, int transa, int transb, int m, int n, double alpha, MemorySegment a,
            int lda, double beta, MemorySegment b, int ldb, MemorySegment c, int ldc) {
        try (Arena arena = Arena.ofConfined()) {
            int status = cublas_h.cublasDgeam(handle, transa, transb, m, n, arena.allocateFrom(JAVA_DOUBLE, alpha), a,
                    lda, arena.allocateFrom(JAVA_DOUBLE, beta), b, ldb, c, ldc);
            if (status != 0) {
                check(status, gemmCall("cublasDgeam", transa, transb, m, n, 0, lda, ldb, ldc));
            }
        }
    }

    /** Returns a status's enumerator name, such as {@code CUBLAS_STATUS_INVALID_VALUE}. */
    public String statusName(int status) {
        return cublas_h.cublasGetStatusName(status).getString(0);
    }

    /** Returns a status's description. */
    public String statusString(int status) {
        return cublas_h.cublasGetStatusString(status).getString(0);
    }

    /**
     * Throws if a cuBLAS status is not {@code CUBLAS_STATUS_SUCCESS}, for calls made through {@link cublas_h} directly.
     *
     * @throws CudaException naming the call, the status and the library versions
     */
    public void check(int status, String call) {
        if (status != cublas_h.CUBLAS_STATUS_SUCCESS()) {
            throw new CudaException(CudaLibrary.CUBLAS, status, statusName(status), statusString(status), call,
                    libraries.versions());
        }
    }

    private int property(int type) {
        return OutParams.intValue(this::check, v -> cublas_h.cublasGetProperty(type, v), "cublasGetProperty(" + type + ")");
    }

    private static String gemmCall(String name, int transa, int transb, int m, int n, int k, int lda, int ldb, int ldc) {
        return name + "(transa=" + transa + ", transb=" + transb + ", m=" + m + ", n=" + n + (k > 0 ? ", k=" + k : "")
                + ", lda=" + lda + ", ldb=" + ldb + ", ldc=" + ldc + ")";
    }
}
