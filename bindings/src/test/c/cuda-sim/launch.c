/*
 * cuda-sim: modules and kernel launches (the cuModule* and cuLaunchKernel half of the driver API).
 *
 * A module is the shared object of an emulated NVRTC image, loaded with dlopen from a temporary
 * copy. A launch runs the grid's blocks one after the other and, within a block, one thread at a
 * time:
 *   - a thread first runs directly on the caller's stack; if it finishes without reaching a
 *     barrier, the next thread runs the same way (kernels without barriers cost one call per
 *     thread);
 *   - when a thread reaches a barrier (__syncthreads, __syncwarp, a warp shuffle or vote), the
 *     other threads of the block that must reach it run as fibers (ucontext) until each arrives or
 *     exits; the barrier then releases and the threads go on in turn.
 * A barrier waits for the threads of the block (or warp) that have not exited, so a kernel whose
 * threads return early before a __syncthreads works as it does on the hardware. A block whose
 * threads all wait at different barriers is a deadlock: the launch fails with
 * CUDA_ERROR_LAUNCH_FAILED. assert() ends a launch with CUDA_ERROR_ASSERT, __trap() with
 * CUDA_ERROR_LAUNCH_FAILED.
 */
#include "sim.h"
#include "launch.h"

#include <dlfcn.h>
#include <elf.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

/* ---- Modules -------------------------------------------------------------------------------- */

static void function_release(struct CUfunc_st *f) {
    sim_handle_remove(SIM_HANDLE_FUNCTION, f);
    free(f->symbol);
}

static void module_release(struct CUmod_st *m) {
    sim_mem_remove_all(SIM_MEM_GLOBAL, m, NULL);
    for (int i = 0; i < m->function_count; i++) {
        function_release(&m->functions[i]);
    }
    free(m->functions);
    if (m->handle != NULL) {
        dlclose(m->handle);
    }
    free(m);
}

CUresult sim_module_load(const void *image, struct CUmod_st **out) {
    sim_image decoded;
    CUresult status = sim_image_decode(image, &decoded);
    if (status != CUDA_SUCCESS) {
        return status;
    }
    const char *tmp = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/cuda-sim-module-XXXXXX.so", tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
    int fd = mkstemps(path, 3);
    if (fd < 0) {
        free(decoded.object);
        return CUDA_ERROR_OPERATING_SYSTEM;
    }
    bool written = write(fd, decoded.object, decoded.size) == (ssize_t) decoded.size;
    close(fd);
    free(decoded.object);
    void *handle = written ? dlopen(path, RTLD_NOW | RTLD_LOCAL) : NULL;
    unlink(path);
    if (handle == NULL) {
        sim_diag(true, "cuModuleLoadData: %s", written ? dlerror() : "could not write the module");
        return written ? CUDA_ERROR_SHARED_OBJECT_INIT_FAILED : CUDA_ERROR_OPERATING_SYSTEM;
    }
    int *abi = dlsym(handle, "__cudasim_abi_version");
    struct cudasim_context *ctx = dlsym(handle, "__cudasim_ctx");
    unsigned char *shared = dlsym(handle, "__cudasim_dynamic_shared");
    const struct cudasim_kernel *(*table)(int *) = NULL;
    SIM_DLSYM_FUNCTION(table, handle, "__cudasim_kernels");
    if (abi == NULL || *abi != CUDASIM_ABI_VERSION || ctx == NULL || shared == NULL || table == NULL) {
        dlclose(handle);
        return CUDA_ERROR_INVALID_IMAGE;
    }
    struct CUmod_st *m = calloc(1, sizeof *m);
    int count = 0;
    const struct cudasim_kernel *kernels = table(&count);
    if (m == NULL || (count > 0 && (m->functions = calloc((size_t) count, sizeof *m->functions)) == NULL)) {
        free(m);
        dlclose(handle);
        return CUDA_ERROR_OUT_OF_MEMORY;
    }
    m->handle = handle;
    m->ctx = ctx;
    m->dynamic_shared = shared;
    sim_launch_install_callbacks(ctx);
    for (int i = 0; i < count; i++) {
        struct CUfunc_st *f = &m->functions[i];
        Dl_info info;
        bool exact = dladdr(kernels[i].function, &info) != 0 && info.dli_sname != NULL
                && info.dli_saddr == kernels[i].function;
        const char *last = strrchr(kernels[i].name, ':');
        f->module = m;
        f->kernel = &kernels[i];
        f->symbol = strdup(exact ? info.dli_sname : (last != NULL ? last + 1 : kernels[i].name));
        f->max_dynamic_shared = SIM_DEFAULT_SHARED_PER_BLOCK;
        m->function_count++;
        sim_handle_add(SIM_HANDLE_FUNCTION, f);
    }
    sim_handle_add(SIM_HANDLE_MODULE, m);
    *out = m;
    return CUDA_SUCCESS;
}

CUresult sim_module_unload(struct CUmod_st *m) {
    if (!sim_handle_remove(SIM_HANDLE_MODULE, m)) {
        return CUDA_ERROR_INVALID_HANDLE;
    }
    module_release(m);
    return CUDA_SUCCESS;
}

CUresult sim_module_global(struct CUmod_st *m, const char *name, CUdeviceptr *dptr, size_t *bytes) {
    void *address = dlsym(m->handle, name);
    Dl_info info;
    const ElfW(Sym) *symbol = NULL;
    if (address == NULL || dladdr1(address, &info, (void **) &symbol, RTLD_DL_SYMENT) == 0 || symbol == NULL
            || ELF64_ST_TYPE(symbol->st_info) != STT_OBJECT || strncmp(name, "__cudasim", 9) == 0) {
        return CUDA_ERROR_NOT_FOUND;
    }
    size_t size = (size_t) symbol->st_size;
    sim_region existing;
    if (!sim_mem_find(address, &existing)) {
        sim_mem_add(address, size, SIM_MEM_GLOBAL, m);
    }
    if (dptr != NULL) {
        *dptr = (CUdeviceptr) (uintptr_t) address;
    }
    if (bytes != NULL) {
        *bytes = size;
    }
    return CUDA_SUCCESS;
}

static void module_release_any(void *m) {
    module_release(m);
}

void sim_modules_unload_all(void) {
    sim_handle_drain(SIM_HANDLE_MODULE, module_release_any);
}

/* ---- The scheduler ------------------------------------------------------------------------------- */

typedef enum { T_UNSTARTED, T_READY, T_RUNNING, T_WAITING, T_DONE } thread_state;

typedef struct {
    ucontext_t context;
    thread_state state;
    bool fiber;
    bool at_warp_barrier;            /* while waiting: at a warp barrier rather than the block's */
    unsigned int block_tag[2];       /* generation of the block barrier that wrote block_slot[parity] */
    int block_slot[2];               /* a __syncthreads_count/and/or predicate */
    unsigned int warp_tag[2];        /* generation of the warp collective that wrote warp_slot[parity] */
    unsigned long long warp_slot[2]; /* a warp collective's value */
} sim_thread;

enum { MAX_THREADS = SIM_MAX_THREADS_PER_BLOCK, WARPS = MAX_THREADS / 32 };

static struct {
    struct CUfunc_st *function;
    struct cudasim_context *ctx;
    void **params;
    unsigned int block[3];
    int count;            /* threads per block */
    sim_thread threads[MAX_THREADS];
    void *stacks[MAX_THREADS];
    size_t stack_size;
    int current;          /* the running thread, -1 for the launcher */
    int on_main;          /* the thread running on the launcher's stack, -1 if none */
    int alive;            /* threads not done (unstarted ones included) */
    int next_direct;      /* no thread below this index is unstarted */
    int live_fibers;
    int block_waiting;
    unsigned int block_gen;
    int block_result[2];
    int warp_alive[WARPS];
    int warp_waiting[WARPS];
    unsigned int warp_gen[WARPS];
    ucontext_t launcher;
    ucontext_t abort_point;
    CUresult error;
} L;

static void set_current(int t) {
    L.current = t;
    unsigned int bx = L.block[0];
    unsigned int by = L.block[1];
    unsigned int u = (unsigned int) t;
    L.ctx->thread_idx.x = u % bx;
    L.ctx->thread_idx.y = u / bx % by;
    L.ctx->thread_idx.z = u / (bx * by);
}

static _Noreturn void abort_launch(CUresult error) {
    L.error = error;
    setcontext(&L.abort_point);
    abort(); /* setcontext does not return */
}

static void fiber_main(int t);

/* The next thread to run after from (round robin), ready or unstarted; -1 if none. */
static int pick_next(int from) {
    for (int k = 1; k <= L.count; k++) {
        int r = (from + k) % L.count;
        if (r < 0) {
            r += L.count;
        }
        if (L.threads[r].state == T_READY || L.threads[r].state == T_UNSTARTED) {
            return r;
        }
    }
    return -1;
}

static void *stack_for(int t) {
    if (L.stacks[t] == NULL) {
        long page = sysconf(_SC_PAGESIZE);
        void *stack = mmap(NULL, L.stack_size + (size_t) page, PROT_READ | PROT_WRITE,
                MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
        if (stack == MAP_FAILED) {
            sim_diag(true, "cuLaunchKernel: no memory for a thread's stack");
            abort_launch(CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES);
        }
        mprotect(stack, (size_t) page, PROT_NONE); /* guard page: an overflow faults */
        L.stacks[t] = (char *) stack + page;
    }
    return L.stacks[t];
}

/* Saves the running context into save (NULL: discard it) and runs thread r. */
static void switch_to(ucontext_t *save, int r) {
    sim_thread *th = &L.threads[r];
    if (th->state == T_UNSTARTED) {
        getcontext(&th->context);
        th->context.uc_stack.ss_sp = stack_for(r);
        th->context.uc_stack.ss_size = L.stack_size;
        th->context.uc_link = NULL;
        makecontext(&th->context, (void (*)(void)) fiber_main, 1, r);
        th->fiber = true;
        L.live_fibers++;
    }
    th->state = T_RUNNING;
    set_current(r);
    if (save != NULL) {
        swapcontext(save, &th->context);
    } else {
        setcontext(&th->context);
    }
}

/* Releases the block barrier or a warp barrier when every live thread concerned has arrived. */
static void release_if_complete(int warp) {
    if (L.block_waiting > 0 && L.block_waiting == L.alive) {
        unsigned int parity = L.block_gen & 1;
        int count = 0;
        for (int i = 0; i < L.count; i++) {
            sim_thread *th = &L.threads[i];
            if (th->state == T_WAITING && !th->at_warp_barrier) {
                count += th->block_tag[parity] == L.block_gen + 1 && th->block_slot[parity] != 0;
                th->state = T_READY;
            }
        }
        L.block_result[parity] = count;
        L.block_waiting = 0;
        L.block_gen++;
    }
    if (warp >= 0 && L.warp_waiting[warp] > 0 && L.warp_waiting[warp] == L.warp_alive[warp]) {
        int end = (warp + 1) * 32 < L.count ? (warp + 1) * 32 : L.count;
        for (int i = warp * 32; i < end; i++) {
            if (L.threads[i].state == T_WAITING && L.threads[i].at_warp_barrier) {
                L.threads[i].state = T_READY;
            }
        }
        L.warp_waiting[warp] = 0;
        L.warp_gen[warp]++;
    }
}

/* Waits at the current thread's block (warp < 0) or warp barrier until it releases. */
static void wait_here(int warp) {
    int t = L.current;
    sim_thread *th = &L.threads[t];
    th->state = T_WAITING;
    th->at_warp_barrier = warp >= 0;
    if (warp < 0) {
        L.block_waiting++;
    } else {
        L.warp_waiting[warp]++;
    }
    release_if_complete(warp);
    if (th->state == T_READY) {
        th->state = T_RUNNING;
        set_current(t);
        return;
    }
    int r = pick_next(t);
    if (r < 0 || r == t) {
        sim_diag(true, "cuLaunchKernel: deadlock in block (%u,%u,%u): every thread waits at a different barrier",
                L.ctx->block_idx.x, L.ctx->block_idx.y, L.ctx->block_idx.z);
        abort_launch(CUDA_ERROR_LAUNCH_FAILED);
    }
    switch_to(&th->context, r);
    set_current(t);
}

/* Bookkeeping when thread t has returned from the kernel. */
static void thread_done(int t) {
    sim_thread *th = &L.threads[t];
    th->state = T_DONE;
    L.alive--;
    L.warp_alive[t / 32]--;
    release_if_complete(t / 32);
}

static void fiber_main(int t) {
    L.function->kernel->call(L.params);
    thread_done(t);
    L.live_fibers--;
    int r = pick_next(t);
    if (r >= 0) {
        switch_to(NULL, r);
    }
    if (L.on_main >= 0) {
        sim_diag(true, "cuLaunchKernel: deadlock: a thread waits at a barrier no other thread can reach");
        abort_launch(CUDA_ERROR_LAUNCH_FAILED);
    }
    setcontext(&L.launcher);
}

static int barrier_callback(int kind, int predicate) {
    int t = L.current;
    if (kind == CUDASIM_SYNC_WARP) {
        wait_here(t / 32);
        return 0;
    }
    unsigned int gen = L.block_gen;
    unsigned int parity = gen & 1;
    sim_thread *th = &L.threads[t];
    th->block_slot[parity] = predicate;
    th->block_tag[parity] = gen + 1;
    wait_here(-1);
    int count = L.block_result[parity];
    switch (kind) {
    case CUDASIM_SYNC_BLOCK_COUNT: return count;
    case CUDASIM_SYNC_BLOCK_AND: {
        int arrived = 0;
        for (int i = 0; i < L.count; i++) {
            arrived += L.threads[i].block_tag[parity] == gen + 1;
        }
        return count == arrived;
    }
    case CUDASIM_SYNC_BLOCK_OR: return count > 0;
    default: return 0;
    }
}

static unsigned long long warp_callback(int op, unsigned int mask, unsigned long long value, int lane_arg, int width) {
    (void) mask;
    int t = L.current;
    int warp = t / 32;
    int lane = t % 32;
    unsigned int gen = L.warp_gen[warp];
    unsigned int parity = gen & 1;
    sim_thread *th = &L.threads[t];
    th->warp_slot[parity] = value;
    th->warp_tag[parity] = gen + 1;
    wait_here(warp);
    if (width <= 0 || width > 32 || (width & (width - 1)) != 0) {
        width = 32;
    }
    int base = lane & ~(width - 1);
    int src;
    switch (op) {
    case CUDASIM_WARP_SHFL: src = base + (lane_arg & (width - 1)); break;
    case CUDASIM_WARP_SHFL_UP: src = lane - lane_arg >= base ? lane - lane_arg : lane; break;
    case CUDASIM_WARP_SHFL_DOWN: src = lane + lane_arg < base + width ? lane + lane_arg : lane; break;
    case CUDASIM_WARP_SHFL_XOR: src = lane ^ lane_arg; src = src >= base && src < base + width ? src : lane; break;
    default: {
        unsigned int bits = 0;
        unsigned int present = 0;
        for (int i = 0; i < 32 && warp * 32 + i < L.count; i++) {
            const sim_thread *other = &L.threads[warp * 32 + i];
            if (other->warp_tag[parity] == gen + 1) {
                present |= 1u << i;
                bits |= other->warp_slot[parity] != 0 ? 1u << i : 0u;
            }
        }
        switch (op) {
        case CUDASIM_WARP_BALLOT: return bits;
        case CUDASIM_WARP_ALL: return bits == present;
        case CUDASIM_WARP_ANY: return bits != 0;
        default: return present;
        }
    }
    }
    int index = warp * 32 + src;
    if (src < 0 || src >= 32 || index >= L.count || L.threads[index].warp_tag[parity] != gen + 1) {
        return value; /* an inactive or missing source lane: the thread's own value */
    }
    return L.threads[index].warp_slot[parity];
}

static void trap_callback(int kind, const char *message, const char *file, int line) {
    const struct cudasim_context *c = L.ctx;
    if (kind == CUDASIM_TRAP_ASSERT) {
        /* The program's file name without the emulated NVRTC's temporary folder. */
        const char *folder = strstr(file, "cuda-sim-nvrtc-");
        const char *src = folder != NULL ? strstr(folder, "/src/") : NULL;
        file = src != NULL ? src + 5 : file;
        fprintf(stderr, "%s:%d: %s: block: [%u,%u,%u], thread: [%u,%u,%u] Assertion `%s` failed.\n", file, line,
                L.function->symbol, c->block_idx.x, c->block_idx.y, c->block_idx.z, c->thread_idx.x, c->thread_idx.y,
                c->thread_idx.z, message);
        fflush(stderr);
        abort_launch(CUDA_ERROR_ASSERT);
    }
    sim_diag(true, "%s in %s, block (%u,%u,%u), thread (%u,%u,%u)", message, L.function->symbol, c->block_idx.x,
            c->block_idx.y, c->block_idx.z, c->thread_idx.x, c->thread_idx.y, c->thread_idx.z);
    abort_launch(CUDA_ERROR_LAUNCH_FAILED);
}

void sim_launch_install_callbacks(struct cudasim_context *ctx) {
    ctx->barrier = barrier_callback;
    ctx->warp = warp_callback;
    ctx->trap = trap_callback;
}

static void run_block(void) {
    for (int i = 0; i < L.count; i++) {
        L.threads[i].state = T_UNSTARTED;
        L.threads[i].fiber = false;
        L.threads[i].block_tag[0] = L.threads[i].block_tag[1] = 0;
        L.threads[i].warp_tag[0] = L.threads[i].warp_tag[1] = 0;
    }
    L.alive = L.count;
    L.next_direct = 0;
    L.live_fibers = 0;
    L.block_waiting = 0;
    L.block_gen = 0;
    for (int w = 0; w < WARPS; w++) {
        int first = w * 32;
        L.warp_alive[w] = first >= L.count ? 0 : (L.count - first < 32 ? L.count - first : 32);
        L.warp_waiting[w] = 0;
        L.warp_gen[w] = 0;
    }
    L.on_main = -1;
    for (;;) {
        int r = -1;
        if (L.live_fibers == 0) {
            while (L.next_direct < L.count && L.threads[L.next_direct].state != T_UNSTARTED) {
                L.next_direct++;
            }
            r = L.next_direct < L.count ? L.next_direct : -1;
        }
        if (r < 0) {
            r = pick_next(-1);
        }
        if (r < 0) {
            if (L.alive == 0) {
                return;
            }
            sim_diag(true, "cuLaunchKernel: deadlock: threads wait at a barrier no other thread can reach");
            abort_launch(CUDA_ERROR_LAUNCH_FAILED);
        }
        if (L.threads[r].state == T_UNSTARTED) {
            /* Run it on this stack; its barriers start the other threads as fibers. */
            L.on_main = r;
            L.threads[r].state = T_RUNNING;
            set_current(r);
            L.function->kernel->call(L.params);
            thread_done(r);
            L.on_main = -1;
            L.current = -1;
        } else {
            L.threads[r].state = T_RUNNING;
            set_current(r);
            swapcontext(&L.launcher, &L.threads[r].context);
            L.current = -1;
        }
    }
}

CUresult sim_launch(struct CUfunc_st *f, const unsigned int grid[3], const unsigned int block[3],
        unsigned int shared_bytes, void **params) {
    struct CUmod_st *m = f->module;
    struct cudasim_context *ctx = m->ctx;
    size_t stack;
    L.stack_size = sim_env_size("CUDA_SIM_STACK", &stack) && stack >= 16384 ? stack : 256 * 1024;
    L.function = f;
    L.ctx = ctx;
    L.params = params;
    memcpy(L.block, block, sizeof L.block);
    L.count = (int) (block[0] * block[1] * block[2]);
    L.current = -1;
    L.error = CUDA_SUCCESS;
    ctx->grid_dim = (struct cudasim_index) {grid[0], grid[1], grid[2]};
    ctx->block_dim = (struct cudasim_index) {block[0], block[1], block[2]};
    bool poison = sim_env_flag("CUDA_SIM_POISON", true);
    volatile bool aborted = false;
    getcontext(&L.abort_point);
    if (aborted) {
        return L.error;
    }
    aborted = true;
    for (unsigned int z = 0; z < grid[2]; z++) {
        for (unsigned int y = 0; y < grid[1]; y++) {
            for (unsigned int x = 0; x < grid[0]; x++) {
                ctx->block_idx = (struct cudasim_index) {x, y, z};
                if (poison && shared_bytes > 0) {
                    memset(m->dynamic_shared, 0xFF, shared_bytes);
                }
                run_block();
            }
        }
    }
    return CUDA_SUCCESS;
}
