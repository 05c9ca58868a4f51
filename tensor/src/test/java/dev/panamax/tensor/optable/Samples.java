package dev.panamax.tensor.optable;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.optable.Arg.Domain;
import dev.panamax.tensor.optable.Move.Expand;
import dev.panamax.tensor.optable.Move.Narrow;
import dev.panamax.tensor.optable.Move.Permute;
import dev.panamax.tensor.optable.Move.Select;
import dev.panamax.tensor.optable.Move.Transpose;
import java.util.ArrayList;
import java.util.List;

/**
 * The standard sample sets: 0-d, 1-D to 3-D, empty (a 0-size dim), non-contiguous views made by
 * transpose, narrow, select, expand and permute, large enough to take the parallel paths, and for
 * two operands broadcasting pairs and mixed dtypes.
 */
final class Samples {

    /** Rows × columns of the large samples: above the CPU backend's 64 Ki-element parallel threshold. */
    static final int LARGE_ROWS = 260;
    static final int LARGE_COLS = 300;

    private static final DType[] NUMERIC = {DType.FLOAT32, DType.FLOAT64, DType.INT64};

    private Samples() {
    }

    /** A deterministic seed per sample name, argument position and dtype. */
    static long seed(String name, int position, DType t) {
        return (name.hashCode() * 31L + position) * 31L + t.ordinal();
    }

    static Arg arg(String sample, int position, DType t, Domain d, int... shape) {
        return Arg.of(t, d, seed(sample, position, t), shape);
    }

    /** The layouts every one-tensor op takes, in dtype {@code t}. */
    static List<Arg> layouts(String tag, DType t, Domain d) {
        List<Arg> l = new ArrayList<>();
        l.add(arg(tag + "0d", 0, t, d));
        l.add(arg(tag + "1d", 0, t, d, 7));
        l.add(arg(tag + "2d", 0, t, d, 3, 4));
        l.add(arg(tag + "3d", 0, t, d, 2, 3, 4));
        l.add(arg(tag + "e1", 0, t, d, 0));
        l.add(arg(tag + "e3", 0, t, d, 2, 0, 3));
        l.add(arg(tag + "tr", 0, t, d, 4, 3).then(new Transpose(0, 1)));
        l.add(arg(tag + "na", 0, t, d, 5, 6).then(new Narrow(1, 1, 4)));
        l.add(arg(tag + "se", 0, t, d, 3, 4, 5).then(new Select(1, 2)));
        l.add(arg(tag + "ex", 0, t, d, 3, 1).then(new Expand(3, 4)));
        l.add(arg(tag + "pe", 0, t, d, 2, 3, 4).then(new Permute(2, 0, 1)));
        l.add(arg(tag + "lg", 0, t, d, LARGE_ROWS, LARGE_COLS));
        l.add(arg(tag + "lt", 0, t, d, LARGE_COLS, LARGE_ROWS).then(new Transpose(0, 1)));
        return l;
    }

    /** NaN, infinities and signed zeros, repeated to fill SIMD lanes. */
    static Arg specials(DType t) {
        double[] base = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, 1, -1, 0.5};
        double[] v = new double[32];
        for (int i = 0; i < v.length; i++) {
            v[i] = base[i % base.length];
        }
        return Arg.fixed(t, v, 32);
    }

    /** One-tensor samples: every layout, plus special values for float dtypes. */
    static List<Sample> unary(DType t, Domain d) {
        List<Sample> s = new ArrayList<>();
        for (Arg a : layouts("u", t, d)) {
            s.add(Sample.of(a.toString(), a));
        }
        if (t == DType.FLOAT32 || t == DType.FLOAT64) {
            s.add(Sample.of("nan/inf/-0", specials(t)));
        }
        return s;
    }

    /** Two-tensor samples in dtype {@code t}: same shapes, broadcasting, empty, views, large, mixed dtypes. */
    static List<Sample> binary(DType t, Domain da, Domain db) {
        List<Sample> s = new ArrayList<>();
        pair(s, "same shape", arg("b1", 0, t, da, 3, 4), arg("b1", 1, t, db, 3, 4));
        pair(s, "[3,1]x[4]", arg("b2", 0, t, da, 3, 1), arg("b2", 1, t, db, 4));
        pair(s, "[]x[2,3]", arg("b3", 0, t, da), arg("b3", 1, t, db, 2, 3));
        pair(s, "[2,3]x[]", arg("b4", 0, t, da, 2, 3), arg("b4", 1, t, db));
        pair(s, "[]x[]", arg("b5", 0, t, da), arg("b5", 1, t, db));
        pair(s, "[2,1,4]x[3,1]", arg("b6", 0, t, da, 2, 1, 4), arg("b6", 1, t, db, 3, 1));
        pair(s, "empty [0,3]x[3]", arg("b7", 0, t, da, 0, 3), arg("b7", 1, t, db, 3));
        pair(s, "empty [2,0]x[1]", arg("b8", 0, t, da, 2, 0), arg("b8", 1, t, db, 1));
        pair(s, "transposed x contiguous", arg("b9", 0, t, da, 4, 3).then(new Transpose(0, 1)),
                arg("b9", 1, t, db, 3, 4));
        pair(s, "narrowed x expanded", arg("ba", 0, t, da, 5, 6).then(new Narrow(1, 1, 4)),
                arg("ba", 1, t, db, 5, 1).then(new Expand(5, 4)));
        pair(s, "selected x permuted", arg("bb", 0, t, da, 3, 4, 5).then(new Select(1, 2)),
                arg("bb", 1, t, db, 5, 3).then(new Permute(1, 0)));
        pair(s, "expanded x transposed", arg("bc", 0, t, da, 1, 4).then(new Expand(3, 4)),
                arg("bc", 1, t, db, 4, 3).then(new Transpose(0, 1)));
        pair(s, "large row broadcast", arg("bd", 0, t, da, LARGE_ROWS, LARGE_COLS), arg("bd", 1, t, db, LARGE_COLS));
        pair(s, "large transposed", arg("be", 0, t, da, LARGE_COLS, LARGE_ROWS).then(new Transpose(0, 1)),
                arg("be", 1, t, db, LARGE_ROWS, LARGE_COLS));
        if (t != DType.BOOL) {
            for (DType o : NUMERIC) {
                if (o != t) {
                    String n = t.pyName() + " x " + o.pyName();
                    pair(s, "mixed " + n, arg("m1" + n, 0, t, da, 2, 3), arg("m1" + n, 1, o, db, 2, 3));
                    pair(s, "mixed " + n + " 0-d", arg("m2" + n, 0, t, da, 2, 3), arg("m2" + n, 1, o, db));
                    pair(s, "mixed 0-d " + n, arg("m3" + n, 0, t, da), arg("m3" + n, 1, o, db, 3));
                    pair(s, "mixed 0-d x 0-d " + n, arg("m4" + n, 0, t, da), arg("m4" + n, 1, o, db));
                }
            }
        }
        if (t == DType.FLOAT32 || t == DType.FLOAT64) {
            Arg sp = specials(t);
            pair(s, "nan/inf/-0 x reversed", sp, Arg.fixed(t, reversed(sp.values()), 32));
        }
        return s;
    }

    private static double[] reversed(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = v[v.length - 1 - i];
        }
        return r;
    }

    private static void pair(List<Sample> s, String name, Arg a, Arg b) {
        s.add(Sample.of(name, a, b));
    }

    /** One-tensor samples each combined with the given Java scalars. */
    static List<Sample> withScalars(DType t, Domain d, double... scalars) {
        List<Sample> s = new ArrayList<>();
        List<Sample> base = unary(t, d);
        for (int i = 0; i < base.size(); i++) {
            Sample b = base.get(i);
            s.add(b.reals(scalars[i % scalars.length]));
        }
        for (double x : scalars) {
            s.add(Sample.of("2-D", arg("sc" + x, 0, t, d, 3, 4)).reals(x));
        }
        return s;
    }
}
