package dev.panamax.tensor.optable;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.Tensor;
import dev.panamax.tensor.optable.Arg.Domain;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;

/**
 * Comparisons with a tensor or a Java double: always bool, operands compared in their promoted dtype
 * (a double against a float32 tensor is compared as float32, as PyTorch does).
 */
final class CompareOps {

    private CompareOps() {
    }

    static List<OpInfo> entries() {
        List<OpInfo> l = new ArrayList<>();
        add(l, "lt", Tensor::lt, Tensor::lt, (x, y) -> x < y);
        add(l, "le", Tensor::le, Tensor::le, (x, y) -> x <= y);
        add(l, "gt", Tensor::gt, Tensor::gt, (x, y) -> x > y);
        add(l, "ge", Tensor::ge, Tensor::ge, (x, y) -> x >= y);
        add(l, "eq", Tensor::eq, Tensor::eq, (x, y) -> x == y);
        add(l, "ne", Tensor::ne, Tensor::ne, (x, y) -> x != y);
        return l;
    }

    private static void add(List<OpInfo> l, String name, BinaryOperator<Tensor> tensorOp,
                            BiFunction<Tensor, Double, Tensor> scalarOp, RefOps.DoublePredicate2 p) {
        l.add(OpInfo.of(name + "(Tensor)").dtypes(DType.FLOAT32, DType.FLOAT64, DType.INT64, DType.BOOL)
                .samples(t -> Samples.binary(t, Domain.TIES, Domain.TIES))
                .op1((in, s) -> tensorOp.apply(in[0], in[1]))
                .ref1((in, s) -> RefOps.test(in[0], in[1], p))
                .error(ErrorCase.badShapes(name, Sample.of("[3] vs [4]",
                        Samples.arg("c1", 0, DType.FLOAT32, Domain.ANY, 3), Samples.arg("c1", 1, DType.FLOAT32, Domain.ANY, 4))))
                .error(ErrorCase.badShapes(name, Sample.of("[2,3] vs [2]",
                        Samples.arg("c2", 0, DType.INT64, Domain.ANY, 2, 3), Samples.arg("c2", 1, DType.INT64, Domain.ANY, 2))))
                .build());
        l.add(OpInfo.of(name + "(double)").dtypes(DType.FLOAT32, DType.FLOAT64, DType.INT64, DType.BOOL)
                .samples(t -> {
                    List<Sample> s = Samples.withScalars(t, Domain.TIES, 1, 0.5, -1, Double.NaN);
                    if (t == DType.FLOAT32) {
                        // 0.1 is not a float32: the double must be rounded to float32 before comparing.
                        s.add(Sample.of("0.1 as float32", Arg.fixed(t, new double[] {0.1, 0.2, 0.1000001}, 3)).reals(0.1));
                    }
                    return s;
                })
                .op1((in, s) -> scalarOp.apply(in[0], s.reals()[0]))
                .ref1((in, s) -> {
                    double v = s.reals()[0];
                    DType compute = Promotion.scalar(in[0].dtype(), v, true);
                    return RefOps.map(in[0], DType.BOOL,
                            x -> p.test(Ref.round(x, compute), Ref.round(v, compute)) ? 1 : 0);
                })
                .build());
    }
}
