/*
 * cuda-sim: the CUDA runtime API (cudart.h) on host memory.
 *
 * One device of compute capability 8.0. Device memory is host memory registered in the region
 * table, so copies can check that the device side of a copy really is device memory. Streams
 * and events are synchronous: work runs when it is enqueued, events take a timestamp when they
 * are recorded. Every call that fails records its status as the thread's last error.
 */
#include "sim.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static _Thread_local cudaError_t last_error = cudaSuccess;
static unsigned int device_flags = cudaDeviceScheduleAuto;

static cudaError_t result(cudaError_t status) {
    if (status != cudaSuccess) {
        last_error = status;
    }
    return status;
}

struct CUstream_st {
    unsigned int flags;
};

struct CUevent_st {
    unsigned int flags;
    bool recorded;
    struct timespec when;
};

/* ---- Errors and versions --------------------------------------------------------------------- */

SIM_EXPORT const char *cudaGetErrorName(cudaError_t error) {
    const char *name = sim_cuda_error_name(error);
    return name != NULL ? name : "unrecognized error code";
}

SIM_EXPORT const char *cudaGetErrorString(cudaError_t error) {
    const char *text = sim_cuda_error_string(error);
    return text != NULL ? text : "unrecognized error code";
}

SIM_EXPORT cudaError_t cudaGetLastError(void) {
    cudaError_t status = last_error;
    last_error = cudaSuccess;
    return status;
}

SIM_EXPORT cudaError_t cudaPeekAtLastError(void) {
    return last_error;
}

SIM_EXPORT cudaError_t cudaDriverGetVersion(int *driverVersion) {
    if (driverVersion == NULL) {
        return result(cudaErrorInvalidValue);
    }
    *driverVersion = SIM_CUDA_VERSION;
    return cudaSuccess;
}

SIM_EXPORT cudaError_t cudaRuntimeGetVersion(int *runtimeVersion) {
    if (runtimeVersion == NULL) {
        return result(cudaErrorInvalidValue);
    }
    *runtimeVersion = SIM_CUDA_VERSION;
    return cudaSuccess;
}

/* ---- Devices --------------------------------------------------------------------------------- */

SIM_EXPORT cudaError_t cudaGetDeviceCount(int *count) {
    if (count == NULL) {
        return result(cudaErrorInvalidValue);
    }
    *count = 1;
    return cudaSuccess;
}

SIM_EXPORT cudaError_t cudaSetDevice(int device) {
    if (device != 0) {
        return result(cudaErrorInvalidDevice);
    }
    sim_runtime_bind_context();
    return cudaSuccess;
}

SIM_EXPORT cudaError_t cudaGetDevice(int *device) {
    if (device == NULL) {
        return result(cudaErrorInvalidValue);
    }
    *device = 0;
    return cudaSuccess;
}

SIM_EXPORT cudaError_t cudaSetDeviceFlags(unsigned int flags) {
    unsigned int schedule = flags & cudaDeviceScheduleMask;
    if ((flags & ~(unsigned) cudaDeviceMask) != 0 || (schedule != 0 && schedule != cudaDeviceScheduleSpin
            && schedule != cudaDeviceScheduleYield && schedule != cudaDeviceScheduleBlockingSync)) {
        return result(cudaErrorInvalidValue);
    }
    sim_lock();
    device_flags = flags & ~(unsigned) cudaDeviceMapHost;
    sim_unlock();
    return cudaSuccess;
}

SIM_EXPORT cudaError_t cudaGetDeviceFlags(unsigned int *flags) {
    if (flags == NULL) {
        return result(cudaErrorInvalidValue);
    }
    sim_lock();
    /* Mapped pinned memory is always on with unified addressing. */
    *flags = device_flags | cudaDeviceMapHost;
    sim_unlock();
    return cudaSuccess;
}

/* Attributes of an A100-like device; 0 for the texture and interop limits the emulation has no use for. */
static bool attribute_value(enum cudaDeviceAttr attr, int *value) {
    switch (attr) {
    case cudaDevAttrMaxThreadsPerBlock: *value = SIM_MAX_THREADS_PER_BLOCK; return true;
    case cudaDevAttrMaxBlockDimX: *value = 1024; return true;
    case cudaDevAttrMaxBlockDimY: *value = 1024; return true;
    case cudaDevAttrMaxBlockDimZ: *value = 64; return true;
    case cudaDevAttrMaxGridDimX: *value = 2147483647; return true;
    case cudaDevAttrMaxGridDimY: *value = 65535; return true;
    case cudaDevAttrMaxGridDimZ: *value = 65535; return true;
    case cudaDevAttrMaxSharedMemoryPerBlock: *value = SIM_DEFAULT_SHARED_PER_BLOCK; return true;
    case cudaDevAttrTotalConstantMemory: *value = 65536; return true;
    case cudaDevAttrWarpSize: *value = 32; return true;
    case cudaDevAttrMaxPitch: *value = 2147483647; return true;
    case cudaDevAttrMaxRegistersPerBlock: *value = 65536; return true;
    case cudaDevAttrClockRate: *value = 1410000; return true;
    case cudaDevAttrTextureAlignment: *value = 512; return true;
    case cudaDevAttrGpuOverlap: *value = 1; return true;
    case cudaDevAttrMultiProcessorCount: *value = 108; return true;
    case cudaDevAttrKernelExecTimeout: *value = 0; return true;
    case cudaDevAttrIntegrated: *value = 0; return true;
    case cudaDevAttrCanMapHostMemory: *value = 1; return true;
    case cudaDevAttrComputeMode: *value = 0; return true;
    case cudaDevAttrSurfaceAlignment: *value = 512; return true;
    case cudaDevAttrConcurrentKernels: *value = 1; return true;
    case cudaDevAttrEccEnabled: *value = 0; return true;
    case cudaDevAttrPciBusId: *value = 0; return true;
    case cudaDevAttrPciDeviceId: *value = 0; return true;
    case cudaDevAttrTccDriver: *value = 0; return true;
    case cudaDevAttrMemoryClockRate: *value = 1215000; return true;
    case cudaDevAttrGlobalMemoryBusWidth: *value = 5120; return true;
    case cudaDevAttrL2CacheSize: *value = 40 * 1024 * 1024; return true;
    case cudaDevAttrMaxThreadsPerMultiProcessor: *value = 2048; return true;
    case cudaDevAttrAsyncEngineCount: *value = 2; return true;
    case cudaDevAttrUnifiedAddressing: *value = 1; return true;
    case cudaDevAttrPciDomainId: *value = 0; return true;
    case cudaDevAttrTexturePitchAlignment: *value = 32; return true;
    case cudaDevAttrComputeCapabilityMajor: *value = SIM_CC_MAJOR; return true;
    case cudaDevAttrComputeCapabilityMinor: *value = SIM_CC_MINOR; return true;
    case cudaDevAttrStreamPrioritiesSupported: *value = 1; return true;
    case cudaDevAttrGlobalL1CacheSupported: *value = 1; return true;
    case cudaDevAttrLocalL1CacheSupported: *value = 1; return true;
    case cudaDevAttrMaxSharedMemoryPerMultiprocessor: *value = 164 * 1024; return true;
    case cudaDevAttrMaxRegistersPerMultiprocessor: *value = 65536; return true;
    case cudaDevAttrManagedMemory: *value = 1; return true;
    case cudaDevAttrIsMultiGpuBoard: *value = 0; return true;
    case cudaDevAttrMultiGpuBoardGroupID: *value = 0; return true;
    case cudaDevAttrHostNativeAtomicSupported: *value = 0; return true;
    case cudaDevAttrSingleToDoublePrecisionPerfRatio: *value = 2; return true;
    case cudaDevAttrPageableMemoryAccess: *value = 0; return true;
    case cudaDevAttrConcurrentManagedAccess: *value = 1; return true;
    case cudaDevAttrComputePreemptionSupported: *value = 1; return true;
    case cudaDevAttrCanUseHostPointerForRegisteredMem: *value = 1; return true;
    case cudaDevAttrCooperativeLaunch: *value = 1; return true;
    case cudaDevAttrMaxSharedMemoryPerBlockOptin: *value = SIM_MAX_SHARED_PER_BLOCK_OPTIN; return true;
    case cudaDevAttrCanFlushRemoteWrites: *value = 0; return true;
    case cudaDevAttrHostRegisterSupported: *value = 1; return true;
    case cudaDevAttrPageableMemoryAccessUsesHostPageTables: *value = 0; return true;
    case cudaDevAttrDirectManagedMemAccessFromHost: *value = 0; return true;
    case cudaDevAttrMaxBlocksPerMultiprocessor: *value = 32; return true;
    case cudaDevAttrMaxPersistingL2CacheSize: *value = 30 * 1024 * 1024; return true;
    case cudaDevAttrMaxAccessPolicyWindowSize: *value = 134213632; return true;
    case cudaDevAttrReservedSharedMemoryPerBlock: *value = 1024; return true;
    case cudaDevAttrMemoryPoolsSupported: *value = 1; return true;
    case cudaDevAttrClusterLaunch: *value = 0; return true;
    case cudaDevAttrMemSyncDomainCount: *value = 1; return true;
    case cudaDevAttrNumaConfig: *value = 0; return true;
    case cudaDevAttrNumaId: *value = -1; return true;
    case cudaDevAttrHostNumaId: *value = -1; return true;
    case cudaDevAttrMaxTexture1DWidth:
    case cudaDevAttrMaxTexture2DWidth:
    case cudaDevAttrMaxTexture2DHeight:
    case cudaDevAttrMaxTexture3DWidth:
    case cudaDevAttrMaxTexture3DHeight:
    case cudaDevAttrMaxTexture3DDepth:
    case cudaDevAttrMaxTexture2DLayeredWidth:
    case cudaDevAttrMaxTexture2DLayeredHeight:
    case cudaDevAttrMaxTexture2DLayeredLayers:
    case cudaDevAttrMaxTexture1DLayeredWidth:
    case cudaDevAttrMaxTexture1DLayeredLayers:
    case cudaDevAttrMaxTexture2DGatherWidth:
    case cudaDevAttrMaxTexture2DGatherHeight:
    case cudaDevAttrMaxTexture3DWidthAlt:
    case cudaDevAttrMaxTexture3DHeightAlt:
    case cudaDevAttrMaxTexture3DDepthAlt:
    case cudaDevAttrMaxTextureCubemapWidth:
    case cudaDevAttrMaxTextureCubemapLayeredWidth:
    case cudaDevAttrMaxTextureCubemapLayeredLayers:
    case cudaDevAttrMaxSurface1DWidth:
    case cudaDevAttrMaxSurface2DWidth:
    case cudaDevAttrMaxSurface2DHeight:
    case cudaDevAttrMaxSurface3DWidth:
    case cudaDevAttrMaxSurface3DHeight:
    case cudaDevAttrMaxSurface3DDepth:
    case cudaDevAttrMaxSurface1DLayeredWidth:
    case cudaDevAttrMaxSurface1DLayeredLayers:
    case cudaDevAttrMaxSurface2DLayeredWidth:
    case cudaDevAttrMaxSurface2DLayeredHeight:
    case cudaDevAttrMaxSurface2DLayeredLayers:
    case cudaDevAttrMaxSurfaceCubemapWidth:
    case cudaDevAttrMaxSurfaceCubemapLayeredWidth:
    case cudaDevAttrMaxSurfaceCubemapLayeredLayers:
    case cudaDevAttrMaxTexture1DLinearWidth:
    case cudaDevAttrMaxTexture2DLinearWidth:
    case cudaDevAttrMaxTexture2DLinearHeight:
    case cudaDevAttrMaxTexture2DLinearPitch:
    case cudaDevAttrMaxTexture2DMipmappedWidth:
    case cudaDevAttrMaxTexture2DMipmappedHeight:
    case cudaDevAttrMaxTexture1DMipmappedWidth:
    case cudaDevAttrSparseCudaArraySupported:
    case cudaDevAttrHostRegisterReadOnlySupported:
    case cudaDevAttrTimelineSemaphoreInteropSupported:
    case cudaDevAttrGPUDirectRDMASupported:
    case cudaDevAttrGPUDirectRDMAFlushWritesOptions:
    case cudaDevAttrGPUDirectRDMAWritesOrdering:
    case cudaDevAttrMemoryPoolSupportedHandleTypes:
    case cudaDevAttrDeferredMappingCudaArraySupported:
    case cudaDevAttrIpcEventSupport:
    case cudaDevAttrMpsEnabled:
    case cudaDevAttrD3D12CigSupported:
    case cudaDevAttrVulkanCigSupported:
    case cudaDevAttrGpuPciDeviceId:
    case cudaDevAttrGpuPciSubsystemId:
    case cudaDevAttrHostNumaMemoryPoolsSupported:
    case cudaDevAttrHostNumaMultinodeIpcSupported:
    case cudaDevAttrHostMemoryPoolsSupported:
    case cudaDevAttrOnlyPartialHostNativeAtomicSupported:
        *value = 0;
        return true;
    }
    return false;
}

SIM_EXPORT cudaError_t cudaDeviceGetAttribute(int *value, enum cudaDeviceAttr attr, int device) {
    if (value == NULL) {
        return result(cudaErrorInvalidValue);
    }
    if (device != 0) {
        return result(cudaErrorInvalidDevice);
    }
    return result(attribute_value(attr, value) ? cudaSuccess : cudaErrorInvalidValue);
}

SIM_EXPORT cudaError_t cudaDeviceGetPCIBusId(char *pciBusId, int len, int device) {
    if (pciBusId == NULL || len <= 0) {
        return result(cudaErrorInvalidValue);
    }
    if (device != 0) {
        return result(cudaErrorInvalidDevice);
    }
    const char *id = "0000:00:00.0";
    size_t n = strlen(id);
    if ((size_t) len <= n) {
        n = (size_t) len - 1;
    }
    memcpy(pciBusId, id, n);
    pciBusId[n] = '\0';
    return cudaSuccess;
}

SIM_EXPORT cudaError_t cudaDeviceCanAccessPeer(int *canAccessPeer, int device, int peerDevice) {
    if (canAccessPeer == NULL) {
        return result(cudaErrorInvalidValue);
    }
    if (device != 0 || peerDevice != 0) {
        return result(cudaErrorInvalidDevice);
    }
    *canAccessPeer = 0;
    return cudaSuccess;
}

SIM_EXPORT cudaError_t cudaDeviceSynchronize(void) {
    sim_runtime_bind_context();
    return cudaSuccess;
}

SIM_EXPORT cudaError_t cudaDeviceReset(void) {
    sim_context_destroy_resources();
    return cudaSuccess;
}

SIM_EXPORT cudaError_t cudaMemGetInfo(size_t *free, size_t *total) {
    if (free == NULL || total == NULL) {
        return result(cudaErrorInvalidValue);
    }
    sim_runtime_bind_context();
    size_t limit = sim_mem_device_limit();
    size_t used = sim_mem_device_bytes_in_use();
    *total = limit;
    *free = used < limit ? limit - used : 0;
    return cudaSuccess;
}

/* ---- Memory ---------------------------------------------------------------------------------- */

SIM_EXPORT cudaError_t cudaMalloc(void **devPtr, size_t size) {
    if (devPtr == NULL) {
        return result(cudaErrorInvalidValue);
    }
    sim_runtime_bind_context();
    return result(sim_device_alloc(devPtr, size));
}

SIM_EXPORT cudaError_t cudaFree(void *devPtr) {
    sim_runtime_bind_context();
    return result(sim_device_free(devPtr));
}

SIM_EXPORT cudaError_t cudaMallocAsync(void **devPtr, size_t size, cudaStream_t hStream) {
    if (devPtr == NULL) {
        return result(cudaErrorInvalidValue);
    }
    if (!sim_stream_valid(hStream)) {
        return result(cudaErrorInvalidResourceHandle);
    }
    sim_runtime_bind_context();
    return result(sim_device_alloc(devPtr, size));
}

SIM_EXPORT cudaError_t cudaFreeAsync(void *devPtr, cudaStream_t hStream) {
    if (!sim_stream_valid(hStream)) {
        return result(cudaErrorInvalidResourceHandle);
    }
    sim_runtime_bind_context();
    return result(sim_device_free(devPtr));
}

static cudaError_t host_alloc(void **ptr, size_t size) {
    if (ptr == NULL) {
        return cudaErrorInvalidValue;
    }
    sim_runtime_bind_context();
    if (size == 0) {
        *ptr = NULL;
        return cudaSuccess;
    }
    size_t rounded = (size + SIM_ALLOC_ALIGNMENT - 1) / SIM_ALLOC_ALIGNMENT * SIM_ALLOC_ALIGNMENT;
    void *block = rounded < size ? NULL : aligned_alloc(SIM_ALLOC_ALIGNMENT, rounded);
    if (block == NULL) {
        return cudaErrorMemoryAllocation;
    }
    if (!sim_mem_add(block, size, SIM_MEM_PINNED, NULL)) {
        free(block);
        return cudaErrorMemoryAllocation;
    }
    *ptr = block;
    return cudaSuccess;
}

SIM_EXPORT cudaError_t cudaMallocHost(void **ptr, size_t size) {
    return result(host_alloc(ptr, size));
}

SIM_EXPORT cudaError_t cudaHostAlloc(void **pHost, size_t size, unsigned int flags) {
    if ((flags & ~(unsigned) (cudaHostAllocPortable | cudaHostAllocMapped | cudaHostAllocWriteCombined)) != 0) {
        return result(cudaErrorInvalidValue);
    }
    return result(host_alloc(pHost, size));
}

SIM_EXPORT cudaError_t cudaFreeHost(void *ptr) {
    if (ptr == NULL) {
        return cudaSuccess;
    }
    if (!sim_mem_remove(ptr, SIM_MEM_PINNED)) {
        return result(cudaErrorInvalidValue);
    }
    free(ptr);
    return cudaSuccess;
}

SIM_EXPORT cudaError_t cudaHostRegister(void *ptr, size_t size, unsigned int flags) {
    if (ptr == NULL || size == 0 || (flags & ~(unsigned) (cudaHostRegisterPortable | cudaHostRegisterMapped
            | cudaHostRegisterIoMemory | cudaHostRegisterReadOnly)) != 0) {
        return result(cudaErrorInvalidValue);
    }
    sim_runtime_bind_context();
    sim_region found;
    if (sim_mem_find(ptr, &found) || sim_mem_find((const char *) ptr + size - 1, &found)) {
        return result(found.kind == SIM_MEM_REGISTERED || found.kind == SIM_MEM_PINNED
                ? cudaErrorHostMemoryAlreadyRegistered : cudaErrorInvalidValue);
    }
    if (!sim_mem_add(ptr, size, SIM_MEM_REGISTERED, NULL)) {
        return result(cudaErrorHostMemoryAlreadyRegistered);
    }
    return cudaSuccess;
}

SIM_EXPORT cudaError_t cudaHostUnregister(void *ptr) {
    if (ptr == NULL) {
        return result(cudaErrorInvalidValue);
    }
    return result(sim_mem_remove(ptr, SIM_MEM_REGISTERED) ? cudaSuccess : cudaErrorHostMemoryNotRegistered);
}

SIM_EXPORT cudaError_t cudaMemset(void *devPtr, int value, size_t count) {
    if (count == 0) {
        return cudaSuccess;
    }
    sim_runtime_bind_context();
    if (!sim_mem_is_device(devPtr, count)) {
        return result(cudaErrorInvalidValue);
    }
    memset(devPtr, value & 0xFF, count);
    return cudaSuccess;
}

SIM_EXPORT cudaError_t cudaMemsetAsync(void *devPtr, int value, size_t count, cudaStream_t stream) {
    if (!sim_stream_valid(stream)) {
        return result(cudaErrorInvalidResourceHandle);
    }
    return cudaMemset(devPtr, value, count);
}

/*
 * Checks one side of a copy of rows x width bytes with the given pitch: device sides must lie in
 * one device region, host sides must not be device memory.
 */
static cudaError_t check_side(const void *p, size_t pitch, size_t width, size_t rows, bool device) {
    size_t extent = (rows - 1) * pitch + width;
    if (p == NULL) {
        return cudaErrorInvalidValue;
    }
    if (device) {
        return sim_mem_is_device(p, extent) ? cudaSuccess : cudaErrorInvalidValue;
    }
    sim_region r;
    if (sim_mem_find(p, &r) && (r.kind == SIM_MEM_DEVICE || r.kind == SIM_MEM_GLOBAL)) {
        return cudaErrorInvalidValue;
    }
    return cudaSuccess;
}

static bool is_device_pointer(const void *p) {
    sim_region r;
    return sim_mem_find(p, &r) && (r.kind == SIM_MEM_DEVICE || r.kind == SIM_MEM_GLOBAL);
}

static cudaError_t copy2d(void *dst, size_t dpitch, const void *src, size_t spitch, size_t width, size_t height,
        enum cudaMemcpyKind kind) {
    if ((unsigned) kind > cudaMemcpyDefault) {
        return cudaErrorInvalidMemcpyDirection;
    }
    if (width == 0 || height == 0) {
        return cudaSuccess;
    }
    if (height > 1 && (dpitch < width || spitch < width)) {
        return cudaErrorInvalidPitchValue;
    }
    sim_runtime_bind_context();
    bool src_device;
    bool dst_device;
    switch (kind) {
    case cudaMemcpyHostToHost: src_device = false; dst_device = false; break;
    case cudaMemcpyHostToDevice: src_device = false; dst_device = true; break;
    case cudaMemcpyDeviceToHost: src_device = true; dst_device = false; break;
    case cudaMemcpyDeviceToDevice: src_device = true; dst_device = true; break;
    default:
        src_device = is_device_pointer(src);
        dst_device = is_device_pointer(dst);
        break;
    }
    cudaError_t status = check_side(src, spitch, width, height, src_device);
    if (status == cudaSuccess) {
        status = check_side(dst, dpitch, width, height, dst_device);
    }
    if (status != cudaSuccess) {
        return status;
    }
    if (height == 1 || (dpitch == width && spitch == width)) {
        memmove(dst, src, width * height);
    } else {
        for (size_t row = 0; row < height; row++) {
            memmove((char *) dst + row * dpitch, (const char *) src + row * spitch, width);
        }
    }
    return cudaSuccess;
}

SIM_EXPORT cudaError_t cudaMemcpy(void *dst, const void *src, size_t count, enum cudaMemcpyKind kind) {
    return result(copy2d(dst, count, src, count, count, 1, kind));
}

SIM_EXPORT cudaError_t cudaMemcpyAsync(void *dst, const void *src, size_t count, enum cudaMemcpyKind kind,
        cudaStream_t stream) {
    if (!sim_stream_valid(stream)) {
        return result(cudaErrorInvalidResourceHandle);
    }
    return result(copy2d(dst, count, src, count, count, 1, kind));
}

SIM_EXPORT cudaError_t cudaMemcpy2D(void *dst, size_t dpitch, const void *src, size_t spitch, size_t width,
        size_t height, enum cudaMemcpyKind kind) {
    return result(copy2d(dst, dpitch, src, spitch, width, height, kind));
}

SIM_EXPORT cudaError_t cudaMemcpy2DAsync(void *dst, size_t dpitch, const void *src, size_t spitch, size_t width,
        size_t height, enum cudaMemcpyKind kind, cudaStream_t stream) {
    if (!sim_stream_valid(stream)) {
        return result(cudaErrorInvalidResourceHandle);
    }
    return result(copy2d(dst, dpitch, src, spitch, width, height, kind));
}

SIM_EXPORT cudaError_t cudaMemcpyPeer(void *dst, int dstDevice, const void *src, int srcDevice, size_t count) {
    if (dstDevice != 0 || srcDevice != 0) {
        return result(cudaErrorInvalidDevice);
    }
    return result(copy2d(dst, count, src, count, count, 1, cudaMemcpyDeviceToDevice));
}

/* ---- Streams --------------------------------------------------------------------------------- */

SIM_EXPORT cudaError_t cudaStreamCreateWithFlags(cudaStream_t *pStream, unsigned int flags) {
    if (pStream == NULL || (flags & ~(unsigned) cudaStreamNonBlocking) != 0) {
        return result(cudaErrorInvalidValue);
    }
    sim_runtime_bind_context();
    struct CUstream_st *stream = malloc(sizeof *stream);
    if (stream == NULL) {
        return result(cudaErrorMemoryAllocation);
    }
    stream->flags = flags;
    sim_handle_add(SIM_HANDLE_STREAM, stream);
    *pStream = stream;
    return cudaSuccess;
}

SIM_EXPORT cudaError_t cudaStreamCreate(cudaStream_t *pStream) {
    return cudaStreamCreateWithFlags(pStream, cudaStreamDefault);
}

SIM_EXPORT cudaError_t cudaStreamDestroy(cudaStream_t stream) {
    if (stream == NULL || !sim_handle_remove(SIM_HANDLE_STREAM, stream)) {
        return result(cudaErrorInvalidResourceHandle);
    }
    free(stream);
    return cudaSuccess;
}

SIM_EXPORT cudaError_t cudaStreamSynchronize(cudaStream_t stream) {
    return result(sim_stream_valid(stream) ? cudaSuccess : cudaErrorInvalidResourceHandle);
}

SIM_EXPORT cudaError_t cudaStreamQuery(cudaStream_t stream) {
    return result(sim_stream_valid(stream) ? cudaSuccess : cudaErrorInvalidResourceHandle);
}

SIM_EXPORT cudaError_t cudaStreamWaitEvent(cudaStream_t stream, cudaEvent_t event, unsigned int flags) {
    if (!sim_stream_valid(stream) || !sim_handle_valid(SIM_HANDLE_EVENT, event)) {
        return result(cudaErrorInvalidResourceHandle);
    }
    if ((flags & ~(unsigned) cudaEventWaitExternal) != 0) {
        return result(cudaErrorInvalidValue);
    }
    return cudaSuccess;
}

/* ---- Events ---------------------------------------------------------------------------------- */

SIM_EXPORT cudaError_t cudaEventCreateWithFlags(cudaEvent_t *event, unsigned int flags) {
    unsigned int known = cudaEventBlockingSync | cudaEventDisableTiming | cudaEventInterprocess;
    if (event == NULL || (flags & ~known) != 0
            || ((flags & cudaEventInterprocess) != 0 && (flags & cudaEventDisableTiming) == 0)) {
        return result(cudaErrorInvalidValue);
    }
    sim_runtime_bind_context();
    struct CUevent_st *e = calloc(1, sizeof *e);
    if (e == NULL) {
        return result(cudaErrorMemoryAllocation);
    }
    e->flags = flags;
    sim_handle_add(SIM_HANDLE_EVENT, e);
    *event = e;
    return cudaSuccess;
}

SIM_EXPORT cudaError_t cudaEventCreate(cudaEvent_t *event) {
    return cudaEventCreateWithFlags(event, cudaEventDefault);
}

SIM_EXPORT cudaError_t cudaEventDestroy(cudaEvent_t event) {
    if (event == NULL || !sim_handle_remove(SIM_HANDLE_EVENT, event)) {
        return result(cudaErrorInvalidResourceHandle);
    }
    free(event);
    return cudaSuccess;
}

SIM_EXPORT cudaError_t cudaEventRecord(cudaEvent_t event, cudaStream_t stream) {
    if (!sim_handle_valid(SIM_HANDLE_EVENT, event) || !sim_stream_valid(stream)) {
        return result(cudaErrorInvalidResourceHandle);
    }
    clock_gettime(CLOCK_MONOTONIC, &event->when);
    event->recorded = true;
    return cudaSuccess;
}

SIM_EXPORT cudaError_t cudaEventSynchronize(cudaEvent_t event) {
    return result(sim_handle_valid(SIM_HANDLE_EVENT, event) ? cudaSuccess : cudaErrorInvalidResourceHandle);
}

SIM_EXPORT cudaError_t cudaEventQuery(cudaEvent_t event) {
    return result(sim_handle_valid(SIM_HANDLE_EVENT, event) ? cudaSuccess : cudaErrorInvalidResourceHandle);
}

SIM_EXPORT cudaError_t cudaEventElapsedTime(float *ms, cudaEvent_t start, cudaEvent_t end) {
    if (ms == NULL) {
        return result(cudaErrorInvalidValue);
    }
    if (!sim_handle_valid(SIM_HANDLE_EVENT, start) || !sim_handle_valid(SIM_HANDLE_EVENT, end)
            || !start->recorded || !end->recorded
            || ((start->flags | end->flags) & cudaEventDisableTiming) != 0) {
        return result(cudaErrorInvalidResourceHandle);
    }
    double elapsed = (double) (end->when.tv_sec - start->when.tv_sec) * 1e3
            + (double) (end->when.tv_nsec - start->when.tv_nsec) / 1e6;
    *ms = (float) elapsed;
    return cudaSuccess;
}

/* Frees the runtime's streams and events (context destruction). */
static void free_handle(void *handle) {
    free(handle);
}

void sim_runtime_destroy_streams_and_events(void) {
    sim_handle_drain(SIM_HANDLE_STREAM, free_handle);
    sim_handle_drain(SIM_HANDLE_EVENT, free_handle);
}
