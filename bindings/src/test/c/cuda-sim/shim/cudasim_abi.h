/*
 * cuda-sim: the interface between the launcher in libcudasim.so (C) and a kernel module compiled
 * by the emulated NVRTC (C++). Each module defines one __cudasim_context object; the launcher
 * finds it with dlsym, fills in the callbacks once, and the indices before each thread runs.
 */
#ifndef CUDASIM_ABI_H
#define CUDASIM_ABI_H

#define CUDASIM_ABI_VERSION 1

#ifdef __cplusplus
extern "C" {
#endif

struct cudasim_index {
    unsigned int x, y, z;
};

/* Barrier kinds for the barrier callback. */
enum {
    CUDASIM_SYNC_BLOCK = 0,       /* __syncthreads */
    CUDASIM_SYNC_BLOCK_COUNT = 1, /* __syncthreads_count */
    CUDASIM_SYNC_BLOCK_AND = 2,   /* __syncthreads_and */
    CUDASIM_SYNC_BLOCK_OR = 3,    /* __syncthreads_or */
    CUDASIM_SYNC_WARP = 4         /* __syncwarp */
};

/* Warp collectives for the warp callback. */
enum {
    CUDASIM_WARP_SHFL = 0,
    CUDASIM_WARP_SHFL_UP = 1,
    CUDASIM_WARP_SHFL_DOWN = 2,
    CUDASIM_WARP_SHFL_XOR = 3,
    CUDASIM_WARP_BALLOT = 4,
    CUDASIM_WARP_ALL = 5,
    CUDASIM_WARP_ANY = 6,
    CUDASIM_WARP_ACTIVEMASK = 7
};

/* Ways a kernel can stop a launch. */
enum {
    CUDASIM_TRAP_ASSERT = 1, /* a failed assert(): CUDA_ERROR_ASSERT */
    CUDASIM_TRAP_TRAP = 2    /* __trap(): CUDA_ERROR_LAUNCH_FAILED */
};

struct cudasim_context {
    struct cudasim_index thread_idx;
    struct cudasim_index block_idx;
    struct cudasim_index block_dim;
    struct cudasim_index grid_dim;
    /* Block or warp barrier; returns the barrier's reduction for the count/and/or kinds. */
    int (*barrier)(int kind, int predicate);
    /* A warp collective over the 64-bit pattern of a value; returns the pattern read. */
    unsigned long long (*warp)(int op, unsigned int mask, unsigned long long value, int lane, int width);
    /* Ends the launch with an error; does not return. */
    void (*trap)(int kind, const char *message, const char *file, int line);
};

/* One kernel entry point of a module. */
struct cudasim_kernel {
    const char *name; /* the name in the source, or the name expression */
    void *function;   /* the kernel itself (dladdr gives its symbol name) */
    void (*call)(void **params); /* calls the kernel with parameters laid out as cuLaunchKernel's */
    int param_count;
    const unsigned short *param_sizes;
    const unsigned short *param_aligns;
    const unsigned char *param_is_pointer;
};

#ifdef __cplusplus
}
#endif

#endif /* CUDASIM_ABI_H */
