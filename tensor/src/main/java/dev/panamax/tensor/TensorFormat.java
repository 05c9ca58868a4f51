package dev.panamax.tensor;

import java.util.Locale;

/**
 * PyTorch-style printing: one number format for the whole tensor (integers as {@code 1.}, fixed with
 * four decimals, or scientific when magnitudes span widely), and the middle of every dimension
 * elided with {@code ...} once a tensor has more than 1000 elements.
 */
final class TensorFormat {

    private static final int THRESHOLD = 1000;
    private static final int EDGE = 3;

    private TensorFormat() {
    }

    static String format(Tensor t) {
        int[] shape = t.layout().shape();
        boolean summarize = t.numel() > THRESHOLD;
        Tensor shown = summarize ? edges(t) : t;
        DType dt = t.dtype();
        double[] vals = dt == DType.INT64 || dt == DType.BOOL ? null : shown.toDoubleArray();
        long[] longs = vals == null ? shown.toLongArray() : null;
        java.util.function.IntFunction<String> fmt = numberFormat(dt, vals, longs);
        int width = 0;
        int count = vals != null ? vals.length : longs.length;
        for (int i = 0; i < count; i++) {
            width = Math.max(width, fmt.apply(i).length());
        }
        StringBuilder sb = new StringBuilder("tensor(");
        if (shape.length == 0) {
            sb.append(fmt.apply(0));
        } else {
            int[] pos = {0};
            body(sb, shape, 0, summarize, fmt, width, pos, "tensor(".length());
        }
        if (dt == DType.FLOAT64) {
            sb.append(", dtype=float64");
        }
        if (!t.device().equals(Device.CPU)) {
            sb.append(", device='").append(t.device()).append('\'');
        }
        if (t.numel() == 0) {
            sb.append(", size=").append(java.util.Arrays.toString(shape));
        }
        return sb.append(')').toString();
    }

    /** The edge elements of every dimension (a copy), in printing order. */
    private static Tensor edges(Tensor t) {
        Tensor r = t;
        for (int d = 0; d < t.dim(); d++) {
            int n = r.size(d);
            if (n > 2 * EDGE) {
                Tensor head = r.narrow(d, 0, EDGE).contiguous();
                Tensor tail = r.narrow(d, n - EDGE, EDGE).contiguous();
                int[] sh = head.shape();
                sh[d] = 2 * EDGE;
                Tensor both = Tensor.empty(t.dtype(), t.device(), sh);
                both.narrow(d, 0, EDGE).copy_(head);
                both.narrow(d, EDGE, EDGE).copy_(tail);
                r = both;
            }
        }
        return r;
    }

    private static void body(StringBuilder sb, int[] shape, int d, boolean summarize,
                             java.util.function.IntFunction<String> fmt, int width, int[] pos, int indent) {
        sb.append('[');
        int n = shape[d];
        boolean elide = summarize && n > 2 * EDGE;
        int shownCount = elide ? 2 * EDGE : n;
        for (int i = 0; i < shownCount; i++) {
            if (i > 0) {
                sb.append(',');
                if (d == shape.length - 1) {
                    sb.append(' ');
                } else {
                    sb.append("\n".repeat(shape.length - 1 - d)).append(" ".repeat(indent + d + 1));
                }
            }
            if (elide && i == EDGE) {
                sb.append("...,");
                if (d == shape.length - 1) {
                    sb.append(' ');
                } else {
                    sb.append("\n".repeat(shape.length - 1 - d)).append(" ".repeat(indent + d + 1));
                }
            }
            if (d == shape.length - 1) {
                String s = fmt.apply(pos[0]++);
                sb.append(" ".repeat(Math.max(0, width - s.length()))).append(s);
            } else {
                body(sb, shape, d + 1, summarize, fmt, width, pos, indent);
            }
        }
        sb.append(']');
    }

    private static java.util.function.IntFunction<String> numberFormat(DType dt, double[] vals, long[] longs) {
        if (dt == DType.BOOL) {
            return i -> longs[i] != 0 ? "True" : "False";
        }
        if (dt == DType.INT64) {
            return i -> Long.toString(longs[i]);
        }
        boolean integral = true;
        double maxAbs = 0;
        double minAbs = Double.POSITIVE_INFINITY;
        for (double v : vals) {
            if (!Double.isFinite(v)) {
                continue;
            }
            double a = Math.abs(v);
            if (a != Math.rint(a)) {
                integral = false;
            }
            maxAbs = Math.max(maxAbs, a);
            if (a > 0) {
                minAbs = Math.min(minAbs, a);
            }
        }
        boolean sci = maxAbs >= 1e8 || (minAbs < 1e-4 && minAbs > 0) || (minAbs > 0 && maxAbs / minAbs > 1e3);
        if (integral && maxAbs < 1e8) {
            return i -> special(vals[i], () -> String.format(Locale.ROOT, "%.0f.", vals[i]));
        }
        if (sci) {
            return i -> special(vals[i], () -> String.format(Locale.ROOT, "%.4e", vals[i]));
        }
        return i -> special(vals[i], () -> String.format(Locale.ROOT, "%.4f", vals[i]));
    }

    private static String special(double v, java.util.function.Supplier<String> normal) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return normal.get();
    }
}
