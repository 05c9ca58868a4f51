/*
 * cuda-sim: cuDNN 9 (cudnn.h), the legacy tensor, activation, softmax, op-tensor and reduction API,
 * for float and double tensors.
 *
 * Written from the cuDNN API reference. Tensors are descriptors of 3 to 8 dimensions with a
 * positive stride per dimension, in elements. Results blend as y = alpha * result + beta * y and
 * beta = 0 never reads y. Broadcasting follows cuDNN's rules: an input dimension equals the
 * output's or is 1 (cudnnOpTensor's B, cudnnAddTensor's A; cudnnOpTensor's A must match C).
 * Arithmetic is done in double and rounded to the tensor's type. A failing call sets the thread's
 * message for cudnnGetLastErrorString. Data must lie in device-addressable memory over the extent
 * a descriptor spans (else CUDNN_STATUS_EXECUTION_FAILED, with the reason on stderr).
 */
#include "sim.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { CUDNN_SIM_VERSION = 90700, DIM_MAX = 8 };

struct cudnnContext {
    cudaStream_t stream;
};

struct cudnnTensorStruct {
    bool set;
    cudnnDataType_t type;
    int nb;
    int dims[DIM_MAX];
    int strides[DIM_MAX];
};

struct cudnnActivationStruct {
    cudnnActivationMode_t mode;
    cudnnNanPropagation_t nan;
    double coef;
    double swish_beta;
};

struct cudnnOpTensorStruct {
    cudnnOpTensorOp_t op;
    cudnnDataType_t comp;
    cudnnNanPropagation_t nan;
};

struct cudnnReduceTensorStruct {
    cudnnReduceTensorOp_t op;
    cudnnDataType_t comp;
    cudnnNanPropagation_t nan;
    cudnnReduceTensorIndices_t indices;
    cudnnIndicesType_t index_type;
};

static _Thread_local char last_message[512];

static cudnnStatus_t fail(cudnnStatus_t status, const char *routine, const char *fmt, ...) {
    va_list args;
    va_start(args, fmt);
    int n = snprintf(last_message, sizeof last_message, "%s: ", routine);
    if (n > 0 && (size_t) n < sizeof last_message) {
        vsnprintf(last_message + n, sizeof last_message - (size_t) n, fmt, args);
    }
    va_end(args);
    if (status == CUDNN_STATUS_EXECUTION_FAILED) {
        sim_diag(true, "%s", last_message);
    }
    return status;
}

#define FAIL(status, ...) return fail(status, __func__, __VA_ARGS__)

/* ---- Version, errors and handle ------------------------------------------------------------------- */

SIM_EXPORT size_t cudnnGetVersion(void) {
    return CUDNN_SIM_VERSION;
}

SIM_EXPORT size_t cudnnGetMaxDeviceVersion(void) {
    return 1200;
}

SIM_EXPORT size_t cudnnGetCudartVersion(void) {
    return SIM_CUDA_VERSION;
}

#define STATUS_NAMES(E) \
    E(CUDNN_STATUS_SUCCESS) E(CUDNN_STATUS_NOT_INITIALIZED) E(CUDNN_STATUS_SUBLIBRARY_VERSION_MISMATCH) \
    E(CUDNN_STATUS_SERIALIZATION_VERSION_MISMATCH) E(CUDNN_STATUS_DEPRECATED) E(CUDNN_STATUS_LICENSE_ERROR) \
    E(CUDNN_STATUS_RUNTIME_IN_PROGRESS) E(CUDNN_STATUS_RUNTIME_FP_OVERFLOW) \
    E(CUDNN_STATUS_SUBLIBRARY_LOADING_FAILED) E(CUDNN_STATUS_BAD_PARAM) E(CUDNN_STATUS_BAD_PARAM_NULL_POINTER) \
    E(CUDNN_STATUS_BAD_PARAM_MISALIGNED_POINTER) E(CUDNN_STATUS_BAD_PARAM_NOT_FINALIZED) \
    E(CUDNN_STATUS_BAD_PARAM_OUT_OF_BOUND) E(CUDNN_STATUS_BAD_PARAM_SIZE_INSUFFICIENT) \
    E(CUDNN_STATUS_BAD_PARAM_STREAM_MISMATCH) E(CUDNN_STATUS_BAD_PARAM_SHAPE_MISMATCH) \
    E(CUDNN_STATUS_BAD_PARAM_DUPLICATED_ENTRIES) E(CUDNN_STATUS_BAD_PARAM_ATTRIBUTE_TYPE) \
    E(CUDNN_STATUS_BAD_PARAM_CUDA_GRAPH_MISMATCH) E(CUDNN_STATUS_BAD_PARAM_DESCRIPTOR_TYPE) \
    E(CUDNN_STATUS_NOT_SUPPORTED) E(CUDNN_STATUS_NOT_SUPPORTED_GRAPH_PATTERN) E(CUDNN_STATUS_NOT_SUPPORTED_SHAPE) \
    E(CUDNN_STATUS_NOT_SUPPORTED_DATA_TYPE) E(CUDNN_STATUS_NOT_SUPPORTED_LAYOUT) \
    E(CUDNN_STATUS_NOT_SUPPORTED_INCOMPATIBLE_CUDA_DRIVER) E(CUDNN_STATUS_NOT_SUPPORTED_INCOMPATIBLE_CUDART) \
    E(CUDNN_STATUS_NOT_SUPPORTED_ARCH_MISMATCH) E(CUDNN_STATUS_NOT_SUPPORTED_RUNTIME_PREREQUISITE_MISSING) \
    E(CUDNN_STATUS_NOT_SUPPORTED_SUBLIBRARY_UNAVAILABLE) E(CUDNN_STATUS_NOT_SUPPORTED_SHARED_MEMORY_INSUFFICIENT) \
    E(CUDNN_STATUS_NOT_SUPPORTED_PADDING) E(CUDNN_STATUS_NOT_SUPPORTED_BAD_LAUNCH_PARAM) \
    E(CUDNN_STATUS_NOT_SUPPORTED_CUDA_GRAPH_NATIVE_API) E(CUDNN_STATUS_INTERNAL_ERROR) \
    E(CUDNN_STATUS_INTERNAL_ERROR_COMPILATION_FAILED) E(CUDNN_STATUS_INTERNAL_ERROR_UNEXPECTED_VALUE) \
    E(CUDNN_STATUS_INTERNAL_ERROR_HOST_ALLOCATION_FAILED) E(CUDNN_STATUS_INTERNAL_ERROR_DEVICE_ALLOCATION_FAILED) \
    E(CUDNN_STATUS_INTERNAL_ERROR_BAD_LAUNCH_PARAM) E(CUDNN_STATUS_INTERNAL_ERROR_TEXTURE_CREATION_FAILED) \
    E(CUDNN_STATUS_EXECUTION_FAILED) E(CUDNN_STATUS_EXECUTION_FAILED_CUDA_DRIVER) \
    E(CUDNN_STATUS_EXECUTION_FAILED_CUBLAS) E(CUDNN_STATUS_EXECUTION_FAILED_CUDART) \
    E(CUDNN_STATUS_EXECUTION_FAILED_CURAND) E(CUDNN_STATUS_INVALID_VALUE)

SIM_EXPORT const char *cudnnGetErrorString(cudnnStatus_t status) {
#define CASE(name) case name: return #name;
    switch (status) {
        STATUS_NAMES(CASE)
    }
#undef CASE
    return "CUDNN_UNKNOWN_STATUS";
}

SIM_EXPORT void cudnnGetLastErrorString(char *message, size_t max_size) {
    if (message == NULL || max_size == 0) {
        return;
    }
    snprintf(message, max_size, "%s", last_message);
    last_message[0] = '\0';
}

SIM_EXPORT cudnnStatus_t cudnnGetProperty(libraryPropertyType type, int *value) {
    if (value == NULL) {
        FAIL(CUDNN_STATUS_BAD_PARAM, "value is NULL");
    }
    switch (type) {
    case MAJOR_VERSION: *value = CUDNN_SIM_VERSION / 10000; return CUDNN_STATUS_SUCCESS;
    case MINOR_VERSION: *value = CUDNN_SIM_VERSION / 100 % 100; return CUDNN_STATUS_SUCCESS;
    case PATCH_LEVEL: *value = CUDNN_SIM_VERSION % 100; return CUDNN_STATUS_SUCCESS;
    }
    FAIL(CUDNN_STATUS_BAD_PARAM, "unknown property type %d", (int) type);
}

static bool handle_ok(cudnnHandle_t handle) {
    return handle != NULL && sim_handle_valid(SIM_HANDLE_CUDNN, handle);
}

#define CHECK_HANDLE(h) do { if (!handle_ok(h)) FAIL(CUDNN_STATUS_BAD_PARAM, "invalid handle"); } while (0)

SIM_EXPORT cudnnStatus_t cudnnCreate(cudnnHandle_t *handle) {
    if (handle == NULL) {
        FAIL(CUDNN_STATUS_BAD_PARAM, "handle is NULL");
    }
    sim_runtime_bind_context();
    cudnnHandle_t h = calloc(1, sizeof *h);
    if (h == NULL) {
        FAIL(CUDNN_STATUS_INTERNAL_ERROR_HOST_ALLOCATION_FAILED, "out of host memory");
    }
    sim_handle_add(SIM_HANDLE_CUDNN, h);
    *handle = h;
    return CUDNN_STATUS_SUCCESS;
}

SIM_EXPORT cudnnStatus_t cudnnDestroy(cudnnHandle_t handle) {
    if (handle == NULL || !sim_handle_remove(SIM_HANDLE_CUDNN, handle)) {
        FAIL(CUDNN_STATUS_BAD_PARAM, "invalid handle");
    }
    free(handle);
    return CUDNN_STATUS_SUCCESS;
}

SIM_EXPORT cudnnStatus_t cudnnSetStream(cudnnHandle_t handle, cudaStream_t streamId) {
    CHECK_HANDLE(handle);
    if (!sim_stream_valid(streamId)) {
        FAIL(CUDNN_STATUS_BAD_PARAM, "invalid stream");
    }
    handle->stream = streamId;
    return CUDNN_STATUS_SUCCESS;
}

SIM_EXPORT cudnnStatus_t cudnnGetStream(cudnnHandle_t handle, cudaStream_t *streamId) {
    CHECK_HANDLE(handle);
    if (streamId == NULL) {
        FAIL(CUDNN_STATUS_BAD_PARAM, "streamId is NULL");
    }
    *streamId = handle->stream;
    return CUDNN_STATUS_SUCCESS;
}

/* ---- Descriptors: create and destroy --------------------------------------------------------------- */

#define DESCRIPTOR(Name, Type, kind) \
    SIM_EXPORT cudnnStatus_t cudnnCreate##Name(Type *desc) { \
        if (desc == NULL) FAIL(CUDNN_STATUS_BAD_PARAM, "descriptor pointer is NULL"); \
        Type d = calloc(1, sizeof *d); \
        if (d == NULL) FAIL(CUDNN_STATUS_INTERNAL_ERROR_HOST_ALLOCATION_FAILED, "out of host memory"); \
        sim_handle_add(kind, d); \
        *desc = d; \
        return CUDNN_STATUS_SUCCESS; \
    } \
    SIM_EXPORT cudnnStatus_t cudnnDestroy##Name(Type desc) { \
        if (desc == NULL) return CUDNN_STATUS_SUCCESS; \
        if (!sim_handle_remove(kind, desc)) FAIL(CUDNN_STATUS_BAD_PARAM, "invalid descriptor"); \
        free(desc); \
        return CUDNN_STATUS_SUCCESS; \
    }

DESCRIPTOR(TensorDescriptor, cudnnTensorDescriptor_t, SIM_HANDLE_CUDNN_TENSOR)
DESCRIPTOR(ActivationDescriptor, cudnnActivationDescriptor_t, SIM_HANDLE_CUDNN_ACTIVATION)
DESCRIPTOR(OpTensorDescriptor, cudnnOpTensorDescriptor_t, SIM_HANDLE_CUDNN_OP_TENSOR)
DESCRIPTOR(ReduceTensorDescriptor, cudnnReduceTensorDescriptor_t, SIM_HANDLE_CUDNN_REDUCE)

/* ---- Tensor descriptors ------------------------------------------------------------------------------- */

static bool type_known(cudnnDataType_t type) {
    return (int) type >= CUDNN_DATA_FLOAT && (int) type <= CUDNN_DATA_FP4_E2M1;
}

static size_t type_size(cudnnDataType_t type) {
    switch (type) {
    case CUDNN_DATA_DOUBLE: case CUDNN_DATA_INT64: return 8;
    case CUDNN_DATA_HALF: case CUDNN_DATA_BFLOAT16: return 2;
    case CUDNN_DATA_INT8: case CUDNN_DATA_UINT8: case CUDNN_DATA_BOOLEAN: case CUDNN_DATA_FP8_E4M3:
    case CUDNN_DATA_FP8_E5M2: case CUDNN_DATA_FP8_E8M0: case CUDNN_DATA_FP4_E2M1: return 1;
    case CUDNN_DATA_INT8x32: return 32;
    default: return 4;
    }
}

static cudnnStatus_t set_nd(const char *routine, cudnnTensorDescriptor_t desc, cudnnDataType_t type, int nb,
        const int *dims, const int *strides) {
    if (desc == NULL || !sim_handle_valid(SIM_HANDLE_CUDNN_TENSOR, desc)) {
        return fail(CUDNN_STATUS_BAD_PARAM, routine, "invalid tensor descriptor");
    }
    if (!type_known(type)) {
        return fail(CUDNN_STATUS_BAD_PARAM, routine, "unknown data type %d", (int) type);
    }
    if (nb <= 0 || dims == NULL || strides == NULL) {
        return fail(CUDNN_STATUS_BAD_PARAM, routine, "nbDims %d or a NULL array", nb);
    }
    if (nb < 3 || nb > DIM_MAX) {
        return fail(CUDNN_STATUS_NOT_SUPPORTED, routine, "nbDims %d outside [3, %d]", nb, DIM_MAX);
    }
    long long elements = 1;
    for (int k = 0; k < nb; k++) {
        if (dims[k] <= 0 || strides[k] <= 0) {
            return fail(CUDNN_STATUS_BAD_PARAM, routine, "dimension %d is %d with stride %d", k, dims[k], strides[k]);
        }
        elements *= dims[k];
    }
    if (elements > 2147483647LL) {
        return fail(CUDNN_STATUS_NOT_SUPPORTED, routine, "more than 2^31 - 1 elements");
    }
    desc->set = true;
    desc->type = type;
    desc->nb = nb;
    memcpy(desc->dims, dims, (size_t) nb * sizeof(int));
    memcpy(desc->strides, strides, (size_t) nb * sizeof(int));
    return CUDNN_STATUS_SUCCESS;
}

SIM_EXPORT cudnnStatus_t cudnnSetTensorNdDescriptor(cudnnTensorDescriptor_t tensorDesc, cudnnDataType_t dataType,
        int nbDims, const int dimA[], const int strideA[]) {
    return set_nd(__func__, tensorDesc, dataType, nbDims, dimA, strideA);
}

/* Packed strides for NCHW (row-major) or NHWC (channels innermost). */
static bool packed_strides(cudnnTensorFormat_t format, int nb, const int *dims, int *strides) {
    if (format == CUDNN_TENSOR_NCHW) {
        long long s = 1;
        for (int k = nb - 1; k >= 0; k--) {
            strides[k] = (int) s;
            s *= dims[k];
        }
        return true;
    }
    if (format == CUDNN_TENSOR_NHWC) {
        long long s = dims[1];
        strides[1] = 1;
        for (int k = nb - 1; k >= 2; k--) {
            strides[k] = (int) s;
            s *= dims[k];
        }
        strides[0] = (int) s;
        return true;
    }
    return false;
}

SIM_EXPORT cudnnStatus_t cudnnSetTensorNdDescriptorEx(cudnnTensorDescriptor_t tensorDesc, cudnnTensorFormat_t format,
        cudnnDataType_t dataType, int nbDims, const int dimA[]) {
    int strides[DIM_MAX];
    if (dimA == NULL || nbDims < 3 || nbDims > DIM_MAX) {
        FAIL(nbDims <= 0 || dimA == NULL ? CUDNN_STATUS_BAD_PARAM : CUDNN_STATUS_NOT_SUPPORTED, "nbDims %d", nbDims);
    }
    for (int k = 0; k < nbDims; k++) {
        if (dimA[k] <= 0) {
            FAIL(CUDNN_STATUS_BAD_PARAM, "dimension %d is %d", k, dimA[k]);
        }
    }
    if (!packed_strides(format, nbDims, dimA, strides)) {
        FAIL(CUDNN_STATUS_NOT_SUPPORTED, "format %d is not emulated", (int) format);
    }
    return set_nd(__func__, tensorDesc, dataType, nbDims, dimA, strides);
}

SIM_EXPORT cudnnStatus_t cudnnSetTensor4dDescriptor(cudnnTensorDescriptor_t tensorDesc, cudnnTensorFormat_t format,
        cudnnDataType_t dataType, int n, int c, int h, int w) {
    int dims[4] = {n, c, h, w};
    int strides[4];
    for (int k = 0; k < 4; k++) {
        if (dims[k] <= 0) {
            FAIL(CUDNN_STATUS_BAD_PARAM, "dimension %d is %d", k, dims[k]);
        }
    }
    if (!packed_strides(format, 4, dims, strides)) {
        FAIL(CUDNN_STATUS_NOT_SUPPORTED, "format %d is not emulated", (int) format);
    }
    return set_nd(__func__, tensorDesc, dataType, 4, dims, strides);
}

SIM_EXPORT cudnnStatus_t cudnnSetTensor4dDescriptorEx(cudnnTensorDescriptor_t tensorDesc, cudnnDataType_t dataType,
        int n, int c, int h, int w, int nStride, int cStride, int hStride, int wStride) {
    int dims[4] = {n, c, h, w};
    int strides[4] = {nStride, cStride, hStride, wStride};
    return set_nd(__func__, tensorDesc, dataType, 4, dims, strides);
}

static bool tensor_ok(cudnnTensorDescriptor_t d) {
    return d != NULL && sim_handle_valid(SIM_HANDLE_CUDNN_TENSOR, d) && d->set;
}

SIM_EXPORT cudnnStatus_t cudnnGetTensorNdDescriptor(const cudnnTensorDescriptor_t tensorDesc, int nbDimsRequested,
        cudnnDataType_t *dataType, int *nbDims, int dimA[], int strideA[]) {
    if (!tensor_ok(tensorDesc) || dataType == NULL || nbDims == NULL || nbDimsRequested < 0
            || (nbDimsRequested > 0 && (dimA == NULL || strideA == NULL))) {
        FAIL(CUDNN_STATUS_BAD_PARAM, "invalid descriptor or output");
    }
    *dataType = tensorDesc->type;
    *nbDims = tensorDesc->nb;
    for (int k = 0; k < nbDimsRequested && k < tensorDesc->nb; k++) {
        dimA[k] = tensorDesc->dims[k];
        strideA[k] = tensorDesc->strides[k];
    }
    return CUDNN_STATUS_SUCCESS;
}

/* Elements a descriptor spans in memory: 1 + sum of (dim - 1) * stride. */
static size_t span(cudnnTensorDescriptor_t d) {
    size_t elements = 1;
    for (int k = 0; k < d->nb; k++) {
        elements += (size_t) (d->dims[k] - 1) * (size_t) d->strides[k];
    }
    return elements;
}

static size_t count(cudnnTensorDescriptor_t d) {
    size_t n = 1;
    for (int k = 0; k < d->nb; k++) {
        n *= (size_t) d->dims[k];
    }
    return n;
}

SIM_EXPORT cudnnStatus_t cudnnGetTensorSizeInBytes(const cudnnTensorDescriptor_t tensorDesc, size_t *size) {
    if (!tensor_ok(tensorDesc) || size == NULL) {
        FAIL(CUDNN_STATUS_BAD_PARAM, "invalid descriptor or output");
    }
    *size = span(tensorDesc) * type_size(tensorDesc->type);
    return CUDNN_STATUS_SUCCESS;
}

/* ---- Element access ---------------------------------------------------------------------------------- */

typedef struct {
    cudnnTensorDescriptor_t desc;
    void *data;
    bool is_double;
} view;

static double load(const view *v, size_t offset) {
    return v->is_double ? ((const double *) v->data)[offset] : (double) ((const float *) v->data)[offset];
}

static void store(const view *v, size_t offset, double value) {
    if (v->is_double) {
        ((double *) v->data)[offset] = value;
    } else {
        ((float *) v->data)[offset] = (float) value;
    }
}

/* Checks a tensor argument: a set descriptor of float or double, data in device memory over its span. */
static cudnnStatus_t make_view(const char *routine, const char *what, cudnnTensorDescriptor_t desc, const void *data,
        view *out) {
    if (!tensor_ok(desc)) {
        return fail(CUDNN_STATUS_BAD_PARAM, routine, "%s: invalid or unset tensor descriptor", what);
    }
    if (desc->type != CUDNN_DATA_FLOAT && desc->type != CUDNN_DATA_DOUBLE) {
        return fail(CUDNN_STATUS_NOT_SUPPORTED, routine, "%s: data type %d is not emulated (float and double are)",
                what, (int) desc->type);
    }
    if (data == NULL) {
        return fail(CUDNN_STATUS_BAD_PARAM, routine, "%s is NULL", what);
    }
    size_t bytes = span(desc) * type_size(desc->type);
    if (!sim_mem_device_accessible(data, bytes)) {
        return fail(CUDNN_STATUS_EXECUTION_FAILED, routine, "%s (%p, %zu bytes) is not device memory of that size",
                what, data, bytes);
    }
    *out = (view) {desc, (void *) data, desc->type == CUDNN_DATA_DOUBLE};
    return CUDNN_STATUS_SUCCESS;
}

#define VIEW(what, desc, data, v) do { \
        cudnnStatus_t status_ = make_view(__func__, what, (desc), (data), &(v)); \
        if (status_ != CUDNN_STATUS_SUCCESS) return status_; \
    } while (0)

/* A host scaling factor: a double for double tensors, a float otherwise. */
static double scaling(const void *p, bool is_double) {
    return is_double ? *(const double *) p : (double) *(const float *) p;
}

/* The offset of element idx of a tensor, broadcasting its dimensions of size 1. */
static size_t offset_of(cudnnTensorDescriptor_t d, const int *idx) {
    size_t off = 0;
    for (int k = 0; k < d->nb; k++) {
        if (d->dims[k] != 1) {
            off += (size_t) idx[k] * (size_t) d->strides[k];
        }
    }
    return off;
}

/* Advances a multi-index over dims (row-major); false after the last element. */
static bool next_index(int nb, const int *dims, int *idx) {
    for (int k = nb - 1; k >= 0; k--) {
        if (++idx[k] < dims[k]) {
            return true;
        }
        idx[k] = 0;
    }
    return false;
}

static bool same_dims(cudnnTensorDescriptor_t a, cudnnTensorDescriptor_t b) {
    return a->nb == b->nb && memcmp(a->dims, b->dims, (size_t) a->nb * sizeof(int)) == 0;
}

/* Whether every dimension of in equals out's or is 1. */
static bool broadcasts_to(cudnnTensorDescriptor_t in, cudnnTensorDescriptor_t out) {
    if (in->nb != out->nb) {
        return false;
    }
    for (int k = 0; k < in->nb; k++) {
        if (in->dims[k] != out->dims[k] && in->dims[k] != 1) {
            return false;
        }
    }
    return true;
}

static void blend(const view *y, size_t off, double value, double alpha, double beta) {
    store(y, off, alpha * value + (beta == 0 ? 0 : beta * load(y, off)));
}

/* ---- Tensor operations ------------------------------------------------------------------------------------ */

SIM_EXPORT cudnnStatus_t cudnnTransformTensor(cudnnHandle_t handle, const void *alpha,
        const cudnnTensorDescriptor_t xDesc, const void *x, const void *beta, const cudnnTensorDescriptor_t yDesc,
        void *y) {
    CHECK_HANDLE(handle);
    view vx;
    view vy;
    VIEW("x", xDesc, x, vx);
    VIEW("y", yDesc, y, vy);
    if (!same_dims(xDesc, yDesc) || alpha == NULL || beta == NULL) {
        FAIL(CUDNN_STATUS_BAD_PARAM, "x and y dimensions differ or a scaling factor is NULL");
    }
    double a = scaling(alpha, vy.is_double);
    double b = scaling(beta, vy.is_double);
    int idx[DIM_MAX] = {0};
    do {
        blend(&vy, offset_of(yDesc, idx), load(&vx, offset_of(xDesc, idx)), a, b);
    } while (next_index(yDesc->nb, yDesc->dims, idx));
    return CUDNN_STATUS_SUCCESS;
}

SIM_EXPORT cudnnStatus_t cudnnAddTensor(cudnnHandle_t handle, const void *alpha, const cudnnTensorDescriptor_t aDesc,
        const void *A, const void *beta, const cudnnTensorDescriptor_t cDesc, void *C) {
    CHECK_HANDLE(handle);
    view va;
    view vc;
    VIEW("A", aDesc, A, va);
    VIEW("C", cDesc, C, vc);
    if (aDesc->type != cDesc->type || !broadcasts_to(aDesc, cDesc) || alpha == NULL || beta == NULL) {
        FAIL(CUDNN_STATUS_BAD_PARAM, "A must have C's type and, per dimension, C's size or 1");
    }
    double a = scaling(alpha, vc.is_double);
    double b = scaling(beta, vc.is_double);
    int idx[DIM_MAX] = {0};
    do {
        blend(&vc, offset_of(cDesc, idx), load(&va, offset_of(aDesc, idx)), a, b);
    } while (next_index(cDesc->nb, cDesc->dims, idx));
    return CUDNN_STATUS_SUCCESS;
}

SIM_EXPORT cudnnStatus_t cudnnSetTensor(cudnnHandle_t handle, const cudnnTensorDescriptor_t yDesc, void *y,
        const void *valuePtr) {
    CHECK_HANDLE(handle);
    view vy;
    VIEW("y", yDesc, y, vy);
    if (valuePtr == NULL) {
        FAIL(CUDNN_STATUS_BAD_PARAM, "valuePtr is NULL");
    }
    double value = scaling(valuePtr, vy.is_double);
    int idx[DIM_MAX] = {0};
    do {
        store(&vy, offset_of(yDesc, idx), value);
    } while (next_index(yDesc->nb, yDesc->dims, idx));
    return CUDNN_STATUS_SUCCESS;
}

SIM_EXPORT cudnnStatus_t cudnnScaleTensor(cudnnHandle_t handle, const cudnnTensorDescriptor_t yDesc, void *y,
        const void *alpha) {
    CHECK_HANDLE(handle);
    view vy;
    VIEW("y", yDesc, y, vy);
    if (alpha == NULL) {
        FAIL(CUDNN_STATUS_BAD_PARAM, "alpha is NULL");
    }
    double a = scaling(alpha, vy.is_double);
    int idx[DIM_MAX] = {0};
    do {
        size_t off = offset_of(yDesc, idx);
        store(&vy, off, a * load(&vy, off));
    } while (next_index(yDesc->nb, yDesc->dims, idx));
    return CUDNN_STATUS_SUCCESS;
}

static bool nan_ok(cudnnNanPropagation_t nan) {
    return nan == CUDNN_NOT_PROPAGATE_NAN || nan == CUDNN_PROPAGATE_NAN;
}

static bool comp_ok(cudnnDataType_t comp) {
    return comp == CUDNN_DATA_FLOAT || comp == CUDNN_DATA_DOUBLE || comp == CUDNN_DATA_HALF
            || comp == CUDNN_DATA_BFLOAT16;
}

SIM_EXPORT cudnnStatus_t cudnnSetOpTensorDescriptor(cudnnOpTensorDescriptor_t opTensorDesc,
        cudnnOpTensorOp_t opTensorOp, cudnnDataType_t opTensorCompType, cudnnNanPropagation_t opTensorNanOpt) {
    if (opTensorDesc == NULL || !sim_handle_valid(SIM_HANDLE_CUDNN_OP_TENSOR, opTensorDesc)
            || (int) opTensorOp < CUDNN_OP_TENSOR_ADD || (int) opTensorOp > CUDNN_OP_TENSOR_NOT
            || !comp_ok(opTensorCompType) || !nan_ok(opTensorNanOpt)) {
        FAIL(CUDNN_STATUS_BAD_PARAM, "invalid descriptor, operation, compute type or NaN option");
    }
    *opTensorDesc = (struct cudnnOpTensorStruct) {opTensorOp, opTensorCompType, opTensorNanOpt};
    return CUDNN_STATUS_SUCCESS;
}

SIM_EXPORT cudnnStatus_t cudnnGetOpTensorDescriptor(const cudnnOpTensorDescriptor_t opTensorDesc,
        cudnnOpTensorOp_t *opTensorOp, cudnnDataType_t *opTensorCompType, cudnnNanPropagation_t *opTensorNanOpt) {
    if (opTensorDesc == NULL || !sim_handle_valid(SIM_HANDLE_CUDNN_OP_TENSOR, opTensorDesc) || opTensorOp == NULL
            || opTensorCompType == NULL || opTensorNanOpt == NULL) {
        FAIL(CUDNN_STATUS_BAD_PARAM, "invalid descriptor or output");
    }
    *opTensorOp = opTensorDesc->op;
    *opTensorCompType = opTensorDesc->comp;
    *opTensorNanOpt = opTensorDesc->nan;
    return CUDNN_STATUS_SUCCESS;
}

/* max or min with cuDNN's NaN option: propagate makes NaN win, otherwise the number wins. */
static double pick(double a, double b, bool max, bool propagate) {
    if (isnan(a) || isnan(b)) {
        return propagate ? NAN : (isnan(a) ? b : a);
    }
    return max ? (a > b ? a : b) : (a < b ? a : b);
}

SIM_EXPORT cudnnStatus_t cudnnOpTensor(cudnnHandle_t handle, const cudnnOpTensorDescriptor_t opTensorDesc,
        const void *alpha1, const cudnnTensorDescriptor_t aDesc, const void *A, const void *alpha2,
        const cudnnTensorDescriptor_t bDesc, const void *B, const void *beta, const cudnnTensorDescriptor_t cDesc,
        void *C) {
    CHECK_HANDLE(handle);
    if (opTensorDesc == NULL || !sim_handle_valid(SIM_HANDLE_CUDNN_OP_TENSOR, opTensorDesc)) {
        FAIL(CUDNN_STATUS_BAD_PARAM, "invalid op-tensor descriptor");
    }
    cudnnOpTensorOp_t op = opTensorDesc->op;
    bool unary = op == CUDNN_OP_TENSOR_SQRT || op == CUDNN_OP_TENSOR_NOT;
    view va;
    view vb = {0};
    view vc;
    VIEW("A", aDesc, A, va);
    VIEW("C", cDesc, C, vc);
    if (!unary) {
        VIEW("B", bDesc, B, vb);
    }
    if (!same_dims(aDesc, cDesc) || aDesc->type != cDesc->type) {
        FAIL(CUDNN_STATUS_BAD_PARAM, "A must have C's dimensions and type");
    }
    if (!unary && (!broadcasts_to(bDesc, cDesc) || bDesc->type != cDesc->type)) {
        FAIL(CUDNN_STATUS_BAD_PARAM, "B must have C's type and, per dimension, C's size or 1");
    }
    if (alpha1 == NULL || beta == NULL || (!unary && alpha2 == NULL)) {
        FAIL(CUDNN_STATUS_BAD_PARAM, "a scaling factor is NULL");
    }
    double a1 = scaling(alpha1, vc.is_double);
    double a2 = unary ? 0 : scaling(alpha2, vc.is_double);
    double b = scaling(beta, vc.is_double);
    bool propagate = opTensorDesc->nan == CUDNN_PROPAGATE_NAN;
    int idx[DIM_MAX] = {0};
    do {
        double x = a1 * load(&va, offset_of(aDesc, idx));
        double y = unary ? 0 : a2 * load(&vb, offset_of(bDesc, idx));
        double r;
        switch (op) {
        case CUDNN_OP_TENSOR_ADD: r = x + y; break;
        case CUDNN_OP_TENSOR_MUL: r = x * y; break;
        case CUDNN_OP_TENSOR_MIN: r = pick(x, y, false, propagate); break;
        case CUDNN_OP_TENSOR_MAX: r = pick(x, y, true, propagate); break;
        case CUDNN_OP_TENSOR_SQRT: r = sqrt(x); break;
        default: r = 1 - x; break; /* CUDNN_OP_TENSOR_NOT */
        }
        size_t off = offset_of(cDesc, idx);
        store(&vc, off, r + (b == 0 ? 0 : b * load(&vc, off)));
    } while (next_index(cDesc->nb, cDesc->dims, idx));
    return CUDNN_STATUS_SUCCESS;
}

/* ---- Reductions -------------------------------------------------------------------------------------------- */

SIM_EXPORT cudnnStatus_t cudnnSetReduceTensorDescriptor(cudnnReduceTensorDescriptor_t reduceTensorDesc,
        cudnnReduceTensorOp_t reduceTensorOp, cudnnDataType_t reduceTensorCompType,
        cudnnNanPropagation_t reduceTensorNanOpt, cudnnReduceTensorIndices_t reduceTensorIndices,
        cudnnIndicesType_t reduceTensorIndicesType) {
    if (reduceTensorDesc == NULL || !sim_handle_valid(SIM_HANDLE_CUDNN_REDUCE, reduceTensorDesc)
            || (int) reduceTensorOp < CUDNN_REDUCE_TENSOR_ADD || (int) reduceTensorOp > CUDNN_REDUCE_TENSOR_MUL_NO_ZEROS
            || !comp_ok(reduceTensorCompType) || !nan_ok(reduceTensorNanOpt)
            || (reduceTensorIndices != CUDNN_REDUCE_TENSOR_NO_INDICES
                    && reduceTensorIndices != CUDNN_REDUCE_TENSOR_FLATTENED_INDICES)
            || (int) reduceTensorIndicesType < CUDNN_32BIT_INDICES || (int) reduceTensorIndicesType > CUDNN_8BIT_INDICES) {
        FAIL(CUDNN_STATUS_BAD_PARAM, "invalid descriptor or enumerator");
    }
    *reduceTensorDesc = (struct cudnnReduceTensorStruct) {reduceTensorOp, reduceTensorCompType, reduceTensorNanOpt,
            reduceTensorIndices, reduceTensorIndicesType};
    return CUDNN_STATUS_SUCCESS;
}

SIM_EXPORT cudnnStatus_t cudnnGetReduceTensorDescriptor(const cudnnReduceTensorDescriptor_t reduceTensorDesc,
        cudnnReduceTensorOp_t *reduceTensorOp, cudnnDataType_t *reduceTensorCompType,
        cudnnNanPropagation_t *reduceTensorNanOpt, cudnnReduceTensorIndices_t *reduceTensorIndices,
        cudnnIndicesType_t *reduceTensorIndicesType) {
    if (reduceTensorDesc == NULL || !sim_handle_valid(SIM_HANDLE_CUDNN_REDUCE, reduceTensorDesc)
            || reduceTensorOp == NULL || reduceTensorCompType == NULL || reduceTensorNanOpt == NULL
            || reduceTensorIndices == NULL || reduceTensorIndicesType == NULL) {
        FAIL(CUDNN_STATUS_BAD_PARAM, "invalid descriptor or output");
    }
    *reduceTensorOp = reduceTensorDesc->op;
    *reduceTensorCompType = reduceTensorDesc->comp;
    *reduceTensorNanOpt = reduceTensorDesc->nan;
    *reduceTensorIndices = reduceTensorDesc->indices;
    *reduceTensorIndicesType = reduceTensorDesc->index_type;
    return CUDNN_STATUS_SUCCESS;
}

static bool wants_indices(cudnnReduceTensorDescriptor_t r) {
    return r->indices == CUDNN_REDUCE_TENSOR_FLATTENED_INDICES && (r->op == CUDNN_REDUCE_TENSOR_MIN
            || r->op == CUDNN_REDUCE_TENSOR_MAX || r->op == CUDNN_REDUCE_TENSOR_AMAX);
}

static cudnnStatus_t reduce_shapes(const char *routine, cudnnReduceTensorDescriptor_t r, cudnnTensorDescriptor_t a,
        cudnnTensorDescriptor_t c) {
    if (r == NULL || !sim_handle_valid(SIM_HANDLE_CUDNN_REDUCE, r) || !tensor_ok(a) || !tensor_ok(c)) {
        return fail(CUDNN_STATUS_BAD_PARAM, routine, "invalid descriptor");
    }
    if (!broadcasts_to(c, a) || a->type != c->type) {
        return fail(CUDNN_STATUS_BAD_PARAM, routine, "C must have A's type and, per dimension, A's size or 1");
    }
    if (wants_indices(r) && r->index_type != CUDNN_32BIT_INDICES) {
        return fail(CUDNN_STATUS_NOT_SUPPORTED, routine, "only 32-bit indices are supported");
    }
    return CUDNN_STATUS_SUCCESS;
}

SIM_EXPORT cudnnStatus_t cudnnGetReductionIndicesSize(cudnnHandle_t handle,
        const cudnnReduceTensorDescriptor_t reduceTensorDesc, const cudnnTensorDescriptor_t aDesc,
        const cudnnTensorDescriptor_t cDesc, size_t *sizeInBytes) {
    CHECK_HANDLE(handle);
    cudnnStatus_t status = reduce_shapes(__func__, reduceTensorDesc, aDesc, cDesc);
    if (status != CUDNN_STATUS_SUCCESS) {
        return status;
    }
    if (sizeInBytes == NULL) {
        FAIL(CUDNN_STATUS_BAD_PARAM, "sizeInBytes is NULL");
    }
    *sizeInBytes = wants_indices(reduceTensorDesc) ? count(cDesc) * sizeof(int) : 0;
    return CUDNN_STATUS_SUCCESS;
}

/* The emulation needs no workspace, but asks for one per output element so that callers provide it. */
SIM_EXPORT cudnnStatus_t cudnnGetReductionWorkspaceSize(cudnnHandle_t handle,
        const cudnnReduceTensorDescriptor_t reduceTensorDesc, const cudnnTensorDescriptor_t aDesc,
        const cudnnTensorDescriptor_t cDesc, size_t *sizeInBytes) {
    CHECK_HANDLE(handle);
    cudnnStatus_t status = reduce_shapes(__func__, reduceTensorDesc, aDesc, cDesc);
    if (status != CUDNN_STATUS_SUCCESS) {
        return status;
    }
    if (sizeInBytes == NULL) {
        FAIL(CUDNN_STATUS_BAD_PARAM, "sizeInBytes is NULL");
    }
    *sizeInBytes = same_dims(aDesc, cDesc) ? 0 : count(cDesc) * sizeof(double);
    return CUDNN_STATUS_SUCCESS;
}

SIM_EXPORT cudnnStatus_t cudnnReduceTensor(cudnnHandle_t handle, const cudnnReduceTensorDescriptor_t reduceTensorDesc,
        void *indices, size_t indicesSizeInBytes, void *workspace, size_t workspaceSizeInBytes, const void *alpha,
        const cudnnTensorDescriptor_t aDesc, const void *A, const void *beta, const cudnnTensorDescriptor_t cDesc,
        void *C) {
    CHECK_HANDLE(handle);
    cudnnStatus_t status = reduce_shapes(__func__, reduceTensorDesc, aDesc, cDesc);
    if (status != CUDNN_STATUS_SUCCESS) {
        return status;
    }
    view va;
    view vc;
    VIEW("A", aDesc, A, va);
    VIEW("C", cDesc, C, vc);
    size_t index_bytes = wants_indices(reduceTensorDesc) ? count(cDesc) * sizeof(int) : 0;
    size_t work_bytes = same_dims(aDesc, cDesc) ? 0 : count(cDesc) * sizeof(double);
    if (indicesSizeInBytes < index_bytes || workspaceSizeInBytes < work_bytes) {
        FAIL(CUDNN_STATUS_BAD_PARAM, "indices (%zu bytes) or workspace (%zu bytes) smaller than required (%zu, %zu)",
                indicesSizeInBytes, workspaceSizeInBytes, index_bytes, work_bytes);
    }
    if ((index_bytes > 0 && !sim_mem_device_accessible(indices, index_bytes))
            || (work_bytes > 0 && !sim_mem_device_accessible(workspace, work_bytes))) {
        FAIL(CUDNN_STATUS_EXECUTION_FAILED, "indices or workspace is not device memory of the required size");
    }
    if (alpha == NULL || beta == NULL) {
        FAIL(CUDNN_STATUS_BAD_PARAM, "a scaling factor is NULL");
    }
    double a = scaling(alpha, vc.is_double);
    double b = scaling(beta, vc.is_double);
    cudnnReduceTensorOp_t op = reduceTensorDesc->op;
    bool propagate = reduceTensorDesc->nan == CUDNN_PROPAGATE_NAN;
    /* The reduced dimensions: where C has size 1 and A does not. */
    int rdims[DIM_MAX];
    int nb = aDesc->nb;
    size_t reduced = 1;
    for (int k = 0; k < nb; k++) {
        rdims[k] = cDesc->dims[k] == aDesc->dims[k] ? 1 : aDesc->dims[k];
        reduced *= (size_t) rdims[k];
    }
    int cidx[DIM_MAX] = {0};
    size_t out_index = 0;
    do {
        double acc = 0;
        switch (op) {
        case CUDNN_REDUCE_TENSOR_MUL: case CUDNN_REDUCE_TENSOR_MUL_NO_ZEROS: acc = 1; break;
        case CUDNN_REDUCE_TENSOR_MIN: acc = INFINITY; break;
        case CUDNN_REDUCE_TENSOR_MAX: acc = -INFINITY; break;
        default: acc = 0; break;
        }
        int best = 0;
        int ridx[DIM_MAX] = {0};
        int aidx[DIM_MAX];
        int flat = 0;
        do {
            for (int k = 0; k < nb; k++) {
                aidx[k] = cDesc->dims[k] == aDesc->dims[k] ? cidx[k] : ridx[k];
            }
            double v = load(&va, offset_of(aDesc, aidx));
            double before = acc;
            switch (op) {
            case CUDNN_REDUCE_TENSOR_ADD: case CUDNN_REDUCE_TENSOR_AVG: acc += v; break;
            case CUDNN_REDUCE_TENSOR_MUL: acc *= v; break;
            case CUDNN_REDUCE_TENSOR_MUL_NO_ZEROS: acc *= v == 0 ? 1 : v; break;
            case CUDNN_REDUCE_TENSOR_MIN: acc = pick(acc, v, false, propagate); break;
            case CUDNN_REDUCE_TENSOR_MAX: acc = pick(acc, v, true, propagate); break;
            case CUDNN_REDUCE_TENSOR_AMAX: acc = pick(acc, fabs(v), true, propagate); break;
            case CUDNN_REDUCE_TENSOR_NORM1: acc += fabs(v); break;
            default: acc += v * v; break; /* CUDNN_REDUCE_TENSOR_NORM2 */
            }
            if (flat == 0 || (acc != before && !(isnan(acc) && isnan(before)))) {
                best = flat; /* the first element that set the minimum or maximum */
            }
            flat++;
        } while (next_index(nb, rdims, ridx));
        if (op == CUDNN_REDUCE_TENSOR_AVG) {
            acc /= (double) reduced;
        } else if (op == CUDNN_REDUCE_TENSOR_NORM2) {
            acc = sqrt(acc);
        }
        blend(&vc, offset_of(cDesc, cidx), acc, a, b);
        if (index_bytes > 0) {
            ((int *) indices)[out_index] = best;
        }
        out_index++;
    } while (next_index(nb, cDesc->dims, cidx));
    return CUDNN_STATUS_SUCCESS;
}

/* ---- Activations -------------------------------------------------------------------------------------------- */

SIM_EXPORT cudnnStatus_t cudnnSetActivationDescriptor(cudnnActivationDescriptor_t activationDesc,
        cudnnActivationMode_t mode, cudnnNanPropagation_t reluNanOpt, double coef) {
    if (activationDesc == NULL || !sim_handle_valid(SIM_HANDLE_CUDNN_ACTIVATION, activationDesc)
            || (int) mode < CUDNN_ACTIVATION_SIGMOID || (int) mode > CUDNN_ACTIVATION_SWISH || !nan_ok(reluNanOpt)) {
        FAIL(CUDNN_STATUS_BAD_PARAM, "invalid descriptor, mode or NaN option");
    }
    activationDesc->mode = mode;
    activationDesc->nan = reluNanOpt;
    activationDesc->coef = coef;
    return CUDNN_STATUS_SUCCESS;
}

SIM_EXPORT cudnnStatus_t cudnnGetActivationDescriptor(const cudnnActivationDescriptor_t activationDesc,
        cudnnActivationMode_t *mode, cudnnNanPropagation_t *reluNanOpt, double *coef) {
    if (activationDesc == NULL || !sim_handle_valid(SIM_HANDLE_CUDNN_ACTIVATION, activationDesc) || mode == NULL
            || reluNanOpt == NULL || coef == NULL) {
        FAIL(CUDNN_STATUS_BAD_PARAM, "invalid descriptor or output");
    }
    *mode = activationDesc->mode;
    *reluNanOpt = activationDesc->nan;
    *coef = activationDesc->coef;
    return CUDNN_STATUS_SUCCESS;
}

SIM_EXPORT cudnnStatus_t cudnnSetActivationDescriptorSwishBeta(cudnnActivationDescriptor_t activationDesc,
        double swish_beta) {
    if (activationDesc == NULL || !sim_handle_valid(SIM_HANDLE_CUDNN_ACTIVATION, activationDesc)) {
        FAIL(CUDNN_STATUS_BAD_PARAM, "invalid descriptor");
    }
    activationDesc->swish_beta = swish_beta;
    return CUDNN_STATUS_SUCCESS;
}

SIM_EXPORT cudnnStatus_t cudnnGetActivationDescriptorSwishBeta(cudnnActivationDescriptor_t activationDesc,
        double *swish_beta) {
    if (activationDesc == NULL || !sim_handle_valid(SIM_HANDLE_CUDNN_ACTIVATION, activationDesc) || swish_beta == NULL) {
        FAIL(CUDNN_STATUS_BAD_PARAM, "invalid descriptor or output");
    }
    *swish_beta = activationDesc->swish_beta;
    return CUDNN_STATUS_SUCCESS;
}

static double sigmoid(double x) {
    return 1 / (1 + exp(-x));
}

static double activate(cudnnActivationDescriptor_t d, double x) {
    bool propagate = d->nan == CUDNN_PROPAGATE_NAN;
    switch (d->mode) {
    case CUDNN_ACTIVATION_SIGMOID: return sigmoid(x);
    case CUDNN_ACTIVATION_RELU: return isnan(x) ? (propagate ? x : 0) : (x > 0 ? x : 0);
    case CUDNN_ACTIVATION_TANH: return tanh(x);
    case CUDNN_ACTIVATION_CLIPPED_RELU: return isnan(x) ? (propagate ? x : 0) : (x <= 0 ? 0 : (x < d->coef ? x : d->coef));
    case CUDNN_ACTIVATION_ELU: return x > 0 ? x : d->coef * (exp(x) - 1);
    case CUDNN_ACTIVATION_SWISH: return x * sigmoid(d->swish_beta * x);
    default: return x;
    }
}

/* The derivative of the activation at x, whose forward value is y. */
static double derivative(cudnnActivationDescriptor_t d, double x, double y) {
    switch (d->mode) {
    case CUDNN_ACTIVATION_SIGMOID: return y * (1 - y);
    case CUDNN_ACTIVATION_RELU: return x > 0 ? 1 : 0;
    case CUDNN_ACTIVATION_TANH: return 1 - y * y;
    case CUDNN_ACTIVATION_CLIPPED_RELU: return x > 0 && x < d->coef ? 1 : 0;
    case CUDNN_ACTIVATION_ELU: return x > 0 ? 1 : d->coef * exp(x);
    case CUDNN_ACTIVATION_SWISH: {
        double s = sigmoid(d->swish_beta * x);
        return s + d->swish_beta * x * s * (1 - s);
    }
    default: return 1;
    }
}

static cudnnStatus_t activation_ok(const char *routine, cudnnActivationDescriptor_t d) {
    if (d == NULL || !sim_handle_valid(SIM_HANDLE_CUDNN_ACTIVATION, d)) {
        return fail(CUDNN_STATUS_BAD_PARAM, routine, "invalid activation descriptor");
    }
    if (d->mode == CUDNN_ACTIVATION_IDENTITY) {
        return fail(CUDNN_STATUS_BAD_PARAM, routine,
                "CUDNN_ACTIVATION_IDENTITY is only valid with cudnnConvolutionBiasActivationForward");
    }
    return CUDNN_STATUS_SUCCESS;
}

SIM_EXPORT cudnnStatus_t cudnnActivationForward(cudnnHandle_t handle, cudnnActivationDescriptor_t activationDesc,
        const void *alpha, const cudnnTensorDescriptor_t xDesc, const void *x, const void *beta,
        const cudnnTensorDescriptor_t yDesc, void *y) {
    CHECK_HANDLE(handle);
    cudnnStatus_t status = activation_ok(__func__, activationDesc);
    if (status != CUDNN_STATUS_SUCCESS) {
        return status;
    }
    view vx;
    view vy;
    VIEW("x", xDesc, x, vx);
    VIEW("y", yDesc, y, vy);
    if (!same_dims(xDesc, yDesc) || xDesc->type != yDesc->type || alpha == NULL || beta == NULL) {
        FAIL(CUDNN_STATUS_BAD_PARAM, "x and y differ in dimensions or type, or a scaling factor is NULL");
    }
    double a = scaling(alpha, vy.is_double);
    double b = scaling(beta, vy.is_double);
    int idx[DIM_MAX] = {0};
    do {
        blend(&vy, offset_of(yDesc, idx), activate(activationDesc, load(&vx, offset_of(xDesc, idx))), a, b);
    } while (next_index(yDesc->nb, yDesc->dims, idx));
    return CUDNN_STATUS_SUCCESS;
}

SIM_EXPORT cudnnStatus_t cudnnActivationBackward(cudnnHandle_t handle, cudnnActivationDescriptor_t activationDesc,
        const void *alpha, const cudnnTensorDescriptor_t yDesc, const void *y, const cudnnTensorDescriptor_t dyDesc,
        const void *dy, const cudnnTensorDescriptor_t xDesc, const void *x, const void *beta,
        const cudnnTensorDescriptor_t dxDesc, void *dx) {
    CHECK_HANDLE(handle);
    cudnnStatus_t status = activation_ok(__func__, activationDesc);
    if (status != CUDNN_STATUS_SUCCESS) {
        return status;
    }
    view vy;
    view vdy;
    view vx;
    view vdx;
    VIEW("y", yDesc, y, vy);
    VIEW("dy", dyDesc, dy, vdy);
    VIEW("x", xDesc, x, vx);
    VIEW("dx", dxDesc, dx, vdx);
    if (!same_dims(yDesc, dyDesc) || !same_dims(yDesc, xDesc) || !same_dims(yDesc, dxDesc)
            || yDesc->type != dxDesc->type || alpha == NULL || beta == NULL) {
        FAIL(CUDNN_STATUS_BAD_PARAM, "y, dy, x and dx differ in dimensions or type, or a scaling factor is NULL");
    }
    double a = scaling(alpha, vdx.is_double);
    double b = scaling(beta, vdx.is_double);
    int idx[DIM_MAX] = {0};
    do {
        double xv = load(&vx, offset_of(xDesc, idx));
        double yv = load(&vy, offset_of(yDesc, idx));
        double g = load(&vdy, offset_of(dyDesc, idx)) * derivative(activationDesc, xv, yv);
        blend(&vdx, offset_of(dxDesc, idx), g, a, b);
    } while (next_index(dxDesc->nb, dxDesc->dims, idx));
    return CUDNN_STATUS_SUCCESS;
}

/* ---- Softmax: over C, H, W... per N (instance) or over C per N and position (channel) ------------------------ */

/* The offset of element outer + inner (one of the two is 0 in every dimension). */
static size_t combined(cudnnTensorDescriptor_t d, int nb, const int *outer, const int *inner, int *idx) {
    for (int k = 0; k < nb; k++) {
        idx[k] = outer[k] + inner[k];
    }
    return offset_of(d, idx);
}

static cudnnStatus_t softmax(const char *routine, cudnnHandle_t handle, cudnnSoftmaxAlgorithm_t algo,
        cudnnSoftmaxMode_t mode, const void *alpha, cudnnTensorDescriptor_t yDesc, const void *y,
        cudnnTensorDescriptor_t dyDesc, const void *dy, const void *beta, cudnnTensorDescriptor_t outDesc, void *out) {
    if (!handle_ok(handle)) {
        return fail(CUDNN_STATUS_BAD_PARAM, routine, "invalid handle");
    }
    bool backward = dyDesc != NULL;
    if ((int) algo < CUDNN_SOFTMAX_FAST || (int) algo > CUDNN_SOFTMAX_LOG
            || (mode != CUDNN_SOFTMAX_MODE_INSTANCE && mode != CUDNN_SOFTMAX_MODE_CHANNEL)) {
        return fail(CUDNN_STATUS_BAD_PARAM, routine, "invalid algorithm or mode");
    }
    view vy;
    view vdy = {0};
    view vo;
    cudnnStatus_t status = make_view(routine, backward ? "y" : "x", yDesc, y, &vy);
    if (status == CUDNN_STATUS_SUCCESS && backward) {
        status = make_view(routine, "dy", dyDesc, dy, &vdy);
    }
    if (status == CUDNN_STATUS_SUCCESS) {
        status = make_view(routine, backward ? "dx" : "y", outDesc, out, &vo);
    }
    if (status != CUDNN_STATUS_SUCCESS) {
        return status;
    }
    if (!same_dims(yDesc, outDesc) || (backward && !same_dims(yDesc, dyDesc)) || yDesc->type != outDesc->type
            || alpha == NULL || beta == NULL) {
        return fail(CUDNN_STATUS_BAD_PARAM, routine, "tensors differ in dimensions or type, or a scaling factor is NULL");
    }
    double a = scaling(alpha, vo.is_double);
    double b = scaling(beta, vo.is_double);
    int nb = yDesc->nb;
    /* Outer index: N (instance) or N and the positions (channel); inner: what one softmax spans. */
    int outer[DIM_MAX];
    int inner[DIM_MAX];
    for (int k = 0; k < nb; k++) {
        bool in_inner = mode == CUDNN_SOFTMAX_MODE_INSTANCE ? k >= 1 : k == 1;
        outer[k] = in_inner ? 1 : yDesc->dims[k];
        inner[k] = in_inner ? yDesc->dims[k] : 1;
    }
    int oi[DIM_MAX] = {0};
    do {
        int ii[DIM_MAX] = {0};
        int idx[DIM_MAX];
#define AT(desc) combined((desc), nb, oi, ii, idx)
        if (!backward) {
            double max = -INFINITY;
            if (algo != CUDNN_SOFTMAX_FAST) {
                do {
                    double v = load(&vy, AT(yDesc));
                    max = v > max ? v : max;
                } while (next_index(nb, inner, ii));
            } else {
                max = 0;
            }
            double sum = 0;
            do {
                sum += exp(load(&vy, AT(yDesc)) - max);
            } while (next_index(nb, inner, ii));
            do {
                double v = load(&vy, AT(yDesc)) - max;
                double r = algo == CUDNN_SOFTMAX_LOG ? v - log(sum) : exp(v) / sum;
                blend(&vo, AT(outDesc), r, a, b);
            } while (next_index(nb, inner, ii));
        } else {
            double dot = 0;
            do {
                double g = load(&vdy, AT(dyDesc));
                dot += algo == CUDNN_SOFTMAX_LOG ? g : g * load(&vy, AT(yDesc));
            } while (next_index(nb, inner, ii));
            do {
                double yv = load(&vy, AT(yDesc));
                double g = load(&vdy, AT(dyDesc));
                double r = algo == CUDNN_SOFTMAX_LOG ? g - exp(yv) * dot : yv * (g - dot);
                blend(&vo, AT(outDesc), r, a, b);
            } while (next_index(nb, inner, ii));
        }
#undef AT
    } while (next_index(nb, outer, oi));
    return CUDNN_STATUS_SUCCESS;
}

SIM_EXPORT cudnnStatus_t cudnnSoftmaxForward(cudnnHandle_t handle, cudnnSoftmaxAlgorithm_t algo,
        cudnnSoftmaxMode_t mode, const void *alpha, const cudnnTensorDescriptor_t xDesc, const void *x,
        const void *beta, const cudnnTensorDescriptor_t yDesc, void *y) {
    return softmax(__func__, handle, algo, mode, alpha, xDesc, x, NULL, NULL, beta, yDesc, y);
}

SIM_EXPORT cudnnStatus_t cudnnSoftmaxBackward(cudnnHandle_t handle, cudnnSoftmaxAlgorithm_t algo,
        cudnnSoftmaxMode_t mode, const void *alpha, const cudnnTensorDescriptor_t yDesc, const void *y,
        const cudnnTensorDescriptor_t dyDesc, const void *dy, const void *beta, const cudnnTensorDescriptor_t dxDesc,
        void *dx) {
    if (dyDesc == NULL) {
        FAIL(CUDNN_STATUS_BAD_PARAM, "dyDesc is NULL");
    }
    return softmax(__func__, handle, algo, mode, alpha, yDesc, y, dyDesc, dy, beta, dxDesc, dx);
}
