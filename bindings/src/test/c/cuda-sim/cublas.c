/*
 * cuda-sim: cuBLAS v2 (cublas.h), real single and double precision, column-major.
 *
 * Written from the cuBLAS documentation: argument checks return CUBLAS_STATUS_INVALID_VALUE as
 * documented (negative sizes, leading dimensions below max(1, rows), zero increments in level 2,
 * invalid enumerators); beta = 0 never reads C; level-1 routines follow the reference BLAS for
 * non-positive n and increments (negative increments walk the vector backwards). Every matrix and
 * vector must lie in memory the device can address over the extent the call touches, else the
 * call fails with CUBLAS_STATUS_EXECUTION_FAILED and says why on stderr: on a GPU such a call
 * reads or writes out of bounds. Scalars follow the handle's pointer mode. With
 * CUBLAS_TF32_TENSOR_OP_MATH, single-precision level-3 products round their inputs to TF32 as the
 * tensor cores do.
 *
 * The routines are written once, in blas_impl.h, and included for float (S) and double (D).
 */
#include "sim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct cublasContext {
    cudaStream_t stream;
    cublasPointerMode_t pointer_mode;
    cublasAtomicsMode_t atomics_mode;
    cublasMath_t math_mode;
    void *workspace;
    size_t workspace_size;
};

enum { CUBLAS_SIM_VERSION = 130000 };

static bool handle_ok(cublasHandle_t handle) {
    return handle != NULL && sim_handle_valid(SIM_HANDLE_CUBLAS, handle);
}

#define CHECK_HANDLE(h) do { if (!handle_ok(h)) return CUBLAS_STATUS_NOT_INITIALIZED; } while (0)
#define REQUIRE(cond) do { if (!(cond)) return CUBLAS_STATUS_INVALID_VALUE; } while (0)
#define MAX1(x) ((x) > 1 ? (x) : 1)

static bool op_ok(cublasOperation_t op) {
    return op == CUBLAS_OP_N || op == CUBLAS_OP_T || op == CUBLAS_OP_C;
}

static bool uplo_ok(cublasFillMode_t uplo) {
    return uplo == CUBLAS_FILL_MODE_LOWER || uplo == CUBLAS_FILL_MODE_UPPER;
}

static bool diag_ok(cublasDiagType_t diag) {
    return diag == CUBLAS_DIAG_NON_UNIT || diag == CUBLAS_DIAG_UNIT;
}

static bool side_ok(cublasSideMode_t side) {
    return side == CUBLAS_SIDE_LEFT || side == CUBLAS_SIDE_RIGHT;
}

/* Whether [p, p + bytes) is device-addressable; says which argument is not when it is not. */
static bool device_range(const char *routine, const char *what, const void *p, size_t bytes) {
    if (bytes == 0 || sim_mem_device_accessible(p, bytes)) {
        return true;
    }
    sim_diag(true, "%s: %s (%p, %zu bytes) is not device memory of that size: the GPU would access it out of bounds",
            routine, what, p, bytes);
    return false;
}

/* Bytes a rows x cols column-major matrix with leading dimension ld spans. */
static size_t matrix_bytes(int rows, int cols, int ld, size_t elem) {
    if (rows <= 0 || cols <= 0) {
        return 0;
    }
    return ((size_t) (cols - 1) * (size_t) ld + (size_t) rows) * elem;
}

/* Bytes n elements with increment inc span (the reference BLAS walk, either direction). */
static size_t vector_bytes(int n, int inc, size_t elem) {
    if (n <= 0) {
        return 0;
    }
    size_t step = (size_t) (inc < 0 ? -(long long) inc : inc);
    return ((size_t) (n - 1) * step + 1) * elem;
}

/* Index of element k of an n-vector with increment inc, negative increments walking backwards. */
static inline size_t vidx(int k, int n, int inc) {
    return inc >= 0 ? (size_t) k * (size_t) inc : (size_t) (n - 1 - k) * (size_t) (-(long long) inc);
}

/* Rounds a float to TF32: 10 explicit mantissa bits, round to nearest even. */
static float to_tf32(float x) {
    if (!isfinite(x)) {
        return x;
    }
    uint32_t bits;
    memcpy(&bits, &x, sizeof bits);
    bits += 0xFFFu + ((bits >> 13) & 1u);
    bits &= ~0x1FFFu;
    float r;
    memcpy(&r, &bits, sizeof r);
    return r;
}

static bool tf32(cublasHandle_t handle) {
    return (handle->math_mode & 0xF) == CUBLAS_TF32_TENSOR_OP_MATH;
}

/* How a triangular or symmetric matrix is stored: full, banded or packed. */
enum { STORE_FULL, STORE_BAND, STORE_PACKED };

/* ---- Handle, stream, modes, status and version ------------------------------------------------- */

SIM_EXPORT cublasStatus_t cublasCreate_v2(cublasHandle_t *handle) {
    if (handle == NULL) {
        return CUBLAS_STATUS_INVALID_VALUE;
    }
    sim_runtime_bind_context();
    cublasHandle_t h = calloc(1, sizeof *h);
    if (h == NULL) {
        return CUBLAS_STATUS_ALLOC_FAILED;
    }
    h->pointer_mode = CUBLAS_POINTER_MODE_HOST;
    h->atomics_mode = CUBLAS_ATOMICS_NOT_ALLOWED;
    h->math_mode = CUBLAS_DEFAULT_MATH;
    sim_handle_add(SIM_HANDLE_CUBLAS, h);
    *handle = h;
    return CUBLAS_STATUS_SUCCESS;
}

SIM_EXPORT cublasStatus_t cublasDestroy_v2(cublasHandle_t handle) {
    if (handle == NULL || !sim_handle_remove(SIM_HANDLE_CUBLAS, handle)) {
        return CUBLAS_STATUS_NOT_INITIALIZED;
    }
    free(handle);
    return CUBLAS_STATUS_SUCCESS;
}

SIM_EXPORT cublasStatus_t cublasGetVersion_v2(cublasHandle_t handle, int *version) {
    CHECK_HANDLE(handle);
    REQUIRE(version != NULL);
    *version = CUBLAS_SIM_VERSION;
    return CUBLAS_STATUS_SUCCESS;
}

SIM_EXPORT cublasStatus_t cublasGetProperty(libraryPropertyType type, int *value) {
    REQUIRE(value != NULL);
    switch (type) {
    case MAJOR_VERSION: *value = CUBLAS_SIM_VERSION / 10000; return CUBLAS_STATUS_SUCCESS;
    case MINOR_VERSION: *value = CUBLAS_SIM_VERSION / 100 % 100; return CUBLAS_STATUS_SUCCESS;
    case PATCH_LEVEL: *value = CUBLAS_SIM_VERSION % 100; return CUBLAS_STATUS_SUCCESS;
    }
    return CUBLAS_STATUS_INVALID_VALUE;
}

SIM_EXPORT size_t cublasGetCudartVersion(void) {
    return SIM_CUDA_VERSION;
}

SIM_EXPORT cublasStatus_t cublasSetStream_v2(cublasHandle_t handle, cudaStream_t streamId) {
    CHECK_HANDLE(handle);
    REQUIRE(sim_stream_valid(streamId));
    handle->stream = streamId;
    return CUBLAS_STATUS_SUCCESS;
}

SIM_EXPORT cublasStatus_t cublasGetStream_v2(cublasHandle_t handle, cudaStream_t *streamId) {
    CHECK_HANDLE(handle);
    REQUIRE(streamId != NULL);
    *streamId = handle->stream;
    return CUBLAS_STATUS_SUCCESS;
}

SIM_EXPORT cublasStatus_t cublasSetWorkspace_v2(cublasHandle_t handle, void *workspace, size_t workspaceSizeInBytes) {
    CHECK_HANDLE(handle);
    REQUIRE(workspaceSizeInBytes == 0 || workspace != NULL);
    if (!device_range("cublasSetWorkspace_v2", "workspace", workspace, workspaceSizeInBytes)) {
        return CUBLAS_STATUS_INVALID_VALUE;
    }
    handle->workspace = workspace;
    handle->workspace_size = workspaceSizeInBytes;
    return CUBLAS_STATUS_SUCCESS;
}

SIM_EXPORT cublasStatus_t cublasGetPointerMode_v2(cublasHandle_t handle, cublasPointerMode_t *mode) {
    CHECK_HANDLE(handle);
    REQUIRE(mode != NULL);
    *mode = handle->pointer_mode;
    return CUBLAS_STATUS_SUCCESS;
}

SIM_EXPORT cublasStatus_t cublasSetPointerMode_v2(cublasHandle_t handle, cublasPointerMode_t mode) {
    CHECK_HANDLE(handle);
    REQUIRE(mode == CUBLAS_POINTER_MODE_HOST || mode == CUBLAS_POINTER_MODE_DEVICE);
    handle->pointer_mode = mode;
    return CUBLAS_STATUS_SUCCESS;
}

SIM_EXPORT cublasStatus_t cublasGetAtomicsMode(cublasHandle_t handle, cublasAtomicsMode_t *mode) {
    CHECK_HANDLE(handle);
    REQUIRE(mode != NULL);
    *mode = handle->atomics_mode;
    return CUBLAS_STATUS_SUCCESS;
}

SIM_EXPORT cublasStatus_t cublasSetAtomicsMode(cublasHandle_t handle, cublasAtomicsMode_t mode) {
    CHECK_HANDLE(handle);
    REQUIRE(mode == CUBLAS_ATOMICS_NOT_ALLOWED || mode == CUBLAS_ATOMICS_ALLOWED);
    handle->atomics_mode = mode;
    return CUBLAS_STATUS_SUCCESS;
}

SIM_EXPORT cublasStatus_t cublasGetMathMode(cublasHandle_t handle, cublasMath_t *mode) {
    CHECK_HANDLE(handle);
    REQUIRE(mode != NULL);
    *mode = handle->math_mode;
    return CUBLAS_STATUS_SUCCESS;
}

SIM_EXPORT cublasStatus_t cublasSetMathMode(cublasHandle_t handle, cublasMath_t mode) {
    CHECK_HANDLE(handle);
    unsigned int base = (unsigned int) mode & ~(unsigned int) CUBLAS_MATH_DISALLOW_REDUCED_PRECISION_REDUCTION;
    REQUIRE(base <= CUBLAS_FP32_EMULATED_BF16X9_MATH);
    handle->math_mode = mode;
    return CUBLAS_STATUS_SUCCESS;
}

SIM_EXPORT const char *cublasGetStatusName(cublasStatus_t status) {
    switch (status) {
    case CUBLAS_STATUS_SUCCESS: return "CUBLAS_STATUS_SUCCESS";
    case CUBLAS_STATUS_NOT_INITIALIZED: return "CUBLAS_STATUS_NOT_INITIALIZED";
    case CUBLAS_STATUS_ALLOC_FAILED: return "CUBLAS_STATUS_ALLOC_FAILED";
    case CUBLAS_STATUS_INVALID_VALUE: return "CUBLAS_STATUS_INVALID_VALUE";
    case CUBLAS_STATUS_ARCH_MISMATCH: return "CUBLAS_STATUS_ARCH_MISMATCH";
    case CUBLAS_STATUS_MAPPING_ERROR: return "CUBLAS_STATUS_MAPPING_ERROR";
    case CUBLAS_STATUS_EXECUTION_FAILED: return "CUBLAS_STATUS_EXECUTION_FAILED";
    case CUBLAS_STATUS_INTERNAL_ERROR: return "CUBLAS_STATUS_INTERNAL_ERROR";
    case CUBLAS_STATUS_NOT_SUPPORTED: return "CUBLAS_STATUS_NOT_SUPPORTED";
    case CUBLAS_STATUS_LICENSE_ERROR: return "CUBLAS_STATUS_LICENSE_ERROR";
    }
    return "CUBLAS_STATUS_UNKNOWN";
}

SIM_EXPORT const char *cublasGetStatusString(cublasStatus_t status) {
    switch (status) {
    case CUBLAS_STATUS_SUCCESS: return "success";
    case CUBLAS_STATUS_NOT_INITIALIZED: return "the library was not initialized";
    case CUBLAS_STATUS_ALLOC_FAILED: return "the resource allocation failed";
    case CUBLAS_STATUS_INVALID_VALUE: return "an invalid numeric value was used as an argument";
    case CUBLAS_STATUS_ARCH_MISMATCH: return "an absent device architectural feature is required";
    case CUBLAS_STATUS_MAPPING_ERROR: return "an access to GPU memory space failed";
    case CUBLAS_STATUS_EXECUTION_FAILED: return "the GPU program failed to execute";
    case CUBLAS_STATUS_INTERNAL_ERROR: return "an internal operation failed";
    case CUBLAS_STATUS_NOT_SUPPORTED: return "the functionality requested is not supported";
    case CUBLAS_STATUS_LICENSE_ERROR: return "an error was detected when checking the current licensing";
    }
    return "unknown error";
}

/* ---- Helper functions --------------------------------------------------------------------------- */

static cublasStatus_t copy_vector(const char *routine, int n, int elemSize, const void *x, int incx, void *y,
        int incy, bool x_device) {
    REQUIRE(n >= 0 && elemSize > 0 && incx > 0 && incy > 0 && x != NULL && y != NULL);
    size_t e = (size_t) elemSize;
    const void *device = x_device ? x : y;
    int inc = x_device ? incx : incy;
    if (!device_range(routine, x_device ? "x" : "y", device, vector_bytes(n, inc, e))) {
        return CUBLAS_STATUS_MAPPING_ERROR;
    }
    for (int k = 0; k < n; k++) {
        memmove((char *) y + (size_t) k * (size_t) incy * e, (const char *) x + (size_t) k * (size_t) incx * e, e);
    }
    return CUBLAS_STATUS_SUCCESS;
}

static cublasStatus_t copy_matrix(const char *routine, int rows, int cols, int elemSize, const void *A, int lda,
        void *B, int ldb, bool a_device) {
    REQUIRE(rows >= 0 && cols >= 0 && elemSize > 0 && lda >= MAX1(rows) && ldb >= MAX1(rows));
    size_t e = (size_t) elemSize;
    const void *device = a_device ? A : B;
    if (!device_range(routine, a_device ? "A" : "B", device, matrix_bytes(rows, cols, a_device ? lda : ldb, e))) {
        return CUBLAS_STATUS_MAPPING_ERROR;
    }
    for (int j = 0; j < cols; j++) {
        memmove((char *) B + (size_t) j * (size_t) ldb * e, (const char *) A + (size_t) j * (size_t) lda * e,
                (size_t) rows * e);
    }
    return CUBLAS_STATUS_SUCCESS;
}

SIM_EXPORT cublasStatus_t cublasSetVector(int n, int elemSize, const void *x, int incx, void *devicePtr, int incy) {
    return copy_vector("cublasSetVector", n, elemSize, x, incx, devicePtr, incy, false);
}

SIM_EXPORT cublasStatus_t cublasGetVector(int n, int elemSize, const void *x, int incx, void *y, int incy) {
    return copy_vector("cublasGetVector", n, elemSize, x, incx, y, incy, true);
}

SIM_EXPORT cublasStatus_t cublasSetMatrix(int rows, int cols, int elemSize, const void *A, int lda, void *B, int ldb) {
    return copy_matrix("cublasSetMatrix", rows, cols, elemSize, A, lda, B, ldb, false);
}

SIM_EXPORT cublasStatus_t cublasGetMatrix(int rows, int cols, int elemSize, const void *A, int lda, void *B, int ldb) {
    return copy_matrix("cublasGetMatrix", rows, cols, elemSize, A, lda, B, ldb, true);
}

SIM_EXPORT cublasStatus_t cublasSetVectorAsync(int n, int elemSize, const void *hostPtr, int incx, void *devicePtr,
        int incy, cudaStream_t stream) {
    REQUIRE(sim_stream_valid(stream));
    return copy_vector("cublasSetVectorAsync", n, elemSize, hostPtr, incx, devicePtr, incy, false);
}

SIM_EXPORT cublasStatus_t cublasGetVectorAsync(int n, int elemSize, const void *devicePtr, int incx, void *hostPtr,
        int incy, cudaStream_t stream) {
    REQUIRE(sim_stream_valid(stream));
    return copy_vector("cublasGetVectorAsync", n, elemSize, devicePtr, incx, hostPtr, incy, true);
}

SIM_EXPORT cublasStatus_t cublasSetMatrixAsync(int rows, int cols, int elemSize, const void *A, int lda, void *B,
        int ldb, cudaStream_t stream) {
    REQUIRE(sim_stream_valid(stream));
    return copy_matrix("cublasSetMatrixAsync", rows, cols, elemSize, A, lda, B, ldb, false);
}

SIM_EXPORT cublasStatus_t cublasGetMatrixAsync(int rows, int cols, int elemSize, const void *A, int lda, void *B,
        int ldb, cudaStream_t stream) {
    REQUIRE(sim_stream_valid(stream));
    return copy_matrix("cublasGetMatrixAsync", rows, cols, elemSize, A, lda, B, ldb, true);
}

/* ---- The routines, once per precision ------------------------------------------------------------- */

#define T float
#define S(name) cublasS##name
#define IS(name) cublasIs##name
#define L(name) s_##name
#define IS_FLOAT 1
#include "blas_impl.h"
#undef T
#undef S
#undef IS
#undef L
#undef IS_FLOAT

#define T double
#define S(name) cublasD##name
#define IS(name) cublasId##name
#define L(name) d_##name
#define IS_FLOAT 0
#include "blas_impl.h"
