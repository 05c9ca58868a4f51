package dev.panamax.tensor;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * PyTorch-style printing, following {@code torch._tensor_str}: one number format for the whole
 * tensor chosen from its non-zero finite values (integers as {@code 1.}, fixed with four decimals, or
 * scientific when magnitudes span more than 1000× or leave [1e-4, 1e8]), values rounded half-even
 * from their exact binary value as Python does, rows wrapped at 80 columns, and the middle of every
 * dimension elided with {@code ...} once a tensor has more than 1000 elements. Suffixes name a
 * non-CPU device, the size of an empty tensor, and a dtype that is not the default
 * ({@code dtype=float64}; for empty tensors every dtype but float32).
 */
final class TensorFormat {

    private static final int THRESHOLD = 1000;
    private static final int EDGE = 3;
    private static final int LINE_WIDTH = 80;
    private static final String PREFIX = "tensor(";

    private TensorFormat() {
    }

    static String format(Tensor t) {
        int[] shape = t.layout().shape();
        DType dt = t.dtype();
        List<String> suffixes = new ArrayList<>();
        if (!t.device().equals(Device.CPU)) {
            suffixes.add("device='" + t.device() + "'");
        }
        String body;
        if (t.numel() == 0) {
            if (shape.length != 1) {
                StringBuilder size = new StringBuilder("size=(");
                for (int d = 0; d < shape.length; d++) {
                    size.append(d > 0 ? ", " : "").append(shape[d]);
                }
                suffixes.add(size.append(')').toString());
            }
            if (dt != DType.FLOAT32) {
                suffixes.add("dtype=" + dt.pyName());
            }
            body = "[]";
        } else {
            if (dt == DType.FLOAT64) {
                suffixes.add("dtype=float64");
            }
            boolean summarize = t.numel() > THRESHOLD;
            Numbers f = new Numbers(summarize ? edges(t) : t);
            int[] pos = {0};
            body = shape.length == 0 ? f.format(0) : body(shape, 0, summarize, f, pos, PREFIX.length());
        }
        return addSuffixes(PREFIX + body, suffixes, PREFIX.length());
    }

    /** Appends {@code , suffix} items, starting a new line where one would pass the line width. */
    private static String addSuffixes(String text, List<String> suffixes, int indent) {
        StringBuilder sb = new StringBuilder(text);
        int lastLineLength = text.length() - text.lastIndexOf('\n') + 1;
        for (String s : suffixes) {
            if (lastLineLength + s.length() + 2 > LINE_WIDTH) {
                sb.append(",\n").append(" ".repeat(indent)).append(s);
                lastLineLength = indent + s.length();
            } else {
                sb.append(", ").append(s);
                lastLineLength += s.length() + 2;
            }
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

    /** Dimension {@code d} and below; {@code indent} is the column of the outermost bracket's content. */
    private static String body(int[] shape, int d, boolean summarize, Numbers f, int[] pos, int indent) {
        int n = shape[d];
        boolean elide = summarize && n > 2 * EDGE;
        int shown = elide ? 2 * EDGE : n;
        List<String> items = new ArrayList<>();
        boolean last = d == shape.length - 1;
        for (int i = 0; i < shown; i++) {
            if (elide && i == EDGE) {
                items.add(last ? " ..." : "...");
            }
            items.add(last ? f.format(pos[0]++) : body(shape, d + 1, summarize, f, pos, indent));
        }
        int column = indent + d;
        StringBuilder sb = new StringBuilder("[");
        if (last) {
            int perLine = Math.max(1, (LINE_WIDTH - column) / (f.width + 2));
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) {
                    sb.append(i % perLine == 0 ? ",\n" + " ".repeat(column + 1) : ", ");
                }
                sb.append(items.get(i));
            }
        } else {
            String sep = "," + "\n".repeat(shape.length - 1 - d) + " ".repeat(column + 1);
            sb.append(String.join(sep, items));
        }
        return sb.append(']').toString();
    }

    /** The number format of one tensor: the mode and the width every element is padded to. */
    private static final class Numbers {
        private final DType dt;
        private final double[] vals;
        private final long[] longs;
        private boolean intMode = true;
        private boolean sci;
        private int width = 1;

        Numbers(Tensor shown) {
            dt = shown.dtype();
            boolean floating = dt.isFloatingPoint();
            vals = floating ? shown.toDoubleArray() : null;
            longs = floating ? null : shown.toLongArray();
            if (!floating) {
                for (int i = 0; i < longs.length; i++) {
                    width = Math.max(width, raw(i).length());
                }
                return;
            }
            double min = Double.POSITIVE_INFINITY;
            double max = 0;
            for (double v : vals) {
                if (Double.isFinite(v) && v != 0) {
                    min = Math.min(min, Math.abs(v));
                    max = Math.max(max, Math.abs(v));
                    intMode &= v == Math.ceil(v);
                }
            }
            if (max == 0) {
                return;
            }
            sci = max / min > 1000 || max > 1e8 || min < 1e-4;
            for (double v : vals) {
                if (Double.isFinite(v) && v != 0) {
                    int len = sci ? scientific(v).length() : intMode ? integral(v).length() + 1 : fixed(v).length();
                    width = Math.max(width, len);
                }
            }
        }

        private String raw(int i) {
            if (vals == null) {
                return dt == DType.BOOL ? (longs[i] != 0 ? "True" : "False") : Long.toString(longs[i]);
            }
            double v = vals[i];
            if (Double.isNaN(v)) {
                return "nan";
            }
            if (Double.isInfinite(v)) {
                return v > 0 ? "inf" : "-inf";
            }
            return sci ? scientific(v) : intMode ? integral(v) + "." : fixed(v);
        }

        String format(int i) {
            String s = raw(i);
            return " ".repeat(Math.max(0, width - s.length())) + s;
        }
    }

    private static String sign(double v) {
        return v < 0 || (v == 0 && 1 / v < 0) ? "-" : "";
    }

    /** {@code %.0f} of an integral value (Python's text, including {@code -0}). */
    private static String integral(double v) {
        return sign(v) + new BigDecimal(Math.abs(v)).setScale(0, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** Python's {@code {:.4f}}: the exact binary value rounded half-even. */
    private static String fixed(double v) {
        return sign(v) + new BigDecimal(Math.abs(v)).setScale(4, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** Python's {@code {:.4e}}: five significant digits rounded half-even, a signed exponent of two or more digits. */
    private static String scientific(double v) {
        double a = Math.abs(v);
        if (a == 0) {
            return sign(v) + "0.0000e+00";
        }
        BigDecimal r = new BigDecimal(a).round(new MathContext(5, RoundingMode.HALF_EVEN));
        String digits = r.unscaledValue().toString();
        int exponent = digits.length() - 1 - r.scale();
        digits = (digits + "0000").substring(0, 5);
        return sign(v) + digits.charAt(0) + "." + digits.substring(1) + "e" + String.format(java.util.Locale.ROOT, "%+03d", exponent);
    }
}
