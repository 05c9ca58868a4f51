/*
 * cuda-sim: the device lock, the table of memory regions, the handle registry and diagnostics.
 */
#include "sim.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Recursive: a library call made while another holds the lock (cuBLAS checking a stream) nests. */
static pthread_mutex_t device_lock;
static pthread_once_t lock_once = PTHREAD_ONCE_INIT;

static void lock_init(void) {
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&device_lock, &attr);
    pthread_mutexattr_destroy(&attr);
}

void sim_lock(void) {
    pthread_once(&lock_once, lock_init);
    pthread_mutex_lock(&device_lock);
}

void sim_unlock(void) {
    pthread_mutex_unlock(&device_lock);
}

/* ---- Diagnostics and environment ------------------------------------------------------------ */

void sim_diag(bool loud, const char *fmt, ...) {
    if (!loud && !sim_env_flag("CUDA_SIM_VERBOSE", false)) {
        return;
    }
    va_list args;
    va_start(args, fmt);
    fputs("cuda-sim: ", stderr);
    vfprintf(stderr, fmt, args);
    fputc('\n', stderr);
    va_end(args);
    fflush(stderr);
}

bool sim_env_size(const char *name, size_t *out) {
    const char *text = getenv(name);
    if (text == NULL || *text == '\0') {
        return false;
    }
    char *end;
    unsigned long long value = strtoull(text, &end, 10);
    switch (*end) {
    case 'k': case 'K': value <<= 10; end++; break;
    case 'm': case 'M': value <<= 20; end++; break;
    case 'g': case 'G': value <<= 30; end++; break;
    default: break;
    }
    if (*end != '\0') {
        sim_diag(true, "ignoring %s=%s (expected bytes, optionally with a K, M or G suffix)", name, text);
        return false;
    }
    *out = (size_t) value;
    return true;
}

bool sim_env_flag(const char *name, bool fallback) {
    const char *text = getenv(name);
    if (text == NULL || *text == '\0') {
        return fallback;
    }
    return !(strcmp(text, "0") == 0 || strcmp(text, "false") == 0 || strcmp(text, "no") == 0);
}

/* ---- Memory regions: a sorted array searched by binary search --------------------------------- */

static sim_region *regions;
static size_t region_count;
static size_t region_capacity;
static size_t device_bytes;

/* Index of the first region whose base is greater than p. */
static size_t upper_bound(uintptr_t p) {
    size_t lo = 0;
    size_t hi = region_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (regions[mid].base <= p) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

/* The region holding p, or NULL; with one_past, p may also be the end of a region. */
static const sim_region *find_locked(uintptr_t p, bool one_past) {
    size_t i = upper_bound(p);
    if (i > 0) {
        const sim_region *r = &regions[i - 1];
        if (p < r->base + r->size || (one_past && p == r->base + r->size)) {
            return r;
        }
    }
    return NULL;
}

bool sim_mem_add(const void *base, size_t size, sim_mem_kind kind, const void *owner) {
    uintptr_t b = (uintptr_t) base;
    bool ok = false;
    sim_lock();
    size_t i = upper_bound(b);
    bool overlaps = (i > 0 && regions[i - 1].base + regions[i - 1].size > b)
            || (i < region_count && regions[i].base < b + size)
            || (i > 0 && regions[i - 1].base == b);
    if (!overlaps) {
        if (region_count == region_capacity) {
            size_t capacity = region_capacity == 0 ? 64 : region_capacity * 2;
            sim_region *grown = realloc(regions, capacity * sizeof *grown);
            if (grown != NULL) {
                regions = grown;
                region_capacity = capacity;
            }
        }
        if (region_count < region_capacity) {
            memmove(&regions[i + 1], &regions[i], (region_count - i) * sizeof *regions);
            regions[i] = (sim_region) {b, size, kind, owner};
            region_count++;
            if (kind == SIM_MEM_DEVICE) {
                device_bytes += size;
            }
            ok = true;
        }
    }
    sim_unlock();
    return ok;
}

static void remove_at(size_t i) {
    if (regions[i].kind == SIM_MEM_DEVICE) {
        device_bytes -= regions[i].size;
    }
    memmove(&regions[i], &regions[i + 1], (region_count - i - 1) * sizeof *regions);
    region_count--;
}

bool sim_mem_remove(const void *base, sim_mem_kind kind) {
    uintptr_t b = (uintptr_t) base;
    bool ok = false;
    sim_lock();
    size_t i = upper_bound(b);
    if (i > 0 && regions[i - 1].base == b && regions[i - 1].kind == kind) {
        remove_at(i - 1);
        ok = true;
    }
    sim_unlock();
    return ok;
}

bool sim_mem_find(const void *p, sim_region *out) {
    sim_lock();
    const sim_region *r = find_locked((uintptr_t) p, false);
    if (r != NULL && out != NULL) {
        *out = *r;
    }
    sim_unlock();
    return r != NULL;
}

static bool range_in(const void *p, size_t bytes, bool device_only) {
    if (p == NULL) {
        return false;
    }
    uintptr_t a = (uintptr_t) p;
    bool ok = false;
    sim_lock();
    const sim_region *r = find_locked(a, bytes == 0);
    if (r != NULL && (!device_only || r->kind == SIM_MEM_DEVICE || r->kind == SIM_MEM_GLOBAL)) {
        ok = bytes <= r->size && a - r->base <= r->size - bytes;
    }
    sim_unlock();
    return ok;
}

bool sim_mem_is_device(const void *p, size_t bytes) {
    return range_in(p, bytes, true);
}

bool sim_mem_device_accessible(const void *p, size_t bytes) {
    return range_in(p, bytes, false);
}

bool sim_mem_addressable(const void *p) {
    sim_lock();
    bool ok = find_locked((uintptr_t) p, true) != NULL;
    sim_unlock();
    return ok;
}

void sim_mem_remove_all(sim_mem_kind kind, const void *owner, void (*release)(void *base)) {
    sim_lock();
    size_t i = 0;
    while (i < region_count) {
        if (regions[i].kind == kind && (owner == NULL || regions[i].owner == owner)) {
            void *base = (void *) regions[i].base;
            remove_at(i);
            if (release != NULL) {
                release(base);
            }
        } else {
            i++;
        }
    }
    sim_unlock();
}

size_t sim_mem_device_bytes_in_use(void) {
    sim_lock();
    size_t bytes = device_bytes;
    sim_unlock();
    return bytes;
}

size_t sim_mem_device_limit(void) {
    static size_t limit;
    sim_lock();
    if (limit == 0) {
        size_t configured;
        if (sim_env_size("CUDA_SIM_MEMORY", &configured) && configured > 0) {
            limit = configured;
        } else {
            long pages = sysconf(_SC_PHYS_PAGES);
            long page = sysconf(_SC_PAGESIZE);
            limit = pages > 0 && page > 0 ? (size_t) pages * (size_t) page / 2 : (size_t) 8 << 30;
        }
    }
    size_t result = limit;
    sim_unlock();
    return result;
}

cudaError_t sim_device_alloc(void **ptr, size_t size) {
    if (size == 0) {
        *ptr = NULL;
        return cudaSuccess;
    }
    size_t rounded = (size + SIM_ALLOC_ALIGNMENT - 1) / SIM_ALLOC_ALIGNMENT * SIM_ALLOC_ALIGNMENT;
    if (rounded < size) {
        return cudaErrorMemoryAllocation;
    }
    sim_lock();
    cudaError_t status = cudaSuccess;
    if (sim_mem_device_bytes_in_use() + rounded > sim_mem_device_limit()
            || rounded > sim_mem_device_limit()) {
        status = cudaErrorMemoryAllocation;
    } else {
        void *block = aligned_alloc(SIM_ALLOC_ALIGNMENT, rounded);
        if (block == NULL) {
            status = cudaErrorMemoryAllocation;
        } else {
            if (sim_env_flag("CUDA_SIM_POISON", true)) {
                /* 0xFF bytes read as NaN in float and double: reading memory never written shows. */
                memset(block, 0xFF, rounded);
            }
            if (!sim_mem_add(block, size, SIM_MEM_DEVICE, NULL)) {
                free(block);
                status = cudaErrorMemoryAllocation;
            } else {
                *ptr = block;
            }
        }
    }
    sim_unlock();
    return status;
}

cudaError_t sim_device_free(void *ptr) {
    if (ptr == NULL) {
        return cudaSuccess;
    }
    if (!sim_mem_remove(ptr, SIM_MEM_DEVICE)) {
        return cudaErrorInvalidValue;
    }
    free(ptr);
    return cudaSuccess;
}

/* ---- Handle registry: one open-addressing hash set of pointers per kind ----------------------- */

typedef struct {
    const void **slots;
    size_t capacity; /* a power of two, or 0 */
    size_t count;
    size_t tombstones;
} handle_set;

static handle_set handle_sets[SIM_HANDLE_KINDS];
static const char tombstone;
#define TOMBSTONE ((const void *) &tombstone)

static size_t hash_pointer(const void *p) {
    uint64_t x = (uint64_t) (uintptr_t) p;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return (size_t) x;
}

static void set_insert(handle_set *set, const void *handle);

static void set_grow(handle_set *set) {
    handle_set old = *set;
    size_t capacity = old.capacity == 0 ? 64 : (old.count * 4 > old.capacity ? old.capacity * 2 : old.capacity);
    const void **slots = calloc(capacity, sizeof *slots);
    if (slots == NULL) {
        sim_diag(true, "out of host memory for the handle registry");
        abort();
    }
    *set = (handle_set) {slots, capacity, 0, 0};
    for (size_t i = 0; i < old.capacity; i++) {
        if (old.slots[i] != NULL && old.slots[i] != TOMBSTONE) {
            set_insert(set, old.slots[i]);
        }
    }
    free(old.slots);
}

static void set_insert(handle_set *set, const void *handle) {
    if ((set->count + set->tombstones + 1) * 2 > set->capacity) {
        set_grow(set);
    }
    size_t mask = set->capacity - 1;
    size_t i = hash_pointer(handle) & mask;
    while (set->slots[i] != NULL && set->slots[i] != TOMBSTONE) {
        if (set->slots[i] == handle) {
            return;
        }
        i = (i + 1) & mask;
    }
    if (set->slots[i] == TOMBSTONE) {
        set->tombstones--;
    }
    set->slots[i] = handle;
    set->count++;
}

static size_t set_find(const handle_set *set, const void *handle) {
    if (set->capacity == 0 || handle == NULL) {
        return SIZE_MAX;
    }
    size_t mask = set->capacity - 1;
    size_t i = hash_pointer(handle) & mask;
    while (set->slots[i] != NULL) {
        if (set->slots[i] == handle) {
            return i;
        }
        i = (i + 1) & mask;
    }
    return SIZE_MAX;
}

void sim_handle_add(sim_handle_kind kind, const void *handle) {
    sim_lock();
    set_insert(&handle_sets[kind], handle);
    sim_unlock();
}

bool sim_handle_remove(sim_handle_kind kind, const void *handle) {
    sim_lock();
    handle_set *set = &handle_sets[kind];
    size_t i = set_find(set, handle);
    if (i != SIZE_MAX) {
        set->slots[i] = TOMBSTONE;
        set->count--;
        set->tombstones++;
    }
    sim_unlock();
    return i != SIZE_MAX;
}

bool sim_handle_valid(sim_handle_kind kind, const void *handle) {
    sim_lock();
    bool ok = set_find(&handle_sets[kind], handle) != SIZE_MAX;
    sim_unlock();
    return ok;
}

void sim_handle_drain(sim_handle_kind kind, void (*fn)(void *handle)) {
    sim_lock();
    handle_set set = handle_sets[kind];
    handle_sets[kind] = (handle_set) {NULL, 0, 0, 0};
    for (size_t i = 0; i < set.capacity; i++) {
        if (set.slots[i] != NULL && set.slots[i] != TOMBSTONE && fn != NULL) {
            fn((void *) set.slots[i]);
        }
    }
    free(set.slots);
    sim_unlock();
}

bool sim_stream_valid(const void *stream) {
    /* NULL is the default stream; 0x1 and 0x2 are cudaStreamLegacy and cudaStreamPerThread. */
    return stream == NULL || stream == (const void *) 0x1 || stream == (const void *) 0x2
            || sim_handle_valid(SIM_HANDLE_STREAM, stream);
}
