package dev.panamax.tensor.cpu;

/**
 * Iteration of several same-shaped strided operands as rows: the shape with mergeable dimensions
 * coalesced, the last dimension being the row.
 *
 * <p>Kernels run a SIMD or scalar loop along each row with per-operand row strides; this class
 * only computes where each row starts.
 */
final class Rows {
    final int rows;
    final int length;
    final int[] rowStride;
    private final int[] outerShape;
    private final int[][] outerStrides;
    private final int[] base;

    /** Describes iterating {@code shape} for operands with the given strides and offsets. */
    Rows(int[] shape, int[] offsets, int[]... strides) {
        int ops = strides.length;
        int[] sh = new int[shape.length];
        int[][] st = new int[ops][shape.length];
        int r = 0;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 1) {
                continue;
            }
            boolean merge = r > 0;
            for (int k = 0; k < ops && merge; k++) {
                merge = st[k][r - 1] == strides[k][d] * shape[d];
            }
            if (merge) {
                sh[r - 1] *= shape[d];
                for (int k = 0; k < ops; k++) {
                    st[k][r - 1] = strides[k][d];
                }
            } else {
                sh[r] = shape[d];
                for (int k = 0; k < ops; k++) {
                    st[k][r] = strides[k][d];
                }
                r++;
            }
        }
        int total = 1;
        for (int s : shape) {
            total *= s;
        }
        this.base = offsets;
        this.rowStride = new int[ops];
        if (r == 0) {
            this.length = total;
            this.rows = total == 0 ? 0 : 1;
            this.outerShape = new int[0];
            this.outerStrides = new int[ops][0];
            for (int k = 0; k < ops; k++) {
                rowStride[k] = 1;
            }
            return;
        }
        this.length = sh[r - 1];
        this.rows = length == 0 ? 0 : total / length;
        this.outerShape = java.util.Arrays.copyOf(sh, r - 1);
        this.outerStrides = new int[ops][];
        for (int k = 0; k < ops; k++) {
            rowStride[k] = st[k][r - 1];
            outerStrides[k] = java.util.Arrays.copyOf(st[k], r - 1);
        }
    }

    /** Writes the start offset of row {@code row} of each operand into {@code out}. */
    void start(int row, int[] out) {
        for (int k = 0; k < out.length; k++) {
            out[k] = base[k];
        }
        for (int d = outerShape.length - 1; d >= 0 && row > 0; d--) {
            int i = row % outerShape[d];
            row /= outerShape[d];
            for (int k = 0; k < out.length; k++) {
                out[k] += i * outerStrides[k][d];
            }
        }
    }

    /** A loop over part of one row. */
    @FunctionalInterface
    interface RowKernel {
        /** Processes {@code n} elements starting at the given per-operand offsets. */
        void run(int[] start, int n);
    }

    private static final int GRAIN = 1 << 15;

    /** Runs {@code kernel} over every row, in parallel for large work. */
    void forEach(RowKernel kernel) {
        int ops = base.length;
        if (rows == 0) {
            return;
        }
        if ((long) rows * length < GRAIN * 2L) {
            int[] s = new int[ops];
            for (int row = 0; row < rows; row++) {
                start(row, s);
                kernel.run(s, length);
            }
            return;
        }
        if (rows >= Parallel.threads() * 2 || length < GRAIN) {
            int rowGrain = Math.max(1, GRAIN / Math.max(1, length));
            Parallel.forRange(rows, rowGrain, (from, to) -> {
                int[] s = new int[ops];
                for (int row = (int) from; row < to; row++) {
                    start(row, s);
                    kernel.run(s, length);
                }
            });
            return;
        }
        for (int row = 0; row < rows; row++) {
            int[] rs = new int[ops];
            start(row, rs);
            Parallel.forRange(length, GRAIN, (from, to) -> {
                int[] s = new int[ops];
                for (int k = 0; k < ops; k++) {
                    s[k] = rs[k] + (int) from * rowStride[k];
                }
                kernel.run(s, (int) (to - from));
            });
        }
    }
}
