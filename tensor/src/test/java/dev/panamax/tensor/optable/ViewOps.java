package dev.panamax.tensor.optable;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.optable.Arg.Domain;
import dev.panamax.tensor.optable.Move.Expand;
import dev.panamax.tensor.optable.Move.Narrow;
import dev.panamax.tensor.optable.Move.Permute;
import dev.panamax.tensor.optable.Move.Transpose;
import java.util.ArrayList;
import java.util.List;

/**
 * Movement ops (views), copies and dtype conversion. References apply the reference's own view
 * logic ({@link RefView}) or recompute shapes by hand; views must share the input's storage.
 */
final class ViewOps {

    private ViewOps() {
    }

    private static final DType[] ALL = {DType.FLOAT32, DType.FLOAT64, DType.INT64, DType.BOOL};

    private static Sample s(String name, DType t, int[] shape, Move... moves) {
        Arg a = Samples.arg("v" + name, 0, t, Domain.ANY, shape);
        for (Move m : moves) {
            a = a.then(m);
        }
        return Sample.of(name, a);
    }

    private static int[] sh(int... v) {
        return v;
    }

    private static OpInfo.Builder view(String sig) {
        return OpInfo.of(sig).dtypes(ALL[0], ALL[1], ALL[2], ALL[3]);
    }

    private static List<Sample> layouts(DType t) {
        return Samples.unary(t, Domain.ANY);
    }

    static List<OpInfo> entries() {
        List<OpInfo> l = new ArrayList<>();
        l.add(view("reshape(int[])").alias(OpInfo.Alias.ANY)
                .samples(t -> List.of(s("[2,3,4]", t, sh(2, 3, 4)).ints(4, 6), s("[2,3,4]", t, sh(2, 3, 4)).ints(-1),
                        s("[2,3,4]", t, sh(2, 3, 4)).ints(2, -1, 2), s("0-d", t, sh()).ints(1), s("0-d", t, sh()).ints(new int[0]),
                        s("[1,1]", t, sh(1, 1)).ints(new int[0]), s("empty", t, sh(0, 3)).ints(3, 0), s("empty", t, sh(0, 3)).ints(-1),
                        s("transposed", t, sh(4, 3), new Transpose(0, 1)).ints(12),
                        s("transposed", t, sh(4, 3), new Transpose(0, 1)).ints(3, 2, 2),
                        s("narrowed", t, sh(5, 6), new Narrow(1, 1, 4)).ints(2, 10),
                        s("expanded", t, sh(3, 1), new Expand(3, 4)).ints(4, 3),
                        s("permuted", t, sh(2, 3, 4), new Permute(2, 0, 1)).ints(4, 6)))
                .op1((in, s) -> in[0].reshape(s.ints()))
                .ref1((in, s) -> in[0].withShape(infer(s.ints(), in[0].numel())))
                .error(ErrorCase.of(IllegalArgumentException.class, s("bad count", DType.FLOAT32, sh(2, 3)).ints(4),
                        "reshape", "[4]", "[2, 3]"))
                .error(ErrorCase.of(IllegalArgumentException.class, s("two -1", DType.FLOAT32, sh(2, 3)).ints(-1, -1),
                        "reshape", "[-1, -1]"))
                .build());
        l.add(view("view(int[])").alias(OpInfo.Alias.VIEW)
                .samples(t -> List.of(s("[2,3,4]", t, sh(2, 3, 4)).ints(4, -1), s("0-d", t, sh()).ints(1, 1),
                        s("empty", t, sh(2, 0)).ints(0, 5), s("transposed", t, sh(4, 3), new Transpose(0, 1)).ints(3, 2, 2),
                        s("permuted", t, sh(2, 3, 4), new Permute(2, 0, 1)).ints(4, 6),
                        s("expanded", t, sh(3, 1), new Expand(3, 4)).ints(3, 2, 2),
                        s("narrowed", t, sh(5, 6), new Narrow(0, 1, 3)).ints(18)))
                .op1((in, s) -> in[0].view(s.ints()))
                .ref1((in, s) -> in[0].withShape(infer(s.ints(), in[0].numel())))
                .error(ErrorCase.of(IllegalArgumentException.class,
                        s("strides need a copy", DType.FLOAT32, sh(4, 3), new Transpose(0, 1)).ints(12), "view", "[12]", "[3, 4]"))
                .error(ErrorCase.of(IllegalArgumentException.class, s("bad count", DType.FLOAT32, sh(2, 3)).ints(5),
                        "view", "[5]", "[2, 3]"))
                .build());
        l.add(view("flatten()").alias(OpInfo.Alias.ANY)
                .samples(ViewOps::layouts)
                .op1((in, s) -> in[0].flatten())
                .ref1((in, s) -> in[0].withShape(in[0].numel()))
                .build());
        l.add(view("flatten(int,int)").alias(OpInfo.Alias.ANY)
                .samples(t -> List.of(s("[2,3,4]", t, sh(2, 3, 4)).ints(0, 1), s("[2,3,4]", t, sh(2, 3, 4)).ints(1, -1),
                        s("[2,3,4]", t, sh(2, 3, 4)).ints(1, 1), s("0-d", t, sh()).ints(0, -1),
                        s("empty", t, sh(2, 0, 3)).ints(1, 2),
                        s("permuted", t, sh(2, 3, 4), new Permute(2, 0, 1)).ints(0, 1),
                        s("permuted", t, sh(2, 3, 4), new Permute(2, 0, 1)).ints(1, 2)))
                .op1((in, s) -> in[0].flatten(s.ints()[0], s.ints()[1]))
                .ref1((in, s) -> in[0].withShape(flattened(in[0].shape(), s.ints()[0], s.ints()[1])))
                .error(ErrorCase.of(IllegalArgumentException.class, s("start after end", DType.FLOAT32, sh(2, 3, 4)).ints(2, 1),
                        "flatten", "[2, 3, 4]"))
                .build());
        l.add(view("transpose(int,int)").alias(OpInfo.Alias.VIEW)
                .samples(t -> layouts(t).stream().map(x -> x.ints(0, -1)).toList())
                .op1((in, s) -> in[0].transpose(s.ints()[0], s.ints()[1]))
                .ref1((in, s) -> RefView.of(in[0]).transpose(s.ints()[0], s.ints()[1]).materialize())
                .error(ErrorCase.of(IndexOutOfBoundsException.class, s("dim 2 of 2-D", DType.FLOAT32, sh(2, 3)).ints(0, 2),
                        "transpose", "[2, 3]"))
                .build());
        l.add(view("t()").alias(OpInfo.Alias.VIEW)
                .samples(t -> layouts(t).stream().filter(x -> x.args().get(0).shape().length <= 2).toList())
                .op1((in, s) -> in[0].t())
                .ref1((in, s) -> in[0].dim() < 2 ? in[0] : RefView.of(in[0]).transpose(0, 1).materialize())
                .error(ErrorCase.of(IllegalArgumentException.class, s("3-D", DType.FLOAT32, sh(2, 3, 4)), "t:", "[2, 3, 4]"))
                .build());
        l.add(view("permute(int[])").alias(OpInfo.Alias.VIEW)
                .samples(t -> List.of(s("[2,3,4]", t, sh(2, 3, 4)).ints(2, 0, 1), s("[2,3,4]", t, sh(2, 3, 4)).ints(-1, 1, 0),
                        s("0-d", t, sh()).ints(new int[0]), s("1-D", t, sh(5)).ints(0), s("empty", t, sh(2, 0, 3)).ints(1, 2, 0),
                        s("transposed", t, sh(4, 3), new Transpose(0, 1)).ints(1, 0),
                        s("expanded", t, sh(3, 1), new Expand(2, 3, 4)).ints(2, 1, 0)))
                .op1((in, s) -> in[0].permute(s.ints()))
                .ref1((in, s) -> RefView.of(in[0]).permute(s.ints()).materialize())
                .error(ErrorCase.of(IllegalArgumentException.class, s("too few", DType.FLOAT32, sh(2, 3, 4)).ints(1, 0),
                        "permute", "[2, 3, 4]"))
                .error(ErrorCase.of(IllegalArgumentException.class, s("repeated", DType.FLOAT32, sh(2, 3)).ints(1, 1),
                        "permute", "[1, 1]"))
                .build());
        l.add(view("unsqueeze(int)").alias(OpInfo.Alias.VIEW)
                .samples(t -> {
                    List<Sample> a = new ArrayList<>();
                    for (Sample x : layouts(t)) {
                        a.add(x.ints(0));
                        a.add(x.ints(-1));
                    }
                    return a;
                })
                .op1((in, s) -> in[0].unsqueeze(s.ints()[0]))
                .ref1((in, s) -> RefView.of(in[0]).unsqueeze(s.ints()[0]).materialize())
                .error(ErrorCase.of(IndexOutOfBoundsException.class, s("dim 3 of 2-D", DType.FLOAT32, sh(2, 3)).ints(3),
                        "unsqueeze", "[2, 3]"))
                .build());
        ViewOps2.entries(l);
        return l;
    }

    /** {@code shape} with one -1 inferred from the element count. */
    static int[] infer(int[] shape, int numel) {
        int[] r = shape.clone();
        int known = 1;
        int at = -1;
        for (int i = 0; i < r.length; i++) {
            if (r[i] == -1) {
                at = i;
            } else {
                known *= r[i];
            }
        }
        if (at >= 0) {
            r[at] = numel / known;
        }
        return r;
    }

    static int[] flattened(int[] shape, int start, int end) {
        if (shape.length == 0) {
            return new int[] {1};
        }
        int s = start < 0 ? start + shape.length : start;
        int e = end < 0 ? end + shape.length : end;
        int[] out = new int[shape.length - (e - s)];
        for (int i = 0; i < s; i++) {
            out[i] = shape[i];
        }
        int merged = 1;
        for (int i = s; i <= e; i++) {
            merged *= shape[i];
        }
        out[s] = merged;
        for (int i = e + 1; i < shape.length; i++) {
            out[s + 1 + i - e - 1] = shape[i];
        }
        return out;
    }
}
