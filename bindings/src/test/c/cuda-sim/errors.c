/*
 * cuda-sim: names and descriptions of the runtime and driver status codes.
 *
 * The names are the enumerators of native-headers/cudart.h and cuda.h, stringified; the
 * descriptions are derived from the names ("cudaErrorLaunchTimeout" reads "launch timeout"), with
 * a hand-written phrase for the statuses a user meets most.
 */
#include "sim.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define CUDA_ERRORS(E) \
    E(cudaSuccess) \
    E(cudaErrorInvalidValue) \
    E(cudaErrorMemoryAllocation) \
    E(cudaErrorInitializationError) \
    E(cudaErrorCudartUnloading) \
    E(cudaErrorProfilerDisabled) \
    E(cudaErrorProfilerNotInitialized) \
    E(cudaErrorProfilerAlreadyStarted) \
    E(cudaErrorProfilerAlreadyStopped) \
    E(cudaErrorInvalidConfiguration) \
    E(cudaErrorInvalidPitchValue) \
    E(cudaErrorInvalidSymbol) \
    E(cudaErrorInvalidHostPointer) \
    E(cudaErrorInvalidDevicePointer) \
    E(cudaErrorInvalidTexture) \
    E(cudaErrorInvalidTextureBinding) \
    E(cudaErrorInvalidChannelDescriptor) \
    E(cudaErrorInvalidMemcpyDirection) \
    E(cudaErrorAddressOfConstant) \
    E(cudaErrorTextureFetchFailed) \
    E(cudaErrorTextureNotBound) \
    E(cudaErrorSynchronizationError) \
    E(cudaErrorInvalidFilterSetting) \
    E(cudaErrorInvalidNormSetting) \
    E(cudaErrorMixedDeviceExecution) \
    E(cudaErrorNotYetImplemented) \
    E(cudaErrorMemoryValueTooLarge) \
    E(cudaErrorStubLibrary) \
    E(cudaErrorInsufficientDriver) \
    E(cudaErrorCallRequiresNewerDriver) \
    E(cudaErrorInvalidSurface) \
    E(cudaErrorDuplicateVariableName) \
    E(cudaErrorDuplicateTextureName) \
    E(cudaErrorDuplicateSurfaceName) \
    E(cudaErrorDevicesUnavailable) \
    E(cudaErrorIncompatibleDriverContext) \
    E(cudaErrorMissingConfiguration) \
    E(cudaErrorPriorLaunchFailure) \
    E(cudaErrorLaunchMaxDepthExceeded) \
    E(cudaErrorLaunchFileScopedTex) \
    E(cudaErrorLaunchFileScopedSurf) \
    E(cudaErrorSyncDepthExceeded) \
    E(cudaErrorLaunchPendingCountExceeded) \
    E(cudaErrorInvalidDeviceFunction) \
    E(cudaErrorNoDevice) \
    E(cudaErrorInvalidDevice) \
    E(cudaErrorDeviceNotLicensed) \
    E(cudaErrorSoftwareValidityNotEstablished) \
    E(cudaErrorStartupFailure) \
    E(cudaErrorInvalidKernelImage) \
    E(cudaErrorDeviceUninitialized) \
    E(cudaErrorMapBufferObjectFailed) \
    E(cudaErrorUnmapBufferObjectFailed) \
    E(cudaErrorArrayIsMapped) \
    E(cudaErrorAlreadyMapped) \
    E(cudaErrorNoKernelImageForDevice) \
    E(cudaErrorAlreadyAcquired) \
    E(cudaErrorNotMapped) \
    E(cudaErrorNotMappedAsArray) \
    E(cudaErrorNotMappedAsPointer) \
    E(cudaErrorECCUncorrectable) \
    E(cudaErrorUnsupportedLimit) \
    E(cudaErrorDeviceAlreadyInUse) \
    E(cudaErrorPeerAccessUnsupported) \
    E(cudaErrorInvalidPtx) \
    E(cudaErrorInvalidGraphicsContext) \
    E(cudaErrorNvlinkUncorrectable) \
    E(cudaErrorJitCompilerNotFound) \
    E(cudaErrorUnsupportedPtxVersion) \
    E(cudaErrorJitCompilationDisabled) \
    E(cudaErrorUnsupportedExecAffinity) \
    E(cudaErrorUnsupportedDevSideSync) \
    E(cudaErrorContained) \
    E(cudaErrorInvalidSource) \
    E(cudaErrorFileNotFound) \
    E(cudaErrorSharedObjectSymbolNotFound) \
    E(cudaErrorSharedObjectInitFailed) \
    E(cudaErrorOperatingSystem) \
    E(cudaErrorInvalidResourceHandle) \
    E(cudaErrorIllegalState) \
    E(cudaErrorLossyQuery) \
    E(cudaErrorSymbolNotFound) \
    E(cudaErrorNotReady) \
    E(cudaErrorIllegalAddress) \
    E(cudaErrorLaunchOutOfResources) \
    E(cudaErrorLaunchTimeout) \
    E(cudaErrorLaunchIncompatibleTexturing) \
    E(cudaErrorPeerAccessAlreadyEnabled) \
    E(cudaErrorPeerAccessNotEnabled) \
    E(cudaErrorSetOnActiveProcess) \
    E(cudaErrorContextIsDestroyed) \
    E(cudaErrorAssert) \
    E(cudaErrorTooManyPeers) \
    E(cudaErrorHostMemoryAlreadyRegistered) \
    E(cudaErrorHostMemoryNotRegistered) \
    E(cudaErrorHardwareStackError) \
    E(cudaErrorIllegalInstruction) \
    E(cudaErrorMisalignedAddress) \
    E(cudaErrorInvalidAddressSpace) \
    E(cudaErrorInvalidPc) \
    E(cudaErrorLaunchFailure) \
    E(cudaErrorCooperativeLaunchTooLarge) \
    E(cudaErrorTensorMemoryLeak) \
    E(cudaErrorNotPermitted) \
    E(cudaErrorNotSupported) \
    E(cudaErrorSystemNotReady) \
    E(cudaErrorSystemDriverMismatch) \
    E(cudaErrorCompatNotSupportedOnDevice) \
    E(cudaErrorMpsConnectionFailed) \
    E(cudaErrorMpsRpcFailure) \
    E(cudaErrorMpsServerNotReady) \
    E(cudaErrorMpsMaxClientsReached) \
    E(cudaErrorMpsMaxConnectionsReached) \
    E(cudaErrorMpsClientTerminated) \
    E(cudaErrorCdpNotSupported) \
    E(cudaErrorCdpVersionMismatch) \
    E(cudaErrorStreamCaptureUnsupported) \
    E(cudaErrorStreamCaptureInvalidated) \
    E(cudaErrorStreamCaptureMerge) \
    E(cudaErrorStreamCaptureUnmatched) \
    E(cudaErrorStreamCaptureUnjoined) \
    E(cudaErrorStreamCaptureIsolation) \
    E(cudaErrorStreamCaptureImplicit) \
    E(cudaErrorCapturedEvent) \
    E(cudaErrorStreamCaptureWrongThread) \
    E(cudaErrorTimeout) \
    E(cudaErrorGraphExecUpdateFailure) \
    E(cudaErrorExternalDevice) \
    E(cudaErrorInvalidClusterSize) \
    E(cudaErrorFunctionNotLoaded) \
    E(cudaErrorInvalidResourceType) \
    E(cudaErrorInvalidResourceConfiguration) \
    E(cudaErrorUnknown) \

#define CU_RESULTS(E) \
    E(CUDA_SUCCESS) \
    E(CUDA_ERROR_INVALID_VALUE) \
    E(CUDA_ERROR_OUT_OF_MEMORY) \
    E(CUDA_ERROR_NOT_INITIALIZED) \
    E(CUDA_ERROR_DEINITIALIZED) \
    E(CUDA_ERROR_PROFILER_DISABLED) \
    E(CUDA_ERROR_PROFILER_NOT_INITIALIZED) \
    E(CUDA_ERROR_PROFILER_ALREADY_STARTED) \
    E(CUDA_ERROR_PROFILER_ALREADY_STOPPED) \
    E(CUDA_ERROR_STUB_LIBRARY) \
    E(CUDA_ERROR_CALL_REQUIRES_NEWER_DRIVER) \
    E(CUDA_ERROR_DEVICE_UNAVAILABLE) \
    E(CUDA_ERROR_NO_DEVICE) \
    E(CUDA_ERROR_INVALID_DEVICE) \
    E(CUDA_ERROR_DEVICE_NOT_LICENSED) \
    E(CUDA_ERROR_INVALID_IMAGE) \
    E(CUDA_ERROR_INVALID_CONTEXT) \
    E(CUDA_ERROR_CONTEXT_ALREADY_CURRENT) \
    E(CUDA_ERROR_MAP_FAILED) \
    E(CUDA_ERROR_UNMAP_FAILED) \
    E(CUDA_ERROR_ARRAY_IS_MAPPED) \
    E(CUDA_ERROR_ALREADY_MAPPED) \
    E(CUDA_ERROR_NO_BINARY_FOR_GPU) \
    E(CUDA_ERROR_ALREADY_ACQUIRED) \
    E(CUDA_ERROR_NOT_MAPPED) \
    E(CUDA_ERROR_NOT_MAPPED_AS_ARRAY) \
    E(CUDA_ERROR_NOT_MAPPED_AS_POINTER) \
    E(CUDA_ERROR_ECC_UNCORRECTABLE) \
    E(CUDA_ERROR_UNSUPPORTED_LIMIT) \
    E(CUDA_ERROR_CONTEXT_ALREADY_IN_USE) \
    E(CUDA_ERROR_PEER_ACCESS_UNSUPPORTED) \
    E(CUDA_ERROR_INVALID_PTX) \
    E(CUDA_ERROR_INVALID_GRAPHICS_CONTEXT) \
    E(CUDA_ERROR_NVLINK_UNCORRECTABLE) \
    E(CUDA_ERROR_JIT_COMPILER_NOT_FOUND) \
    E(CUDA_ERROR_UNSUPPORTED_PTX_VERSION) \
    E(CUDA_ERROR_JIT_COMPILATION_DISABLED) \
    E(CUDA_ERROR_UNSUPPORTED_EXEC_AFFINITY) \
    E(CUDA_ERROR_UNSUPPORTED_DEVSIDE_SYNC) \
    E(CUDA_ERROR_CONTAINED) \
    E(CUDA_ERROR_INVALID_SOURCE) \
    E(CUDA_ERROR_FILE_NOT_FOUND) \
    E(CUDA_ERROR_SHARED_OBJECT_SYMBOL_NOT_FOUND) \
    E(CUDA_ERROR_SHARED_OBJECT_INIT_FAILED) \
    E(CUDA_ERROR_OPERATING_SYSTEM) \
    E(CUDA_ERROR_INVALID_HANDLE) \
    E(CUDA_ERROR_ILLEGAL_STATE) \
    E(CUDA_ERROR_LOSSY_QUERY) \
    E(CUDA_ERROR_NOT_FOUND) \
    E(CUDA_ERROR_NOT_READY) \
    E(CUDA_ERROR_ILLEGAL_ADDRESS) \
    E(CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES) \
    E(CUDA_ERROR_LAUNCH_TIMEOUT) \
    E(CUDA_ERROR_LAUNCH_INCOMPATIBLE_TEXTURING) \
    E(CUDA_ERROR_PEER_ACCESS_ALREADY_ENABLED) \
    E(CUDA_ERROR_PEER_ACCESS_NOT_ENABLED) \
    E(CUDA_ERROR_PRIMARY_CONTEXT_ACTIVE) \
    E(CUDA_ERROR_CONTEXT_IS_DESTROYED) \
    E(CUDA_ERROR_ASSERT) \
    E(CUDA_ERROR_TOO_MANY_PEERS) \
    E(CUDA_ERROR_HOST_MEMORY_ALREADY_REGISTERED) \
    E(CUDA_ERROR_HOST_MEMORY_NOT_REGISTERED) \
    E(CUDA_ERROR_HARDWARE_STACK_ERROR) \
    E(CUDA_ERROR_ILLEGAL_INSTRUCTION) \
    E(CUDA_ERROR_MISALIGNED_ADDRESS) \
    E(CUDA_ERROR_INVALID_ADDRESS_SPACE) \
    E(CUDA_ERROR_INVALID_PC) \
    E(CUDA_ERROR_LAUNCH_FAILED) \
    E(CUDA_ERROR_COOPERATIVE_LAUNCH_TOO_LARGE) \
    E(CUDA_ERROR_TENSOR_MEMORY_LEAK) \
    E(CUDA_ERROR_NOT_PERMITTED) \
    E(CUDA_ERROR_NOT_SUPPORTED) \
    E(CUDA_ERROR_SYSTEM_NOT_READY) \
    E(CUDA_ERROR_SYSTEM_DRIVER_MISMATCH) \
    E(CUDA_ERROR_COMPAT_NOT_SUPPORTED_ON_DEVICE) \
    E(CUDA_ERROR_MPS_CONNECTION_FAILED) \
    E(CUDA_ERROR_MPS_RPC_FAILURE) \
    E(CUDA_ERROR_MPS_SERVER_NOT_READY) \
    E(CUDA_ERROR_MPS_MAX_CLIENTS_REACHED) \
    E(CUDA_ERROR_MPS_MAX_CONNECTIONS_REACHED) \
    E(CUDA_ERROR_MPS_CLIENT_TERMINATED) \
    E(CUDA_ERROR_CDP_NOT_SUPPORTED) \
    E(CUDA_ERROR_CDP_VERSION_MISMATCH) \
    E(CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED) \
    E(CUDA_ERROR_STREAM_CAPTURE_INVALIDATED) \
    E(CUDA_ERROR_STREAM_CAPTURE_MERGE) \
    E(CUDA_ERROR_STREAM_CAPTURE_UNMATCHED) \
    E(CUDA_ERROR_STREAM_CAPTURE_UNJOINED) \
    E(CUDA_ERROR_STREAM_CAPTURE_ISOLATION) \
    E(CUDA_ERROR_STREAM_CAPTURE_IMPLICIT) \
    E(CUDA_ERROR_CAPTURED_EVENT) \
    E(CUDA_ERROR_STREAM_CAPTURE_WRONG_THREAD) \
    E(CUDA_ERROR_TIMEOUT) \
    E(CUDA_ERROR_GRAPH_EXEC_UPDATE_FAILURE) \
    E(CUDA_ERROR_EXTERNAL_DEVICE) \
    E(CUDA_ERROR_INVALID_CLUSTER_SIZE) \
    E(CUDA_ERROR_FUNCTION_NOT_LOADED) \
    E(CUDA_ERROR_INVALID_RESOURCE_TYPE) \
    E(CUDA_ERROR_INVALID_RESOURCE_CONFIGURATION) \
    E(CUDA_ERROR_KEY_ROTATION) \
    E(CUDA_ERROR_UNKNOWN) \

typedef struct {
    int code;
    const char *name;
    const char *description;
} status_entry;

#define ENTRY(name) {name, #name, NULL},
static status_entry cuda_errors[] = {CUDA_ERRORS(ENTRY)};
static status_entry cu_results[] = {CU_RESULTS(ENTRY)};
#undef ENTRY

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Phrases for the statuses met most often; the others are derived from their names. */
static const struct {
    int code;
    const char *text;
} phrases[] = {
    {0, "no error"},
    {1, "invalid argument"},
    {2, "out of memory"},
    {3, "initialization error"},
    {9, "invalid configuration argument"},
    {17, "invalid device pointer"},
    {21, "invalid copy direction for memcpy"},
    {35, "CUDA driver version is insufficient for CUDA runtime version"},
    {98, "invalid device function"},
    {100, "no CUDA-capable device is detected"},
    {101, "invalid device ordinal"},
    {200, "device kernel image is invalid"},
    {209, "no kernel image is available for execution on the device"},
    {218, "a PTX JIT compilation failed"},
    {400, "invalid resource handle"},
    {500, "named symbol not found"},
    {600, "device not ready"},
    {700, "an illegal memory access was encountered"},
    {701, "too many resources requested for launch"},
    {710, "device-side assert triggered"},
    {719, "unspecified launch failure"},
    {801, "operation not supported"},
    {999, "unknown error"},
};

/* "InvalidValue" or "INVALID_VALUE" -> "invalid value"; acronyms of two or more capitals stay. */
static char *describe(const char *suffix) {
    size_t n = strlen(suffix);
    char *out = malloc(2 * n + 1);
    if (out == NULL) {
        return NULL;
    }
    size_t o = 0;
    bool snake = strchr(suffix, '_') != NULL || (n > 1 && isupper((unsigned char) suffix[1]) && !strpbrk(suffix, "abcdefghijklmnopqrstuvwxyz"));
    for (size_t i = 0; i < n; i++) {
        char c = suffix[i];
        if (snake) {
            out[o++] = c == '_' ? ' ' : (char) tolower((unsigned char) c);
            continue;
        }
        bool upper = isupper((unsigned char) c);
        bool prevUpper = i > 0 && isupper((unsigned char) suffix[i - 1]);
        bool nextLower = i + 1 < n && islower((unsigned char) suffix[i + 1]);
        bool nextUpper = i + 1 < n && isupper((unsigned char) suffix[i + 1]);
        if (upper && i > 0 && (!prevUpper || nextLower)) {
            out[o++] = ' ';
        }
        bool acronym = upper && (prevUpper || nextUpper) && !(nextLower && !prevUpper);
        out[o++] = acronym && !(nextLower) ? c : (char) tolower((unsigned char) c);
    }
    out[o] = '\0';
    return out;
}

static void fill(status_entry *table, size_t count, const char *prefix) {
    for (size_t i = 0; i < count; i++) {
        for (size_t p = 0; p < COUNT(phrases); p++) {
            if (phrases[p].code == table[i].code) {
                table[i].description = phrases[p].text;
            }
        }
        if (table[i].description == NULL) {
            size_t skip = strncmp(table[i].name, prefix, strlen(prefix)) == 0 ? strlen(prefix) : 0;
            char *text = describe(table[i].name + skip);
            table[i].description = text != NULL ? text : table[i].name;
        }
    }
}

static pthread_once_t fill_once = PTHREAD_ONCE_INIT;

static void fill_all(void) {
    fill(cuda_errors, COUNT(cuda_errors), "cudaError");
    fill(cu_results, COUNT(cu_results), "CUDA_ERROR_");
}

static const status_entry *lookup(status_entry *table, size_t count, int code) {
    pthread_once(&fill_once, fill_all);
    for (size_t i = 0; i < count; i++) {
        if (table[i].code == code) {
            return &table[i];
        }
    }
    return NULL;
}

const char *sim_cuda_error_name(int code) {
    const status_entry *e = lookup(cuda_errors, COUNT(cuda_errors), code);
    return e == NULL ? NULL : e->name;
}

const char *sim_cuda_error_string(int code) {
    const status_entry *e = lookup(cuda_errors, COUNT(cuda_errors), code);
    return e == NULL ? NULL : e->description;
}

const char *sim_cu_result_name(int code) {
    const status_entry *e = lookup(cu_results, COUNT(cu_results), code);
    return e == NULL ? NULL : e->name;
}

const char *sim_cu_result_string(int code) {
    const status_entry *e = lookup(cu_results, COUNT(cu_results), code);
    return e == NULL ? NULL : e->description;
}
