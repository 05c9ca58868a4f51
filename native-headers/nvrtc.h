/*
 * Panamax curated declarations: NVRTC, the CUDA runtime compiler (libnvrtc.so.12 /
 * libnvrtc.so.13).
 *
 * Written from NVIDIA's NVRTC documentation (CUDA 12.x and 13.0). Every function is exported
 * under its documented name. NVRTC compiles CUDA C++ source to PTX, or to CUBIN when the options
 * name a real architecture (e.g. "--gpu-architecture=sm_80"); the driver API's
 * cuModuleLoadData loads either.
 */
#ifndef PANAMAX_NVRTC_H
#define PANAMAX_NVRTC_H

#include <stddef.h>

typedef struct _nvrtcProgram *nvrtcProgram;

typedef enum {
    NVRTC_SUCCESS = 0,
    NVRTC_ERROR_OUT_OF_MEMORY = 1,
    NVRTC_ERROR_PROGRAM_CREATION_FAILURE = 2,
    NVRTC_ERROR_INVALID_INPUT = 3,
    NVRTC_ERROR_INVALID_PROGRAM = 4,
    NVRTC_ERROR_INVALID_OPTION = 5,
    NVRTC_ERROR_COMPILATION = 6,
    NVRTC_ERROR_BUILTIN_OPERATION_FAILURE = 7,
    NVRTC_ERROR_NO_NAME_EXPRESSIONS_AFTER_COMPILATION = 8,
    NVRTC_ERROR_NO_LOWERED_NAMES_BEFORE_COMPILATION = 9,
    NVRTC_ERROR_NAME_EXPRESSION_NOT_VALID = 10,
    NVRTC_ERROR_INTERNAL_ERROR = 11,
    NVRTC_ERROR_TIME_FILE_WRITE_FAILED = 12,
    NVRTC_ERROR_NO_PCH_CREATE_ATTEMPTED = 13,
    NVRTC_ERROR_PCH_CREATE_HEAP_EXHAUSTED = 14,
    NVRTC_ERROR_PCH_CREATE = 15,
    NVRTC_ERROR_CANCELLED = 16,
    NVRTC_ERROR_TIME_TRACE_FILE_WRITE_FAILED = 17
} nvrtcResult;

/* The result's enumerator name, e.g. "NVRTC_ERROR_COMPILATION". */
const char *nvrtcGetErrorString(nvrtcResult result);
nvrtcResult nvrtcVersion(int *major, int *minor);
nvrtcResult nvrtcGetNumSupportedArchs(int *numArchs);
/* Fills supportedArchs with nvrtcGetNumSupportedArchs values such as 75, 80, 90. */
nvrtcResult nvrtcGetSupportedArchs(int *supportedArchs);

/*
 * Creates a program from NUL-terminated source; name may be NULL ("default_program").
 * headers and includeNames hold numHeaders sources and the names #include refers to them by.
 */
nvrtcResult nvrtcCreateProgram(nvrtcProgram *prog, const char *src, const char *name,
                               int numHeaders, const char *const *headers,
                               const char *const *includeNames);
nvrtcResult nvrtcDestroyProgram(nvrtcProgram *prog);
/* NVRTC_ERROR_COMPILATION when the source does not compile; the log says why. */
nvrtcResult nvrtcCompileProgram(nvrtcProgram prog, int numOptions, const char *const *options);

/* Sizes include the terminating NUL of the log and of the PTX. */
nvrtcResult nvrtcGetProgramLogSize(nvrtcProgram prog, size_t *logSizeRet);
nvrtcResult nvrtcGetProgramLog(nvrtcProgram prog, char *log);
nvrtcResult nvrtcGetPTXSize(nvrtcProgram prog, size_t *ptxSizeRet);
nvrtcResult nvrtcGetPTX(nvrtcProgram prog, char *ptx);
/* Available when the program was compiled for a real architecture (sm_XX). */
nvrtcResult nvrtcGetCUBINSize(nvrtcProgram prog, size_t *cubinSizeRet);
nvrtcResult nvrtcGetCUBIN(nvrtcProgram prog, char *cubin);

/* Registers a __global__ function or variable name expression before compilation. */
nvrtcResult nvrtcAddNameExpression(nvrtcProgram prog, const char *const name_expression);
/* The mangled name of a registered expression, valid until the program is destroyed. */
nvrtcResult nvrtcGetLoweredName(nvrtcProgram prog, const char *const name_expression,
                                const char **lowered_name);

#endif /* PANAMAX_NVRTC_H */
