/*
 * cuda-sim: the CUDA driver API (cuda.h): initialization, the device, its primary context,
 * modules and launches.
 *
 * There is one device and one context, the device's primary context. The runtime API retains it
 * on its first call that needs a device and makes it current on each calling thread that has none,
 * as the real runtime does, so driver calls made after runtime calls find a current context.
 */
#include "sim.h"
#include "launch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct CUctx_st {
    unsigned int flags;
    int retained;    /* cuDevicePrimaryCtxRetain count, the runtime's reference included */
    bool active;
};

static bool initialized;
static bool runtime_retained;
static struct CUctx_st primary;
static _Thread_local CUcontext current;

/* CU_LAUNCH_PARAM_* markers of cuLaunchKernel's extra array (documented as macros). */
#define LAUNCH_PARAM_END ((void *) 0x00)
#define LAUNCH_PARAM_BUFFER_POINTER ((void *) 0x01)
#define LAUNCH_PARAM_BUFFER_SIZE ((void *) 0x02)

static CUresult check_init(void) {
    return initialized ? CUDA_SUCCESS : CUDA_ERROR_NOT_INITIALIZED;
}

static bool context_live(CUcontext ctx) {
    return ctx == &primary && primary.active;
}

bool sim_context_current(void) {
    sim_lock();
    bool live = context_live(current);
    sim_unlock();
    return live;
}

void sim_runtime_bind_context(void) {
    sim_lock();
    initialized = true;
    if (!runtime_retained) {
        runtime_retained = true;
        primary.retained++;
        primary.active = true;
    }
    if (current == NULL || !context_live(current)) {
        current = &primary;
    }
    sim_unlock();
}

static void free_block(void *p) {
    free(p);
}

void sim_context_destroy_resources(void) {
    sim_lock();
    sim_modules_unload_all();
    sim_mem_remove_all(SIM_MEM_DEVICE, NULL, free_block);
    sim_mem_remove_all(SIM_MEM_PINNED, NULL, free_block);
    sim_mem_remove_all(SIM_MEM_REGISTERED, NULL, NULL);
    sim_runtime_destroy_streams_and_events();
    primary.active = false;
    primary.retained = 0;
    runtime_retained = false;
    sim_unlock();
}

/* ---- Initialization, errors and version ----------------------------------------------------------- */

SIM_EXPORT CUresult cuInit(unsigned int Flags) {
    if (Flags != 0) {
        return CUDA_ERROR_INVALID_VALUE;
    }
    sim_lock();
    initialized = true;
    sim_unlock();
    return CUDA_SUCCESS;
}

SIM_EXPORT CUresult cuDriverGetVersion(int *driverVersion) {
    if (driverVersion == NULL) {
        return CUDA_ERROR_INVALID_VALUE;
    }
    *driverVersion = SIM_CUDA_VERSION;
    return CUDA_SUCCESS;
}

SIM_EXPORT CUresult cuGetErrorName(CUresult error, const char **pStr) {
    if (pStr == NULL) {
        return CUDA_ERROR_INVALID_VALUE;
    }
    *pStr = sim_cu_result_name(error);
    return *pStr != NULL ? CUDA_SUCCESS : CUDA_ERROR_INVALID_VALUE;
}

SIM_EXPORT CUresult cuGetErrorString(CUresult error, const char **pStr) {
    if (pStr == NULL) {
        return CUDA_ERROR_INVALID_VALUE;
    }
    *pStr = sim_cu_result_string(error);
    return *pStr != NULL ? CUDA_SUCCESS : CUDA_ERROR_INVALID_VALUE;
}

/* ---- Devices ------------------------------------------------------------------------------------------ */

SIM_EXPORT CUresult cuDeviceGet(CUdevice *device, int ordinal) {
    CUresult status = check_init();
    if (status != CUDA_SUCCESS) {
        return status;
    }
    if (device == NULL) {
        return CUDA_ERROR_INVALID_VALUE;
    }
    if (ordinal != 0) {
        return CUDA_ERROR_INVALID_DEVICE;
    }
    *device = 0;
    return CUDA_SUCCESS;
}

SIM_EXPORT CUresult cuDeviceGetCount(int *count) {
    CUresult status = check_init();
    if (status != CUDA_SUCCESS) {
        return status;
    }
    if (count == NULL) {
        return CUDA_ERROR_INVALID_VALUE;
    }
    *count = 1;
    return CUDA_SUCCESS;
}

SIM_EXPORT CUresult cuDeviceGetName(char *name, int len, CUdevice dev) {
    CUresult status = check_init();
    if (status != CUDA_SUCCESS) {
        return status;
    }
    if (name == NULL || len <= 0) {
        return CUDA_ERROR_INVALID_VALUE;
    }
    if (dev != 0) {
        return CUDA_ERROR_INVALID_DEVICE;
    }
    char text[64];
    int cc = sim_device_cc();
    int n = snprintf(text, sizeof text, "cuda-sim host emulation (sm_%d)", cc);
    if (n >= len) {
        n = len - 1;
    }
    memcpy(name, text, (size_t) n);
    name[n] = '\0';
    return CUDA_SUCCESS;
}

SIM_EXPORT CUresult cuDeviceTotalMem_v2(size_t *bytes, CUdevice dev) {
    CUresult status = check_init();
    if (status != CUDA_SUCCESS) {
        return status;
    }
    if (bytes == NULL) {
        return CUDA_ERROR_INVALID_VALUE;
    }
    if (dev != 0) {
        return CUDA_ERROR_INVALID_DEVICE;
    }
    *bytes = sim_mem_device_limit();
    return CUDA_SUCCESS;
}

/* ---- Primary contexts --------------------------------------------------------------------------------- */

SIM_EXPORT CUresult cuDevicePrimaryCtxRetain(CUcontext *pctx, CUdevice dev) {
    CUresult status = check_init();
    if (status != CUDA_SUCCESS) {
        return status;
    }
    if (pctx == NULL) {
        return CUDA_ERROR_INVALID_VALUE;
    }
    if (dev != 0) {
        return CUDA_ERROR_INVALID_DEVICE;
    }
    sim_lock();
    primary.retained++;
    primary.active = true;
    *pctx = &primary;
    sim_unlock();
    return CUDA_SUCCESS;
}

SIM_EXPORT CUresult cuDevicePrimaryCtxRelease_v2(CUdevice dev) {
    CUresult status = check_init();
    if (status != CUDA_SUCCESS) {
        return status;
    }
    if (dev != 0) {
        return CUDA_ERROR_INVALID_DEVICE;
    }
    sim_lock();
    if (primary.retained == 0) {
        status = CUDA_ERROR_INVALID_CONTEXT;
    } else if (--primary.retained == 0) {
        /* The last reference: the context and everything it owns are destroyed. */
        sim_context_destroy_resources();
    }
    sim_unlock();
    return status;
}

SIM_EXPORT CUresult cuDevicePrimaryCtxReset_v2(CUdevice dev) {
    CUresult status = check_init();
    if (status != CUDA_SUCCESS) {
        return status;
    }
    if (dev != 0) {
        return CUDA_ERROR_INVALID_DEVICE;
    }
    sim_context_destroy_resources();
    return CUDA_SUCCESS;
}

SIM_EXPORT CUresult cuDevicePrimaryCtxGetState(CUdevice dev, unsigned int *flags, int *active) {
    CUresult status = check_init();
    if (status != CUDA_SUCCESS) {
        return status;
    }
    if (flags == NULL || active == NULL) {
        return CUDA_ERROR_INVALID_VALUE;
    }
    if (dev != 0) {
        return CUDA_ERROR_INVALID_DEVICE;
    }
    sim_lock();
    *flags = primary.flags;
    *active = primary.active ? 1 : 0;
    sim_unlock();
    return CUDA_SUCCESS;
}

SIM_EXPORT CUresult cuDevicePrimaryCtxSetFlags_v2(CUdevice dev, unsigned int flags) {
    CUresult status = check_init();
    if (status != CUDA_SUCCESS) {
        return status;
    }
    if (dev != 0) {
        return CUDA_ERROR_INVALID_DEVICE;
    }
    unsigned int schedule = flags & CU_CTX_SCHED_MASK;
    if ((flags & ~(unsigned) CU_CTX_FLAGS_MASK) != 0 || (schedule != CU_CTX_SCHED_AUTO
            && schedule != CU_CTX_SCHED_SPIN && schedule != CU_CTX_SCHED_YIELD
            && schedule != CU_CTX_SCHED_BLOCKING_SYNC)) {
        return CUDA_ERROR_INVALID_VALUE;
    }
    sim_lock();
    primary.flags = flags;
    sim_unlock();
    return CUDA_SUCCESS;
}

SIM_EXPORT CUresult cuCtxSetCurrent(CUcontext ctx) {
    CUresult status = check_init();
    if (status != CUDA_SUCCESS) {
        return status;
    }
    if (ctx == NULL) {
        current = NULL;
        return CUDA_SUCCESS;
    }
    sim_lock();
    if (ctx != &primary) {
        status = CUDA_ERROR_INVALID_CONTEXT;
    } else if (!primary.active) {
        status = CUDA_ERROR_CONTEXT_IS_DESTROYED;
    } else {
        current = ctx;
    }
    sim_unlock();
    return status;
}

SIM_EXPORT CUresult cuCtxGetCurrent(CUcontext *pctx) {
    CUresult status = check_init();
    if (status != CUDA_SUCCESS) {
        return status;
    }
    if (pctx == NULL) {
        return CUDA_ERROR_INVALID_VALUE;
    }
    *pctx = current;
    return CUDA_SUCCESS;
}

static CUresult check_context(void) {
    CUresult status = check_init();
    if (status == CUDA_SUCCESS && !sim_context_current()) {
        status = current == NULL ? CUDA_ERROR_INVALID_CONTEXT : CUDA_ERROR_CONTEXT_IS_DESTROYED;
    }
    return status;
}

SIM_EXPORT CUresult cuCtxGetDevice(CUdevice *device) {
    CUresult status = check_context();
    if (status != CUDA_SUCCESS) {
        return status;
    }
    if (device == NULL) {
        return CUDA_ERROR_INVALID_VALUE;
    }
    *device = 0;
    return CUDA_SUCCESS;
}

SIM_EXPORT CUresult cuCtxSynchronize(void) {
    return check_context();
}

/* ---- Modules and kernels -------------------------------------------------------------------------------- */

SIM_EXPORT CUresult cuModuleLoadData(CUmodule *module, const void *image) {
    CUresult status = check_context();
    if (status != CUDA_SUCCESS) {
        return status;
    }
    if (module == NULL || image == NULL) {
        return CUDA_ERROR_INVALID_VALUE;
    }
    sim_lock();
    status = sim_module_load(image, module);
    sim_unlock();
    return status;
}

SIM_EXPORT CUresult cuModuleUnload(CUmodule hmod) {
    CUresult status = check_init();
    if (status != CUDA_SUCCESS) {
        return status;
    }
    sim_lock();
    status = sim_module_unload(hmod);
    sim_unlock();
    return status;
}

SIM_EXPORT CUresult cuModuleGetFunction(CUfunction *hfunc, CUmodule hmod, const char *name) {
    CUresult status = check_context();
    if (status != CUDA_SUCCESS) {
        return status;
    }
    if (hfunc == NULL || name == NULL) {
        return CUDA_ERROR_INVALID_VALUE;
    }
    sim_lock();
    if (!sim_handle_valid(SIM_HANDLE_MODULE, hmod)) {
        status = CUDA_ERROR_INVALID_HANDLE;
    } else {
        status = CUDA_ERROR_NOT_FOUND;
        for (int i = 0; i < hmod->function_count; i++) {
            if (strcmp(hmod->functions[i].symbol, name) == 0) {
                *hfunc = &hmod->functions[i];
                status = CUDA_SUCCESS;
                break;
            }
        }
    }
    sim_unlock();
    return status;
}

SIM_EXPORT CUresult cuModuleGetGlobal_v2(CUdeviceptr *dptr, size_t *bytes, CUmodule hmod, const char *name) {
    CUresult status = check_context();
    if (status != CUDA_SUCCESS) {
        return status;
    }
    if (name == NULL) {
        return CUDA_ERROR_INVALID_VALUE;
    }
    sim_lock();
    if (!sim_handle_valid(SIM_HANDLE_MODULE, hmod)) {
        sim_unlock();
        return CUDA_ERROR_INVALID_HANDLE;
    }
    status = sim_module_global(hmod, name, dptr, bytes);
    sim_unlock();
    return status;
}

static bool valid_function(CUfunction f) {
    return f != NULL && sim_handle_valid(SIM_HANDLE_FUNCTION, f);
}

SIM_EXPORT CUresult cuFuncGetAttribute(int *pi, CUfunction_attribute attrib, CUfunction hfunc) {
    CUresult status = check_context();
    if (status != CUDA_SUCCESS) {
        return status;
    }
    if (pi == NULL) {
        return CUDA_ERROR_INVALID_VALUE;
    }
    if (!valid_function(hfunc)) {
        return CUDA_ERROR_INVALID_HANDLE;
    }
    switch (attrib) {
    case CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK: *pi = SIM_MAX_THREADS_PER_BLOCK; break;
    case CU_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES: *pi = 0; break;
    case CU_FUNC_ATTRIBUTE_CONST_SIZE_BYTES: *pi = 0; break;
    case CU_FUNC_ATTRIBUTE_LOCAL_SIZE_BYTES: *pi = 0; break;
    case CU_FUNC_ATTRIBUTE_NUM_REGS: *pi = 32; break;
    case CU_FUNC_ATTRIBUTE_PTX_VERSION: *pi = sim_device_cc(); break;
    case CU_FUNC_ATTRIBUTE_BINARY_VERSION: *pi = sim_device_cc(); break;
    case CU_FUNC_ATTRIBUTE_CACHE_MODE_CA: *pi = 0; break;
    case CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES: *pi = hfunc->max_dynamic_shared; break;
    case CU_FUNC_ATTRIBUTE_PREFERRED_SHARED_MEMORY_CARVEOUT: *pi = hfunc->carveout; break;
    case CU_FUNC_ATTRIBUTE_CLUSTER_SIZE_MUST_BE_SET: *pi = 0; break;
    case CU_FUNC_ATTRIBUTE_REQUIRED_CLUSTER_WIDTH: *pi = 0; break;
    case CU_FUNC_ATTRIBUTE_REQUIRED_CLUSTER_HEIGHT: *pi = 0; break;
    case CU_FUNC_ATTRIBUTE_REQUIRED_CLUSTER_DEPTH: *pi = 0; break;
    case CU_FUNC_ATTRIBUTE_NON_PORTABLE_CLUSTER_SIZE_ALLOWED: *pi = 0; break;
    case CU_FUNC_ATTRIBUTE_CLUSTER_SCHEDULING_POLICY_PREFERENCE: *pi = 0; break;
    default: return CUDA_ERROR_INVALID_VALUE;
    }
    return CUDA_SUCCESS;
}

SIM_EXPORT CUresult cuFuncSetAttribute(CUfunction hfunc, CUfunction_attribute attrib, int value) {
    CUresult status = check_context();
    if (status != CUDA_SUCCESS) {
        return status;
    }
    if (!valid_function(hfunc)) {
        return CUDA_ERROR_INVALID_HANDLE;
    }
    switch (attrib) {
    case CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES:
        if (value < 0 || value > SIM_MAX_SHARED_PER_BLOCK_OPTIN) {
            return CUDA_ERROR_INVALID_VALUE;
        }
        hfunc->max_dynamic_shared = value;
        return CUDA_SUCCESS;
    case CU_FUNC_ATTRIBUTE_PREFERRED_SHARED_MEMORY_CARVEOUT:
        if (value < -1 || value > 100) {
            return CUDA_ERROR_INVALID_VALUE;
        }
        hfunc->carveout = value;
        return CUDA_SUCCESS;
    default:
        return CUDA_ERROR_INVALID_VALUE;
    }
}

/* Points params at the parameters packed in an extra buffer, each at its natural alignment. */
static CUresult unpack_extra(const struct cudasim_kernel *k, void **extra, void **params) {
    char *buffer = NULL;
    size_t size = 0;
    bool have_size = false;
    for (int i = 0; extra[i] != LAUNCH_PARAM_END; i += 2) {
        if (extra[i] == LAUNCH_PARAM_BUFFER_POINTER) {
            buffer = extra[i + 1];
        } else if (extra[i] == LAUNCH_PARAM_BUFFER_SIZE) {
            size = *(size_t *) extra[i + 1];
            have_size = true;
        } else {
            return CUDA_ERROR_INVALID_VALUE;
        }
    }
    if (buffer == NULL || !have_size) {
        return CUDA_ERROR_INVALID_VALUE;
    }
    size_t offset = 0;
    for (int p = 0; p < k->param_count; p++) {
        size_t align = k->param_aligns[p];
        offset = (offset + align - 1) / align * align;
        if (offset + k->param_sizes[p] > size) {
            return CUDA_ERROR_INVALID_VALUE;
        }
        params[p] = buffer + offset;
        offset += k->param_sizes[p];
    }
    return CUDA_SUCCESS;
}

SIM_EXPORT CUresult cuLaunchKernel(CUfunction f, unsigned int gridDimX, unsigned int gridDimY,
        unsigned int gridDimZ, unsigned int blockDimX, unsigned int blockDimY, unsigned int blockDimZ,
        unsigned int sharedMemBytes, CUstream hStream, void **kernelParams, void **extra) {
    CUresult status = check_context();
    if (status != CUDA_SUCCESS) {
        return status;
    }
    if (!valid_function(f)) {
        return CUDA_ERROR_INVALID_HANDLE;
    }
    if (!sim_stream_valid(hStream)) {
        return CUDA_ERROR_INVALID_HANDLE;
    }
    unsigned long long threads = (unsigned long long) blockDimX * blockDimY * blockDimZ;
    if (gridDimX == 0 || gridDimY == 0 || gridDimZ == 0 || gridDimX > 2147483647u || gridDimY > 65535
            || gridDimZ > 65535 || blockDimX == 0 || blockDimY == 0 || blockDimZ == 0 || blockDimX > 1024
            || blockDimY > 1024 || blockDimZ > 64 || threads > SIM_MAX_THREADS_PER_BLOCK) {
        return CUDA_ERROR_INVALID_VALUE;
    }
    if (sharedMemBytes > (unsigned int) f->max_dynamic_shared) {
        return CUDA_ERROR_INVALID_VALUE;
    }
    const struct cudasim_kernel *k = f->kernel;
    void *unpacked[256];
    void **params = kernelParams;
    if (k->param_count > 0 && kernelParams == NULL) {
        if (extra == NULL || k->param_count > 256) {
            return CUDA_ERROR_INVALID_VALUE;
        }
        status = unpack_extra(k, extra, unpacked);
        if (status != CUDA_SUCCESS) {
            return status;
        }
        params = unpacked;
    } else if (kernelParams != NULL && extra != NULL) {
        return CUDA_ERROR_INVALID_VALUE;
    }
    sim_lock();
    /* A pointer parameter must address device-accessible memory, as on the hardware where a host
       pointer faults (CUDA_SIM_CHECK_POINTERS=0 turns this off). */
    if (sim_env_flag("CUDA_SIM_CHECK_POINTERS", true)) {
        for (int p = 0; p < k->param_count; p++) {
            void *value;
            memcpy(&value, params[p], sizeof value);
            if (k->param_is_pointer[p] && value != NULL && !sim_mem_addressable(value)) {
                sim_diag(true, "cuLaunchKernel: parameter %d of %s (%p) is not device memory: "
                        "the kernel would fault with an illegal address", p, f->symbol, value);
                sim_unlock();
                return CUDA_ERROR_ILLEGAL_ADDRESS;
            }
        }
    }
    unsigned int grid[3] = {gridDimX, gridDimY, gridDimZ};
    unsigned int block[3] = {blockDimX, blockDimY, blockDimZ};
    status = sim_launch(f, grid, block, sharedMemBytes, params);
    sim_unlock();
    return status;
}
