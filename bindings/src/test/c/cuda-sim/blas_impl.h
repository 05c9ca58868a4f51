/*
 * cuda-sim: the cuBLAS routines of one precision, included by cublas.c with
 *   T      the element type (float or double)
 *   S(x)   the exported name of routine x (cublasS##x or cublasD##x)
 *   IS(x)  the exported name of index routine x (cublasIs##x or cublasId##x)
 *   L(x)   a file-local name for this precision
 *   IS_FLOAT  1 for float (TF32 rounding applies), 0 for double
 */

#define DEV(what, p, bytes) do { \
        if (!device_range(__func__, what, (p), (bytes))) return CUBLAS_STATUS_EXECUTION_FAILED; \
    } while (0)
#define DEVM(what, p, rows, cols, ld) DEV(what, p, matrix_bytes((rows), (cols), (ld), sizeof(T)))
#define DEVV(what, p, n, inc) DEV(what, p, vector_bytes((n), (inc), sizeof(T)))
#define SCALAR(h, p, out) do { \
        cublasStatus_t status_ = L(scalar)((h), __func__, #p, (p), &(out)); \
        if (status_ != CUBLAS_STATUS_SUCCESS) return status_; \
    } while (0)
#define RESULT_OK(h, p, bytes) do { \
        if ((p) == NULL) return CUBLAS_STATUS_INVALID_VALUE; \
        if ((h)->pointer_mode == CUBLAS_POINTER_MODE_DEVICE) DEV("result", p, bytes); \
    } while (0)

static cublasStatus_t L(scalar)(cublasHandle_t h, const char *routine, const char *what, const T *p, T *out) {
    if (p == NULL) {
        return CUBLAS_STATUS_INVALID_VALUE;
    }
    if (h->pointer_mode == CUBLAS_POINTER_MODE_DEVICE && !device_range(routine, what, p, sizeof(T))) {
        return CUBLAS_STATUS_EXECUTION_FAILED;
    }
    *out = *p;
    return CUBLAS_STATUS_SUCCESS;
}

static T *L(alloc)(size_t count) {
    return malloc((count == 0 ? 1 : count) * sizeof(T));
}

/* ---- Level 1 ------------------------------------------------------------------------------------- */

SIM_EXPORT cublasStatus_t S(nrm2_v2)(cublasHandle_t handle, int n, const T *x, int incx, T *result) {
    CHECK_HANDLE(handle);
    RESULT_OK(handle, result, sizeof(T));
    if (n <= 0 || incx <= 0) {
        *result = 0;
        return CUBLAS_STATUS_SUCCESS;
    }
    DEVV("x", x, n, incx);
    /* Scaled sum of squares: no overflow or underflow for representable norms. */
    T scale = 0;
    T ssq = 1;
    for (int k = 0; k < n; k++) {
        T v = x[(size_t) k * (size_t) incx];
        if (v != 0) {
            T a = v < 0 ? -v : v;
            if (scale < a) {
                ssq = 1 + ssq * (scale / a) * (scale / a);
                scale = a;
            } else {
                ssq += (a / scale) * (a / scale);
            }
        }
    }
    *result = scale * (T) sqrt((double) ssq);
    return CUBLAS_STATUS_SUCCESS;
}

SIM_EXPORT cublasStatus_t S(dot_v2)(cublasHandle_t handle, int n, const T *x, int incx, const T *y, int incy,
        T *result) {
    CHECK_HANDLE(handle);
    RESULT_OK(handle, result, sizeof(T));
    T sum = 0;
    if (n > 0) {
        DEVV("x", x, n, incx);
        DEVV("y", y, n, incy);
        for (int k = 0; k < n; k++) {
            sum += x[vidx(k, n, incx)] * y[vidx(k, n, incy)];
        }
    }
    *result = sum;
    return CUBLAS_STATUS_SUCCESS;
}

SIM_EXPORT cublasStatus_t S(scal_v2)(cublasHandle_t handle, int n, const T *alpha, T *x, int incx) {
    CHECK_HANDLE(handle);
    T a;
    SCALAR(handle, alpha, a);
    if (n <= 0 || incx <= 0) {
        return CUBLAS_STATUS_SUCCESS;
    }
    DEVV("x", x, n, incx);
    for (int k = 0; k < n; k++) {
        x[(size_t) k * (size_t) incx] *= a;
    }
    return CUBLAS_STATUS_SUCCESS;
}

SIM_EXPORT cublasStatus_t S(axpy_v2)(cublasHandle_t handle, int n, const T *alpha, const T *x, int incx, T *y,
        int incy) {
    CHECK_HANDLE(handle);
    T a;
    SCALAR(handle, alpha, a);
    if (n <= 0 || a == 0) {
        return CUBLAS_STATUS_SUCCESS;
    }
    DEVV("x", x, n, incx);
    DEVV("y", y, n, incy);
    for (int k = 0; k < n; k++) {
        y[vidx(k, n, incy)] += a * x[vidx(k, n, incx)];
    }
    return CUBLAS_STATUS_SUCCESS;
}

SIM_EXPORT cublasStatus_t S(copy_v2)(cublasHandle_t handle, int n, const T *x, int incx, T *y, int incy) {
    CHECK_HANDLE(handle);
    if (n <= 0) {
        return CUBLAS_STATUS_SUCCESS;
    }
    DEVV("x", x, n, incx);
    DEVV("y", y, n, incy);
    for (int k = 0; k < n; k++) {
        y[vidx(k, n, incy)] = x[vidx(k, n, incx)];
    }
    return CUBLAS_STATUS_SUCCESS;
}

SIM_EXPORT cublasStatus_t S(swap_v2)(cublasHandle_t handle, int n, T *x, int incx, T *y, int incy) {
    CHECK_HANDLE(handle);
    if (n <= 0) {
        return CUBLAS_STATUS_SUCCESS;
    }
    DEVV("x", x, n, incx);
    DEVV("y", y, n, incy);
    for (int k = 0; k < n; k++) {
        T t = x[vidx(k, n, incx)];
        x[vidx(k, n, incx)] = y[vidx(k, n, incy)];
        y[vidx(k, n, incy)] = t;
    }
    return CUBLAS_STATUS_SUCCESS;
}

static cublasStatus_t L(iamaxmin)(cublasHandle_t handle, int n, const T *x, int incx, int *result, bool max) {
    CHECK_HANDLE(handle);
    RESULT_OK(handle, result, sizeof(int));
    int best = 0;
    if (n > 0 && incx > 0) {
        DEVV("x", x, n, incx);
        T best_value = 0;
        for (int k = 0; k < n; k++) {
            T v = x[(size_t) k * (size_t) incx];
            v = v < 0 ? -v : v;
            if (best == 0 || (max ? v > best_value : v < best_value)) {
                best = k + 1;
                best_value = v;
            }
        }
    }
    *result = best;
    return CUBLAS_STATUS_SUCCESS;
}

SIM_EXPORT cublasStatus_t IS(amax_v2)(cublasHandle_t handle, int n, const T *x, int incx, int *result) {
    return L(iamaxmin)(handle, n, x, incx, result, true);
}

SIM_EXPORT cublasStatus_t IS(amin_v2)(cublasHandle_t handle, int n, const T *x, int incx, int *result) {
    return L(iamaxmin)(handle, n, x, incx, result, false);
}

SIM_EXPORT cublasStatus_t S(asum_v2)(cublasHandle_t handle, int n, const T *x, int incx, T *result) {
    CHECK_HANDLE(handle);
    RESULT_OK(handle, result, sizeof(T));
    T sum = 0;
    if (n > 0 && incx > 0) {
        DEVV("x", x, n, incx);
        for (int k = 0; k < n; k++) {
            T v = x[(size_t) k * (size_t) incx];
            sum += v < 0 ? -v : v;
        }
    }
    *result = sum;
    return CUBLAS_STATUS_SUCCESS;
}

SIM_EXPORT cublasStatus_t S(rot_v2)(cublasHandle_t handle, int n, T *x, int incx, T *y, int incy, const T *c,
        const T *s) {
    CHECK_HANDLE(handle);
    T cv;
    T sv;
    SCALAR(handle, c, cv);
    SCALAR(handle, s, sv);
    if (n <= 0) {
        return CUBLAS_STATUS_SUCCESS;
    }
    DEVV("x", x, n, incx);
    DEVV("y", y, n, incy);
    for (int k = 0; k < n; k++) {
        T xv = x[vidx(k, n, incx)];
        T yv = y[vidx(k, n, incy)];
        x[vidx(k, n, incx)] = cv * xv + sv * yv;
        y[vidx(k, n, incy)] = cv * yv - sv * xv;
    }
    return CUBLAS_STATUS_SUCCESS;
}

SIM_EXPORT cublasStatus_t S(rotg_v2)(cublasHandle_t handle, T *a, T *b, T *c, T *s) {
    CHECK_HANDLE(handle);
    REQUIRE(a != NULL && b != NULL && c != NULL && s != NULL);
    if (handle->pointer_mode == CUBLAS_POINTER_MODE_DEVICE) {
        DEV("a", a, sizeof(T));
        DEV("b", b, sizeof(T));
        DEV("c", c, sizeof(T));
        DEV("s", s, sizeof(T));
    }
    T av = *a;
    T bv = *b;
    T aa = av < 0 ? -av : av;
    T ab = bv < 0 ? -bv : bv;
    T roe = aa > ab ? av : bv;
    T scale = aa + ab;
    T r;
    T z;
    if (scale == 0) {
        *c = 1;
        *s = 0;
        r = 0;
        z = 0;
    } else {
        r = scale * (T) sqrt((double) ((av / scale) * (av / scale) + (bv / scale) * (bv / scale)));
        r = roe < 0 ? -r : r;
        *c = av / r;
        *s = bv / r;
        z = aa > ab ? *s : (*c != 0 ? 1 / *c : 1);
    }
    *a = r;
    *b = z;
    return CUBLAS_STATUS_SUCCESS;
}

SIM_EXPORT cublasStatus_t S(rotm_v2)(cublasHandle_t handle, int n, T *x, int incx, T *y, int incy, const T *param) {
    CHECK_HANDLE(handle);
    REQUIRE(param != NULL);
    if (handle->pointer_mode == CUBLAS_POINTER_MODE_DEVICE) {
        DEV("param", param, 5 * sizeof(T));
    }
    T flag = param[0];
    if (n <= 0 || flag == -2) {
        return CUBLAS_STATUS_SUCCESS;
    }
    T h11;
    T h12;
    T h21;
    T h22;
    if (flag < 0) {
        h11 = param[1]; h21 = param[2]; h12 = param[3]; h22 = param[4];
    } else if (flag == 0) {
        h11 = 1; h21 = param[2]; h12 = param[3]; h22 = 1;
    } else {
        h11 = param[1]; h21 = -1; h12 = 1; h22 = param[4];
    }
    DEVV("x", x, n, incx);
    DEVV("y", y, n, incy);
    for (int k = 0; k < n; k++) {
        T xv = x[vidx(k, n, incx)];
        T yv = y[vidx(k, n, incy)];
        x[vidx(k, n, incx)] = h11 * xv + h12 * yv;
        y[vidx(k, n, incy)] = h21 * xv + h22 * yv;
    }
    return CUBLAS_STATUS_SUCCESS;
}

SIM_EXPORT cublasStatus_t S(rotmg_v2)(cublasHandle_t handle, T *d1, T *d2, T *x1, const T *y1, T *param) {
    (void) d1;
    (void) d2;
    (void) x1;
    (void) y1;
    (void) param;
    CHECK_HANDLE(handle);
    return CUBLAS_STATUS_NOT_SUPPORTED; /* not emulated: listed in README.md */
}

/* ---- Storage of triangular, symmetric and banded matrices ------------------------------------------- */

/* The stored element (i, j) of the uplo triangle, or NULL outside a band; i <= j (upper) or i >= j (lower). */
static T *L(stored)(int storage, bool upper, int n, int k, const T *A, int lda, int i, int j) {
    switch (storage) {
    case STORE_FULL:
        return (T *) A + i + (size_t) j * (size_t) lda;
    case STORE_BAND:
        if ((upper ? j - i : i - j) > k) {
            return NULL;
        }
        return (T *) A + (upper ? k + i - j : i - j) + (size_t) j * (size_t) lda;
    default:
        return (T *) A + (upper ? (size_t) i + (size_t) j * (size_t) (j + 1) / 2
                                : (size_t) i + (size_t) j * (size_t) (2 * n - j - 1) / 2);
    }
}

/* Element (i, j) of a triangular matrix (zero outside its triangle, one on a unit diagonal). */
static T L(tri)(int storage, bool upper, bool unit, int n, int k, const T *A, int lda, int i, int j) {
    if (i == j && unit) {
        return 1;
    }
    if (upper ? i > j : i < j) {
        return 0;
    }
    const T *p = L(stored)(storage, upper, n, k, A, lda, i, j);
    return p != NULL ? *p : 0;
}

/* Element (i, j) of a symmetric matrix stored in its uplo triangle. */
static T L(sym)(int storage, bool upper, int n, int k, const T *A, int lda, int i, int j) {
    if (upper ? i > j : i < j) {
        int t = i;
        i = j;
        j = t;
    }
    const T *p = L(stored)(storage, upper, n, k, A, lda, i, j);
    return p != NULL ? *p : 0;
}

/* Bytes a triangular or symmetric matrix in a storage spans. */
static size_t L(stored_bytes)(int storage, int n, int k, int lda) {
    switch (storage) {
    case STORE_FULL: return matrix_bytes(n, n, lda, sizeof(T));
    case STORE_BAND: return matrix_bytes(k + 1, n, lda, sizeof(T));
    default: return (size_t) n * (size_t) (n + 1) / 2 * sizeof(T);
    }
}

/* ---- Level 2 ------------------------------------------------------------------------------------------ */

/* y = alpha * op(A) * x + beta * y for a general (kl < 0) or banded matrix. */
static cublasStatus_t L(gxmv)(cublasHandle_t handle, cublasOperation_t trans, int m, int n, int kl, int ku,
        const T *alpha, const T *A, int lda, const T *x, int incx, const T *beta, T *y, int incy) {
    CHECK_HANDLE(handle);
    bool band = kl >= 0;
    REQUIRE(op_ok(trans) && m >= 0 && n >= 0 && incx != 0 && incy != 0);
    REQUIRE(band ? (ku >= 0 && lda >= kl + ku + 1) : lda >= MAX1(m));
    T a;
    T b;
    SCALAR(handle, alpha, a);
    SCALAR(handle, beta, b);
    bool t = trans != CUBLAS_OP_N;
    int lx = t ? m : n;
    int ly = t ? n : m;
    if (m == 0 || n == 0) {
        return CUBLAS_STATUS_SUCCESS;
    }
    if (band) {
        DEVM("A", A, kl + ku + 1, n, lda);
    } else {
        DEVM("A", A, m, n, lda);
    }
    DEVV("x", x, lx, incx);
    DEVV("y", y, ly, incy);
    for (int i = 0; i < ly; i++) {
        T sum = 0;
        if (a != 0) {
            for (int j = 0; j < lx; j++) {
                int r = t ? j : i;
                int c = t ? i : j;
                T e;
                if (band) {
                    e = (r - c > kl || c - r > ku) ? 0 : A[ku + r - c + (size_t) c * (size_t) lda];
                } else {
                    e = A[r + (size_t) c * (size_t) lda];
                }
                sum += e * x[vidx(j, lx, incx)];
            }
        }
        T *yi = &y[vidx(i, ly, incy)];
        *yi = a * sum + (b == 0 ? 0 : b * *yi);
    }
    return CUBLAS_STATUS_SUCCESS;
}

SIM_EXPORT cublasStatus_t S(gemv_v2)(cublasHandle_t handle, cublasOperation_t trans, int m, int n, const T *alpha,
        const T *A, int lda, const T *x, int incx, const T *beta, T *y, int incy) {
    return L(gxmv)(handle, trans, m, n, -1, -1, alpha, A, lda, x, incx, beta, y, incy);
}

SIM_EXPORT cublasStatus_t S(gbmv_v2)(cublasHandle_t handle, cublasOperation_t trans, int m, int n, int kl, int ku,
        const T *alpha, const T *A, int lda, const T *x, int incx, const T *beta, T *y, int incy) {
    CHECK_HANDLE(handle);
    REQUIRE(kl >= 0);
    return L(gxmv)(handle, trans, m, n, kl, ku, alpha, A, lda, x, incx, beta, y, incy);
}

/* x = op(A) * x (solve = false) or x = inv(op(A)) * x (solve = true), A triangular in a storage. */
static cublasStatus_t L(trxv)(cublasHandle_t handle, int storage, cublasFillMode_t uplo, cublasOperation_t trans,
        cublasDiagType_t diag, int n, int k, const T *A, int lda, T *x, int incx, bool solve) {
    CHECK_HANDLE(handle);
    REQUIRE(uplo_ok(uplo) && op_ok(trans) && diag_ok(diag) && n >= 0 && incx != 0);
    REQUIRE(storage != STORE_BAND || (k >= 0 && lda >= k + 1));
    REQUIRE(storage != STORE_FULL || lda >= MAX1(n));
    if (n == 0) {
        return CUBLAS_STATUS_SUCCESS;
    }
    DEV("A", A, L(stored_bytes)(storage, n, k, lda));
    DEVV("x", x, n, incx);
    bool upper = uplo == CUBLAS_FILL_MODE_UPPER;
    bool unit = diag == CUBLAS_DIAG_UNIT;
    bool t = trans != CUBLAS_OP_N;
    T *v = L(alloc)((size_t) n);
    if (v == NULL) {
        return CUBLAS_STATUS_ALLOC_FAILED;
    }
    for (int i = 0; i < n; i++) {
        v[i] = x[vidx(i, n, incx)];
    }
#define OPA(i, j) (t ? L(tri)(storage, upper, unit, n, k, A, lda, (j), (i)) : L(tri)(storage, upper, unit, n, k, A, lda, (i), (j)))
    if (!solve) {
        for (int i = 0; i < n; i++) {
            T sum = 0;
            for (int j = 0; j < n; j++) {
                sum += OPA(i, j) * v[j];
            }
            x[vidx(i, n, incx)] = sum;
        }
    } else {
        bool lower = upper == t;
        for (int s = 0; s < n; s++) {
            int i = lower ? s : n - 1 - s;
            T sum = v[i];
            for (int q = 0; q < s; q++) {
                int j = lower ? q : n - 1 - q;
                sum -= OPA(i, j) * v[j];
            }
            v[i] = unit ? sum : sum / OPA(i, i);
        }
        for (int i = 0; i < n; i++) {
            x[vidx(i, n, incx)] = v[i];
        }
    }
#undef OPA
    free(v);
    return CUBLAS_STATUS_SUCCESS;
}

SIM_EXPORT cublasStatus_t S(trmv_v2)(cublasHandle_t handle, cublasFillMode_t uplo, cublasOperation_t trans,
        cublasDiagType_t diag, int n, const T *A, int lda, T *x, int incx) {
    return L(trxv)(handle, STORE_FULL, uplo, trans, diag, n, 0, A, lda, x, incx, false);
}

SIM_EXPORT cublasStatus_t S(tbmv_v2)(cublasHandle_t handle, cublasFillMode_t uplo, cublasOperation_t trans,
        cublasDiagType_t diag, int n, int k, const T *A, int lda, T *x, int incx) {
    return L(trxv)(handle, STORE_BAND, uplo, trans, diag, n, k, A, lda, x, incx, false);
}

SIM_EXPORT cublasStatus_t S(tpmv_v2)(cublasHandle_t handle, cublasFillMode_t uplo, cublasOperation_t trans,
        cublasDiagType_t diag, int n, const T *AP, T *x, int incx) {
    return L(trxv)(handle, STORE_PACKED, uplo, trans, diag, n, 0, AP, 1, x, incx, false);
}

SIM_EXPORT cublasStatus_t S(trsv_v2)(cublasHandle_t handle, cublasFillMode_t uplo, cublasOperation_t trans,
        cublasDiagType_t diag, int n, const T *A, int lda, T *x, int incx) {
    return L(trxv)(handle, STORE_FULL, uplo, trans, diag, n, 0, A, lda, x, incx, true);
}

SIM_EXPORT cublasStatus_t S(tpsv_v2)(cublasHandle_t handle, cublasFillMode_t uplo, cublasOperation_t trans,
        cublasDiagType_t diag, int n, const T *AP, T *x, int incx) {
    return L(trxv)(handle, STORE_PACKED, uplo, trans, diag, n, 0, AP, 1, x, incx, true);
}

SIM_EXPORT cublasStatus_t S(tbsv_v2)(cublasHandle_t handle, cublasFillMode_t uplo, cublasOperation_t trans,
        cublasDiagType_t diag, int n, int k, const T *A, int lda, T *x, int incx) {
    return L(trxv)(handle, STORE_BAND, uplo, trans, diag, n, k, A, lda, x, incx, true);
}

/* y = alpha * A * x + beta * y, A symmetric in a storage. */
static cublasStatus_t L(sxmv)(cublasHandle_t handle, int storage, cublasFillMode_t uplo, int n, int k,
        const T *alpha, const T *A, int lda, const T *x, int incx, const T *beta, T *y, int incy) {
    CHECK_HANDLE(handle);
    REQUIRE(uplo_ok(uplo) && n >= 0 && incx != 0 && incy != 0);
    REQUIRE(storage != STORE_BAND || (k >= 0 && lda >= k + 1));
    REQUIRE(storage != STORE_FULL || lda >= MAX1(n));
    T a;
    T b;
    SCALAR(handle, alpha, a);
    SCALAR(handle, beta, b);
    if (n == 0) {
        return CUBLAS_STATUS_SUCCESS;
    }
    DEV("A", A, L(stored_bytes)(storage, n, k, lda));
    DEVV("x", x, n, incx);
    DEVV("y", y, n, incy);
    bool upper = uplo == CUBLAS_FILL_MODE_UPPER;
    T *v = L(alloc)((size_t) n);
    if (v == NULL) {
        return CUBLAS_STATUS_ALLOC_FAILED;
    }
    for (int i = 0; i < n; i++) {
        T sum = 0;
        if (a != 0) {
            for (int j = 0; j < n; j++) {
                sum += L(sym)(storage, upper, n, k, A, lda, i, j) * x[vidx(j, n, incx)];
            }
        }
        v[i] = sum;
    }
    for (int i = 0; i < n; i++) {
        T *yi = &y[vidx(i, n, incy)];
        *yi = a * v[i] + (b == 0 ? 0 : b * *yi);
    }
    free(v);
    return CUBLAS_STATUS_SUCCESS;
}

SIM_EXPORT cublasStatus_t S(symv_v2)(cublasHandle_t handle, cublasFillMode_t uplo, int n, const T *alpha,
        const T *A, int lda, const T *x, int incx, const T *beta, T *y, int incy) {
    return L(sxmv)(handle, STORE_FULL, uplo, n, 0, alpha, A, lda, x, incx, beta, y, incy);
}

SIM_EXPORT cublasStatus_t S(sbmv_v2)(cublasHandle_t handle, cublasFillMode_t uplo, int n, int k, const T *alpha,
        const T *A, int lda, const T *x, int incx, const T *beta, T *y, int incy) {
    return L(sxmv)(handle, STORE_BAND, uplo, n, k, alpha, A, lda, x, incx, beta, y, incy);
}

SIM_EXPORT cublasStatus_t S(spmv_v2)(cublasHandle_t handle, cublasFillMode_t uplo, int n, const T *alpha,
        const T *AP, const T *x, int incx, const T *beta, T *y, int incy) {
    return L(sxmv)(handle, STORE_PACKED, uplo, n, 0, alpha, AP, 1, x, incx, beta, y, incy);
}

SIM_EXPORT cublasStatus_t S(ger_v2)(cublasHandle_t handle, int m, int n, const T *alpha, const T *x, int incx,
        const T *y, int incy, T *A, int lda) {
    CHECK_HANDLE(handle);
    REQUIRE(m >= 0 && n >= 0 && incx != 0 && incy != 0 && lda >= MAX1(m));
    T a;
    SCALAR(handle, alpha, a);
    if (m == 0 || n == 0 || a == 0) {
        return CUBLAS_STATUS_SUCCESS;
    }
    DEVV("x", x, m, incx);
    DEVV("y", y, n, incy);
    DEVM("A", A, m, n, lda);
    for (int j = 0; j < n; j++) {
        T t = a * y[vidx(j, n, incy)];
        for (int i = 0; i < m; i++) {
            A[i + (size_t) j * (size_t) lda] += x[vidx(i, m, incx)] * t;
        }
    }
    return CUBLAS_STATUS_SUCCESS;
}

/* A += alpha * (x y^T + y x^T) (y != NULL) or alpha * x x^T on the uplo triangle of a symmetric A. */
static cublasStatus_t L(syrx)(cublasHandle_t handle, int storage, cublasFillMode_t uplo, int n, const T *alpha,
        const T *x, int incx, const T *y, int incy, T *A, int lda, bool two) {
    CHECK_HANDLE(handle);
    REQUIRE(uplo_ok(uplo) && n >= 0 && incx != 0 && (!two || incy != 0));
    REQUIRE(storage != STORE_FULL || lda >= MAX1(n));
    T a;
    SCALAR(handle, alpha, a);
    if (n == 0 || a == 0) {
        return CUBLAS_STATUS_SUCCESS;
    }
    DEVV("x", x, n, incx);
    if (two) {
        DEVV("y", y, n, incy);
    }
    DEV("A", A, L(stored_bytes)(storage, n, 0, lda));
    bool upper = uplo == CUBLAS_FILL_MODE_UPPER;
    for (int j = 0; j < n; j++) {
        for (int i = upper ? 0 : j; i <= (upper ? j : n - 1); i++) {
            T xi = x[vidx(i, n, incx)];
            T xj = x[vidx(j, n, incx)];
            T update = two ? xi * y[vidx(j, n, incy)] + y[vidx(i, n, incy)] * xj : xi * xj;
            *L(stored)(storage, upper, n, 0, A, lda, i, j) += a * update;
        }
    }
    return CUBLAS_STATUS_SUCCESS;
}

SIM_EXPORT cublasStatus_t S(syr_v2)(cublasHandle_t handle, cublasFillMode_t uplo, int n, const T *alpha,
        const T *x, int incx, T *A, int lda) {
    return L(syrx)(handle, STORE_FULL, uplo, n, alpha, x, incx, NULL, 0, A, lda, false);
}

SIM_EXPORT cublasStatus_t S(spr_v2)(cublasHandle_t handle, cublasFillMode_t uplo, int n, const T *alpha,
        const T *x, int incx, T *AP) {
    return L(syrx)(handle, STORE_PACKED, uplo, n, alpha, x, incx, NULL, 0, AP, 1, false);
}

SIM_EXPORT cublasStatus_t S(syr2_v2)(cublasHandle_t handle, cublasFillMode_t uplo, int n, const T *alpha,
        const T *x, int incx, const T *y, int incy, T *A, int lda) {
    return L(syrx)(handle, STORE_FULL, uplo, n, alpha, x, incx, y, incy, A, lda, true);
}

SIM_EXPORT cublasStatus_t S(spr2_v2)(cublasHandle_t handle, cublasFillMode_t uplo, int n, const T *alpha,
        const T *x, int incx, const T *y, int incy, T *AP) {
    return L(syrx)(handle, STORE_PACKED, uplo, n, alpha, x, incx, y, incy, AP, 1, true);
}

SIM_EXPORT cublasStatus_t S(gemvBatched)(cublasHandle_t handle, cublasOperation_t trans, int m, int n,
        const T *alpha, const T *const Aarray[], int lda, const T *const xarray[], int incx, const T *beta,
        T *const yarray[], int incy, int batchCount) {
    CHECK_HANDLE(handle);
    REQUIRE(batchCount >= 0 && op_ok(trans) && m >= 0 && n >= 0 && incx != 0 && incy != 0 && lda >= MAX1(m));
    size_t bytes = (size_t) batchCount * sizeof(void *);
    DEV("Aarray", Aarray, bytes);
    DEV("xarray", xarray, bytes);
    DEV("yarray", yarray, bytes);
    for (int b = 0; b < batchCount; b++) {
        cublasStatus_t status = L(gxmv)(handle, trans, m, n, -1, -1, alpha, Aarray[b], lda, xarray[b], incx, beta,
                yarray[b], incy);
        if (status != CUBLAS_STATUS_SUCCESS) {
            return status;
        }
    }
    return CUBLAS_STATUS_SUCCESS;
}

SIM_EXPORT cublasStatus_t S(gemvStridedBatched)(cublasHandle_t handle, cublasOperation_t trans, int m, int n,
        const T *alpha, const T *A, int lda, long long int strideA, const T *x, int incx, long long int stridex,
        const T *beta, T *y, int incy, long long int stridey, int batchCount) {
    CHECK_HANDLE(handle);
    REQUIRE(batchCount >= 0);
    for (int b = 0; b < batchCount; b++) {
        cublasStatus_t status = L(gxmv)(handle, trans, m, n, -1, -1, alpha, A + b * strideA, lda, x + b * stridex,
                incx, beta, y + b * stridey, incy);
        if (status != CUBLAS_STATUS_SUCCESS) {
            return status;
        }
    }
    return CUBLAS_STATUS_SUCCESS;
}

/* ---- Level 3 ------------------------------------------------------------------------------------------ */

/* out (rows x cols, dense) = op(A) where op(A) is rows x cols; rounded to TF32 when asked. */
static void L(pack)(bool t, int rows, int cols, const T *A, int lda, bool round, T *out) {
    for (int j = 0; j < cols; j++) {
        for (int i = 0; i < rows; i++) {
            T v = t ? A[j + (size_t) i * (size_t) lda] : A[i + (size_t) j * (size_t) lda];
#if IS_FLOAT
            if (round) {
                v = to_tf32(v);
            }
#else
            (void) round;
#endif
            out[i + (size_t) j * (size_t) rows] = v;
        }
    }
}

/* C = alpha * Ap * Bp + beta * C with Ap (m x k) and Bp (k x n) dense; beta = 0 does not read C. */
static void L(product)(int m, int n, int k, T alpha, const T *Ap, const T *Bp, T beta, T *C, int ldc) {
    for (int j = 0; j < n; j++) {
        T *c = C + (size_t) j * (size_t) ldc;
        if (beta == 0) {
            for (int i = 0; i < m; i++) {
                c[i] = 0;
            }
        } else if (beta != 1) {
            for (int i = 0; i < m; i++) {
                c[i] *= beta;
            }
        }
        if (alpha == 0) {
            continue;
        }
        for (int l = 0; l < k; l++) {
            T t = alpha * Bp[l + (size_t) j * (size_t) k];
            const T *a = Ap + (size_t) l * (size_t) m;
            for (int i = 0; i < m; i++) {
                c[i] += t * a[i];
            }
        }
    }
}

static cublasStatus_t L(gemm_one)(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m,
        int n, int k, T a, const T *A, int lda, const T *B, int ldb, T b, T *C, int ldc) {
    if (m == 0 || n == 0) {
        return CUBLAS_STATUS_SUCCESS;
    }
    bool ta = transa != CUBLAS_OP_N;
    bool tb = transb != CUBLAS_OP_N;
    if (a != 0 && k > 0) {
        DEVM("A", A, ta ? k : m, ta ? m : k, lda);
        DEVM("B", B, tb ? n : k, tb ? k : n, ldb);
    }
    DEVM("C", C, m, n, ldc);
    if (a == 0 || k == 0) {
        L(product)(m, n, 0, a, NULL, NULL, b, C, ldc);
        return CUBLAS_STATUS_SUCCESS;
    }
    bool round = IS_FLOAT && tf32(handle);
    T *Ap = L(alloc)((size_t) m * (size_t) k);
    T *Bp = L(alloc)((size_t) k * (size_t) n);
    if (Ap == NULL || Bp == NULL) {
        free(Ap);
        free(Bp);
        return CUBLAS_STATUS_ALLOC_FAILED;
    }
    L(pack)(ta, m, k, A, lda, round, Ap);
    L(pack)(tb, k, n, B, ldb, round, Bp);
    L(product)(m, n, k, a, Ap, Bp, b, C, ldc);
    free(Ap);
    free(Bp);
    return CUBLAS_STATUS_SUCCESS;
}

static cublasStatus_t L(gemm_check)(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m,
        int n, int k, int lda, int ldb, int ldc) {
    CHECK_HANDLE(handle);
    REQUIRE(op_ok(transa) && op_ok(transb) && m >= 0 && n >= 0 && k >= 0);
    REQUIRE(lda >= MAX1(transa == CUBLAS_OP_N ? m : k));
    REQUIRE(ldb >= MAX1(transb == CUBLAS_OP_N ? k : n));
    REQUIRE(ldc >= MAX1(m));
    return CUBLAS_STATUS_SUCCESS;
}

SIM_EXPORT cublasStatus_t S(gemm_v2)(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb,
        int m, int n, int k, const T *alpha, const T *A, int lda, const T *B, int ldb, const T *beta, T *C, int ldc) {
    cublasStatus_t status = L(gemm_check)(handle, transa, transb, m, n, k, lda, ldb, ldc);
    if (status != CUBLAS_STATUS_SUCCESS) {
        return status;
    }
    T a;
    T b;
    SCALAR(handle, alpha, a);
    SCALAR(handle, beta, b);
    return L(gemm_one)(handle, transa, transb, m, n, k, a, A, lda, B, ldb, b, C, ldc);
}

SIM_EXPORT cublasStatus_t S(gemmBatched)(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb,
        int m, int n, int k, const T *alpha, const T *const Aarray[], int lda, const T *const Barray[], int ldb,
        const T *beta, T *const Carray[], int ldc, int batchCount) {
    cublasStatus_t status = L(gemm_check)(handle, transa, transb, m, n, k, lda, ldb, ldc);
    if (status != CUBLAS_STATUS_SUCCESS) {
        return status;
    }
    REQUIRE(batchCount >= 0);
    T a;
    T b;
    SCALAR(handle, alpha, a);
    SCALAR(handle, beta, b);
    size_t bytes = (size_t) batchCount * sizeof(void *);
    DEV("Aarray", Aarray, bytes);
    DEV("Barray", Barray, bytes);
    DEV("Carray", Carray, bytes);
    for (int i = 0; i < batchCount && status == CUBLAS_STATUS_SUCCESS; i++) {
        status = L(gemm_one)(handle, transa, transb, m, n, k, a, Aarray[i], lda, Barray[i], ldb, b, Carray[i], ldc);
    }
    return status;
}

SIM_EXPORT cublasStatus_t S(gemmStridedBatched)(cublasHandle_t handle, cublasOperation_t transa,
        cublasOperation_t transb, int m, int n, int k, const T *alpha, const T *A, int lda, long long int strideA,
        const T *B, int ldb, long long int strideB, const T *beta, T *C, int ldc, long long int strideC,
        int batchCount) {
    cublasStatus_t status = L(gemm_check)(handle, transa, transb, m, n, k, lda, ldb, ldc);
    if (status != CUBLAS_STATUS_SUCCESS) {
        return status;
    }
    REQUIRE(batchCount >= 0);
    T a;
    T b;
    SCALAR(handle, alpha, a);
    SCALAR(handle, beta, b);
    for (int i = 0; i < batchCount && status == CUBLAS_STATUS_SUCCESS; i++) {
        status = L(gemm_one)(handle, transa, transb, m, n, k, a, A + i * strideA, lda, B + i * strideB, ldb, b,
                C + i * strideC, ldc);
    }
    return status;
}

/* out (n x n, dense) = the full symmetric matrix stored in A's uplo triangle. */
static void L(full_sym)(bool upper, int n, const T *A, int lda, T *out) {
    for (int j = 0; j < n; j++) {
        for (int i = 0; i < n; i++) {
            out[i + (size_t) j * (size_t) n] = L(sym)(STORE_FULL, upper, n, 0, A, lda, i, j);
        }
    }
}

SIM_EXPORT cublasStatus_t S(symm_v2)(cublasHandle_t handle, cublasSideMode_t side, cublasFillMode_t uplo, int m,
        int n, const T *alpha, const T *A, int lda, const T *B, int ldb, const T *beta, T *C, int ldc) {
    CHECK_HANDLE(handle);
    bool left = side == CUBLAS_SIDE_LEFT;
    int ka = left ? m : n;
    REQUIRE(side_ok(side) && uplo_ok(uplo) && m >= 0 && n >= 0);
    REQUIRE(lda >= MAX1(ka) && ldb >= MAX1(m) && ldc >= MAX1(m));
    T a;
    T b;
    SCALAR(handle, alpha, a);
    SCALAR(handle, beta, b);
    if (m == 0 || n == 0) {
        return CUBLAS_STATUS_SUCCESS;
    }
    DEVM("A", A, ka, ka, lda);
    DEVM("B", B, m, n, ldb);
    DEVM("C", C, m, n, ldc);
    T *S = L(alloc)((size_t) ka * (size_t) ka);
    T *Bp = L(alloc)((size_t) m * (size_t) n);
    if (S == NULL || Bp == NULL) {
        free(S);
        free(Bp);
        return CUBLAS_STATUS_ALLOC_FAILED;
    }
    L(full_sym)(uplo == CUBLAS_FILL_MODE_UPPER, ka, A, lda, S);
    L(pack)(false, m, n, B, ldb, false, Bp);
    if (left) {
        L(product)(m, n, m, a, S, Bp, b, C, ldc);
    } else {
        L(product)(m, n, n, a, Bp, S, b, C, ldc);
    }
    free(S);
    free(Bp);
    return CUBLAS_STATUS_SUCCESS;
}

/* C = alpha * (op(A) op(B)^T [+ op(B) op(A)^T]) + beta * C on C's uplo triangle (syrk: B = A). */
static cublasStatus_t L(syrkx_any)(cublasHandle_t handle, cublasFillMode_t uplo, cublasOperation_t trans, int n,
        int k, const T *alpha, const T *A, int lda, const T *B, int ldb, const T *beta, T *C, int ldc, bool two) {
    CHECK_HANDLE(handle);
    bool t = trans != CUBLAS_OP_N;
    REQUIRE(uplo_ok(uplo) && op_ok(trans) && n >= 0 && k >= 0);
    REQUIRE(lda >= MAX1(t ? k : n) && ldb >= MAX1(t ? k : n) && ldc >= MAX1(n));
    T a;
    T b;
    SCALAR(handle, alpha, a);
    SCALAR(handle, beta, b);
    if (n == 0) {
        return CUBLAS_STATUS_SUCCESS;
    }
    if (a != 0 && k > 0) {
        DEVM("A", A, t ? k : n, t ? n : k, lda);
        DEVM("B", B, t ? k : n, t ? n : k, ldb);
    }
    DEVM("C", C, n, n, ldc);
    bool upper = uplo == CUBLAS_FILL_MODE_UPPER;
#define OPX(X, ld, i, l) (t ? X[(l) + (size_t) (i) * (size_t) (ld)] : X[(i) + (size_t) (l) * (size_t) (ld)])
    for (int j = 0; j < n; j++) {
        for (int i = upper ? 0 : j; i <= (upper ? j : n - 1); i++) {
            T sum = 0;
            if (a != 0) {
                for (int l = 0; l < k; l++) {
                    sum += OPX(A, lda, i, l) * OPX(B, ldb, j, l);
                    if (two) {
                        sum += OPX(B, ldb, i, l) * OPX(A, lda, j, l);
                    }
                }
            }
            T *c = &C[i + (size_t) j * (size_t) ldc];
            *c = a * sum + (b == 0 ? 0 : b * *c);
        }
    }
#undef OPX
    return CUBLAS_STATUS_SUCCESS;
}

SIM_EXPORT cublasStatus_t S(syrk_v2)(cublasHandle_t handle, cublasFillMode_t uplo, cublasOperation_t trans, int n,
        int k, const T *alpha, const T *A, int lda, const T *beta, T *C, int ldc) {
    return L(syrkx_any)(handle, uplo, trans, n, k, alpha, A, lda, A, lda, beta, C, ldc, false);
}

SIM_EXPORT cublasStatus_t S(syr2k_v2)(cublasHandle_t handle, cublasFillMode_t uplo, cublasOperation_t trans, int n,
        int k, const T *alpha, const T *A, int lda, const T *B, int ldb, const T *beta, T *C, int ldc) {
    return L(syrkx_any)(handle, uplo, trans, n, k, alpha, A, lda, B, ldb, beta, C, ldc, true);
}

SIM_EXPORT cublasStatus_t S(syrkx)(cublasHandle_t handle, cublasFillMode_t uplo, cublasOperation_t trans, int n,
        int k, const T *alpha, const T *A, int lda, const T *B, int ldb, const T *beta, T *C, int ldc) {
    return L(syrkx_any)(handle, uplo, trans, n, k, alpha, A, lda, B, ldb, beta, C, ldc, false);
}

/* out (n x n, dense) = op(A) for a triangular A in full storage. */
static void L(full_tri)(bool upper, bool unit, bool t, int n, const T *A, int lda, T *out) {
    for (int j = 0; j < n; j++) {
        for (int i = 0; i < n; i++) {
            out[i + (size_t) j * (size_t) n] = t ? L(tri)(STORE_FULL, upper, unit, n, 0, A, lda, j, i)
                                                 : L(tri)(STORE_FULL, upper, unit, n, 0, A, lda, i, j);
        }
    }
}

static cublasStatus_t L(tr3_check)(cublasHandle_t handle, cublasSideMode_t side, cublasFillMode_t uplo,
        cublasOperation_t trans, cublasDiagType_t diag, int m, int n, int lda, int ldb) {
    CHECK_HANDLE(handle);
    REQUIRE(side_ok(side) && uplo_ok(uplo) && op_ok(trans) && diag_ok(diag) && m >= 0 && n >= 0);
    REQUIRE(lda >= MAX1(side == CUBLAS_SIDE_LEFT ? m : n) && ldb >= MAX1(m));
    return CUBLAS_STATUS_SUCCESS;
}

SIM_EXPORT cublasStatus_t S(trmm_v2)(cublasHandle_t handle, cublasSideMode_t side, cublasFillMode_t uplo,
        cublasOperation_t trans, cublasDiagType_t diag, int m, int n, const T *alpha, const T *A, int lda,
        const T *B, int ldb, T *C, int ldc) {
    cublasStatus_t status = L(tr3_check)(handle, side, uplo, trans, diag, m, n, lda, ldb);
    if (status != CUBLAS_STATUS_SUCCESS) {
        return status;
    }
    REQUIRE(ldc >= MAX1(m));
    T a;
    SCALAR(handle, alpha, a);
    if (m == 0 || n == 0) {
        return CUBLAS_STATUS_SUCCESS;
    }
    bool left = side == CUBLAS_SIDE_LEFT;
    int ka = left ? m : n;
    DEVM("A", A, ka, ka, lda);
    DEVM("B", B, m, n, ldb);
    DEVM("C", C, m, n, ldc);
    T *M = L(alloc)((size_t) ka * (size_t) ka);
    T *Bp = L(alloc)((size_t) m * (size_t) n);
    T *R = L(alloc)((size_t) m * (size_t) n);
    if (M == NULL || Bp == NULL || R == NULL) {
        free(M);
        free(Bp);
        free(R);
        return CUBLAS_STATUS_ALLOC_FAILED;
    }
    L(full_tri)(uplo == CUBLAS_FILL_MODE_UPPER, diag == CUBLAS_DIAG_UNIT, trans != CUBLAS_OP_N, ka, A, lda, M);
    L(pack)(false, m, n, B, ldb, false, Bp);
    if (left) {
        L(product)(m, n, m, a, M, Bp, 0, R, m);
    } else {
        L(product)(m, n, n, a, Bp, M, 0, R, m);
    }
    for (int j = 0; j < n; j++) {
        memcpy(C + (size_t) j * (size_t) ldc, R + (size_t) j * (size_t) m, (size_t) m * sizeof(T));
    }
    free(M);
    free(Bp);
    free(R);
    return CUBLAS_STATUS_SUCCESS;
}

/* Solves M x = v in place (x strided by stride), M dense n x n, lower or upper triangular. */
static void L(substitute)(const T *M, int n, bool lower, T *v, size_t stride) {
    for (int s = 0; s < n; s++) {
        int i = lower ? s : n - 1 - s;
        T sum = v[(size_t) i * stride];
        for (int q = 0; q < s; q++) {
            int j = lower ? q : n - 1 - q;
            sum -= M[i + (size_t) j * (size_t) n] * v[(size_t) j * stride];
        }
        v[(size_t) i * stride] = sum / M[i + (size_t) i * (size_t) n];
    }
}

static cublasStatus_t L(trsm_one)(cublasSideMode_t side, cublasFillMode_t uplo, cublasOperation_t trans,
        cublasDiagType_t diag, int m, int n, T a, const T *A, int lda, T *B, int ldb) {
    if (m == 0 || n == 0) {
        return CUBLAS_STATUS_SUCCESS;
    }
    bool left = side == CUBLAS_SIDE_LEFT;
    int ka = left ? m : n;
    DEVM("A", A, ka, ka, lda);
    DEVM("B", B, m, n, ldb);
    bool t = trans != CUBLAS_OP_N;
    bool upper = uplo == CUBLAS_FILL_MODE_UPPER;
    /* Left: op(A) X = alpha B, column by column. Right: X op(A) = alpha B, i.e. op(A)^T x = alpha b per row. */
    T *M = L(alloc)((size_t) ka * (size_t) ka);
    if (M == NULL) {
        return CUBLAS_STATUS_ALLOC_FAILED;
    }
    L(full_tri)(upper, diag == CUBLAS_DIAG_UNIT, left ? t : !t, ka, A, lda, M);
    bool lower = left ? upper == t : upper != t;
    for (int j = 0; j < n; j++) {
        for (int i = 0; i < m; i++) {
            T *e = &B[i + (size_t) j * (size_t) ldb];
            *e = a == 0 ? 0 : a * *e;
        }
    }
    if (a != 0) {
        if (left) {
            for (int j = 0; j < n; j++) {
                L(substitute)(M, m, lower, B + (size_t) j * (size_t) ldb, 1);
            }
        } else {
            for (int i = 0; i < m; i++) {
                L(substitute)(M, n, lower, B + i, (size_t) ldb);
            }
        }
    }
    free(M);
    return CUBLAS_STATUS_SUCCESS;
}

SIM_EXPORT cublasStatus_t S(trsm_v2)(cublasHandle_t handle, cublasSideMode_t side, cublasFillMode_t uplo,
        cublasOperation_t trans, cublasDiagType_t diag, int m, int n, const T *alpha, const T *A, int lda, T *B,
        int ldb) {
    cublasStatus_t status = L(tr3_check)(handle, side, uplo, trans, diag, m, n, lda, ldb);
    if (status != CUBLAS_STATUS_SUCCESS) {
        return status;
    }
    T a;
    SCALAR(handle, alpha, a);
    return L(trsm_one)(side, uplo, trans, diag, m, n, a, A, lda, B, ldb);
}

SIM_EXPORT cublasStatus_t S(trsmBatched)(cublasHandle_t handle, cublasSideMode_t side, cublasFillMode_t uplo,
        cublasOperation_t trans, cublasDiagType_t diag, int m, int n, const T *alpha, const T *const A[], int lda,
        T *const B[], int ldb, int batchCount) {
    cublasStatus_t status = L(tr3_check)(handle, side, uplo, trans, diag, m, n, lda, ldb);
    if (status != CUBLAS_STATUS_SUCCESS) {
        return status;
    }
    REQUIRE(batchCount >= 0);
    T a;
    SCALAR(handle, alpha, a);
    size_t bytes = (size_t) batchCount * sizeof(void *);
    DEV("A", A, bytes);
    DEV("B", B, bytes);
    for (int i = 0; i < batchCount && status == CUBLAS_STATUS_SUCCESS; i++) {
        status = L(trsm_one)(side, uplo, trans, diag, m, n, a, A[i], lda, B[i], ldb);
    }
    return status;
}

/* ---- BLAS-like extensions ------------------------------------------------------------------------------ */

SIM_EXPORT cublasStatus_t S(geam)(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m,
        int n, const T *alpha, const T *A, int lda, const T *beta, const T *B, int ldb, T *C, int ldc) {
    CHECK_HANDLE(handle);
    bool ta = transa != CUBLAS_OP_N;
    bool tb = transb != CUBLAS_OP_N;
    REQUIRE(op_ok(transa) && op_ok(transb) && m >= 0 && n >= 0);
    REQUIRE(lda >= MAX1(ta ? n : m) && ldb >= MAX1(tb ? n : m) && ldc >= MAX1(m));
    /* In place only as documented: C = A with lda = ldc and transa = N (likewise for B). */
    REQUIRE(C != A || (lda == ldc && !ta));
    REQUIRE(C != B || (ldb == ldc && !tb));
    T a;
    T b;
    SCALAR(handle, alpha, a);
    SCALAR(handle, beta, b);
    if (m == 0 || n == 0) {
        return CUBLAS_STATUS_SUCCESS;
    }
    if (a != 0) {
        DEVM("A", A, ta ? n : m, ta ? m : n, lda);
    }
    if (b != 0) {
        DEVM("B", B, tb ? n : m, tb ? m : n, ldb);
    }
    DEVM("C", C, m, n, ldc);
    for (int j = 0; j < n; j++) {
        for (int i = 0; i < m; i++) {
            T va = a == 0 ? 0 : a * (ta ? A[j + (size_t) i * (size_t) lda] : A[i + (size_t) j * (size_t) lda]);
            T vb = b == 0 ? 0 : b * (tb ? B[j + (size_t) i * (size_t) ldb] : B[i + (size_t) j * (size_t) ldb]);
            C[i + (size_t) j * (size_t) ldc] = va + vb;
        }
    }
    return CUBLAS_STATUS_SUCCESS;
}

SIM_EXPORT cublasStatus_t S(dgmm)(cublasHandle_t handle, cublasSideMode_t mode, int m, int n, const T *A, int lda,
        const T *x, int incx, T *C, int ldc) {
    CHECK_HANDLE(handle);
    REQUIRE(side_ok(mode) && m >= 0 && n >= 0 && lda >= MAX1(m) && ldc >= MAX1(m));
    REQUIRE(C != A || lda == ldc);
    if (m == 0 || n == 0) {
        return CUBLAS_STATUS_SUCCESS;
    }
    bool left = mode == CUBLAS_SIDE_LEFT;
    int lx = left ? m : n;
    DEVM("A", A, m, n, lda);
    DEVV("x", x, lx, incx);
    DEVM("C", C, m, n, ldc);
    for (int j = 0; j < n; j++) {
        for (int i = 0; i < m; i++) {
            T d = x[vidx(left ? i : j, lx, incx)];
            C[i + (size_t) j * (size_t) ldc] = A[i + (size_t) j * (size_t) lda] * d;
        }
    }
    return CUBLAS_STATUS_SUCCESS;
}

#undef DEV
#undef DEVM
#undef DEVV
#undef SCALAR
#undef RESULT_OK
