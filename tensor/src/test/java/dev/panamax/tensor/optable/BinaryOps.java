package dev.panamax.tensor.optable;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.Tensor;
import dev.panamax.tensor.optable.Arg.Domain;
import dev.panamax.tensor.optable.Move.Transpose;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.DoubleBinaryOperator;

/** Two-tensor elementwise ops with broadcasting and type promotion, {@code where} and logical and/or. */
final class BinaryOps {

    private BinaryOps() {
    }

    static List<OpInfo> entries() {
        List<OpInfo> l = new ArrayList<>();
        l.add(binary("add(Tensor)", Tensor::add, Double::sum, Domain.ANY, Domain.ANY)
                .error(boolOperands("add")).build());
        l.add(binary("sub(Tensor)", Tensor::sub, (x, y) -> x - y, Domain.ANY, Domain.ANY)
                .error(boolOperands("sub")).build());
        l.add(binary("mul(Tensor)", Tensor::mul, (x, y) -> x * y, Domain.ANY, Domain.ANY)
                .error(boolOperands("mul")).build());
        l.add(binary("maximum(Tensor)", Tensor::maximum, Math::max, Domain.TIES, Domain.ANY)
                .error(boolOperands("maximum")).build());
        l.add(binary("minimum(Tensor)", Tensor::minimum, Math::min, Domain.TIES, Domain.ANY)
                .error(boolOperands("minimum")).build());
        l.add(binary("div(Tensor)", Tensor::div, (x, y) -> x / y, Domain.ANY, Domain.NONZERO)
                .ref1((in, s) -> RefOps.zip(in[0], in[1], Promotion.division(in[0], in[1]), (x, y) -> x / y))
                .build());
        l.add(binary("pow(Tensor)", Tensor::pow, Math::pow, Domain.POSITIVE, Domain.EXPONENT)
                .samples(t -> {
                    List<Sample> s = Samples.binary(t, Domain.POSITIVE, Domain.EXPONENT);
                    if (t != DType.INT64) {
                        s.add(Sample.of("negative float base, int64 exponent",
                                Samples.arg("pw", 0, t, Domain.ANY, 3, 4),
                                Samples.arg("pw", 1, DType.INT64, Domain.EXPONENT, 4)));
                        s.add(Sample.of("float base, 0-d int64 exponent",
                                Samples.arg("pz", 0, t, Domain.ANY, 5), Arg.fixed(DType.INT64, new double[] {3})));
                    }
                    return s;
                })
                .error(boolOperands("pow"))
                .build());
        l.add(where());
        l.add(logical("logicalAnd(Tensor)", Tensor::logicalAnd, (x, y) -> x != 0 && y != 0 ? 1 : 0));
        l.add(logical("logicalOr(Tensor)", Tensor::logicalOr, (x, y) -> x != 0 || y != 0 ? 1 : 0));
        return l;
    }

    /** An arithmetic op of two tensors; the result dtype follows {@link Promotion#tensors}. */
    static OpInfo.Builder binary(String sig, BinaryOperator<Tensor> f, DoubleBinaryOperator r, Domain da, Domain db) {
        String name = sig.substring(0, sig.indexOf('('));
        return OpInfo.of(sig)
                .samples(t -> Samples.binary(t, da, db))
                .op1((in, s) -> f.apply(in[0], in[1]))
                .ref1((in, s) -> RefOps.zip(in[0], in[1], Promotion.tensors(in[0], in[1]), r))
                .error(ErrorCase.badShapes(name, Sample.of("[3] vs [4]",
                        Samples.arg("e1", 0, DType.FLOAT32, da, 3), Samples.arg("e1", 1, DType.FLOAT32, db, 4))))
                .error(ErrorCase.badShapes(name, Sample.of("[2,3] vs [3,2]",
                        Samples.arg("e2", 0, DType.FLOAT64, da, 2, 3), Samples.arg("e2", 1, DType.FLOAT64, db, 3, 2))));
    }

    /** Arithmetic on two bool tensors is refused (true division is not: it gives float32, as in PyTorch). */
    static ErrorCase boolOperands(String name) {
        return ErrorCase.of(UnsupportedOperationException.class, Sample.of("bool operands",
                Samples.arg("e3", 0, DType.BOOL, Domain.ANY, 3), Samples.arg("e3", 1, DType.BOOL, Domain.ANY, 3)),
                name, "bool");
    }

    private static OpInfo where() {
        return OpInfo.of("where(Tensor,Tensor,Tensor)").name("where")
                .dtypes(DType.FLOAT32, DType.FLOAT64, DType.INT64, DType.BOOL)
                .samples(t -> {
                    List<Sample> s = new ArrayList<>();
                    DType b = DType.BOOL;
                    s.add(Sample.of("same shape", Samples.arg("w1", 0, b, Domain.ANY, 3, 4),
                            Samples.arg("w1", 1, t, Domain.ANY, 3, 4), Samples.arg("w1", 2, t, Domain.ANY, 3, 4)));
                    s.add(Sample.of("[3,1] ? [4] : []", Samples.arg("w2", 0, b, Domain.ANY, 3, 1),
                            Samples.arg("w2", 1, t, Domain.ANY, 4), Samples.arg("w2", 2, t, Domain.ANY)));
                    s.add(Sample.of("[] ? [2,3] : [3]", Samples.arg("w3", 0, b, Domain.ANY),
                            Samples.arg("w3", 1, t, Domain.ANY, 2, 3), Samples.arg("w3", 2, t, Domain.ANY, 3)));
                    s.add(Sample.of("0-d everywhere", Samples.arg("w4", 0, b, Domain.ANY),
                            Samples.arg("w4", 1, t, Domain.ANY), Samples.arg("w4", 2, t, Domain.ANY)));
                    s.add(Sample.of("empty", Samples.arg("w5", 0, b, Domain.ANY, 0, 3),
                            Samples.arg("w5", 1, t, Domain.ANY, 3), Samples.arg("w5", 2, t, Domain.ANY, 1, 3)));
                    s.add(Sample.of("transposed mask and operand",
                            Samples.arg("w6", 0, b, Domain.ANY, 4, 3).then(new Transpose(0, 1)),
                            Samples.arg("w6", 1, t, Domain.ANY, 4, 3).then(new Transpose(0, 1)),
                            Samples.arg("w6", 2, t, Domain.ANY, 3, 4)));
                    s.add(Sample.of("large", Samples.arg("w7", 0, b, Domain.ANY, Samples.LARGE_ROWS, Samples.LARGE_COLS),
                            Samples.arg("w7", 1, t, Domain.ANY, Samples.LARGE_ROWS, Samples.LARGE_COLS),
                            Samples.arg("w7", 2, t, Domain.ANY, Samples.LARGE_COLS)));
                    for (DType o : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT64}) {
                        if (o != t && t != DType.BOOL) {
                            s.add(Sample.of("mixed " + t.pyName() + " : 0-d " + o.pyName(),
                                    Samples.arg("w8" + o, 0, b, Domain.ANY, 2, 3),
                                    Samples.arg("w8" + o, 1, t, Domain.ANY, 2, 3), Samples.arg("w8" + o, 2, o, Domain.ANY)));
                            s.add(Sample.of("mixed " + t.pyName() + " : " + o.pyName(),
                                    Samples.arg("w9" + o, 0, b, Domain.ANY, 2, 3),
                                    Samples.arg("w9" + o, 1, t, Domain.ANY, 2, 3), Samples.arg("w9" + o, 2, o, Domain.ANY, 3)));
                        }
                    }
                    return s;
                })
                .op1((in, s) -> Tensor.where(in[0], in[1], in[2]))
                .ref1((in, s) -> RefOps.where(in[0], in[1], in[2], Promotion.tensors(in[1], in[2])))
                .error(ErrorCase.badShapes("where", Sample.of("mask [2] vs [3]",
                        Samples.arg("we", 0, DType.BOOL, Domain.ANY, 2), Samples.arg("we", 1, DType.FLOAT32, Domain.ANY, 3),
                        Samples.arg("we", 2, DType.FLOAT32, Domain.ANY, 3))))
                .error(ErrorCase.of(IllegalArgumentException.class, Sample.of("operands [2] vs [3]",
                        Samples.arg("wf", 0, DType.BOOL, Domain.ANY, 3), Samples.arg("wf", 1, DType.FLOAT32, Domain.ANY, 2),
                        Samples.arg("wf", 2, DType.FLOAT32, Domain.ANY, 3)), "where", "[2]", "[3]"))
                .error(ErrorCase.of(IllegalArgumentException.class, Sample.of("float mask",
                        Samples.arg("wg", 0, DType.FLOAT32, Domain.ANY, 3), Samples.arg("wg", 1, DType.FLOAT32, Domain.ANY, 3),
                        Samples.arg("wg", 2, DType.FLOAT32, Domain.ANY, 3)), "where", "bool"))
                .build();
    }

    private static OpInfo logical(String sig, BinaryOperator<Tensor> f, DoubleBinaryOperator r) {
        String name = sig.substring(0, sig.indexOf('('));
        return OpInfo.of(sig).dtypes(DType.BOOL)
                .samples(t -> Samples.binary(t, Domain.ANY, Domain.ANY))
                .op1((in, s) -> f.apply(in[0], in[1]))
                .ref1((in, s) -> RefOps.zip(in[0], in[1], DType.BOOL, r))
                .error(ErrorCase.badShapes(name, Sample.of("[3] vs [4]",
                        Samples.arg("l1", 0, DType.BOOL, Domain.ANY, 3), Samples.arg("l1", 1, DType.BOOL, Domain.ANY, 4))))
                .error(ErrorCase.of(IllegalArgumentException.class, Sample.of("float operand",
                        Samples.arg("l2", 0, DType.BOOL, Domain.ANY, 3), Samples.arg("l2", 1, DType.FLOAT32, Domain.ANY, 3)),
                        name, "bool"))
                .build();
    }
}
