/*
 * cuda-sim: the module image format shared by the emulated NVRTC and cuModuleLoadData.
 */
#include "sim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char magic[8] = {'C', 'U', 'D', 'A', 'S', 'I', 'M', 1};
static const char text_header[] = "//\n// cuda-sim module image: a host shared object in base64, not PTX.\n//\n";
static const char base64_digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
enum { FORMAT_VERSION = 1, HEADER_BYTES = 24, LINE_CHARS = 76 };

int sim_device_cc(void) {
    static int cc;
    if (cc == 0) {
        const char *text = getenv("CUDA_SIM_COMPUTE_CAPABILITY");
        int value = text != NULL ? atoi(text) : 0;
        cc = value >= 50 && value <= 200 ? value : SIM_CC_MAJOR * 10 + SIM_CC_MINOR;
    }
    return cc;
}

/* A binary for sm_XY runs on devices of major X and minor >= Y; PTX for compute_XY on any device >= XY. */
static bool runs_here(int arch, bool virtual_arch) {
    int device = sim_device_cc();
    return virtual_arch ? arch <= device : arch / 10 == device / 10 && arch % 10 <= device % 10;
}

static uint64_t read_le(const unsigned char *p, int bytes) {
    uint64_t v = 0;
    for (int i = bytes - 1; i >= 0; i--) {
        v = v << 8 | p[i];
    }
    return v;
}

static void write_le(unsigned char *p, uint64_t v, int bytes) {
    for (int i = 0; i < bytes; i++) {
        p[i] = (unsigned char) (v >> (8 * i));
    }
}

unsigned char *sim_image_encode_binary(const sim_image *image, size_t *size) {
    unsigned char *out = malloc(HEADER_BYTES + image->size);
    if (out == NULL) {
        return NULL;
    }
    memcpy(out, magic, sizeof magic);
    write_le(out + 8, FORMAT_VERSION, 4);
    write_le(out + 12, (uint64_t) image->arch | (image->virtual_arch ? 0x10000u : 0u), 4);
    write_le(out + 16, image->size, 8);
    memcpy(out + HEADER_BYTES, image->object, image->size);
    *size = HEADER_BYTES + image->size;
    return out;
}

char *sim_image_encode_text(const sim_image *image, const char *const *symbols, int count) {
    size_t encoded = (image->size + 2) / 3 * 4;
    size_t capacity = sizeof text_header + 128 + encoded + encoded / LINE_CHARS + 16;
    for (int i = 0; i < count; i++) {
        capacity += strlen(symbols[i]) + 16;
    }
    char *out = malloc(capacity);
    if (out == NULL) {
        return NULL;
    }
    size_t o = (size_t) snprintf(out, capacity, "%s.version cuda-sim %d\n.target %s_%d\n", text_header,
            FORMAT_VERSION, image->virtual_arch ? "compute" : "sm", image->arch);
    for (int i = 0; i < count; i++) {
        o += (size_t) snprintf(out + o, capacity - o, ".entry %s\n", symbols[i]);
    }
    o += (size_t) snprintf(out + o, capacity - o, ".image %zu\n", image->size);
    size_t column = 0;
    for (size_t i = 0; i < image->size; i += 3) {
        uint32_t chunk = (uint32_t) image->object[i] << 16;
        if (i + 1 < image->size) {
            chunk |= (uint32_t) image->object[i + 1] << 8;
        }
        if (i + 2 < image->size) {
            chunk |= image->object[i + 2];
        }
        out[o++] = base64_digits[chunk >> 18 & 63];
        out[o++] = base64_digits[chunk >> 12 & 63];
        out[o++] = i + 1 < image->size ? base64_digits[chunk >> 6 & 63] : '=';
        out[o++] = i + 2 < image->size ? base64_digits[chunk & 63] : '=';
        column += 4;
        if (column >= LINE_CHARS) {
            out[o++] = '\n';
            column = 0;
        }
    }
    o += (size_t) snprintf(out + o, capacity - o, "%s.end\n", column == 0 ? "" : "\n");
    out[o] = '\0';
    return out;
}

static int base64_value(char c) {
    const char *p = c == '\0' ? NULL : strchr(base64_digits, c);
    return p == NULL ? -1 : (int) (p - base64_digits);
}

static CUresult decode_text(const char *text, sim_image *out) {
    const char *target = strstr(text, "\n.target ");
    const char *data = strstr(text, "\n.image ");
    if (target == NULL || data == NULL) {
        return CUDA_ERROR_INVALID_PTX;
    }
    char kind[16];
    int arch;
    if (sscanf(target + 9, "%15[a-z]_%d", kind, &arch) != 2) {
        return CUDA_ERROR_INVALID_PTX;
    }
    char *end;
    unsigned long long size = strtoull(data + 8, &end, 10);
    const char *p = strchr(end, '\n');
    if (p == NULL) {
        return CUDA_ERROR_INVALID_PTX;
    }
    unsigned char *object = malloc(size + 3);
    if (object == NULL) {
        return CUDA_ERROR_OUT_OF_MEMORY;
    }
    size_t n = 0;
    uint32_t chunk = 0;
    int digits = 0;
    for (p++; *p != '\0' && *p != '.'; p++) {
        if (*p == '\n' || *p == '=') {
            continue;
        }
        int v = base64_value(*p);
        if (v < 0) {
            free(object);
            return CUDA_ERROR_INVALID_PTX;
        }
        chunk = chunk << 6 | (uint32_t) v;
        if (++digits == 4) {
            if (n + 3 > size + 3) {
                free(object);
                return CUDA_ERROR_INVALID_PTX;
            }
            object[n++] = (unsigned char) (chunk >> 16);
            object[n++] = (unsigned char) (chunk >> 8);
            object[n++] = (unsigned char) chunk;
            chunk = 0;
            digits = 0;
        }
    }
    if (digits == 2) {
        object[n++] = (unsigned char) (chunk >> 4);
    } else if (digits == 3) {
        object[n++] = (unsigned char) (chunk >> 10);
        object[n++] = (unsigned char) (chunk >> 2);
    }
    if (n != size) {
        free(object);
        return CUDA_ERROR_INVALID_PTX;
    }
    *out = (sim_image) {arch, strcmp(kind, "compute") == 0, object, size};
    return CUDA_SUCCESS;
}

CUresult sim_image_decode(const void *image, sim_image *out) {
    const unsigned char *bytes = image;
    CUresult status;
    if (memcmp(bytes, magic, sizeof magic) == 0) {
        if (read_le(bytes + 8, 4) != FORMAT_VERSION) {
            return CUDA_ERROR_INVALID_IMAGE;
        }
        uint64_t arch = read_le(bytes + 12, 4);
        size_t size = (size_t) read_le(bytes + 16, 8);
        unsigned char *object = malloc(size == 0 ? 1 : size);
        if (object == NULL) {
            return CUDA_ERROR_OUT_OF_MEMORY;
        }
        memcpy(object, bytes + HEADER_BYTES, size);
        *out = (sim_image) {(int) (arch & 0xFFFF), (arch & 0x10000) != 0, object, size};
        status = CUDA_SUCCESS;
    } else if (strncmp((const char *) bytes, text_header, sizeof text_header - 1) == 0) {
        status = decode_text((const char *) bytes, out);
    } else if (bytes[0] == 0x7F && bytes[1] == 'E' && bytes[2] == 'L' && bytes[3] == 'F') {
        sim_diag(true, "cuModuleLoadData: a real CUBIN (ELF) cannot run on the emulated device");
        return CUDA_ERROR_NO_BINARY_FOR_GPU;
    } else if (read_le(bytes, 4) == 0xBA55ED50u || read_le(bytes, 4) == 0x466243B1u) {
        sim_diag(true, "cuModuleLoadData: a real fatbin cannot run on the emulated device");
        return CUDA_ERROR_NO_BINARY_FOR_GPU;
    } else if (strstr((const char *) bytes, ".version") != NULL) {
        sim_diag(true, "cuModuleLoadData: real PTX cannot be compiled by the emulated device; use the emulated NVRTC");
        return CUDA_ERROR_INVALID_PTX;
    } else {
        return CUDA_ERROR_INVALID_IMAGE;
    }
    if (status == CUDA_SUCCESS && !runs_here(out->arch, out->virtual_arch)) {
        sim_diag(true, "cuModuleLoadData: image compiled for %s_%d does not run on a compute capability %d.%d device",
                out->virtual_arch ? "compute" : "sm", out->arch, sim_device_cc() / 10, sim_device_cc() % 10);
        free(out->object);
        out->object = NULL;
        return CUDA_ERROR_NO_BINARY_FOR_GPU;
    }
    return status;
}
