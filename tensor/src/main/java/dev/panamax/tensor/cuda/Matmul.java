package dev.panamax.tensor.cuda;

import dev.panamax.bindings.Cublas;
import dev.panamax.bindings.cublas.cublas_h;
import dev.panamax.tensor.DType;
import dev.panamax.tensor.backend.Layout;
import dev.panamax.tensor.backend.Storage;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;

/**
 * Batched matrix products on cuBLAS through {@link GemmPlan}: operands whose layout cuBLAS cannot
 * read (no unit stride in either of the last two dimensions) are copied to contiguous temporaries
 * first, and an output it cannot write is computed into one and copied back.
 */
final class Matmul {

    private final CudaBackend backend;
    private final CudaDevice dev;

    Matmul(CudaBackend backend, CudaDevice dev) {
        this.backend = backend;
        this.dev = dev;
    }

    /** {@code dst[b] = a[b] · bm[b]} over {@code [batch, m, k]}, {@code [batch, k, n]}, {@code [batch, m, n]}. */
    void run(Storage a, Layout la, Storage bm, Layout lb, Storage dst, Layout ld) {
        DType t = dst.dtype();
        if (t != DType.FLOAT32 && t != DType.FLOAT64) {
            throw new UnsupportedOperationException("matmul: dtype " + t.pyName() + " is not supported on "
                    + dev.device + " (float32 and float64 are); convert with to(DType)");
        }
        if (ld.numel() == 0) {
            return;
        }
        if (la.shape()[2] == 0) {
            backend.fill(dst, ld, 0);
            return;
        }
        int m = ld.shape()[1];
        int n = ld.shape()[2];
        int k = la.shape()[2];
        CudaStorage ta = null;
        CudaStorage tb = null;
        CudaStorage tc = null;
        try {
            if (GemmPlan.operand(m, k, la.strides()[1], la.strides()[2]) == null) {
                ta = backend.temporary(t, la.numel());
                Layout dense = Layout.contiguous(la.shape());
                backend.copy(a, la, ta, dense);
                a = ta;
                la = dense;
            }
            if (GemmPlan.operand(k, n, lb.strides()[1], lb.strides()[2]) == null) {
                tb = backend.temporary(t, lb.numel());
                Layout dense = Layout.contiguous(lb.shape());
                backend.copy(bm, lb, tb, dense);
                bm = tb;
                lb = dense;
            }
            Storage out = dst;
            Layout lo = ld;
            GemmPlan plan = GemmPlan.of(la, lb, ld);
            if (plan == null) {
                tc = backend.temporary(t, ld.numel());
                out = tc;
                lo = Layout.contiguous(ld.shape());
                plan = GemmPlan.of(la, lb, lo);
            }
            gemm(plan, t, CudaBackend.address(bm, lb), CudaBackend.address(a, la), CudaBackend.address(out, lo));
            if (tc != null) {
                backend.copy(tc, lo, dst, ld);
            }
        } finally {
            release(ta);
            release(tb);
            release(tc);
        }
        Reference.reachabilityFence(a);
        Reference.reachabilityFence(bm);
        Reference.reachabilityFence(dst);
    }

    private static void release(CudaStorage s) {
        if (s != null) {
            s.release();
        }
    }

    private void gemm(GemmPlan p, DType t, long first, long second, long out) {
        Cublas blas = Cublas.get();
        MemorySegment h = dev.cublas();
        dev.makeCurrent();
        int ta = p.transA() ? cublas_h.CUBLAS_OP_T() : cublas_h.CUBLAS_OP_N();
        int tb = p.transB() ? cublas_h.CUBLAS_OP_T() : cublas_h.CUBLAS_OP_N();
        MemorySegment x = MemorySegment.ofAddress(first);
        MemorySegment y = MemorySegment.ofAddress(second);
        MemorySegment z = MemorySegment.ofAddress(out);
        if (p.batch() == 1) {
            if (t == DType.FLOAT32) {
                blas.sgemm(h, ta, tb, p.m(), p.n(), p.k(), 1f, x, p.lda(), y, p.ldb(), 0f, z, p.ldc());
            } else {
                blas.dgemm(h, ta, tb, p.m(), p.n(), p.k(), 1.0, x, p.lda(), y, p.ldb(), 0.0, z, p.ldc());
            }
        } else if (t == DType.FLOAT32) {
            blas.sgemmStridedBatched(h, ta, tb, p.m(), p.n(), p.k(), 1f, x, p.lda(), p.strideA(), y, p.ldb(),
                    p.strideB(), 0f, z, p.ldc(), p.strideC(), p.batch());
        } else {
            blas.dgemmStridedBatched(h, ta, tb, p.m(), p.n(), p.k(), 1.0, x, p.lda(), p.strideA(), y, p.ldb(),
                    p.strideB(), 0.0, z, p.ldc(), p.strideC(), p.batch());
        }
    }
}
