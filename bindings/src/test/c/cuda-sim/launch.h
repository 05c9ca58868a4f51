/*
 * cuda-sim: modules, functions and the launcher (launch.c), used by the driver API (driver.c).
 */
#ifndef CUDASIM_LAUNCH_H
#define CUDASIM_LAUNCH_H

#include "sim.h"

struct CUfunc_st {
    struct CUmod_st *module;
    const struct cudasim_kernel *kernel;
    char *symbol;           /* the name cuModuleGetFunction finds it by */
    int max_dynamic_shared; /* CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES */
    int carveout;           /* CU_FUNC_ATTRIBUTE_PREFERRED_SHARED_MEMORY_CARVEOUT */
};

struct CUmod_st {
    void *handle;
    struct cudasim_context *ctx;
    unsigned char *dynamic_shared;
    struct CUfunc_st *functions;
    int function_count;
};

/* Decodes and loads an image; the caller registers nothing else. */
CUresult sim_module_load(const void *image, struct CUmod_st **out);
CUresult sim_module_unload(struct CUmod_st *m);
/* Finds a module's __device__ variable and registers it as device memory. */
CUresult sim_module_global(struct CUmod_st *m, const char *name, CUdeviceptr *dptr, size_t *bytes);
void sim_launch_install_callbacks(struct cudasim_context *ctx);
/* Runs the grid; the caller has validated everything and holds the device lock. */
CUresult sim_launch(struct CUfunc_st *f, const unsigned int grid[3], const unsigned int block[3],
        unsigned int shared_bytes, void **params);

#endif /* CUDASIM_LAUNCH_H */
