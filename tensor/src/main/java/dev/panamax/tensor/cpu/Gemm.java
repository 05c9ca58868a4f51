package dev.panamax.tensor.cpu;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * General matrix multiply, C = alpha·A·B + beta·C, over strided views of native memory.
 *
 * <p>A is m×k, B is k×n and C is m×n. Element (i, j) of a matrix lives at element index
 * {@code off + i*rs + j*cs} of its segment (indices and strides count elements, not bytes), so
 * row-major, column-major (transposed), broadcast (zero stride) and sliced views all work.
 * Strides may be negative as long as every addressed element lies inside the segment. Data are
 * little-endian; offsets need no alignment.
 *
 * <p>As in BLAS, {@code beta == 0} overwrites C without reading it, so NaNs already in C do not
 * propagate, and {@code k == 0} or {@code alpha == 0} reduces the call to C = beta·C without
 * reading A or B. C must not overlap A or B, and its own elements must be distinct.
 *
 * <p>Segments of a confined arena are accepted from their owner thread: for a product large
 * enough to be split over threads, the workers reach them through a global view of the same
 * memory (see {@link #forWorkers}), which needs native access enabled for this module.
 *
 * <p>The implementation follows the Goto/BLIS scheme: panels of A and B are packed into
 * per-thread buffers blocked for the caches, a register-blocked Vector API micro-kernel computes
 * each tile, and large products are split over {@link Parallel}'s threads. Small products and
 * matrix-vector products take unpacked paths on the calling thread.
 */
public final class Gemm {

    /** A thread that owns no confined segment, to ask whether a segment is confined. */
    private static final Thread ELSEWHERE = Thread.ofVirtual().unstarted(() -> { });

    private Gemm() {
    }

    /**
     * Computes C = alpha·A·B + beta·C for float32 matrices.
     *
     * @param m rows of A and C
     * @param n columns of B and C
     * @param k columns of A and rows of B
     * @param alpha scale of the product
     * @param a segment holding A; element (i, p) at index {@code aOff + i*aRs + p*aCs}
     * @param aOff element offset of A(0, 0)
     * @param aRs row stride of A in elements
     * @param aCs column stride of A in elements
     * @param b segment holding B; element (p, j) at index {@code bOff + p*bRs + j*bCs}
     * @param bOff element offset of B(0, 0)
     * @param bRs row stride of B in elements
     * @param bCs column stride of B in elements
     * @param beta scale of the existing C; 0 means C is written without being read
     * @param c segment holding C; element (i, j) at index {@code cOff + i*cRs + j*cCs}
     * @param cOff element offset of C(0, 0)
     * @param cRs row stride of C in elements
     * @param cCs column stride of C in elements
     * @throws IllegalArgumentException if a dimension is negative or C has a zero stride along a
     *     dimension longer than one
     * @throws IndexOutOfBoundsException if a view reaches outside its segment
     */
    public static void sgemm(int m, int n, int k, float alpha,
            MemorySegment a, long aOff, long aRs, long aCs,
            MemorySegment b, long bOff, long bRs, long bCs,
            float beta, MemorySegment c, long cOff, long cRs, long cCs) {
        check(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, cRs, cCs, Float.BYTES);
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0f) {
            GemmF32Unpacked.scale(m, n, beta, c, cOff, cRs, cCs);
        } else if (transposed(m, n, cRs, cCs)) {
            GemmF32.gemm(n, m, k, alpha, b, bOff, bCs, bRs, a, aOff, aCs, aRs,
                    beta, c, cOff, cCs, cRs);
        } else {
            GemmF32.gemm(m, n, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs,
                    beta, c, cOff, cRs, cCs);
        }
    }

    /**
     * Computes C = alpha·A·B + beta·C for float64 matrices.
     *
     * <p>The parameters mean the same as for {@link #sgemm}, with float64 data.
     *
     * @param m rows of A and C
     * @param n columns of B and C
     * @param k columns of A and rows of B
     * @param alpha scale of the product
     * @param a segment holding A; element (i, p) at index {@code aOff + i*aRs + p*aCs}
     * @param aOff element offset of A(0, 0)
     * @param aRs row stride of A in elements
     * @param aCs column stride of A in elements
     * @param b segment holding B; element (p, j) at index {@code bOff + p*bRs + j*bCs}
     * @param bOff element offset of B(0, 0)
     * @param bRs row stride of B in elements
     * @param bCs column stride of B in elements
     * @param beta scale of the existing C; 0 means C is written without being read
     * @param c segment holding C; element (i, j) at index {@code cOff + i*cRs + j*cCs}
     * @param cOff element offset of C(0, 0)
     * @param cRs row stride of C in elements
     * @param cCs column stride of C in elements
     * @throws IllegalArgumentException if a dimension is negative or C has a zero stride along a
     *     dimension longer than one
     * @throws IndexOutOfBoundsException if a view reaches outside its segment
     */
    public static void dgemm(int m, int n, int k, double alpha,
            MemorySegment a, long aOff, long aRs, long aCs,
            MemorySegment b, long bOff, long bRs, long bCs,
            double beta, MemorySegment c, long cOff, long cRs, long cCs) {
        check(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, cRs, cCs, Double.BYTES);
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0d) {
            GemmF64Unpacked.scale(m, n, beta, c, cOff, cRs, cCs);
        } else if (transposed(m, n, cRs, cCs)) {
            GemmF64.gemm(n, m, k, alpha, b, bOff, bCs, bRs, a, aOff, aCs, aRs,
                    beta, c, cOff, cCs, cRs);
        } else {
            GemmF64.gemm(m, n, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs,
                    beta, c, cOff, cRs, cCs);
        }
    }

    /**
     * Whether to compute Cᵀ = Bᵀ·Aᵀ instead: the kernels vectorise along the columns of C, and the
     * matrix-vector path wants C as a single column.
     */
    private static boolean transposed(int m, int n, long cRs, long cCs) {
        if (n == 1) {
            return false;
        }
        return m == 1 || (cRs == 1 && cCs != 1);
    }

    private static void check(int m, int n, int k,
            MemorySegment a, long aOff, long aRs, long aCs,
            MemorySegment b, long bOff, long bRs, long bCs,
            MemorySegment c, long cOff, long cRs, long cCs, int elementBytes) {
        checkSegment("A", a);
        checkSegment("B", b);
        checkSegment("C", c);
        if (c.isReadOnly()) {
            throw new IllegalArgumentException("C is read-only");
        }
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException(
                    "negative dimension: m=" + m + ", n=" + n + ", k=" + k);
        }
        if ((m > 1 && cRs == 0) || (n > 1 && cCs == 0)) {
            throw new IllegalArgumentException("C must not have a zero stride: cRs=" + cRs
                    + ", cCs=" + cCs + " for " + m + "x" + n);
        }
        checkView("A", a, aOff, m, k, aRs, aCs, elementBytes);
        checkView("B", b, bOff, k, n, bRs, bCs, elementBytes);
        checkView("C", c, cOff, m, n, cRs, cCs, elementBytes);
    }

    /** Checks that the calling thread may access the segment now. */
    private static void checkSegment(String name, MemorySegment s) {
        Objects.requireNonNull(s, name);
        if (!s.scope().isAlive()) {
            throw new IllegalStateException(name + ": its arena is already closed");
        }
        if (!s.isAccessibleBy(Thread.currentThread())) {
            throw new WrongThreadException(name + ": confined to another thread");
        }
    }

    /**
     * Returns a view of {@code s} that the worker threads may read and write while the calling
     * thread waits for them.
     *
     * <p>A segment of a confined arena is re-wrapped, by address and size, as a global segment
     * (a restricted operation). That is safe here: only the owner thread could close the arena,
     * and it is blocked in this call until the workers finish. Other segments are returned as
     * they are.
     */
    @SuppressWarnings("restricted")
    static MemorySegment forWorkers(MemorySegment s) {
        if (!s.isNative() || s.isAccessibleBy(ELSEWHERE)) {
            return s;
        }
        return MemorySegment.ofAddress(s.address()).reinterpret(s.byteSize());
    }

    /** Checks that every element of a rows×cols view lies inside its segment. */
    private static void checkView(String name, MemorySegment s, long off, int rows, int cols,
            long rs, long cs, int elementBytes) {
        if (rows == 0 || cols == 0) {
            return;
        }
        long size = s.byteSize() / elementBytes;
        try {
            long rowSpan = Math.multiplyExact(rows - 1L, rs);
            long colSpan = Math.multiplyExact(cols - 1L, cs);
            long lo = Math.addExact(off, Math.addExact(Math.min(0, rowSpan), Math.min(0, colSpan)));
            long hi = Math.addExact(off, Math.addExact(Math.max(0, rowSpan), Math.max(0, colSpan)));
            if (lo >= 0 && hi < size) {
                return;
            }
        } catch (ArithmeticException overflow) {
            // An overflowing span cannot fit any segment; reported below.
        }
        throw new IndexOutOfBoundsException(name + " view " + rows + "x" + cols + " at offset "
                + off + " with strides (" + rs + ", " + cs + ") exceeds its segment of " + size
                + " elements");
    }
}
