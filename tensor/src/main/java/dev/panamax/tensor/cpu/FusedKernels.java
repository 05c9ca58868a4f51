package dev.panamax.tensor.cpu;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.backend.BinaryOp;
import dev.panamax.tensor.backend.FusedProgram;
import dev.panamax.tensor.backend.FusedProgram.Kind;
import dev.panamax.tensor.backend.Layout;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED;

/**
 * Fused elementwise programs on the CPU: blocked evaluation.
 *
 * <p>The flat output range is cut into blocks of {@link #BLOCK_BYTES} bytes, small enough that a
 * program's live values stay in L1. Each instruction runs over a whole block with the same SIMD
 * kernel the eager op uses ({@link SimdKernels#unaryF32}/{@code F64} for unary ops, the backend's
 * binary dispatch for binary ones, so a later change of an eager kernel's rule applies here too),
 * writing into a per-thread scratch slot; slots are reused once their value is dead, and the last
 * instruction writes straight into the output. Dense native inputs are read in place; broadcast,
 * strided or heap-backed inputs are gathered into a slot per block. Blocks are split over
 * {@link Parallel}'s threads for large outputs.
 */
final class FusedKernels {

    /** Bytes per block and scratch slot. */
    static final int BLOCK_BYTES = 8192;

    /** Outputs below this many elements run on the calling thread. */
    private static final int GRAIN = 1 << 15;

    /** The backend's binary kernel dispatch: {@code d = op(a, b)} in a mode of {@link SimdKernels}. */
    @FunctionalInterface
    interface BinaryKernel {
        void run(DType t, BinaryOp op, int mode, MemorySegment a, int ai, MemorySegment b, int bi, double s,
                 MemorySegment d, int di, int n);
    }

    private FusedKernels() {
    }

    /** Runs {@code p} over the inputs into {@code d}; all of dtype {@code t} (float32 or float64). */
    static void run(FusedProgram p, DType t, MemorySegment[] in, Layout[] li, MemorySegment d, Layout ld,
                    BinaryKernel bin) {
        if (t != DType.FLOAT32 && t != DType.FLOAT64) {
            throw new UnsupportedOperationException("fused: dtype " + t.pyName()
                    + " is not supported on cpu (float32 and float64 are)");
        }
        int n = ld.numel();
        if (n == 0) {
            return;
        }
        Plan plan = new Plan(p, t, in, li, d, ld);
        FusedCompiler.Loop loop = plan.allDirect() ? FusedCompiler.loop(p, t) : null;
        if (loop == null) {
            if (n < 2 * GRAIN) {
                plan.range(0, n, bin);
            } else {
                Parallel.forRange(n, GRAIN, (from, to) -> plan.range((int) from, (int) to, bin));
            }
            return;
        }
        long[] off = new long[in.length];
        for (int k = 0; k < in.length; k++) {
            off[k] = li[k].offset();
        }
        if (n < 2 * GRAIN) {
            compiled(loop, plan, off, 0, n, bin);
        } else {
            Parallel.forRange(n, GRAIN, (from, to) -> compiled(loop, plan, off, (int) from, (int) to, bin));
        }
    }

    /**
     * Evaluates {@code [from, to)} with one call of a compiled loop over the whole vectors (it needs no
     * scratch, and blocks would only repeat the loop's setup), and the remaining elements with the
     * blocked evaluator (whose scalar tails compute what the vector lanes do).
     */
    private static void compiled(FusedCompiler.Loop loop, Plan plan, long[] off, int from, int to,
                                 BinaryKernel bin) {
        int lanes = loop.lanes();
        int vend = from + (to - from) / lanes * lanes;
        if (from < vend) {
            loop.run(plan.in, off, plan.d, plan.ld.offset(), from, vend);
        }
        if (vend < to) {
            plan.range(vend, to, bin);
        }
    }

    /** Where each instruction's value lives, fixed for one call. */
    private static final class Plan {
        final FusedProgram p;
        final DType t;
        final int bytes;
        final int block;
        final MemorySegment[] in;
        final Layout[] li;
        final MemorySegment d;
        final Layout ld;
        /** Per instruction: the scratch slot, or -1 for a dense input read in place / the output. */
        final int[] slot;
        final boolean[] direct;
        final boolean outDirect;
        final int slots;

        Plan(FusedProgram p, DType t, MemorySegment[] in, Layout[] li, MemorySegment d, Layout ld) {
            this.p = p;
            this.t = t;
            this.bytes = t.byteSize();
            this.block = BLOCK_BYTES / bytes;
            this.in = in;
            this.li = li;
            this.d = d;
            this.ld = ld;
            int n = p.size();
            int last = n - 1;
            this.outDirect = d.isNative() && ld.isContiguous() && p.kind(last) != Kind.INPUT;
            this.slot = new int[n];
            this.direct = new boolean[n];
            int[] lastUse = p.lastUses();
            boolean[] busy = new boolean[n + 1];
            int used = 0;
            for (int i = 0; i < n; i++) {
                if (p.kind(i) == Kind.INPUT) {
                    int k = p.a(i);
                    direct[i] = in[k].isNative() && li[k].isContiguous();
                }
                if (direct[i] || (i == last && outDirect)) {
                    slot[i] = -1;
                } else {
                    int s = 0;
                    while (busy[s]) {
                        s++;
                    }
                    busy[s] = true;
                    slot[i] = s;
                    used = Math.max(used, s + 1);
                }
                // Operands whose last reader is this instruction free their slots after it has its own.
                if (p.kind(i) != Kind.INPUT) {
                    free(busy, p.a(i), i, lastUse);
                    if (p.kind(i) == Kind.BINARY) {
                        free(busy, p.b(i), i, lastUse);
                    }
                }
            }
            this.slots = used;
        }

        /** Whether every input is read in place and the result is written in place. */
        boolean allDirect() {
            if (!outDirect) {
                return false;
            }
            for (int i = 0; i < p.size(); i++) {
                if (p.kind(i) == Kind.INPUT && !direct[i]) {
                    return false;
                }
            }
            return true;
        }

        private void free(boolean[] busy, int operand, int reader, int[] lastUse) {
            if (lastUse[operand] == reader && slot[operand] >= 0) {
                busy[slot[operand]] = false;
            }
        }

        /** Evaluates flat indices {@code [from, to)}. */
        void range(int from, int to, BinaryKernel bin) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment scratch = arena.allocate((long) Math.max(1, slots) * BLOCK_BYTES, 64);
                MemorySegment[] seg = new MemorySegment[p.size()];
                int[] idx = new int[p.size()];
                for (int start = from; start < to; start += block) {
                    block(start, Math.min(block, to - start), scratch, seg, idx, bin);
                }
            }
        }

        private void block(int from, int len, MemorySegment scratch, MemorySegment[] seg, int[] idx,
                           BinaryKernel bin) {
            int n = p.size();
            for (int i = 0; i < n; i++) {
                MemorySegment ds;
                int di;
                if (slot[i] >= 0) {
                    ds = scratch;
                    di = slot[i] * block;
                } else if (direct[i]) {
                    int k = p.a(i);
                    ds = in[k];
                    di = li[k].offset() + from;
                } else {
                    ds = d;
                    di = ld.offset() + from;
                }
                seg[i] = ds;
                idx[i] = di;
                switch (p.kind(i)) {
                    case INPUT -> {
                        if (!direct[i]) {
                            int k = p.a(i);
                            walk(in[k], li[k], from, len, ds, di, true);
                        }
                    }
                    case UNARY -> {
                        int a = p.a(i);
                        if (t == DType.FLOAT32) {
                            SimdKernels.unaryF32(p.unaryOp(i), seg[a], idx[a], ds, di, len);
                        } else {
                            SimdKernels.unaryF64(p.unaryOp(i), seg[a], idx[a], ds, di, len);
                        }
                    }
                    case BINARY -> {
                        int a = p.a(i);
                        int b = p.b(i);
                        bin.run(t, p.binaryOp(i), SimdKernels.VV, seg[a], idx[a], seg[b], idx[b], 0, ds, di, len);
                    }
                    case SCALAR -> {
                        int a = p.a(i);
                        int mode = p.scalarFirst(i) ? SimdKernels.SV : SimdKernels.VS;
                        bin.run(t, p.binaryOp(i), mode, seg[a], idx[a], seg[a], idx[a], p.scalar(i), ds, di, len);
                    }
                }
            }
            int r = n - 1;
            if (!outDirect) {
                walk(d, ld, from, len, seg[r], idx[r], false);
            }
        }

        /**
         * Moves the elements of flat indices {@code [from, from + len)} of {@code l} between
         * {@code s} (strided) and the dense run at {@code b[bi..]}: gathers when {@code toDense},
         * else scatters.
         */
        private void walk(MemorySegment s, Layout l, int from, int len, MemorySegment b, int bi, boolean toDense) {
            int[] shape = l.shape();
            int[] st = l.strides();
            int r = shape.length;
            if (r == 0) {
                move(s, l.offset(), 0, b, bi, 1, toDense);
                return;
            }
            int[] pos = new int[r];
            long rem = from;
            long at = l.offset();
            for (int k = r - 1; k >= 0; k--) {
                pos[k] = (int) (rem % shape[k]);
                rem /= shape[k];
                at += (long) pos[k] * st[k];
            }
            int inner = shape[r - 1];
            int ist = st[r - 1];
            int done = 0;
            while (done < len) {
                int run = Math.min(inner - pos[r - 1], len - done);
                move(s, at, ist, b, bi + done, run, toDense);
                done += run;
                at += (long) run * ist;
                pos[r - 1] += run;
                if (done < len) {
                    at -= (long) inner * ist;
                    pos[r - 1] = 0;
                    for (int k = r - 2; k >= 0; k--) {
                        pos[k]++;
                        at += st[k];
                        if (pos[k] < shape[k]) {
                            break;
                        }
                        at -= (long) shape[k] * st[k];
                        pos[k] = 0;
                    }
                }
            }
        }

        private void move(MemorySegment s, long at, int stride, MemorySegment b, int bi, int n, boolean toDense) {
            if (stride == 1) {
                if (toDense) {
                    MemorySegment.copy(s, at * bytes, b, (long) bi * bytes, (long) n * bytes);
                } else {
                    MemorySegment.copy(b, (long) bi * bytes, s, at * bytes, (long) n * bytes);
                }
                return;
            }
            for (int i = 0; i < n; i++, at += stride) {
                if (t == DType.FLOAT32) {
                    if (toDense) {
                        b.setAtIndex(JAVA_FLOAT_UNALIGNED, bi + i, s.getAtIndex(JAVA_FLOAT_UNALIGNED, at));
                    } else {
                        s.setAtIndex(JAVA_FLOAT_UNALIGNED, at, b.getAtIndex(JAVA_FLOAT_UNALIGNED, bi + i));
                    }
                } else if (toDense) {
                    b.setAtIndex(JAVA_DOUBLE_UNALIGNED, bi + i, s.getAtIndex(JAVA_DOUBLE_UNALIGNED, at));
                } else {
                    s.setAtIndex(JAVA_DOUBLE_UNALIGNED, at, b.getAtIndex(JAVA_DOUBLE_UNALIGNED, bi + i));
                }
            }
        }
    }
}
