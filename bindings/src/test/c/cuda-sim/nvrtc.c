/*
 * cuda-sim: NVRTC (nvrtc.h) on the host C++ compiler.
 *
 * nvrtcCompileProgram writes the program, its headers and the kernel shim (shim/) into a
 * temporary folder and runs the host compiler twice ($CUDA_SIM_CXX, else c++):
 *   1. preprocess (-E) with the shim included first, so macros and #include are resolved;
 *   2. scan the preprocessed text for the __global__ marker left by the shim, rewrite
 *      "extern __shared__ T name[];" to a pointer into the module's dynamic shared memory, append
 *      a table of the kernels and compile it with -shared -fPIC into a shared object.
 * The object becomes the program's image (sim_image): nvrtcGetCUBIN returns its binary form when
 * the program was compiled for a real architecture (sm_XX), nvrtcGetPTX its text form always.
 * Compiler diagnostics become the program log, with file names relative to the program.
 *
 * Kernels: every non-template __global__ function declared at namespace scope, plus every name
 * expression added with nvrtcAddNameExpression (template instances). A kernel's symbol is the one
 * the host compiler gives it: its name for extern "C" kernels, the Itanium mangled name otherwise
 * (what nvrtcGetLoweredName returns and what NVRTC itself would produce).
 */
#include "sim.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* The architectures accepted by --gpu-architecture, as CUDA 13.0's NVRTC lists them. */
static const int supported_archs[] = {75, 80, 86, 87, 88, 89, 90, 100, 103, 110, 120, 121};
enum { ARCH_COUNT = sizeof supported_archs / sizeof supported_archs[0], DEFAULT_ARCH = 75 };

typedef struct {
    char **items;
    int count;
    int capacity;
} string_list;

struct _nvrtcProgram {
    char *source;
    char *name;
    string_list header_sources;
    string_list header_names;
    string_list name_expressions;
    string_list lowered_names;
    bool compiled;
    char *log;
    sim_image image;
    unsigned char *cubin;
    size_t cubin_size;
    char *ptx;
};

typedef struct {
    char *data;
    size_t length;
    size_t capacity;
} buffer;

static bool buffer_append(buffer *b, const char *text, size_t n) {
    if (b->length + n + 1 > b->capacity) {
        size_t capacity = b->capacity == 0 ? 4096 : b->capacity;
        while (b->length + n + 1 > capacity) {
            capacity *= 2;
        }
        char *grown = realloc(b->data, capacity);
        if (grown == NULL) {
            return false;
        }
        b->data = grown;
        b->capacity = capacity;
    }
    memcpy(b->data + b->length, text, n);
    b->length += n;
    b->data[b->length] = '\0';
    return true;
}

static bool buffer_add(buffer *b, const char *text) {
    return buffer_append(b, text, strlen(text));
}

static bool list_add(string_list *list, const char *text) {
    if (list->count == list->capacity) {
        int capacity = list->capacity == 0 ? 8 : list->capacity * 2;
        char **grown = realloc(list->items, (size_t) capacity * sizeof *grown);
        if (grown == NULL) {
            return false;
        }
        list->items = grown;
        list->capacity = capacity;
    }
    char *copy = strdup(text);
    if (copy == NULL) {
        return false;
    }
    list->items[list->count++] = copy;
    return true;
}

static void list_free(string_list *list) {
    for (int i = 0; i < list->count; i++) {
        free(list->items[i]);
    }
    free(list->items);
    *list = (string_list) {NULL, 0, 0};
}

static bool valid(nvrtcProgram prog) {
    return prog != NULL && sim_handle_valid(SIM_HANDLE_PROGRAM, prog);
}

/* ---- Version and errors ---------------------------------------------------------------------- */

SIM_EXPORT const char *nvrtcGetErrorString(nvrtcResult result) {
    switch (result) {
    case NVRTC_SUCCESS: return "NVRTC_SUCCESS";
    case NVRTC_ERROR_OUT_OF_MEMORY: return "NVRTC_ERROR_OUT_OF_MEMORY";
    case NVRTC_ERROR_PROGRAM_CREATION_FAILURE: return "NVRTC_ERROR_PROGRAM_CREATION_FAILURE";
    case NVRTC_ERROR_INVALID_INPUT: return "NVRTC_ERROR_INVALID_INPUT";
    case NVRTC_ERROR_INVALID_PROGRAM: return "NVRTC_ERROR_INVALID_PROGRAM";
    case NVRTC_ERROR_INVALID_OPTION: return "NVRTC_ERROR_INVALID_OPTION";
    case NVRTC_ERROR_COMPILATION: return "NVRTC_ERROR_COMPILATION";
    case NVRTC_ERROR_BUILTIN_OPERATION_FAILURE: return "NVRTC_ERROR_BUILTIN_OPERATION_FAILURE";
    case NVRTC_ERROR_NO_NAME_EXPRESSIONS_AFTER_COMPILATION: return "NVRTC_ERROR_NO_NAME_EXPRESSIONS_AFTER_COMPILATION";
    case NVRTC_ERROR_NO_LOWERED_NAMES_BEFORE_COMPILATION: return "NVRTC_ERROR_NO_LOWERED_NAMES_BEFORE_COMPILATION";
    case NVRTC_ERROR_NAME_EXPRESSION_NOT_VALID: return "NVRTC_ERROR_NAME_EXPRESSION_NOT_VALID";
    case NVRTC_ERROR_INTERNAL_ERROR: return "NVRTC_ERROR_INTERNAL_ERROR";
    case NVRTC_ERROR_TIME_FILE_WRITE_FAILED: return "NVRTC_ERROR_TIME_FILE_WRITE_FAILED";
    case NVRTC_ERROR_NO_PCH_CREATE_ATTEMPTED: return "NVRTC_ERROR_NO_PCH_CREATE_ATTEMPTED";
    case NVRTC_ERROR_PCH_CREATE_HEAP_EXHAUSTED: return "NVRTC_ERROR_PCH_CREATE_HEAP_EXHAUSTED";
    case NVRTC_ERROR_PCH_CREATE: return "NVRTC_ERROR_PCH_CREATE";
    case NVRTC_ERROR_CANCELLED: return "NVRTC_ERROR_CANCELLED";
    case NVRTC_ERROR_TIME_TRACE_FILE_WRITE_FAILED: return "NVRTC_ERROR_TIME_TRACE_FILE_WRITE_FAILED";
    }
    return "NVRTC_ERROR unknown";
}

SIM_EXPORT nvrtcResult nvrtcVersion(int *major, int *minor) {
    if (major == NULL || minor == NULL) {
        return NVRTC_ERROR_INVALID_INPUT;
    }
    *major = SIM_CUDA_VERSION / 1000;
    *minor = SIM_CUDA_VERSION % 1000 / 10;
    return NVRTC_SUCCESS;
}

SIM_EXPORT nvrtcResult nvrtcGetNumSupportedArchs(int *numArchs) {
    if (numArchs == NULL) {
        return NVRTC_ERROR_INVALID_INPUT;
    }
    *numArchs = ARCH_COUNT;
    return NVRTC_SUCCESS;
}

SIM_EXPORT nvrtcResult nvrtcGetSupportedArchs(int *supportedArchs) {
    if (supportedArchs == NULL) {
        return NVRTC_ERROR_INVALID_INPUT;
    }
    memcpy(supportedArchs, supported_archs, sizeof supported_archs);
    return NVRTC_SUCCESS;
}

/* ---- Programs -------------------------------------------------------------------------------- */

static void program_free(nvrtcProgram p) {
    free(p->source);
    free(p->name);
    list_free(&p->header_sources);
    list_free(&p->header_names);
    list_free(&p->name_expressions);
    list_free(&p->lowered_names);
    free(p->log);
    free(p->image.object);
    free(p->cubin);
    free(p->ptx);
    free(p);
}

SIM_EXPORT nvrtcResult nvrtcCreateProgram(nvrtcProgram *prog, const char *src, const char *name, int numHeaders,
        const char *const *headers, const char *const *includeNames) {
    if (prog == NULL || src == NULL || numHeaders < 0
            || (numHeaders > 0 && (headers == NULL || includeNames == NULL))) {
        return NVRTC_ERROR_INVALID_INPUT;
    }
    nvrtcProgram p = calloc(1, sizeof *p);
    if (p == NULL) {
        return NVRTC_ERROR_OUT_OF_MEMORY;
    }
    const char *base = name == NULL || *name == '\0' ? "default_program" : name;
    const char *slash = strrchr(base, '/');
    p->source = strdup(src);
    p->name = strdup(slash != NULL && slash[1] != '\0' ? slash + 1 : base);
    p->log = strdup("");
    bool ok = p->source != NULL && p->name != NULL && p->log != NULL;
    for (int i = 0; ok && i < numHeaders; i++) {
        if (headers[i] == NULL || includeNames[i] == NULL || strstr(includeNames[i], "..") != NULL
                || includeNames[i][0] == '/') {
            program_free(p);
            return NVRTC_ERROR_INVALID_INPUT;
        }
        ok = list_add(&p->header_sources, headers[i]) && list_add(&p->header_names, includeNames[i]);
    }
    if (!ok) {
        program_free(p);
        return NVRTC_ERROR_OUT_OF_MEMORY;
    }
    sim_handle_add(SIM_HANDLE_PROGRAM, p);
    *prog = p;
    return NVRTC_SUCCESS;
}

SIM_EXPORT nvrtcResult nvrtcDestroyProgram(nvrtcProgram *prog) {
    if (prog == NULL || !valid(*prog)) {
        return NVRTC_ERROR_INVALID_PROGRAM;
    }
    sim_handle_remove(SIM_HANDLE_PROGRAM, *prog);
    program_free(*prog);
    *prog = NULL;
    return NVRTC_SUCCESS;
}

SIM_EXPORT nvrtcResult nvrtcAddNameExpression(nvrtcProgram prog, const char *const name_expression) {
    if (!valid(prog)) {
        return NVRTC_ERROR_INVALID_PROGRAM;
    }
    if (name_expression == NULL || *name_expression == '\0') {
        return NVRTC_ERROR_INVALID_INPUT;
    }
    if (prog->compiled) {
        return NVRTC_ERROR_NO_NAME_EXPRESSIONS_AFTER_COMPILATION;
    }
    return list_add(&prog->name_expressions, name_expression) ? NVRTC_SUCCESS : NVRTC_ERROR_OUT_OF_MEMORY;
}

SIM_EXPORT nvrtcResult nvrtcGetLoweredName(nvrtcProgram prog, const char *const name_expression,
        const char **lowered_name) {
    if (!valid(prog)) {
        return NVRTC_ERROR_INVALID_PROGRAM;
    }
    if (name_expression == NULL || lowered_name == NULL) {
        return NVRTC_ERROR_INVALID_INPUT;
    }
    if (!prog->compiled) {
        return NVRTC_ERROR_NO_LOWERED_NAMES_BEFORE_COMPILATION;
    }
    for (int i = 0; i < prog->name_expressions.count; i++) {
        if (strcmp(prog->name_expressions.items[i], name_expression) == 0) {
            *lowered_name = prog->lowered_names.items[i];
            return NVRTC_SUCCESS;
        }
    }
    return NVRTC_ERROR_NAME_EXPRESSION_NOT_VALID;
}

/* ---- Files and processes --------------------------------------------------------------------- */

static bool write_file(const char *path, const char *text, size_t n) {
    FILE *f = fopen(path, "wb");
    if (f == NULL) {
        return false;
    }
    bool ok = fwrite(text, 1, n, f) == n;
    return fclose(f) == 0 && ok;
}

static char *read_file(const char *path, size_t *size) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    buffer b = {0};
    char chunk[65536];
    size_t n;
    bool ok = true;
    while (ok && (n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        ok = buffer_append(&b, chunk, n);
    }
    fclose(f);
    if (!ok || (b.data == NULL && !buffer_append(&b, "", 0))) {
        free(b.data);
        return NULL;
    }
    if (size != NULL) {
        *size = b.length;
    }
    return b.data;
}

/* Creates the folders leading to a file below root. */
static bool make_parents(const char *path) {
    char *copy = strdup(path);
    if (copy == NULL) {
        return false;
    }
    for (char *p = copy + 1; *p != '\0'; p++) {
        if (*p == '/') {
            *p = '\0';
            if (mkdir(copy, 0700) != 0 && errno != EEXIST) {
                free(copy);
                return false;
            }
            *p = '/';
        }
    }
    free(copy);
    return true;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
    (void) st;
    (void) flag;
    (void) ftw;
    return remove(path);
}

/* Runs argv with stdout and stderr sent to files; returns the exit status, or -1 if it could not run. */
static int run(char *const argv[], const char *out_path, const char *err_path) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, 2, err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], &actions, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        return -1;
    }
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            return -1;
        }
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

/* Appends a file's text to the log with every occurrence of prefix removed. */
static void log_append_file(buffer *log, const char *path, const char *prefix) {
    char *text = read_file(path, NULL);
    if (text == NULL) {
        return;
    }
    size_t plen = strlen(prefix);
    const char *p = text;
    const char *hit;
    while ((hit = strstr(p, prefix)) != NULL) {
        buffer_append(log, p, (size_t) (hit - p));
        p = hit + plen;
    }
    buffer_add(log, p);
    free(text);
}

/* ---- Options ----------------------------------------------------------------------------------- */

typedef struct {
    int arch;
    bool virtual_arch;
    string_list compiler_args; /* -D, -U, -I, -include and -std, passed to the host compiler */
} options;

/* Options NVRTC accepts that change nothing on the host, with and without a value. */
static const char *const ignored_flags[] = {
    "--device-c", "-dc", "--device-w", "-dw", "--extensible-whole-program", "-ewp", "--device-debug", "-G",
    "--generate-line-info", "-lineinfo", "--use_fast_math", "-use_fast_math", "--extra-device-vectorization",
    "-extra-device-vectorization", "--disable-warnings", "-w", "--restrict", "-restrict",
    "--device-as-default-execution-space", "-default-device", "--optimization-info", "--display-error-number",
    "-err-no", "--no-display-error-number", "-no-err-no", "--time", "--no-source-include", "-no-source-include",
    "--device-int128", "-device-int128", "--fdevice-syntax-only", "-fdevice-syntax-only", "--minimal", "-minimal",
    "--no-cache", "-no-cache", "--pch", "-pch", "--modify-stack-limit", "--warn-on-spills", "-warn-spills",
    "--warn-on-local-memory-usage", "-warn-lmem-usage", "--fdevice-time-trace", "--dlink-time-opt", "-dlto",
    "--gen-opt-lto", "-gen-opt-lto", "--builtin-move-forward", "--builtin-initializer-list", "--fmad", "-fmad",
    NULL};
static const char *const ignored_with_value[] = {
    "--relocatable-device-code", "-rdc", "--ptxas-options", "-Xptxas", "--maxrregcount", "-maxrregcount",
    "--ftz", "-ftz", "--prec-sqrt", "-prec-sqrt", "--prec-div", "-prec-div", "--fmad", "-fmad", "--dopt", "-dopt",
    "--diag-error", "-diag-error", "--diag-suppress", "-diag-suppress", "--diag-warn", "-diag-warn",
    "--split-compile", "-split-compile", "--jump-table-density", "-jtd", "--time", "-time",
    "--modify-stack-limit", "-modify-stack-limit", "--builtin-move-forward", "-builtin-move-forward",
    "--builtin-initializer-list", "-builtin-initializer-list", "--pch-dir", "-pch-dir", "--pch-messages",
    "-pch-messages", "--pch-verbose", "-pch-verbose", "--set-stack-limit", "-set-stack-limit", NULL};

static bool in_list(const char *const *list, const char *name, size_t n) {
    for (int i = 0; list[i] != NULL; i++) {
        if (strlen(list[i]) == n && strncmp(list[i], name, n) == 0) {
            return true;
        }
    }
    return false;
}

static bool parse_arch(const char *value, options *o) {
    bool virtual_arch = strncmp(value, "compute_", 8) == 0;
    if (!virtual_arch && strncmp(value, "sm_", 3) != 0) {
        return false;
    }
    char *end;
    long arch = strtol(value + (virtual_arch ? 8 : 3), &end, 10);
    if (*end != '\0' && *end != 'a' && *end != 'f') {
        return false;
    }
    for (int i = 0; i < ARCH_COUNT; i++) {
        if (supported_archs[i] == arch) {
            o->arch = (int) arch;
            o->virtual_arch = virtual_arch;
            return true;
        }
    }
    return false;
}

/* Parses NVRTC options; on failure writes the reason to the log and returns false. */
static bool parse_options(int count, const char *const *opts, options *o, buffer *log) {
    o->arch = DEFAULT_ARCH;
    o->virtual_arch = true;
    for (int i = 0; i < count; i++) {
        const char *opt = opts[i];
        if (opt == NULL) {
            buffer_add(log, "error: option is NULL\n");
            return false;
        }
        const char *eq = strchr(opt, '=');
        size_t name_len = eq != NULL ? (size_t) (eq - opt) : strlen(opt);
        const char *value = eq != NULL ? eq + 1 : NULL;
        bool takes_value_next = value == NULL && i + 1 < count;
#define NAME_IS(s) (name_len == strlen(s) && strncmp(opt, s, name_len) == 0)
        if (NAME_IS("--gpu-architecture") || NAME_IS("-arch")) {
            if (value == NULL && takes_value_next) {
                value = opts[++i];
            }
            if (value == NULL || !parse_arch(value, o)) {
                buffer_add(log, "error: invalid value for --gpu-architecture (-arch): ");
                buffer_add(log, value == NULL ? "(none)" : value);
                buffer_add(log, "\n");
                return false;
            }
        } else if (strncmp(opt, "-D", 2) == 0 || strncmp(opt, "-U", 2) == 0 || strncmp(opt, "-I", 2) == 0
                || NAME_IS("--define-macro") || NAME_IS("--undefine-macro") || NAME_IS("--include-path")
                || NAME_IS("--pre-include") || NAME_IS("-include")) {
            char flag[3] = {'-', 'D', '\0'};
            const char *arg;
            if (opt[1] != '-' && opt[1] != 'i') {
                flag[1] = opt[1];
                arg = opt[2] != '\0' ? opt + 2 : (i + 1 < count ? opts[++i] : NULL);
            } else {
                flag[1] = NAME_IS("--define-macro") ? 'D' : NAME_IS("--undefine-macro") ? 'U'
                        : NAME_IS("--include-path") ? 'I' : 'i';
                arg = value != NULL ? value : (i + 1 < count ? opts[++i] : NULL);
            }
            if (arg == NULL || *arg == '\0') {
                buffer_add(log, "error: missing value for option ");
                buffer_add(log, opt);
                buffer_add(log, "\n");
                return false;
            }
            if (flag[1] == 'i') {
                list_add(&o->compiler_args, "-include");
                list_add(&o->compiler_args, arg);
            } else {
                list_add(&o->compiler_args, flag);
                list_add(&o->compiler_args, arg);
            }
        } else if (NAME_IS("--std") || NAME_IS("-std")) {
            if (value == NULL || (strcmp(value, "c++03") != 0 && strcmp(value, "c++11") != 0
                    && strcmp(value, "c++14") != 0 && strcmp(value, "c++17") != 0 && strcmp(value, "c++20") != 0)) {
                buffer_add(log, "error: invalid value for --std\n");
                return false;
            }
            char std[16];
            /* The shim needs C++17; older standards compile as C++17. */
            snprintf(std, sizeof std, "-std=%s", strcmp(value, "c++20") == 0 ? "c++20" : "c++17");
            list_add(&o->compiler_args, std);
        } else if (value == NULL && in_list(ignored_flags, opt, name_len)) {
            continue;
        } else if (value != NULL && in_list(ignored_with_value, opt, name_len)) {
            continue;
        } else {
            buffer_add(log, "error: unrecognized option ");
            buffer_add(log, opt);
            buffer_add(log, "\n");
            return false;
        }
#undef NAME_IS
    }
    return true;
}

/* ---- Scanning the preprocessed program ---------------------------------------------------------- */

static bool ident_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool ident_char(char c) {
    return ident_start(c) || (c >= '0' && c <= '9');
}

typedef struct {
    const char *start;
    size_t length;
} token;

typedef struct {
    token *items;
    size_t count;
    size_t capacity;
} token_list;

/* Splits preprocessed text into identifiers, literals and punctuation, skipping line markers. */
static bool tokenize(const char *text, token_list *out) {
    const char *p = text;
    bool line_start = true;
    while (*p != '\0') {
        const char *s = p;
        if (*p == '\n') {
            line_start = true;
            p++;
            continue;
        }
        if (*p == ' ' || *p == '\t' || *p == '\r') {
            p++;
            continue;
        }
        if (line_start && *p == '#') {
            while (*p != '\0' && *p != '\n') {
                p++;
            }
            continue;
        }
        line_start = false;
        if (ident_start(*p)) {
            while (ident_char(*p)) {
                p++;
            }
            if (*p == '"' && (p - s == 1 || (p - s == 2 && s[1] == '8')) && (s[0] == 'R' || s[p - s - 1] == 'R')) {
                /* A raw string: R"delim( ... )delim". */
                const char *open = strchr(p, '(');
                if (open == NULL) {
                    return false;
                }
                char closing[24] = ")";
                size_t dl = (size_t) (open - p - 1);
                if (dl > 16) {
                    return false;
                }
                memcpy(closing + 1, p + 1, dl);
                closing[1 + dl] = '"';
                closing[2 + dl] = '\0';
                const char *end = strstr(open, closing);
                if (end == NULL) {
                    return false;
                }
                p = end + strlen(closing);
            } else if (*p == '"' || *p == '\'') {
                /* A prefixed literal such as L"..." or u8'x'. */
                char quote = *p++;
                while (*p != '\0' && *p != quote) {
                    p += (*p == '\\' && p[1] != '\0') ? 2 : 1;
                }
                if (*p == quote) {
                    p++;
                }
            }
        } else if (*p == '"' || *p == '\'') {
            char quote = *p++;
            while (*p != '\0' && *p != quote && *p != '\n') {
                p += (*p == '\\' && p[1] != '\0') ? 2 : 1;
            }
            if (*p == quote) {
                p++;
            }
        } else if (*p >= '0' && *p <= '9') {
            while (ident_char(*p) || *p == '.' || *p == '\''
                    || ((*p == '+' || *p == '-') && (p[-1] == 'e' || p[-1] == 'E' || p[-1] == 'p' || p[-1] == 'P'))) {
                p++;
            }
        } else if (*p == ':' && p[1] == ':') {
            p += 2;
        } else {
            p++;
        }
        if (out->count == out->capacity) {
            size_t capacity = out->capacity == 0 ? 4096 : out->capacity * 2;
            token *grown = realloc(out->items, capacity * sizeof *grown);
            if (grown == NULL) {
                return false;
            }
            out->items = grown;
            out->capacity = capacity;
        }
        out->items[out->count++] = (token) {s, (size_t) (p - s)};
    }
    return true;
}

static bool tok_is(const token *t, const char *text) {
    return t->length == strlen(text) && strncmp(t->start, text, t->length) == 0;
}

enum { SCOPE_NAMESPACE, SCOPE_LINKAGE, SCOPE_OTHER, MAX_SCOPES = 256 };

typedef struct {
    int kind;
    token name; /* of a namespace; length 0 for an unnamed one */
} scope;

/* Appends text from the original, keeping only its newlines (so later line numbers hold). */
static void keep_newlines(buffer *out, const char *from, const char *to) {
    for (const char *p = from; p < to; p++) {
        if (*p == '\n') {
            buffer_append(out, "\n", 1);
        }
    }
}

/* Appends tokens [from, to) separated by spaces, leaving out __attribute__((...)) groups. */
static void append_tokens(buffer *out, const token *t, size_t from, size_t to) {
    for (size_t i = from; i < to; i++) {
        if (tok_is(&t[i], "__attribute__") && i + 1 < to && tok_is(&t[i + 1], "(")) {
            int depth = 0;
            i++;
            for (; i < to; i++) {
                depth += tok_is(&t[i], "(") ? 1 : tok_is(&t[i], ")") ? -1 : 0;
                if (depth == 0) {
                    break;
                }
            }
            continue;
        }
        buffer_append(out, t[i].start, t[i].length);
        buffer_append(out, " ", 1);
    }
}

/*
 * Rewrites the preprocessed program into out and collects the qualified names of its
 * non-template kernels. Returns false with a message in log when a construct is not understood.
 */
static bool rewrite(const char *text, buffer *out, string_list *kernels, buffer *log) {
    token_list tl = {0};
    if (!tokenize(text, &tl)) {
        free(tl.items);
        buffer_add(log, "error: cuda-sim could not read the preprocessed program (unterminated raw string?)\n");
        return false;
    }
    token *t = tl.items;
    scope scopes[MAX_SCOPES];
    int depth = 0;
    int other_depth = 0;
    size_t decl_start = 0; /* first token of the current namespace-scope declaration */
    const char *copied = text;
    bool ok = true;
    for (size_t i = 0; i < tl.count && ok; i++) {
        if (tok_is(&t[i], "{")) {
            int kind = SCOPE_OTHER;
            token name = {NULL, 0};
            if (other_depth == 0) {
                if (i >= 1 && tok_is(&t[i - 1], "namespace")) {
                    kind = SCOPE_NAMESPACE;
                } else if (i >= 2 && tok_is(&t[i - 2], "namespace") && ident_start(t[i - 1].start[0])) {
                    kind = SCOPE_NAMESPACE;
                    name = t[i - 1];
                } else if (i >= 2 && tok_is(&t[i - 2], "extern") && t[i - 1].start[0] == '"') {
                    kind = SCOPE_LINKAGE;
                }
            }
            if (depth == MAX_SCOPES) {
                buffer_add(log, "error: cuda-sim: scopes nested too deeply\n");
                ok = false;
                break;
            }
            scopes[depth++] = (scope) {kind, name};
            if (kind == SCOPE_OTHER) {
                other_depth++;
            } else {
                decl_start = i + 1;
            }
            continue;
        }
        if (tok_is(&t[i], "}")) {
            if (depth > 0 && scopes[--depth].kind == SCOPE_OTHER) {
                other_depth--;
            }
            if (other_depth == 0) {
                decl_start = i + 1;
            }
            continue;
        }
        if (tok_is(&t[i], ";") && other_depth == 0) {
            decl_start = i + 1;
            continue;
        }
        if (tok_is(&t[i], "__cudasim_kernel__")) {
            buffer_append(out, copied, (size_t) (t[i].start - copied));
            buffer_add(out, "__attribute__((used))");
            copied = t[i].start + t[i].length;
            if (other_depth != 0) {
                continue;
            }
            bool is_template = false;
            for (size_t k = decl_start; k < i; k++) {
                is_template |= tok_is(&t[k], "template");
            }
            /* The name is the identifier before the first '(' outside attributes. */
            size_t k = i + 1;
            while (k < tl.count && !tok_is(&t[k], "(") && !tok_is(&t[k], ";") && !tok_is(&t[k], "{")) {
                if (tok_is(&t[k], "__attribute__")) {
                    int d = 0;
                    for (k++; k < tl.count; k++) {
                        d += tok_is(&t[k], "(") ? 1 : tok_is(&t[k], ")") ? -1 : 0;
                        if (d == 0) {
                            break;
                        }
                    }
                }
                k++;
            }
            if (is_template || k >= tl.count || !tok_is(&t[k], "(") || !ident_start(t[k - 1].start[0])) {
                continue;
            }
            buffer qualified = {0};
            buffer_add(&qualified, "::");
            for (int s = 0; s < depth; s++) {
                if (scopes[s].kind == SCOPE_NAMESPACE && scopes[s].name.length > 0) {
                    buffer_append(&qualified, scopes[s].name.start, scopes[s].name.length);
                    buffer_add(&qualified, "::");
                }
            }
            buffer_append(&qualified, t[k - 1].start, t[k - 1].length);
            bool seen = false;
            for (int n = 0; n < kernels->count; n++) {
                seen |= strcmp(kernels->items[n], qualified.data) == 0;
            }
            if (!seen) {
                list_add(kernels, qualified.data);
            }
            free(qualified.data);
            continue;
        }
        if (tok_is(&t[i], "extern") && i + 1 < tl.count && tok_is(&t[i + 1], "static")) {
            /* extern __shared__ T name[]; -> T *const name = reinterpret_cast<T *>(dynamic shared memory); */
            size_t end = i + 2;
            while (end < tl.count && !tok_is(&t[end], ";")) {
                end++;
            }
            if (end >= tl.count || end < i + 5 || !tok_is(&t[end - 1], "]") || !tok_is(&t[end - 2], "[")
                    || !ident_start(t[end - 3].start[0])) {
                buffer_add(log, "error: cuda-sim understands extern __shared__ only as \"extern __shared__ TYPE NAME[];\"\n");
                ok = false;
                break;
            }
            buffer_append(out, copied, (size_t) (t[i].start - copied));
            append_tokens(out, t, i + 2, end - 3);
            buffer_add(out, "*const ");
            buffer_append(out, t[end - 3].start, t[end - 3].length);
            buffer_add(out, " = reinterpret_cast<");
            append_tokens(out, t, i + 2, end - 3);
            buffer_add(out, "*>(__cudasim_dynamic_shared);");
            keep_newlines(out, t[i].start, t[end].start);
            copied = t[end].start + 1;
            i = end;
            decl_start = end + 1;
            continue;
        }
    }
    if (ok) {
        buffer_add(out, copied);
    }
    free(tl.items);
    return ok;
}

/* The code appended to the program: the table of its kernels. */
static void append_table(buffer *out, const string_list *kernels, const string_list *expressions) {
    buffer_add(out, "\n# 1 \"<cuda-sim kernel table>\"\n"
            "static const cudasim_kernel __cudasim_table[] = {\n");
    for (int i = 0; i < kernels->count + expressions->count; i++) {
        bool expression = i >= kernels->count;
        const char *name = expression ? expressions->items[i - kernels->count] : kernels->items[i];
        buffer expr = {0};
        if (name[0] != '&') {
            buffer_add(&expr, "&");
        }
        buffer_add(&expr, name);
        buffer_add(out, "    cudasim::kernel_entry<decltype(");
        buffer_add(out, expr.data);
        buffer_add(out, "), ");
        buffer_add(out, expr.data);
        buffer_add(out, " >::describe(\"");
        buffer_add(out, name);
        buffer_add(out, "\"),\n");
        free(expr.data);
    }
    buffer_add(out, "    cudasim_kernel{nullptr, nullptr, nullptr, 0, nullptr, nullptr, nullptr}\n};\n"
            "extern \"C\" __attribute__((visibility(\"default\"))) const cudasim_kernel *__cudasim_kernels(int *count) {\n");
    char line[64];
    snprintf(line, sizeof line, "    *count = %d;\n", kernels->count + expressions->count);
    buffer_add(out, line);
    buffer_add(out, "    return __cudasim_table;\n}\n");
}

/* ---- Compilation -------------------------------------------------------------------------------- */

static const char *compiler(void) {
    const char *cxx = getenv("CUDA_SIM_CXX");
    return cxx != NULL && *cxx != '\0' ? cxx : "c++";
}

typedef struct {
    char dir[2048];
    char path[4096];
} workspace;

static const char *ws_path(workspace *w, const char *relative) {
    snprintf(w->path, sizeof w->path, "%s/%s", w->dir, relative);
    return w->path;
}

/* Loads the compiled object to read the kernels' symbol names; NULL entries where dladdr has none. */
static bool symbol_names(const char *so_path, string_list *symbols, buffer *log) {
    void *handle = dlopen(so_path, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        buffer_add(log, "error: cuda-sim could not load the compiled program: ");
        buffer_add(log, dlerror());
        buffer_add(log, "\n");
        return false;
    }
    const struct cudasim_kernel *(*table)(int *) = NULL;
    SIM_DLSYM_FUNCTION(table, handle, "__cudasim_kernels");
    int count = 0;
    const struct cudasim_kernel *kernels = table != NULL ? table(&count) : NULL;
    for (int i = 0; i < count; i++) {
        Dl_info info;
        bool exact = dladdr(kernels[i].function, &info) != 0 && info.dli_sname != NULL
                && info.dli_saddr == kernels[i].function;
        const char *name = kernels[i].name;
        const char *last = strrchr(name, ':');
        list_add(symbols, exact ? info.dli_sname : (last != NULL ? last + 1 : name));
    }
    dlclose(handle);
    return true;
}

static nvrtcResult compile(nvrtcProgram p, const options *o, buffer *log) {
    workspace w;
    const char *tmp = getenv("TMPDIR");
    snprintf(w.dir, sizeof w.dir, "%s/cuda-sim-nvrtc-XXXXXX", tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
    if (mkdtemp(w.dir) == NULL) {
        buffer_add(log, "error: cuda-sim could not create a temporary folder\n");
        return NVRTC_ERROR_BUILTIN_OPERATION_FAILURE;
    }
    char prefix[4200];
    snprintf(prefix, sizeof prefix, "%s/src/", w.dir);
    nvrtcResult status = NVRTC_ERROR_BUILTIN_OPERATION_FAILURE;
    char source_path[4200];
    char ii_path[4200];
    char module_ii[4200];
    char so_path[4200];
    char out_path[4200];
    char err_path[4200];
    char shim_dir[4200];
    char inc_dir[4200];
    char arch_define[64];
    snprintf(source_path, sizeof source_path, "%s/src/%s", w.dir, p->name);
    snprintf(ii_path, sizeof ii_path, "%s/preprocessed.ii", w.dir);
    snprintf(module_ii, sizeof module_ii, "%s/module.ii", w.dir);
    snprintf(so_path, sizeof so_path, "%s/module.so", w.dir);
    snprintf(out_path, sizeof out_path, "%s/stdout.txt", w.dir);
    snprintf(err_path, sizeof err_path, "%s/stderr.txt", w.dir);
    snprintf(shim_dir, sizeof shim_dir, "%s/shim", w.dir);
    snprintf(inc_dir, sizeof inc_dir, "%s/include", w.dir);
    snprintf(arch_define, sizeof arch_define, "-D__CUDA_ARCH__=%d", o->arch * 10);
    bool ok = make_parents(source_path) && write_file(source_path, p->source, strlen(p->source))
            && make_parents(ws_path(&w, "shim/x"))
            && write_file(ws_path(&w, "shim/cudasim_kernel.h"), cudasim_shim_kernel_h, strlen(cudasim_shim_kernel_h))
            && write_file(ws_path(&w, "shim/cudasim_abi.h"), cudasim_shim_abi_h, strlen(cudasim_shim_abi_h))
            && make_parents(ws_path(&w, "include/x"));
    for (int i = 0; ok && i < p->header_names.count; i++) {
        char header[8192];
        snprintf(header, sizeof header, "%s/%s", inc_dir, p->header_names.items[i]);
        ok = make_parents(header) && write_file(header, p->header_sources.items[i], strlen(p->header_sources.items[i]));
    }
    if (!ok) {
        buffer_add(log, "error: cuda-sim could not write the program to a temporary folder\n");
        goto done;
    }
    {
        /* 1. Preprocess with the shim first. */
        const char *argv[64 + 2 * 64];
        int n = 0;
        argv[n++] = compiler();
        argv[n++] = "-E";
        argv[n++] = "-x";
        argv[n++] = "c++";
        argv[n++] = "-std=c++17";
        argv[n++] = "-I";
        argv[n++] = shim_dir;
        argv[n++] = "-I";
        argv[n++] = inc_dir;
        argv[n++] = arch_define;
        argv[n++] = "-include";
        argv[n++] = "cudasim_kernel.h";
        for (int i = 0; i < o->compiler_args.count && n < 120; i++) {
            argv[n++] = o->compiler_args.items[i];
        }
        argv[n++] = source_path;
        argv[n++] = "-o";
        argv[n++] = ii_path;
        argv[n] = NULL;
        int rc = run((char *const *) argv, out_path, err_path);
        log_append_file(log, err_path, prefix);
        if (rc < 0) {
            buffer_add(log, "error: cuda-sim could not run the host C++ compiler (");
            buffer_add(log, compiler());
            buffer_add(log, "); set CUDA_SIM_CXX to one\n");
            goto done;
        }
        if (rc != 0) {
            status = NVRTC_ERROR_COMPILATION;
            goto done;
        }
    }
    {
        /* 2. Find the kernels, rewrite, append the table, compile to a shared object. */
        char *pre = read_file(ii_path, NULL);
        if (pre == NULL) {
            buffer_add(log, "error: cuda-sim could not read the preprocessed program\n");
            goto done;
        }
        buffer module = {0};
        string_list kernels = {0};
        ok = rewrite(pre, &module, &kernels, log);
        free(pre);
        if (ok) {
            append_table(&module, &kernels, &p->name_expressions);
            ok = write_file(module_ii, module.data, module.length);
        }
        list_free(&kernels);
        free(module.data);
        if (!ok) {
            status = NVRTC_ERROR_COMPILATION;
            goto done;
        }
        const char *argv[] = {compiler(), "-x", "c++-cpp-output", "-std=c++17", "-O2", "-fPIC", "-shared",
                "-fno-gnu-unique", "-fno-strict-aliasing", "-Wl,-Bsymbolic", module_ii, "-o", so_path, "-lm", NULL};
        int rc = run((char *const *) argv, out_path, err_path);
        log_append_file(log, err_path, prefix);
        if (rc != 0) {
            status = rc < 0 ? NVRTC_ERROR_BUILTIN_OPERATION_FAILURE : NVRTC_ERROR_COMPILATION;
            goto done;
        }
    }
    {
        /* 3. The image, and the symbol names for the PTX listing and the lowered names. */
        size_t size;
        char *object = read_file(so_path, &size);
        string_list symbols = {0};
        if (object == NULL || !symbol_names(so_path, &symbols, log)) {
            free(object);
            list_free(&symbols);
            goto done;
        }
        free(p->image.object);
        p->image = (sim_image) {o->arch, o->virtual_arch, (unsigned char *) object, size};
        free(p->cubin);
        free(p->ptx);
        p->cubin = NULL;
        p->cubin_size = 0;
        if (!o->virtual_arch) {
            p->cubin = sim_image_encode_binary(&p->image, &p->cubin_size);
        }
        p->ptx = sim_image_encode_text(&p->image, (const char *const *) symbols.items, symbols.count);
        list_free(&p->lowered_names);
        int first_expression = symbols.count - p->name_expressions.count;
        for (int i = 0; i < p->name_expressions.count; i++) {
            list_add(&p->lowered_names, symbols.items[first_expression + i]);
        }
        list_free(&symbols);
        status = p->ptx != NULL && (o->virtual_arch || p->cubin != NULL) ? NVRTC_SUCCESS : NVRTC_ERROR_OUT_OF_MEMORY;
    }
done:
    if (!sim_env_flag("CUDA_SIM_KEEP_TEMP", false)) {
        nftw(w.dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    } else {
        sim_diag(true, "kept the compilation folder %s", w.dir);
    }
    return status;
}

SIM_EXPORT nvrtcResult nvrtcCompileProgram(nvrtcProgram prog, int numOptions, const char *const *options_) {
    if (!valid(prog)) {
        return NVRTC_ERROR_INVALID_PROGRAM;
    }
    if (numOptions < 0 || (numOptions > 0 && options_ == NULL)) {
        return NVRTC_ERROR_INVALID_INPUT;
    }
    buffer log = {0};
    buffer_add(&log, "");
    options o = {0};
    nvrtcResult status = parse_options(numOptions, options_, &o, &log) ? compile(prog, &o, &log)
            : NVRTC_ERROR_INVALID_OPTION;
    list_free(&o.compiler_args);
    free(prog->log);
    prog->log = log.data;
    prog->compiled = status == NVRTC_SUCCESS;
    return status;
}

SIM_EXPORT nvrtcResult nvrtcGetProgramLogSize(nvrtcProgram prog, size_t *logSizeRet) {
    if (!valid(prog)) {
        return NVRTC_ERROR_INVALID_PROGRAM;
    }
    if (logSizeRet == NULL) {
        return NVRTC_ERROR_INVALID_INPUT;
    }
    *logSizeRet = strlen(prog->log) + 1;
    return NVRTC_SUCCESS;
}

SIM_EXPORT nvrtcResult nvrtcGetProgramLog(nvrtcProgram prog, char *log) {
    if (!valid(prog)) {
        return NVRTC_ERROR_INVALID_PROGRAM;
    }
    if (log == NULL) {
        return NVRTC_ERROR_INVALID_INPUT;
    }
    memcpy(log, prog->log, strlen(prog->log) + 1);
    return NVRTC_SUCCESS;
}

SIM_EXPORT nvrtcResult nvrtcGetPTXSize(nvrtcProgram prog, size_t *ptxSizeRet) {
    if (!valid(prog) || !prog->compiled) {
        return NVRTC_ERROR_INVALID_PROGRAM;
    }
    if (ptxSizeRet == NULL) {
        return NVRTC_ERROR_INVALID_INPUT;
    }
    *ptxSizeRet = strlen(prog->ptx) + 1;
    return NVRTC_SUCCESS;
}

SIM_EXPORT nvrtcResult nvrtcGetPTX(nvrtcProgram prog, char *ptx) {
    if (!valid(prog) || !prog->compiled) {
        return NVRTC_ERROR_INVALID_PROGRAM;
    }
    if (ptx == NULL) {
        return NVRTC_ERROR_INVALID_INPUT;
    }
    memcpy(ptx, prog->ptx, strlen(prog->ptx) + 1);
    return NVRTC_SUCCESS;
}

SIM_EXPORT nvrtcResult nvrtcGetCUBINSize(nvrtcProgram prog, size_t *cubinSizeRet) {
    if (!valid(prog) || !prog->compiled) {
        return NVRTC_ERROR_INVALID_PROGRAM;
    }
    if (cubinSizeRet == NULL) {
        return NVRTC_ERROR_INVALID_INPUT;
    }
    *cubinSizeRet = prog->cubin_size;
    return NVRTC_SUCCESS;
}

SIM_EXPORT nvrtcResult nvrtcGetCUBIN(nvrtcProgram prog, char *cubin) {
    if (!valid(prog) || !prog->compiled) {
        return NVRTC_ERROR_INVALID_PROGRAM;
    }
    if (cubin == NULL) {
        return NVRTC_ERROR_INVALID_INPUT;
    }
    if (prog->cubin_size > 0) {
        memcpy(cubin, prog->cubin, prog->cubin_size);
    }
    return NVRTC_SUCCESS;
}
