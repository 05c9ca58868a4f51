package dev.panamax.tensor.cpu;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

import static dev.panamax.tensor.cpu.CpuSoftmax.BLOCK;
import static dev.panamax.tensor.cpu.CpuSoftmax.F32S;
import static dev.panamax.tensor.cpu.CpuSoftmax.NATIVE;
import static dev.panamax.tensor.cpu.CpuSoftmax.load;
import static dev.panamax.tensor.cpu.CpuSoftmax.split;
import static dev.panamax.tensor.cpu.CpuSoftmax.stridedF32;

/**
 * Contiguous float32 {@code [outer, n, inner]} with the softmax over {@code n}: vectors run across
 * {@code inner} (neighbouring rows), so every pass reads whole cache lines. Columns left over at
 * the end of {@code inner} take the strided scalar loop.
 */
final class CpuSoftmaxColumns {

    private CpuSoftmaxColumns() {
    }

    static void forward(MemorySegment a, int ao, MemorySegment d, int dof, int outer, int n, int inner,
                        boolean log) {
        int step = F32S.length();
        int blocks = inner / step;
        int tail = inner - blocks * step;
        int perOuter = blocks + tail;
        split(outer * perOuter, n * step, (from, to) -> {
            double[] sums = new double[step];
            float[] lanes = new float[step];
            for (long w = from; w < to; w++) {
                int o = (int) (w / perOuter);
                int c = (int) (w % perOuter);
                int base = o * n * inner;
                if (c < blocks) {
                    block(a, ao + base + c * step, d, dof + base + c * step, n, inner, log, sums, lanes);
                } else {
                    int col = blocks * step + (c - blocks);
                    stridedF32(a, ao + base + col, inner, d, dof + base + col, inner, n, log);
                }
            }
        });
    }

    private static void block(MemorySegment a, long ai, MemorySegment d, long di, int n, int inner, boolean log,
                              double[] sums, float[] lanes) {
        FloatVector vm = colMax(a, ai, n, inner);
        colExpSum(a, ai, d, di, n, inner, vm, !log, sums, lanes);
        for (int l = 0; l < lanes.length; l++) {
            lanes[l] = log ? (float) Math.log(sums[l]) : (float) (1 / sums[l]);
        }
        colScale(a, ai, d, di, n, inner, vm, FloatVector.fromArray(F32S, lanes, 0), log);
    }

    /** Each lane's row maximum; a NaN element makes its lane's maximum (or at least its sum) NaN. */
    private static FloatVector colMax(MemorySegment a, long ai, int n, int inner) {
        FloatVector vm = FloatVector.broadcast(F32S, Float.NEGATIVE_INFINITY);
        for (int j = 0; j < n; j++) {
            vm = vm.max(load(a, ai + (long) j * inner));
        }
        return vm;
    }

    private static void colExpSum(MemorySegment a, long ai, MemorySegment d, long di, int n, int inner,
                                  FloatVector vm, boolean store, double[] sums, float[] lanes) {
        java.util.Arrays.fill(sums, 0);
        FloatVector acc = FloatVector.zero(F32S);
        for (int j = 0; j < n; j++) {
            FloatVector e = FloatExpVector.exp(load(a, ai + (long) j * inner).sub(vm));
            if (store) {
                e.intoMemorySegment(d, (di + (long) j * inner) * 4L, NATIVE);
            }
            acc = acc.add(e);
            if ((j + 1) % BLOCK == 0) {
                flush(acc, sums, lanes);
                acc = FloatVector.zero(F32S);
            }
        }
        flush(acc, sums, lanes);
    }

    /** softmax: {@code d *= s} (s the reciprocal sums); log-softmax: {@code d = (x - max) - s} (s the log-sums). */
    private static void colScale(MemorySegment a, long ai, MemorySegment d, long di, int n, int inner,
                                 FloatVector vm, FloatVector s, boolean log) {
        for (int j = 0; j < n; j++) {
            long at = di + (long) j * inner;
            FloatVector r = log ? load(a, ai + (long) j * inner).sub(vm).sub(s) : load(d, at).mul(s);
            r.intoMemorySegment(d, at * 4L, NATIVE);
        }
    }

    private static void flush(FloatVector acc, double[] sums, float[] lanes) {
        acc.intoArray(lanes, 0);
        for (int l = 0; l < lanes.length; l++) {
            sums[l] += lanes[l];
        }
    }
}
