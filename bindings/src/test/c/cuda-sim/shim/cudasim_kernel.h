/*
 * cuda-sim kernel shim: lets CUDA C++ kernel source compile for the host.
 *
 * The emulated NVRTC includes this header before the program's source (compiled as C++17 by the
 * host compiler) and appends a table of the program's kernels. It defines the CUDA execution
 * space keywords, the built-in index variables (read from the module's __cudasim_context, which
 * the launcher updates before running each thread), barriers and warp collectives (callbacks into
 * the launcher's scheduler), atomics (plain read-modify-write: the launcher runs one thread at a
 * time), vector types and the single-precision math functions of the CUDA math API on top of the
 * C library's.
 */
#ifndef CUDASIM_KERNEL_H
#define CUDASIM_KERNEL_H

#include <math.h>
#include <cmath>
#include <cfloat>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <type_traits>
#include <utility>

#include "cudasim_abi.h"

#ifndef CUDASIM_MAX_DYNAMIC_SHARED
#define CUDASIM_MAX_DYNAMIC_SHARED (228 * 1024)
#endif

/* The module's state, found by the launcher with dlsym. */
extern "C" {
__attribute__((visibility("default"))) struct cudasim_context __cudasim_ctx;
__attribute__((visibility("default"), aligned(256))) unsigned char __cudasim_dynamic_shared[CUDASIM_MAX_DYNAMIC_SHARED];
__attribute__((visibility("default"))) int __cudasim_abi_version = CUDASIM_ABI_VERSION;
}

/* ---- Built-in types and variables ------------------------------------------------------------ */

struct uint3 {
    unsigned int x, y, z;
};

struct dim3 {
    unsigned int x, y, z;
    constexpr dim3(unsigned int vx = 1, unsigned int vy = 1, unsigned int vz = 1) : x(vx), y(vy), z(vz) {}
    constexpr dim3(uint3 v) : x(v.x), y(v.y), z(v.z) {}
    constexpr operator uint3() const { return uint3{x, y, z}; }
};

#define threadIdx (*reinterpret_cast<const uint3 *>(&__cudasim_ctx.thread_idx))
#define blockIdx (*reinterpret_cast<const uint3 *>(&__cudasim_ctx.block_idx))
#define blockDim (*reinterpret_cast<const uint3 *>(&__cudasim_ctx.block_dim))
#define gridDim (*reinterpret_cast<const uint3 *>(&__cudasim_ctx.grid_dim))
static constexpr int warpSize = 32;

#define CUDASIM_VECTOR2(T, name, align) \
    struct __attribute__((aligned(align))) name { T x, y; }; \
    static inline name make_##name(T x, T y) { return name{x, y}; }
#define CUDASIM_VECTOR3(T, name) \
    struct name { T x, y, z; }; \
    static inline name make_##name(T x, T y, T z) { return name{x, y, z}; }
#define CUDASIM_VECTOR4(T, name, align) \
    struct __attribute__((aligned(align))) name { T x, y, z, w; }; \
    static inline name make_##name(T x, T y, T z, T w) { return name{x, y, z, w}; }

CUDASIM_VECTOR2(float, float2, 8)
CUDASIM_VECTOR3(float, float3)
CUDASIM_VECTOR4(float, float4, 16)
CUDASIM_VECTOR2(double, double2, 16)
CUDASIM_VECTOR3(double, double3)
CUDASIM_VECTOR4(double, double4, 16)
CUDASIM_VECTOR2(int, int2, 8)
CUDASIM_VECTOR3(int, int3)
CUDASIM_VECTOR4(int, int4, 16)
CUDASIM_VECTOR2(unsigned int, uint2, 8)
CUDASIM_VECTOR4(unsigned int, uint4, 16)
CUDASIM_VECTOR2(long long, longlong2, 16)
CUDASIM_VECTOR2(unsigned long long, ulonglong2, 16)
static inline uint3 make_uint3(unsigned int x, unsigned int y, unsigned int z) { return uint3{x, y, z}; }

/* ---- Barriers and warp collectives ------------------------------------------------------------ */

static inline void __syncthreads() { __cudasim_ctx.barrier(CUDASIM_SYNC_BLOCK, 0); }
static inline int __syncthreads_count(int p) { return __cudasim_ctx.barrier(CUDASIM_SYNC_BLOCK_COUNT, p != 0); }
static inline int __syncthreads_and(int p) { return __cudasim_ctx.barrier(CUDASIM_SYNC_BLOCK_AND, p != 0); }
static inline int __syncthreads_or(int p) { return __cudasim_ctx.barrier(CUDASIM_SYNC_BLOCK_OR, p != 0); }
static inline void __syncwarp(unsigned int mask = 0xffffffffu) { (void) mask; __cudasim_ctx.barrier(CUDASIM_SYNC_WARP, 0); }
static inline void __threadfence() { __atomic_thread_fence(__ATOMIC_SEQ_CST); }
static inline void __threadfence_block() { __atomic_thread_fence(__ATOMIC_SEQ_CST); }
static inline void __threadfence_system() { __atomic_thread_fence(__ATOMIC_SEQ_CST); }

namespace cudasim {
template <class T>
static inline T warp_op(int op, unsigned int mask, T value, int lane, int width) {
    static_assert(sizeof(T) <= 8 && std::is_trivially_copyable<T>::value, "warp shuffles take values of at most 8 bytes");
    unsigned long long bits = 0;
    std::memcpy(&bits, &value, sizeof(T));
    bits = __cudasim_ctx.warp(op, mask, bits, lane, width);
    T out;
    std::memcpy(&out, &bits, sizeof(T));
    return out;
}
} // namespace cudasim

template <class T>
static inline T __shfl_sync(unsigned int mask, T var, int srcLane, int width = warpSize) {
    return cudasim::warp_op(CUDASIM_WARP_SHFL, mask, var, srcLane, width);
}
template <class T>
static inline T __shfl_up_sync(unsigned int mask, T var, unsigned int delta, int width = warpSize) {
    return cudasim::warp_op(CUDASIM_WARP_SHFL_UP, mask, var, (int) delta, width);
}
template <class T>
static inline T __shfl_down_sync(unsigned int mask, T var, unsigned int delta, int width = warpSize) {
    return cudasim::warp_op(CUDASIM_WARP_SHFL_DOWN, mask, var, (int) delta, width);
}
template <class T>
static inline T __shfl_xor_sync(unsigned int mask, T var, int laneMask, int width = warpSize) {
    return cudasim::warp_op(CUDASIM_WARP_SHFL_XOR, mask, var, laneMask, width);
}
static inline unsigned int __ballot_sync(unsigned int mask, int predicate) {
    return (unsigned int) __cudasim_ctx.warp(CUDASIM_WARP_BALLOT, mask, predicate != 0, 0, warpSize);
}
static inline int __all_sync(unsigned int mask, int predicate) {
    return (int) __cudasim_ctx.warp(CUDASIM_WARP_ALL, mask, predicate != 0, 0, warpSize);
}
static inline int __any_sync(unsigned int mask, int predicate) {
    return (int) __cudasim_ctx.warp(CUDASIM_WARP_ANY, mask, predicate != 0, 0, warpSize);
}
static inline unsigned int __activemask() {
    return (unsigned int) __cudasim_ctx.warp(CUDASIM_WARP_ACTIVEMASK, 0xffffffffu, 0, 0, warpSize);
}

/* ---- Errors raised by kernels ------------------------------------------------------------------ */

#undef assert
#define assert(e) ((e) ? (void) 0 : __cudasim_ctx.trap(CUDASIM_TRAP_ASSERT, #e, __FILE__, __LINE__))
static inline void __trap() { __cudasim_ctx.trap(CUDASIM_TRAP_TRAP, "__trap()", "", 0); }
static inline void __brkpt() {}

/* ---- Atomics: the launcher runs one thread at a time, so a plain update is atomic ------------- */

template <class T> static inline T atomicAdd(T *address, T val) { T old = *address; *address = old + val; return old; }
template <class T> static inline T atomicSub(T *address, T val) { T old = *address; *address = old - val; return old; }
template <class T> static inline T atomicExch(T *address, T val) { T old = *address; *address = val; return old; }
template <class T> static inline T atomicMin(T *address, T val) { T old = *address; *address = val < old ? val : old; return old; }
template <class T> static inline T atomicMax(T *address, T val) { T old = *address; *address = val > old ? val : old; return old; }
template <class T> static inline T atomicAnd(T *address, T val) { T old = *address; *address = old & val; return old; }
template <class T> static inline T atomicOr(T *address, T val) { T old = *address; *address = old | val; return old; }
template <class T> static inline T atomicXor(T *address, T val) { T old = *address; *address = old ^ val; return old; }
template <class T> static inline T atomicCAS(T *address, T compare, T val) {
    T old = *address;
    *address = old == compare ? val : old;
    return old;
}
static inline unsigned int atomicInc(unsigned int *address, unsigned int val) {
    unsigned int old = *address;
    *address = old >= val ? 0 : old + 1;
    return old;
}
static inline unsigned int atomicDec(unsigned int *address, unsigned int val) {
    unsigned int old = *address;
    *address = (old == 0 || old > val) ? val : old - 1;
    return old;
}
#define atomicAdd_block atomicAdd
#define atomicAdd_system atomicAdd
#define atomicMax_block atomicMax
#define atomicMin_block atomicMin
#define atomicExch_block atomicExch
#define atomicCAS_block atomicCAS

/* ---- Loads ------------------------------------------------------------------------------------- */

template <class T> static inline T __ldg(const T *p) { return *p; }
template <class T> static inline T __ldca(const T *p) { return *p; }
template <class T> static inline T __ldcg(const T *p) { return *p; }
template <class T> static inline T __ldcs(const T *p) { return *p; }
template <class T> static inline T __ldlu(const T *p) { return *p; }
template <class T> static inline void __stcs(T *p, T v) { *p = v; }
template <class T> static inline void __stcg(T *p, T v) { *p = v; }
template <class T> static inline void __stwt(T *p, T v) { *p = v; }

/* ---- Math: the CUDA math API's names over the C library --------------------------------------- */

/* The C library declares the __-prefixed intrinsic names itself, so they are macros here. */

template <class A, class B>
static inline auto max(A a, B b) -> typename std::common_type<A, B>::type {
    using R = typename std::common_type<A, B>::type;
    if constexpr (std::is_floating_point<R>::value) {
        return std::fmax((R) a, (R) b);
    } else {
        return (R) a > (R) b ? (R) a : (R) b;
    }
}
template <class A, class B>
static inline auto min(A a, B b) -> typename std::common_type<A, B>::type {
    using R = typename std::common_type<A, B>::type;
    if constexpr (std::is_floating_point<R>::value) {
        return std::fmin((R) a, (R) b);
    } else {
        return (R) a < (R) b ? (R) a : (R) b;
    }
}
static inline float rsqrtf(float x) { return 1.0f / sqrtf(x); }
static inline double rsqrt(double x) { return 1.0 / sqrt(x); }
static inline float rcbrtf(float x) { return 1.0f / cbrtf(x); }
static inline float sinpif(float x) { return sinf((float) M_PI * x); }
static inline float cospif(float x) { return cosf((float) M_PI * x); }
static inline double sinpi(double x) { return sin(M_PI * x); }
static inline double cospi(double x) { return cos(M_PI * x); }
static inline float normcdff(float x) { return 0.5f * erfcf(-x * (float) M_SQRT1_2); }
static inline double normcdf(double x) { return 0.5 * erfc(-x * M_SQRT1_2); }
static inline float __saturatef(float x) { return x < 0.0f ? 0.0f : (x > 1.0f ? 1.0f : (x == x ? x : 0.0f)); }
#define __expf(x) expf(x)
#define __exp10f(x) powf(10.0f, (x))
#define __logf(x) logf(x)
#define __log2f(x) log2f(x)
#define __log10f(x) log10f(x)
#define __powf(x, y) powf((x), (y))
#define __sinf(x) sinf(x)
#define __cosf(x) cosf(x)
#define __tanf(x) tanf(x)
#define __sincosf(x, s, c) sincosf((x), (s), (c))
static inline float __fdividef(float x, float y) { return x / y; }
static inline float __frcp_rn(float x) { return 1.0f / x; }
static inline float __fsqrt_rn(float x) { return sqrtf(x); }
static inline float __frsqrt_rn(float x) { return 1.0f / sqrtf(x); }
static inline float __fadd_rn(float x, float y) { return x + y; }
static inline float __fsub_rn(float x, float y) { return x - y; }
static inline float __fmul_rn(float x, float y) { return x * y; }
static inline float __fdiv_rn(float x, float y) { return x / y; }
static inline float __fmaf_rn(float x, float y, float z) { return fmaf(x, y, z); }
static inline double __dadd_rn(double x, double y) { return x + y; }
static inline double __dmul_rn(double x, double y) { return x * y; }
static inline double __fma_rn(double x, double y, double z) { return fma(x, y, z); }

template <class To, class From>
static inline To cudasim_bit_cast(From from) {
    static_assert(sizeof(To) == sizeof(From), "sizes differ");
    To to;
    std::memcpy(&to, &from, sizeof(To));
    return to;
}
static inline int __float_as_int(float x) { return cudasim_bit_cast<int>(x); }
static inline unsigned int __float_as_uint(float x) { return cudasim_bit_cast<unsigned int>(x); }
static inline float __int_as_float(int x) { return cudasim_bit_cast<float>(x); }
static inline float __uint_as_float(unsigned int x) { return cudasim_bit_cast<float>(x); }
static inline long long __double_as_longlong(double x) { return cudasim_bit_cast<long long>(x); }
static inline double __longlong_as_double(long long x) { return cudasim_bit_cast<double>(x); }
static inline int __float2int_rn(float x) { return (int) nearbyintf(x); }
static inline int __float2int_rz(float x) { return (int) truncf(x); }
static inline int __float2int_rd(float x) { return (int) floorf(x); }
static inline int __float2int_ru(float x) { return (int) ceilf(x); }
static inline long long __float2ll_rn(float x) { return (long long) nearbyintf(x); }
static inline float __int2float_rn(int x) { return (float) x; }
static inline float __ll2float_rn(long long x) { return (float) x; }
static inline int __double2int_rn(double x) { return (int) nearbyint(x); }
static inline float __double2float_rn(double x) { return (float) x; }
static inline int __clz(int x) { return x == 0 ? 32 : __builtin_clz((unsigned int) x); }
static inline int __clzll(long long x) { return x == 0 ? 64 : __builtin_clzll((unsigned long long) x); }
static inline int __popc(unsigned int x) { return __builtin_popcount(x); }
static inline int __popcll(unsigned long long x) { return __builtin_popcountll(x); }
static inline int __ffs(int x) { return __builtin_ffs(x); }
static inline int __ffsll(long long x) { return __builtin_ffsll(x); }
static inline unsigned int __brev(unsigned int x) {
    unsigned int r = 0;
    for (int i = 0; i < 32; i++) { r = (r << 1) | ((x >> i) & 1u); }
    return r;
}
static inline int __mul24(int x, int y) { return (int) ((long long) ((x << 8) >> 8) * ((y << 8) >> 8)); }
static inline unsigned int __umul24(unsigned int x, unsigned int y) { return (x & 0xffffffu) * (y & 0xffffffu); }
static inline int __mulhi(int x, int y) { return (int) (((long long) x * y) >> 32); }
static inline unsigned int __umulhi(unsigned int x, unsigned int y) { return (unsigned int) (((unsigned long long) x * y) >> 32); }
static inline long long __mul64hi(long long x, long long y) { return (long long) (((__int128) x * y) >> 64); }
static inline unsigned long long __umul64hi(unsigned long long x, unsigned long long y) {
    return (unsigned long long) (((unsigned __int128) x * y) >> 64);
}
static inline long long clock64() {
    std::timespec now;
    std::timespec_get(&now, TIME_UTC);
    return (long long) now.tv_sec * 1000000000LL + now.tv_nsec;
}

/* ---- Execution space and qualifiers ------------------------------------------------------------ */

#define __global__ __cudasim_kernel__
#define __device__
#define __host__
#define __constant__
#define __managed__
#define __shared__ static
#define __forceinline__ inline __attribute__((always_inline))
#define __noinline__ __attribute__((noinline))
#define __align__(n) __attribute__((aligned(n)))
#define __launch_bounds__(...)
#define __grid_constant__
/* __cudasim_kernel__ is no macro: the emulated NVRTC finds the kernels by this token in the
   preprocessed program, then replaces it with __attribute__((used)). */

#define __CUDACC__ 1
#define __CUDACC_RTC__ 1
#define __CUDACC_VER_MAJOR__ 13
#define __CUDACC_VER_MINOR__ 0
#define __CUDA_SIM__ 1

/* ---- The table of kernels, filled by the code appended after the program ------------------------ */

namespace cudasim {
template <class F, F f> struct kernel_entry;

template <class... A, void (*f)(A...)>
struct kernel_entry<void (*)(A...), f> {
    template <std::size_t... I>
    static void invoke(void **params, std::index_sequence<I...>) {
        f(*static_cast<typename std::remove_cv<A>::type *>(params[I])...);
    }
    static void call(void **params) { invoke(params, std::index_sequence_for<A...>{}); }
    static constexpr unsigned short sizes[sizeof...(A) + 1] = {(unsigned short) sizeof(A)..., 0};
    static constexpr unsigned short aligns[sizeof...(A) + 1] = {(unsigned short) alignof(A)..., 0};
    static constexpr unsigned char pointers[sizeof...(A) + 1] = {(unsigned char) std::is_pointer<A>::value..., 0};
    static cudasim_kernel describe(const char *name) {
        return cudasim_kernel{name, reinterpret_cast<void *>(f), &call, (int) sizeof...(A), sizes, aligns, pointers};
    }
};
} // namespace cudasim

#define CUDASIM_KERNEL(name, expr) cudasim::kernel_entry<decltype(expr), expr>::describe(name)

#endif /* CUDASIM_KERNEL_H */
