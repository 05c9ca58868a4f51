package dev.panamax.tensor.optable;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.Tensor;
import dev.panamax.tensor.optable.Arg.Domain;
import dev.panamax.tensor.optable.Move.Expand;
import dev.panamax.tensor.optable.Move.Narrow;
import dev.panamax.tensor.optable.Move.Transpose;
import java.util.ArrayList;
import java.util.List;

/** matmul with NumPy's 1-D and broadcast-batch rules, mm, dot and outer. */
final class LinalgOps {

    private LinalgOps() {
    }

    static List<OpInfo> entries() {
        List<OpInfo> l = new ArrayList<>();
        l.add(OpInfo.of("matmul(Tensor)").dtypes(DType.FLOAT32, DType.FLOAT64)
                .samples(LinalgOps::matmulSamples)
                .op1((in, s) -> in[0].matmul(in[1]))
                .ref1((in, s) -> RefOps.matmul(in[0], in[1], Promotion.tensors(in[0], in[1])))
                .waive(OpInfo.NO_ZERO_DIM, "matmul needs at least one dimension; checked as an error case")
                .error(ErrorCase.badShapes("matmul", pair("2-D inner sizes", DType.FLOAT32, new int[] {2, 3}, new int[] {4, 5})))
                .error(ErrorCase.badShapes("matmul", pair("1-D lengths", DType.FLOAT32, new int[] {3}, new int[] {4})))
                .error(ErrorCase.badShapes("matmul", pair("1-D x 2-D", DType.FLOAT64, new int[] {3}, new int[] {4, 2})))
                .error(ErrorCase.badShapes("matmul", pair("batch", DType.FLOAT32, new int[] {2, 3, 4}, new int[] {3, 4, 5})))
                .error(ErrorCase.badShapes("matmul", pair("0-d", DType.FLOAT32, new int[] {}, new int[] {3})))
                .error(ErrorCase.of(UnsupportedOperationException.class,
                        pair("int64", DType.INT64, new int[] {2, 3}, new int[] {3, 2}), "matmul", "int64"))
                .build());
        l.add(OpInfo.of("mm(Tensor)").dtypes(DType.FLOAT32, DType.FLOAT64)
                .samples(t -> matmulSamples(t).stream()
                        .filter(s -> s.args().get(0).shape().length == 2 && s.args().get(1).shape().length == 2).toList())
                .op1((in, s) -> in[0].mm(in[1]))
                .ref1((in, s) -> RefOps.matmul(in[0], in[1], Promotion.tensors(in[0], in[1])))
                .waive(OpInfo.NO_ZERO_DIM, "mm takes matrices only; checked as an error case")
                .error(ErrorCase.badShapes("mm", pair("inner sizes", DType.FLOAT32, new int[] {2, 3}, new int[] {4, 5})))
                .error(ErrorCase.badShapes("mm", pair("1-D", DType.FLOAT32, new int[] {3}, new int[] {3, 3})))
                .build());
        l.add(OpInfo.of("dot(Tensor)").dtypes(DType.FLOAT32, DType.FLOAT64)
                .samples(t -> matmulSamples(t).stream()
                        .filter(s -> s.args().get(0).shape().length == 1 && s.args().get(1).shape().length == 1).toList())
                .op1((in, s) -> in[0].dot(in[1]))
                .ref1((in, s) -> RefOps.matmul(in[0], in[1], Promotion.tensors(in[0], in[1])))
                .waive(OpInfo.NO_ZERO_DIM, "dot takes vectors only; checked as an error case")
                .error(ErrorCase.badShapes("dot", pair("lengths", DType.FLOAT32, new int[] {3}, new int[] {4})))
                .error(ErrorCase.badShapes("dot", pair("2-D", DType.FLOAT32, new int[] {3}, new int[] {3, 1})))
                .build());
        l.add(OpInfo.of("outer(Tensor)")
                .samples(t -> {
                    List<Sample> s = new ArrayList<>();
                    s.add(Sample.of("[3]x[4]", Samples.arg("o1", 0, t, Domain.ANY, 3), Samples.arg("o1", 1, t, Domain.ANY, 4)));
                    s.add(Sample.of("[1]x[5]", Samples.arg("o2", 0, t, Domain.ANY, 1), Samples.arg("o2", 1, t, Domain.ANY, 5)));
                    s.add(Sample.of("empty", Samples.arg("o3", 0, t, Domain.ANY, 0), Samples.arg("o3", 1, t, Domain.ANY, 3)));
                    s.add(Sample.of("views", Samples.arg("o4", 0, t, Domain.ANY, 3, 4).then(new Narrow(1, 1, 2))
                            .then(new Transpose(0, 1)).then(new Move.Select(0, 1)),
                            Samples.arg("o4", 1, t, Domain.ANY, 1).then(new Expand(6))));
                    for (DType o : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT64}) {
                        if (o != t) {
                            s.add(Sample.of("mixed " + o.pyName(), Samples.arg("o5" + o, 0, t, Domain.ANY, 3),
                                    Samples.arg("o5" + o, 1, o, Domain.ANY, 2)));
                        }
                    }
                    return s;
                })
                .op1((in, s) -> in[0].outer(in[1]))
                .ref1((in, s) -> RefOps.zip(in[0].withShape(in[0].numel(), 1), in[1], Promotion.tensors(in[0], in[1]),
                        (x, y) -> x * y))
                .waive(OpInfo.NO_ZERO_DIM, "outer takes vectors only; checked as an error case")
                .error(ErrorCase.badShapes("outer", pair("2-D", DType.FLOAT32, new int[] {2, 2}, new int[] {3})))
                .error(ErrorCase.badShapes("outer", pair("0-d", DType.FLOAT32, new int[] {}, new int[] {3})))
                .build());
        return l;
    }

    private static Sample pair(String name, DType t, int[] a, int[] b) {
        return Sample.of(name, Samples.arg("lx" + name, 0, t, Domain.ANY, a), Samples.arg("lx" + name, 1, t, Domain.ANY, b));
    }

    private static Sample mm(String name, DType t, Arg a, Arg b) {
        return Sample.of(name, a, b);
    }

    static List<Sample> matmulSamples(DType t) {
        List<Sample> s = new ArrayList<>();
        String p = "mm" + t;
        s.add(mm("1-D . 1-D", t, Samples.arg(p + 1, 0, t, Domain.ANY, 6), Samples.arg(p + 1, 1, t, Domain.ANY, 6)));
        s.add(mm("1-D . 2-D", t, Samples.arg(p + 2, 0, t, Domain.ANY, 3), Samples.arg(p + 2, 1, t, Domain.ANY, 3, 4)));
        s.add(mm("2-D . 1-D", t, Samples.arg(p + 3, 0, t, Domain.ANY, 2, 3), Samples.arg(p + 3, 1, t, Domain.ANY, 3)));
        s.add(mm("2-D . 2-D", t, Samples.arg(p + 4, 0, t, Domain.ANY, 2, 3), Samples.arg(p + 4, 1, t, Domain.ANY, 3, 4)));
        s.add(mm("3-D . 2-D", t, Samples.arg(p + 5, 0, t, Domain.ANY, 2, 2, 3), Samples.arg(p + 5, 1, t, Domain.ANY, 3, 4)));
        s.add(mm("[2,1,3,4] . [5,4,2]", t, Samples.arg(p + 6, 0, t, Domain.ANY, 2, 1, 3, 4),
                Samples.arg(p + 6, 1, t, Domain.ANY, 5, 4, 2)));
        s.add(mm("1-D . 3-D", t, Samples.arg(p + 7, 0, t, Domain.ANY, 3), Samples.arg(p + 7, 1, t, Domain.ANY, 2, 3, 4)));
        s.add(mm("3-D . 1-D", t, Samples.arg(p + 8, 0, t, Domain.ANY, 2, 3, 4), Samples.arg(p + 8, 1, t, Domain.ANY, 4)));
        s.add(mm("transposed . transposed", t, Samples.arg(p + 9, 0, t, Domain.ANY, 3, 2).then(new Transpose(0, 1)),
                Samples.arg(p + 9, 1, t, Domain.ANY, 4, 3).then(new Transpose(0, 1))));
        s.add(mm("narrowed . expanded", t, Samples.arg(p + 10, 0, t, Domain.ANY, 3, 5).then(new Narrow(1, 1, 3)),
                Samples.arg(p + 10, 1, t, Domain.ANY, 3, 1).then(new Expand(3, 4))));
        s.add(mm("strided 1-D . 1-D", t, Samples.arg(p + 11, 0, t, Domain.ANY, 4, 3).then(new Move.Select(1, 1)),
                Samples.arg(p + 11, 1, t, Domain.ANY, 4, 2).then(new Move.Select(1, 0))));
        s.add(mm("batched expanded", t, Samples.arg(p + 12, 0, t, Domain.ANY, 1, 2, 3).then(new Expand(4, 2, 3)),
                Samples.arg(p + 12, 1, t, Domain.ANY, 4, 2, 3).then(new Transpose(1, 2))));
        s.add(mm("empty rows", t, Samples.arg(p + 13, 0, t, Domain.ANY, 0, 3), Samples.arg(p + 13, 1, t, Domain.ANY, 3, 2)));
        s.add(mm("empty inner", t, Samples.arg(p + 14, 0, t, Domain.ANY, 2, 0), Samples.arg(p + 14, 1, t, Domain.ANY, 0, 3)));
        s.add(mm("empty 1-D . 1-D", t, Samples.arg(p + 15, 0, t, Domain.ANY, 0), Samples.arg(p + 15, 1, t, Domain.ANY, 0)));
        s.add(mm("large 2-D . 2-D", t, Samples.arg(p + 16, 0, t, Domain.ANY, 40, 70),
                Samples.arg(p + 16, 1, t, Domain.ANY, 30, 70).then(new Transpose(0, 1))));
        s.add(mm("blocked sizes 131x67 . 67x129", t, Samples.arg(p + 19, 0, t, Domain.ANY, 131, 67),
                Samples.arg(p + 19, 1, t, Domain.ANY, 129, 67).then(new Transpose(0, 1))));
        s.add(mm("batched blocked", t, Samples.arg(p + 20, 0, t, Domain.ANY, 3, 33, 70).then(new Transpose(1, 2)),
                Samples.arg(p + 20, 1, t, Domain.ANY, 33, 65)));
        DType o = t == DType.FLOAT32 ? DType.FLOAT64 : DType.FLOAT32;
        s.add(mm("mixed " + t.pyName() + " . " + o.pyName(), t, Samples.arg(p + 17, 0, t, Domain.ANY, 2, 3),
                Samples.arg(p + 17, 1, o, Domain.ANY, 3, 2)));
        s.add(mm("mixed 1-D", t, Samples.arg(p + 18, 0, t, Domain.ANY, 3), Samples.arg(p + 18, 1, o, Domain.ANY, 3)));
        return s;
    }
}
