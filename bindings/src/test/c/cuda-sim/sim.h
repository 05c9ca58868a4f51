/*
 * cuda-sim: internal declarations shared by the translation units of libcudasim.so.
 *
 * cuda-sim emulates the CUDA runtime, driver, NVRTC, cuBLAS and cuDNN entry points declared in
 * native-headers/ on host memory, so that code written against them runs on a machine without a
 * GPU. The public prototypes come from the curated headers themselves: every definition in this
 * library is checked against them by the compiler.
 */
#ifndef CUDASIM_SIM_H
#define CUDASIM_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>

#include "cudart.h"
#include "cuda.h"
#include "cublas.h"
#include "cudnn.h"
#include "nvrtc.h"

#include "cudasim_abi.h"

#define SIM_EXPORT __attribute__((visibility("default")))

/* The emulated toolkit: CUDA 13.0 on a compute capability 8.0 device. */
enum {
    SIM_CUDA_VERSION = 13000,
    SIM_CC_MAJOR = 8,
    SIM_CC_MINOR = 0,
    SIM_ALLOC_ALIGNMENT = 256,
    SIM_MAX_THREADS_PER_BLOCK = 1024,
    SIM_DEFAULT_SHARED_PER_BLOCK = 48 * 1024,
    SIM_MAX_SHARED_PER_BLOCK_OPTIN = 163 * 1024
};

/* One lock serializes the emulated device: tables, launches and library state. */
void sim_lock(void);
void sim_unlock(void);

/* ---- Memory regions known to the emulated device ----------------------------------------- */

typedef enum {
    SIM_MEM_DEVICE,     /* cudaMalloc, cudaMallocAsync */
    SIM_MEM_PINNED,     /* cudaMallocHost, cudaHostAlloc */
    SIM_MEM_REGISTERED, /* cudaHostRegister */
    SIM_MEM_GLOBAL      /* a module's __device__ variable, found by cuModuleGetGlobal */
} sim_mem_kind;

typedef struct {
    uintptr_t base;
    size_t size;
    sim_mem_kind kind;
    const void *owner; /* the module of a SIM_MEM_GLOBAL region */
} sim_region;

/* Adds a region; false if it overlaps one already known or memory ran out. */
bool sim_mem_add(const void *base, size_t size, sim_mem_kind kind, const void *owner);
/* Removes the region starting exactly at base if it has the kind; false otherwise. */
bool sim_mem_remove(const void *base, sim_mem_kind kind);
/* Copies the region holding address p (base <= p < base + size) into *out. */
bool sim_mem_find(const void *p, sim_region *out);
/* Whether [p, p + bytes) lies inside one device region (device allocation or module global). */
bool sim_mem_is_device(const void *p, size_t bytes);
/* Whether [p, p + bytes) lies inside one region the device can address (any kind). */
bool sim_mem_device_accessible(const void *p, size_t bytes);
/* Whether p lies inside or one past the end of any region the device can address. */
bool sim_mem_addressable(const void *p);
/* Removes every region of a kind (and owner, when owner is not NULL), calling release on each base. */
void sim_mem_remove_all(sim_mem_kind kind, const void *owner, void (*release)(void *base));
size_t sim_mem_device_bytes_in_use(void);
size_t sim_mem_device_limit(void);

/* Allocates device memory (256-byte aligned, poisoned unless CUDA_SIM_POISON=0) and registers it. */
cudaError_t sim_device_alloc(void **ptr, size_t size);
cudaError_t sim_device_free(void *ptr);
/* Frees everything the primary context owns: device memory, pinned memory, modules, streams, events. */
void sim_context_destroy_resources(void);

/* ---- Handle registry: which opaque handles are alive ------------------------------------- */

typedef enum {
    SIM_HANDLE_STREAM,
    SIM_HANDLE_EVENT,
    SIM_HANDLE_MODULE,
    SIM_HANDLE_FUNCTION,
    SIM_HANDLE_PROGRAM,
    SIM_HANDLE_CUBLAS,
    SIM_HANDLE_CUDNN,
    SIM_HANDLE_CUDNN_TENSOR,
    SIM_HANDLE_CUDNN_ACTIVATION,
    SIM_HANDLE_CUDNN_OP_TENSOR,
    SIM_HANDLE_CUDNN_REDUCE,
    SIM_HANDLE_KINDS
} sim_handle_kind;

void sim_handle_add(sim_handle_kind kind, const void *handle);
bool sim_handle_remove(sim_handle_kind kind, const void *handle);
bool sim_handle_valid(sim_handle_kind kind, const void *handle);
/* Calls fn on every live handle of a kind and forgets them all. */
void sim_handle_drain(sim_handle_kind kind, void (*fn)(void *handle));

/* Whether a stream handle is usable: NULL, the legacy or per-thread default stream, or a live stream. */
bool sim_stream_valid(const void *stream);

/* ---- Contexts ---------------------------------------------------------------------------- */

/* Makes the runtime's primary context exist and be current on the calling thread (runtime API). */
void sim_runtime_bind_context(void);
/* Whether the calling thread has a current, live context (driver API). */
bool sim_context_current(void);
/* Unloads every module (context destruction). */
void sim_modules_unload_all(void);
/* Frees every stream and event (context destruction). */
void sim_runtime_destroy_streams_and_events(void);

/* Looks a function up in a loaded object (dlsym, converted without a cast between object and function pointers). */
#define SIM_DLSYM_FUNCTION(fn, handle, name) do { \
        void *sim_symbol_ = dlsym((handle), (name)); \
        memcpy(&(fn), &sim_symbol_, sizeof(fn)); \
    } while (0)

/* ---- Diagnostics --------------------------------------------------------------------------- */

/* Prints "cuda-sim: <message>" on stderr when CUDA_SIM_VERBOSE is set, or always when loud. */
void sim_diag(bool loud, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Reads a non-negative size from an environment variable, with an optional K/M/G suffix. */
bool sim_env_size(const char *name, size_t *out);
bool sim_env_flag(const char *name, bool fallback);

/* ---- Module images ---------------------------------------------------------------------------
 *
 * What the emulated NVRTC produces and the emulated cuModuleLoadData accepts: a host shared
 * object holding the kernels, tagged with the architecture it was compiled for. As CUBIN it is
 * binary (magic "CUDASIM\1", u32 format version, u32 architecture, u64 size, the object); as PTX
 * it is text (the object in base64 after a header naming the kernels), so it survives being
 * handled as a NUL-terminated string.
 */

/* The device's compute capability as 10 * major + minor: 80, or CUDA_SIM_COMPUTE_CAPABILITY. */
int sim_device_cc(void);

typedef struct {
    int arch;       /* 80 for sm_80 or compute_80 */
    bool virtual_arch; /* compiled for compute_XX (PTX) rather than sm_XX */
    unsigned char *object; /* malloc'ed */
    size_t size;
} sim_image;

/* Decodes an image; CUDA_ERROR_INVALID_IMAGE, INVALID_PTX or NO_BINARY_FOR_GPU when it is not one. */
CUresult sim_image_decode(const void *image, sim_image *out);
/* Encodes the CUBIN form; returns a malloc'ed buffer of *size bytes. */
unsigned char *sim_image_encode_binary(const sim_image *image, size_t *size);
/* Encodes the PTX form, listing the kernel symbols; returns a malloc'ed NUL-terminated string. */
char *sim_image_encode_text(const sim_image *image, const char *const *symbols, int count);

/* The kernel shim's sources, embedded by the build (shim_files.c, generated). */
extern const char cudasim_shim_kernel_h[];
extern const char cudasim_shim_abi_h[];

/* ---- Error names ----------------------------------------------------------------------------- */

const char *sim_cuda_error_name(int code);   /* runtime names, NULL when unknown */
const char *sim_cuda_error_string(int code); /* runtime descriptions, NULL when unknown */
const char *sim_cu_result_name(int code);
const char *sim_cu_result_string(int code);

#endif /* CUDASIM_SIM_H */
