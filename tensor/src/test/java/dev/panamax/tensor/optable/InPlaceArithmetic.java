package dev.panamax.tensor.optable;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.Tensor;
import dev.panamax.tensor.optable.Arg.Domain;
import dev.panamax.tensor.optable.Move.Expand;
import dev.panamax.tensor.optable.Move.Transpose;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.DoubleBinaryOperator;

/** {@code add_}, {@code sub_}, {@code mul_}, {@code div_} with a tensor (broadcast to the receiver) or a double. */
final class InPlaceArithmetic {

    private InPlaceArithmetic() {
    }

    static void entries(List<OpInfo> l) {
        tensorOp(l, "add_", Tensor::add_, Double::sum);
        tensorOp(l, "sub_", Tensor::sub_, (x, y) -> x - y);
        tensorOp(l, "mul_", Tensor::mul_, (x, y) -> x * y);
        tensorOp(l, "div_", Tensor::div_, (x, y) -> x / y);
        scalarOp(l, "add_", Tensor::add_, Double::sum);
        scalarOp(l, "sub_", Tensor::sub_, (x, y) -> x - y);
        scalarOp(l, "mul_", Tensor::mul_, (x, y) -> x * y);
        scalarOp(l, "div_", Tensor::div_, (x, y) -> x / y);
        l.add(InPlaceOps.inPlace("add_(Tensor,double)", (in, s) -> in[0].add_(in[1], s.reals()[0]))
                .dtypes(DType.FLOAT32, DType.FLOAT64, DType.INT64)
                .samples(t -> {
                    List<Sample> s = new ArrayList<>();
                    double[] alphas = t == DType.INT64 ? new double[] {2, -3, 1} : new double[] {-0.5, 2, 1};
                    int i = 0;
                    for (Arg a : InPlaceOps.writable("ia", t, Domain.ANY)) {
                        s.add(Sample.of("same shape", a, Samples.arg("ia" + a, 1, t, Domain.ANY, a.shape()))
                                .reals(alphas[i++ % alphas.length]));
                    }
                    s.add(Sample.of("row", Samples.arg("ib", 0, t, Domain.ANY, 3, 4), Samples.arg("ib", 1, t, Domain.ANY, 4))
                            .reals(alphas[0]));
                    s.add(Sample.of("int64 operand", Samples.arg("id", 0, t, Domain.ANY, 3, 4),
                            Samples.arg("id", 1, DType.INT64, Domain.ANY, 3, 4)).reals(alphas[1]));
                    if (t != DType.INT64) {
                        DType o = t == DType.FLOAT32 ? DType.FLOAT64 : DType.FLOAT32;
                        s.add(Sample.of(o.pyName() + " operand", Samples.arg("ie", 0, t, Domain.ANY, 3, 4),
                                Samples.arg("ie", 1, o, Domain.ANY, 4)).reals(alphas[0]));
                    }
                    return s;
                })
                .ref1((in, s) -> {
                    DType c = Promotion.tensors(in[0], in[1]);
                    double alpha = s.reals()[0];
                    return InPlaceOps.update(in[0], in[1], c, (x, y) -> x + Ref.round(alpha * y, in[1].dtype()));
                })
                .error(ErrorCase.of(IllegalArgumentException.class, Sample.of("int64 receiver, fractional alpha",
                        Samples.arg("ic", 0, DType.INT64, Domain.ANY, 3), Samples.arg("ic", 1, DType.INT64, Domain.ANY, 3))
                        .reals(0.5), "add_", "[3]", "can't be cast"))
                .build());
    }

    private static void tensorOp(List<OpInfo> l, String name, BinaryOperator<Tensor> f, DoubleBinaryOperator r) {
        boolean div = name.equals("div_");
        Domain od = div ? Domain.NONZERO : Domain.ANY;
        OpInfo.Builder b = InPlaceOps.inPlace(name + "(Tensor)", (in, s) -> f.apply(in[0], in[1]))
                .samples(t -> {
                    List<Sample> s = new ArrayList<>();
                    for (Arg a : InPlaceOps.writable("it" + name, t, Domain.ANY)) {
                        s.add(Sample.of("same shape", a, Samples.arg("it" + name + a, 1, t, od, a.shape())));
                    }
                    String p = "iu" + name;
                    Arg self = Samples.arg(p, 0, t, Domain.ANY, 3, 4);
                    s.add(Sample.of("row operand", self, Samples.arg(p, 1, t, od, 4)));
                    s.add(Sample.of("0-d operand", self, Samples.arg(p, 2, t, od)));
                    s.add(Sample.of("column operand", self, Samples.arg(p, 3, t, od, 3, 1)));
                    s.add(Sample.of("transposed operand", self, Samples.arg(p, 4, t, od, 4, 3).then(new Transpose(0, 1))));
                    s.add(Sample.of("expanded operand", self, Samples.arg(p, 5, t, od, 1, 4).then(new Expand(3, 4))));
                    s.add(Sample.of("large row operand", Samples.arg(p, 6, t, Domain.ANY, Samples.LARGE_ROWS, Samples.LARGE_COLS),
                            Samples.arg(p, 7, t, od, Samples.LARGE_COLS)));
                    for (DType o : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT64, DType.BOOL}) {
                        boolean castable = o == DType.BOOL || o == DType.INT64 ? true : t != DType.INT64;
                        if (o != t && castable) {
                            s.add(Sample.of("operand " + o.pyName(), self, Samples.arg(p + o, 8, o, od, 3, 4)));
                            s.add(Sample.of("0-d operand " + o.pyName(), self, Samples.arg(p + o, 9, o, od)));
                        }
                    }
                    return s;
                })
                .ref1((in, s) -> {
                    DType c = div ? Promotion.division(in[0], in[1]) : Promotion.tensors(in[0], in[1]);
                    return InPlaceOps.update(in[0], in[1], c, r);
                })
                .error(ErrorCase.of(IllegalArgumentException.class, Sample.of("operand bigger than receiver",
                        Samples.arg("ie", 0, DType.FLOAT32, Domain.ANY, 3), Samples.arg("ie", 1, DType.FLOAT32, od, 2, 3)),
                        name, "[3]", "[2, 3]"))
                .error(ErrorCase.of(IllegalArgumentException.class, Sample.of("[3] vs [4]",
                        Samples.arg("if", 0, DType.FLOAT64, Domain.ANY, 3), Samples.arg("if", 1, DType.FLOAT64, od, 4)),
                        name, "[3]", "[4]"))
                .error(ErrorCase.of(IllegalArgumentException.class, Sample.of("int64 receiver, float operand",
                        Samples.arg("ig", 0, DType.INT64, Domain.ANY, 3), Samples.arg("ig", 1, DType.FLOAT32, od, 3)),
                        name, "[3]", "can't be cast"))
                .error(ErrorCase.of(IllegalArgumentException.class, Sample.of("expanded receiver",
                        Samples.arg("ih", 0, DType.FLOAT32, Domain.ANY, 3, 1).then(new Expand(3, 4)),
                        Samples.arg("ih", 1, DType.FLOAT32, od, 3, 4)), name, "[3, 4]", "expanded"));
        if (div) {
            b.dtypes(DType.FLOAT32, DType.FLOAT64)
                    .error(ErrorCase.of(IllegalArgumentException.class, Sample.of("int64 true division",
                            Samples.arg("ii", 0, DType.INT64, Domain.ANY, 3), Samples.arg("ii", 1, DType.INT64, od, 3)),
                            name, "[3]", "can't be cast"));
        } else {
            b.error(ErrorCase.of(UnsupportedOperationException.class, Sample.of("bool receiver",
                    Samples.arg("ij", 0, DType.BOOL, Domain.ANY, 3), Samples.arg("ij", 1, DType.BOOL, od, 3)), name, "bool"));
        }
        l.add(b.build());
    }

    private static void scalarOp(List<OpInfo> l, String name, BiFunction<Tensor, Double, Tensor> f,
                                 DoubleBinaryOperator r) {
        boolean div = name.equals("div_");
        OpInfo.Builder b = InPlaceOps.inPlace(name + "(double)", (in, s) -> f.apply(in[0], s.reals()[0]))
                .samples(t -> InPlaceOps.withReals(InPlaceOps.writable("is" + name, t, Domain.ANY),
                        t == DType.INT64 ? new double[] {2, -3} : new double[] {2.5, -1.25, 0.1}))
                .ref1((in, s) -> {
                    DType t = in[0].dtype();
                    double v = Ref.round(s.reals()[0], t);
                    return RefOps.map(in[0], t, x -> r.applyAsDouble(x, v));
                })
                .error(ErrorCase.of(IllegalArgumentException.class, Sample.of("expanded receiver",
                        Samples.arg("ik", 0, DType.FLOAT32, Domain.ANY, 3, 1).then(new Expand(3, 4))).reals(2),
                        name, "[3, 4]", "expanded"))
                .error(ErrorCase.of(IllegalArgumentException.class, Sample.of("int64 receiver, fractional scalar",
                        Samples.arg("il", 0, DType.INT64, Domain.ANY, 3)).reals(0.5), name, "[3]", "can't be cast"))
                .error(ErrorCase.of(UnsupportedOperationException.class, Sample.of("bool receiver",
                        Samples.arg("im", 0, DType.BOOL, Domain.ANY, 3)).reals(1), name, "bool"));
        if (div) {
            b.dtypes(DType.FLOAT32, DType.FLOAT64)
                    .error(ErrorCase.of(IllegalArgumentException.class, Sample.of("int64 true division",
                            Samples.arg("in", 0, DType.INT64, Domain.ANY, 3)).reals(2), name, "[3]", "can't be cast"));
        }
        l.add(b.build());
    }
}
