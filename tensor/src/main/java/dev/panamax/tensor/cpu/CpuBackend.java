package dev.panamax.tensor.cpu;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.Device;
import dev.panamax.tensor.backend.Backend;
import dev.panamax.tensor.backend.BinaryOp;
import dev.panamax.tensor.backend.CompareOp;
import dev.panamax.tensor.backend.Layout;
import dev.panamax.tensor.backend.ReduceOp;
import dev.panamax.tensor.backend.Scopes;
import dev.panamax.tensor.backend.Storage;
import dev.panamax.tensor.backend.UnaryOp;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * The CPU backend: Vector API loops over pooled native memory.
 *
 * <p>Contiguous float32/float64 rows run the generated SIMD loops of {@link SimdKernels}; strided
 * rows and int64/bool data run scalar loops ({@link Elements}). Large work is split over
 * {@link Parallel}'s threads.
 */
public final class CpuBackend implements Backend {

    /** The single instance. */
    public static final CpuBackend INSTANCE = new CpuBackend();

    private CpuBackend() {
    }

    /** A one-line description: SIMD width and thread count. */
    public String describe() {
        return "cpu (Vector API, " + FloatVector.SPECIES_PREFERRED.vectorBitSize() + "-bit SIMD, "
                + Parallel.threads() + " threads)";
    }

    @Override
    public Device device() {
        return Device.CPU;
    }

    @Override
    public Storage allocate(DType dtype, int numel) {
        CpuStorage s = new CpuStorage(dtype, numel);
        if (!Scopes.adopt(s)) {
            s.track();
        }
        return s;
    }

    private static MemorySegment seg(Storage s) {
        return ((CpuStorage) s).segment();
    }

    @Override
    public void fill(Storage dst, Layout ld, double value) {
        MemorySegment d = seg(dst);
        DType t = dst.dtype();
        if (ld.isContiguous()) {
            int off = ld.offset();
            flat(ld.numel(), (from, len) -> fillRange(d, t, off + from, len, value));
            return;
        }
        Rows r = new Rows(ld.shape(), new int[] {ld.offset()}, ld.strides());
        r.forEach((s, n) -> {
            int st = r.rowStride[0];
            if (st == 1 && Double.doubleToRawLongBits(value) == 0) { // +0.0 only: -0.0 is not all-zero bytes
                d.asSlice((long) s[0] * t.byteSize(), (long) n * t.byteSize()).fill((byte) 0);
                return;
            }
            for (int i = 0, p = s[0]; i < n; i++, p += st) {
                Elements.set(d, t, p, value);
            }
        });
    }

    /** Sets {@code n} contiguous elements from index {@code from} to {@code value}. */
    private static void fillRange(MemorySegment d, DType t, int from, int n, double value) {
        if (Double.doubleToRawLongBits(value) == 0) { // +0.0 only: -0.0 is not all-zero bytes
            d.asSlice((long) from * t.byteSize(), (long) n * t.byteSize()).fill((byte) 0);
            return;
        }
        int i = 0;
        if (t == DType.FLOAT32 && d.isNative()) {
            var species = FloatVector.SPECIES_PREFERRED;
            FloatVector v = FloatVector.broadcast(species, (float) value);
            for (int upper = species.loopBound(n); i < upper; i += species.length()) {
                v.intoMemorySegment(d, (long) (from + i) * 4, java.nio.ByteOrder.LITTLE_ENDIAN);
            }
        }
        for (; i < n; i++) {
            Elements.set(d, t, from + i, value);
        }
    }

    @Override
    public void copy(Storage src, Layout ls, Storage dst, Layout ld) {
        MemorySegment a = seg(src);
        MemorySegment d = seg(dst);
        DType ta = src.dtype();
        DType td = dst.dtype();
        if (ta == td && ls.isContiguous() && ld.isContiguous()) {
            MemorySegment.copy(a, (long) ls.offset() * ta.byteSize(), d, (long) ld.offset() * td.byteSize(),
                    (long) ld.numel() * td.byteSize());
            return;
        }
        boolean integral = ta == DType.INT64 && td == DType.INT64;
        int one = singleElement(ls);
        if (one >= 0 && ld.isContiguous() && !integral) {
            // a broadcast scalar (e.g. the gradient of a sum, expanded) is a fill
            double v = Elements.get(a, ta, one);
            int off = ld.offset();
            flat(ld.numel(), (from, len) -> fillRange(d, td, off + from, len, v));
            return;
        }
        Rows r = new Rows(ld.shape(), new int[] {ls.offset(), ld.offset()}, ls.strides(), ld.strides());
        if (ta == td && (ta == DType.FLOAT32 || ta == DType.FLOAT64) || ta == DType.BOOL && td.isFloatingPoint()) {
            boolean f32 = td == DType.FLOAT32;
            boolean fromBool = ta == DType.BOOL;
            r.forEach((s, n) -> {
                if (fromBool) {
                    if (f32) {
                        TypedLoops.boolToF32(a, s[0], r.rowStride[0], d, s[1], r.rowStride[1], n);
                    } else {
                        TypedLoops.boolToF64(a, s[0], r.rowStride[0], d, s[1], r.rowStride[1], n);
                    }
                } else if (f32) {
                    TypedLoops.copyF32(a, s[0], r.rowStride[0], d, s[1], r.rowStride[1], n);
                } else {
                    TypedLoops.copyF64(a, s[0], r.rowStride[0], d, s[1], r.rowStride[1], n);
                }
            });
            return;
        }
        r.forEach((s, n) -> {
            int sa = r.rowStride[0];
            int sd = r.rowStride[1];
            for (int i = 0, p = s[0], q = s[1]; i < n; i++, p += sa, q += sd) {
                if (integral) {
                    Elements.setLong(d, td, q, Elements.getLong(a, ta, p));
                } else {
                    Elements.set(d, td, q, Elements.get(a, ta, p));
                }
            }
        });
    }

    @Override
    public void unary(UnaryOp op, Storage src, Layout ls, Storage dst, Layout ld) {
        MemorySegment a = seg(src);
        MemorySegment d = seg(dst);
        DType t = dst.dtype();
        if (simdType(t) && simdMemory(a, null, d) && ls.isContiguous() && ld.isContiguous()) {
            int ao = ls.offset();
            int dof = ld.offset();
            flat(ld.numel(), (from, len) -> {
                if (t == DType.FLOAT32) {
                    SimdKernels.unaryF32(op, a, ao + from, d, dof + from, len);
                } else {
                    SimdKernels.unaryF64(op, a, ao + from, d, dof + from, len);
                }
            });
            return;
        }
        Rows r = new Rows(ld.shape(), new int[] {ls.offset(), ld.offset()}, ls.strides(), ld.strides());
        r.forEach((s, n) -> {
            int sa = r.rowStride[0];
            int sd = r.rowStride[1];
            if (sa == 1 && sd == 1 && t == DType.FLOAT32) {
                SimdKernels.unaryF32(op, a, s[0], d, s[1], n);
            } else if (sa == 1 && sd == 1 && t == DType.FLOAT64) {
                SimdKernels.unaryF64(op, a, s[0], d, s[1], n);
            } else if (t == DType.INT64) {
                for (int i = 0, p = s[0], q = s[1]; i < n; i++, p += sa, q += sd) {
                    d.setAtIndex(JAVA_LONG_UNALIGNED, q, Elements.apply(op, a.getAtIndex(JAVA_LONG_UNALIGNED, p)));
                }
            } else {
                for (int i = 0, p = s[0], q = s[1]; i < n; i++, p += sa, q += sd) {
                    Elements.set(d, t, q, Elements.apply(op, Elements.get(a, t, p), t));
                }
            }
        });
    }

    @Override
    public void softmax(Storage src, Layout ls, int dim, boolean log, Storage dst, Layout ld) {
        CpuSoftmax.forward(seg(src), ls, dim, log, seg(dst), ld, dst.dtype());
    }

    @Override
    public void softmaxBackward(Storage grad, Layout lg, Storage out, Layout lo, int dim, boolean log, Storage dst,
                                Layout ld) {
        CpuSoftmax.backward(seg(grad), lg, seg(out), lo, dim, log, seg(dst), ld, dst.dtype());
    }

    @Override
    public void binary(BinaryOp op, Storage sa, Layout la, Storage sb, Layout lb, Storage dst, Layout ld) {
        binaryImpl(op, seg(sa), la, seg(sb), lb, 0, false, seg(dst), ld, dst.dtype());
    }

    @Override
    public boolean addScaledInPlace(Storage self, Layout ls, Storage other, Layout lo, double alpha) {
        MemorySegment d = seg(self);
        MemorySegment b = seg(other);
        DType t = self.dtype();
        if (!simdType(t) || !d.isNative() || !b.isNative()) {
            return false;
        }
        int n = ls.numel();
        int di = ls.offset();
        int bi = lo.offset();
        if (n < 2 * FLAT_GRAIN) {
            AddScaled.run(t, d, di, b, bi, alpha, n);
        } else {
            Parallel.forRange(n, FLAT_GRAIN, (from, to) -> AddScaled.run(t, d, di + (int) from, b,
                    bi + (int) from, alpha, (int) (to - from)));
        }
        return true;
    }

    @Override
    public void binaryScalar(BinaryOp op, Storage sa, Layout la, double s, boolean scalarFirst, Storage dst,
                             Layout ld) {
        binaryImpl(op, seg(sa), la, null, null, s, scalarFirst, seg(dst), ld, dst.dtype());
    }

    /** A loop over the flat index range {@code [from, from + len)} of contiguous operands. */
    @FunctionalInterface
    private interface FlatKernel {
        void run(int from, int len);
    }

    private static final int FLAT_GRAIN = 1 << 15;

    /** Runs {@code k} over {@code [0, n)}, on the caller's thread unless {@code n} is large. */
    private static void flat(int n, FlatKernel k) {
        if (n < 2 * FLAT_GRAIN) {
            k.run(0, n);
        } else {
            Parallel.forRange(n, FLAT_GRAIN, (from, to) -> k.run((int) from, (int) (to - from)));
        }
    }

    private static boolean simdType(DType t) {
        return t == DType.FLOAT32 || t == DType.FLOAT64;
    }

    /**
     * Whether SIMD loops may run over these segments: only native ones. Tiny tensors live in heap
     * arrays (see {@link CpuStorage}); keeping them out of the Vector API loops keeps every vector
     * call site monomorphic in the segment type, which the JIT needs to intrinsify the loads.
     */
    static boolean simdMemory(MemorySegment a, MemorySegment b, MemorySegment d) {
        return a.isNative() && (b == null || b.isNative()) && d.isNative();
    }

    /**
     * The storage index of the one element every position of {@code l} reads (a broadcast scalar or a
     * single-element view), or -1 when it reads several or none.
     */
    static int singleElement(Layout l) {
        if (l.numel() == 0) {
            return -1;
        }
        int[] sh = l.shape();
        int[] st = l.strides();
        for (int k = 0; k < sh.length; k++) {
            if (sh[k] != 1 && st[k] != 0) {
                return -1;
            }
        }
        return l.offset();
    }

    private static void binaryImpl(BinaryOp op, MemorySegment a, Layout la, MemorySegment b, Layout lb,
                                   double scalar, boolean scalarFirst, MemorySegment d, Layout ld, DType t) {
        boolean hasB = b != null;
        MemorySegment bs = hasB ? b : a;
        // Fast paths, no row walk: a contiguous output whose operands are each dense alike (step 1),
        // a single broadcast element (step 0, read once as a scalar where SIMD runs) or a Java scalar.
        if (ld.isContiguous()) {
            int n = ld.numel();
            int dof = ld.offset();
            int sa = step(la);
            int sb = !hasB ? 0 : step(lb);
            int ao = la.offset();
            int bo = hasB ? lb.offset() : 0;
            if (sa >= 0 && sb >= 0) {
                if (simdType(t) && d.isNative()) {
                    if (sa == 1 && a.isNative()) {
                        if (!hasB) {
                            flatBinary(t, op, scalarFirst ? SimdKernels.SV : SimdKernels.VS, a, ao, a, ao, scalar, d,
                                    dof, n);
                            return;
                        }
                        if (sb == 1 && b.isNative()) {
                            flatBinary(t, op, SimdKernels.VV, a, ao, b, bo, 0, d, dof, n);
                            return;
                        }
                        if (sb == 0) {
                            flatBinary(t, op, SimdKernels.VS, a, ao, a, ao, Elements.get(b, t, bo), d, dof, n);
                            return;
                        }
                    } else if (sa == 0 && hasB && sb == 1 && b.isNative()) {
                        flatBinary(t, op, SimdKernels.SV, b, bo, b, bo, Elements.get(a, t, ao), d, dof, n);
                        return;
                    }
                }
                if (n < 2 * FLAT_GRAIN) { // tiny heap tensors, int64, bool: one scalar loop
                    scalarBinary(op, t, a, ao, sa, bs, bo, sb, hasB, scalar, scalarFirst, d, dof, 1, n);
                    return;
                }
            }
        }
        if (simdType(t) && d.isNative() && ld.numel() >= STAGE_MIN && (!a.isNative() || hasB && !b.isNative())) {
            // A small heap operand broadcast over a large output (a bias row): stage it in native
            // memory so that the rows run the SIMD loops.
            MemorySegment na = toNative(a);
            MemorySegment nb = hasB ? toNative(b) : null;
            try {
                binaryImpl(op, na, la, nb, lb, scalar, scalarFirst, d, ld, t);
            } finally {
                if (na != a) {
                    HostAllocator.INSTANCE.release(na);
                }
                if (hasB && nb != b) {
                    HostAllocator.INSTANCE.release(nb);
                }
            }
            return;
        }
        int[] offsets = hasB ? new int[] {la.offset(), lb.offset(), ld.offset()} : new int[] {la.offset(), 0, ld.offset()};
        int[] bStrides = hasB ? lb.strides() : new int[ld.dim()];
        Rows r = new Rows(ld.shape(), offsets, la.strides(), bStrides, ld.strides());
        boolean simdA = simdType(t) && a.isNative() && d.isNative();
        boolean simdB = simdType(t) && hasB && b.isNative() && d.isNative();
        r.forEach((s, n) -> {
            int sa = r.rowStride[0];
            int sb = r.rowStride[1];
            int sd = r.rowStride[2];
            if (sd == 1 && simdA && sa == 1 && hasB && sb == 1 && simdB) {
                simdBinary(t, op, SimdKernels.VV, a, s[0], bs, s[1], 0, d, s[2], n);
            } else if (sd == 1 && simdA && sa == 1 && (!hasB || sb == 0)) {
                double v = hasB ? Elements.get(bs, t, s[1]) : scalar;
                simdBinary(t, op, scalarFirst ? SimdKernels.SV : SimdKernels.VS, a, s[0], a, s[0], v, d, s[2], n);
            } else if (sd == 1 && simdB && sa == 0 && sb == 1) {
                simdBinary(t, op, SimdKernels.SV, bs, s[1], bs, s[1], Elements.get(a, t, s[0]), d, s[2], n);
            } else {
                scalarBinary(op, t, a, s[0], sa, bs, s[1], sb, hasB, scalar, scalarFirst, d, s[2], sd, n);
            }
        });
    }

    /** The scalar loop of a binary op over {@code n} elements with per-operand steps. */
    private static void scalarBinary(BinaryOp op, DType t, MemorySegment a, int p, int sa, MemorySegment b, int q,
                                     int sb, boolean hasB, double scalar, boolean scalarFirst, MemorySegment d, int o,
                                     int sd, int n) {
        if (t == DType.INT64 || t == DType.BOOL) {
            long sl = (long) scalar;
            for (int i = 0; i < n; i++, p += sa, q += sb, o += sd) {
                long x = Elements.getLong(a, t, p);
                long y = hasB ? Elements.getLong(b, t, q) : sl;
                Elements.setLong(d, t, o, scalarFirst ? Elements.apply(op, y, x) : Elements.apply(op, x, y));
            }
        } else {
            // A Java scalar takes the tensor's dtype first, as in the SIMD loops (and PyTorch, NumPy 2).
            double s = t == DType.FLOAT32 ? (float) scalar : scalar;
            for (int i = 0; i < n; i++, p += sa, q += sb, o += sd) {
                double x = Elements.get(a, t, p);
                double y = hasB ? Elements.get(b, t, q) : s;
                Elements.set(d, t, o, scalarFirst ? Elements.apply(op, y, x, t) : Elements.apply(op, x, y, t));
            }
        }
    }

    /** Outputs from this many elements up stage small heap operands in native memory for the SIMD loops. */
    private static final int STAGE_MIN = 1024;

    /** {@link #simdBinary} over {@code [0, n)}, split over the threads when large. */
    private static void flatBinary(DType t, BinaryOp op, int mode, MemorySegment a, int ai, MemorySegment b, int bi,
                                   double s, MemorySegment d, int di, int n) {
        if (n < 2 * FLAT_GRAIN) {
            simdBinary(t, op, mode, a, ai, b, bi, s, d, di, n);
            return;
        }
        boolean vv = mode == SimdKernels.VV;
        Parallel.forRange(n, FLAT_GRAIN, (from, to) -> simdBinary(t, op, mode, a, ai + (int) from, vv ? b : a,
                (vv ? bi : ai) + (int) from, s, d, di + (int) from, (int) (to - from)));
    }

    private static void simdBinary(DType t, BinaryOp op, int mode, MemorySegment a, int ai, MemorySegment b, int bi,
                                   double s, MemorySegment d, int di, int n) {
        if (t == DType.FLOAT32) {
            if (op == BinaryOp.POW) {
                PowKernels.powF32(mode, a, ai, b, bi, s, d, di, n);
            } else {
                SimdKernels.binaryF32(op, mode, a, ai, b, bi, s, d, di, n);
            }
        } else {
            SimdKernels.binaryF64(op, mode, a, ai, b, bi, s, d, di, n);
        }
    }

    @Override
    public void compare(CompareOp op, Storage sa, Layout la, Storage sb, Layout lb, Storage dst, Layout ld) {
        compareImpl(op, sa, la, sb, lb, 0, dst, ld);
    }

    @Override
    public void compareScalar(CompareOp op, Storage sa, Layout la, double s, Storage dst, Layout ld) {
        compareImpl(op, sa, la, null, null, s, dst, ld);
    }

    private static void compareImpl(CompareOp op, Storage sa, Layout la, Storage sb, Layout lb, double scalar,
                                    Storage dst, Layout ld) {
        MemorySegment a = seg(sa);
        MemorySegment b = sb == null ? a : seg(sb);
        MemorySegment d = seg(dst);
        DType t = sa.dtype();
        boolean hasB = sb != null;
        if (ld.isContiguous() && ld.numel() < 2 * FLAT_GRAIN) { // no row walk for dense or single-element operands
            int stepA = step(la);
            int sbs = !hasB ? 0 : step(lb);
            if (stepA >= 0 && sbs >= 0) {
                compareLoop(op, t, a, la.offset(), stepA, b, hasB ? lb.offset() : 0, sbs, hasB, scalar, d, ld.offset(), 1,
                        ld.numel());
                return;
            }
        }
        int[] bStrides = hasB ? lb.strides() : new int[ld.dim()];
        Rows r = new Rows(ld.shape(), new int[] {la.offset(), hasB ? lb.offset() : 0, ld.offset()},
                la.strides(), bStrides, ld.strides());
        r.forEach((s, n) -> compareLoop(op, t, a, s[0], r.rowStride[0], b, s[1], r.rowStride[1], hasB, scalar, d, s[2],
                r.rowStride[2], n));
    }

    private static void compareLoop(CompareOp op, DType t, MemorySegment a, int p, int sa, MemorySegment b, int q,
                                    int sb, boolean hasB, double scalar, MemorySegment d, int o, int sd, int n) {
        if (t == DType.FLOAT32) {
            TypedLoops.compareF32(op, a, p, sa, b, q, sb, hasB, scalar, d, o, sd, n);
            return;
        }
        if (t == DType.FLOAT64) {
            TypedLoops.compareF64(op, a, p, sa, b, q, sb, hasB, scalar, d, o, sd, n);
            return;
        }
        for (int i = 0; i < n; i++, p += sa, q += sb, o += sd) {
            boolean v;
            if (t == DType.INT64 && hasB) {
                v = Elements.test(op, Elements.getLong(a, t, p), Elements.getLong(b, t, q));
            } else {
                v = Elements.test(op, Elements.get(a, t, p), hasB ? Elements.get(b, t, q) : scalar);
            }
            d.set(JAVA_BYTE, o, v ? (byte) 1 : (byte) 0);
        }
    }

    @Override
    public void where(Storage cond, Layout lc, Storage sa, Layout la, Storage sb, Layout lb, Storage dst, Layout ld) {
        MemorySegment c = seg(cond);
        MemorySegment a = seg(sa);
        MemorySegment b = seg(sb);
        MemorySegment d = seg(dst);
        DType t = dst.dtype();
        if (ld.isContiguous() && ld.numel() < 2 * FLAT_GRAIN) { // no row walk for dense or single-element operands
            int s0 = step(lc);
            int s1 = step(la);
            int s2 = step(lb);
            if (s0 >= 0 && s1 >= 0 && s2 >= 0) {
                whereLoop(t, c, lc.offset(), s0, a, la.offset(), s1, b, lb.offset(), s2, d, ld.offset(), 1, ld.numel());
                return;
            }
        }
        Rows r = new Rows(ld.shape(), new int[] {lc.offset(), la.offset(), lb.offset(), ld.offset()},
                lc.strides(), la.strides(), lb.strides(), ld.strides());
        r.forEach((s, n) -> whereLoop(t, c, s[0], r.rowStride[0], a, s[1], r.rowStride[1], b, s[2], r.rowStride[2], d,
                s[3], r.rowStride[3], n));
    }

    /** 1 for a contiguous operand, 0 for a single broadcast element, -1 otherwise. */
    private static int step(Layout l) {
        return l.isContiguous() ? 1 : singleElement(l) >= 0 ? 0 : -1;
    }

    private static void whereLoop(DType t, MemorySegment c, int pc, int s0, MemorySegment a, int p, int s1,
                                  MemorySegment b, int q, int s2, MemorySegment d, int o, int s3, int n) {
        switch (t) {
            case FLOAT32 -> TypedLoops.whereF32(c, pc, s0, a, p, s1, b, q, s2, d, o, s3, n);
            case FLOAT64 -> TypedLoops.whereF64(c, pc, s0, a, p, s1, b, q, s2, d, o, s3, n);
            case BOOL -> TypedLoops.whereBool(c, pc, s0, a, p, s1, b, q, s2, d, o, s3, n);
            case INT64 -> whereLong(t, c, pc, s0, a, p, s1, b, q, s2, d, o, s3, n);
        }
    }

    private static void whereLong(DType t, MemorySegment c, int pc, int s0, MemorySegment a, int p, int s1,
                                  MemorySegment b, int q, int s2, MemorySegment d, int o, int s3, int n) {
        for (int i = 0; i < n; i++, pc += s0, p += s1, q += s2, o += s3) {
            boolean take = c.get(JAVA_BYTE, pc) != 0;
            if (t == DType.INT64) {
                Elements.setLong(d, t, o, take ? Elements.getLong(a, t, p) : Elements.getLong(b, t, q));
            } else {
                Elements.set(d, t, o, take ? Elements.get(a, t, p) : Elements.get(b, t, q));
            }
        }
    }

    @Override
    public void maskedFill(Storage dst, Layout ld, Storage mask, Layout lm, double value) {
        MemorySegment d = seg(dst);
        MemorySegment m = seg(mask);
        DType t = dst.dtype();
        Rows r = new Rows(ld.shape(), new int[] {ld.offset(), lm.offset()}, ld.strides(), lm.strides());
        r.forEach((s, n) -> {
            int sd = r.rowStride[0];
            int sm = r.rowStride[1];
            for (int i = 0, p = s[0], q = s[1]; i < n; i++, p += sd, q += sm) {
                if (m.get(JAVA_BYTE, q) != 0) {
                    Elements.set(d, t, p, value);
                }
            }
        });
    }

    @Override
    public void reduce(ReduceOp op, Storage src, Layout ls, int reducedDims, Storage dst, Layout ld,
                       Storage indices) {
        Reductions.reduce(op, seg(src), src.dtype(), ls, reducedDims, seg(dst), ld,
                indices == null ? null : seg(indices));
    }

    @Override
    public void matmul(Storage sa, Layout la, Storage sb, Layout lb, Storage dst, Layout ld) {
        DType t = dst.dtype();
        if (t != DType.FLOAT32 && t != DType.FLOAT64) {
            throw new UnsupportedOperationException("matmul: dtype " + t.pyName()
                    + " is not supported on cpu (float32 and float64 are); convert with to(DType)");
        }
        // GEMM's vector loops only ever see native memory (see simdMemory): tiny heap operands are
        // staged through pooled native blocks.
        MemorySegment a = toNative(seg(sa));
        MemorySegment b = toNative(seg(sb));
        MemorySegment heapOut = seg(dst).isNative() ? null : seg(dst);
        MemorySegment d = heapOut == null ? seg(dst) : toNative(heapOut);
        try {
            gemmBatches(t, a, la, b, lb, d, ld);
            if (heapOut != null) {
                MemorySegment.copy(d, 0, heapOut, 0, heapOut.byteSize());
            }
        } finally {
            for (MemorySegment staged : new MemorySegment[] {a == seg(sa) ? null : a, b == seg(sb) ? null : b,
                    heapOut == null ? null : d}) {
                if (staged != null) {
                    HostAllocator.INSTANCE.release(staged);
                }
            }
        }
    }

    /** A native copy of a heap segment (a pooled block the caller releases), or the segment itself. */
    private static MemorySegment toNative(MemorySegment s) {
        if (s.isNative()) {
            return s;
        }
        MemorySegment block = HostAllocator.INSTANCE.allocate(s.byteSize());
        MemorySegment.copy(s, 0, block, 0, s.byteSize());
        return block;
    }

    private static void gemmBatches(DType t, MemorySegment a, Layout la, MemorySegment b, Layout lb,
                                    MemorySegment d, Layout ld) {
        int batch = ld.shape()[0];
        int m = ld.shape()[1];
        int n = ld.shape()[2];
        int k = la.shape()[2];
        int[] as = la.strides();
        int[] bs = lb.strides();
        int[] ds = ld.strides();
        for (int i = 0; i < batch; i++) {
            long ao = la.offset() + (long) i * as[0];
            long bo = lb.offset() + (long) i * bs[0];
            long dof = ld.offset() + (long) i * ds[0];
            if (t == DType.FLOAT32) {
                Gemm.sgemm(m, n, k, 1f, a, ao, as[1], as[2], b, bo, bs[1], bs[2], 0f, d, dof, ds[1], ds[2]);
            } else {
                Gemm.dgemm(m, n, k, 1.0, a, ao, as[1], as[2], b, bo, bs[1], bs[2], 0.0, d, dof, ds[1], ds[2]);
            }
        }
    }

    @Override
    public void fromArray(Object array, Storage dst) {
        MemorySegment d = seg(dst);
        switch (array) {
            case double[] x -> {
                if (dst.dtype() == DType.FLOAT64) {
                    MemorySegment.copy(x, 0, d, JAVA_DOUBLE_UNALIGNED, 0, x.length);
                } else {
                    for (int i = 0; i < x.length; i++) {
                        Elements.set(d, dst.dtype(), i, x[i]);
                    }
                }
            }
            case float[] x -> {
                if (dst.dtype() == DType.FLOAT32) {
                    MemorySegment.copy(x, 0, d, JAVA_FLOAT_UNALIGNED, 0, x.length);
                } else {
                    for (int i = 0; i < x.length; i++) {
                        Elements.set(d, dst.dtype(), i, x[i]);
                    }
                }
            }
            case long[] x -> {
                for (int i = 0; i < x.length; i++) {
                    Elements.setLong(d, dst.dtype(), i, x[i]);
                }
            }
            case boolean[] x -> {
                for (int i = 0; i < x.length; i++) {
                    Elements.setLong(d, dst.dtype(), i, x[i] ? 1 : 0);
                }
            }
            default -> throw new IllegalArgumentException("fromArray: unsupported array type "
                    + array.getClass().getSimpleName());
        }
    }

    @Override
    public double[] toDoubles(Storage src, Layout ls) {
        double[] out = new double[ls.numel()];
        MemorySegment a = seg(src);
        DType t = src.dtype();
        if (t == DType.FLOAT64 && ls.isContiguous()) {
            MemorySegment.copy(a, JAVA_DOUBLE_UNALIGNED, (long) ls.offset() * 8, out, 0, out.length);
            return out;
        }
        if (ls.isContiguous()) { // item() of a scalar among others: no row walk
            for (int i = 0, p = ls.offset(); i < out.length; i++, p++) {
                out[i] = Elements.get(a, t, p);
            }
            return out;
        }
        int[] pos = {0};
        Rows r = new Rows(ls.shape(), new int[] {ls.offset()}, ls.strides());
        int[] s = new int[1];
        for (int row = 0; row < r.rows; row++) {
            r.start(row, s);
            for (int i = 0, p = s[0]; i < r.length; i++, p += r.rowStride[0]) {
                out[pos[0]++] = Elements.get(a, t, p);
            }
        }
        return out;
    }

    @Override
    public long[] toLongs(Storage src, Layout ls) {
        long[] out = new long[ls.numel()];
        MemorySegment a = seg(src);
        DType t = src.dtype();
        Rows r = new Rows(ls.shape(), new int[] {ls.offset()}, ls.strides());
        int[] s = new int[1];
        int pos = 0;
        for (int row = 0; row < r.rows; row++) {
            r.start(row, s);
            for (int i = 0, p = s[0]; i < r.length; i++, p += r.rowStride[0]) {
                out[pos++] = Elements.getLong(a, t, p);
            }
        }
        return out;
    }

    @Override
    public void fused(dev.panamax.tensor.backend.FusedProgram p, Storage[] inputs, Layout[] layouts, Storage dst,
                      Layout ld) {
        MemorySegment[] in = new MemorySegment[inputs.length];
        for (int i = 0; i < in.length; i++) {
            in[i] = seg(inputs[i]);
        }
        // Binary instructions go through simdBinary, the eager ops' own dispatch, so both agree bit for bit.
        FusedKernels.run(p, dst.dtype(), in, layouts, seg(dst), ld, CpuBackend::simdBinary);
    }
}
