package dev.panamax.tensor.optable;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.Tensor;
import dev.panamax.tensor.optable.Arg.Domain;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;

/** One-tensor elementwise ops: math functions, activations, clamps and logical not. */
final class UnaryOps {

    private UnaryOps() {
    }

    static List<OpInfo> entries() {
        List<OpInfo> l = new ArrayList<>();
        l.add(unary("neg()", Tensor::neg, x -> -x, false, Domain.ANY));
        l.add(unary("abs()", Tensor::abs, Math::abs, false, Domain.ANY));
        l.add(unary("square()", Tensor::square, x -> x * x, false, Domain.ANY));
        l.add(unary("relu()", Tensor::relu, x -> x > 0 || Double.isNaN(x) ? x : 0, false, Domain.ANY));
        l.add(unary("exp()", Tensor::exp, Math::exp, true, Domain.ANY));
        l.add(unary("log()", Tensor::log, Math::log, true, Domain.POSITIVE));
        l.add(unary("sqrt()", Tensor::sqrt, Math::sqrt, true, Domain.POSITIVE));
        l.add(unary("sin()", Tensor::sin, Math::sin, true, Domain.ANY));
        l.add(unary("cos()", Tensor::cos, Math::cos, true, Domain.ANY));
        l.add(unary("tanh()", Tensor::tanh, Math::tanh, true, Domain.ANY));
        l.add(unary("sigmoid()", Tensor::sigmoid, x -> 1 / (1 + Math.exp(-x)), true, Domain.ANY));
        l.add(clamp("clamp(double,double)", (t, s) -> t.clamp(s.reals()[0], s.reals()[1]),
                new double[][] {{-1.5, 2.25}, {-2, 3}, {2, -1}, {-1, 2.5}}));
        l.add(clamp("clampMin(double)", (t, s) -> t.clampMin(s.reals()[0]),
                new double[][] {{0}, {-1.25}, {1}}));
        l.add(clamp("clampMax(double)", (t, s) -> t.clampMax(s.reals()[0]),
                new double[][] {{0}, {1.75}, {-2}}));
        l.add(OpInfo.of("logicalNot()").dtypes(DType.BOOL)
                .samples(t -> Samples.unary(t, Domain.ANY))
                .op1((in, s) -> in[0].logicalNot())
                .ref1((in, s) -> RefOps.map(in[0], DType.BOOL, x -> x == 0 ? 1 : 0))
                .error(ErrorCase.of(IllegalArgumentException.class,
                        Sample.of("float", Samples.arg("ln", 0, DType.FLOAT32, Domain.ANY, 3)), "logicalNot", "[3]"))
                .build());
        return l;
    }

    /** An elementwise function; {@code floatOnly} functions of int64 give float32. */
    static OpInfo unary(String sig, UnaryOperator<Tensor> f, DoubleUnaryOperator r, boolean floatOnly, Domain d) {
        String name = sig.substring(0, sig.indexOf('('));
        return OpInfo.of(sig)
                .samples(t -> Samples.unary(t, d))
                .op1((in, s) -> f.apply(in[0]))
                .ref1((in, s) -> RefOps.map(in[0], floatOnly ? Promotion.toFloat(in[0].dtype()) : in[0].dtype(), r))
                .error(ErrorCase.of(UnsupportedOperationException.class,
                        Sample.of("bool", Samples.arg("ub", 0, DType.BOOL, Domain.ANY, 2, 3)), name, "[2, 3]", "bool"))
                .build();
    }

    /** The clamps: the bounds are the sample's reals (lower then upper; NaN propagates). */
    private static OpInfo clamp(String sig, OpInfo.Function1Sample f, double[][] bounds) {
        boolean both = sig.startsWith("clamp(");
        boolean upperOnly = sig.startsWith("clampMax");
        return OpInfo.of(sig)
                .samples(t -> {
                    List<Sample> s = new ArrayList<>();
                    List<Sample> base = Samples.unary(t, Domain.ANY);
                    for (int i = 0; i < base.size(); i++) {
                        s.add(base.get(i).reals(bounds[i % bounds.length]));
                    }
                    for (double[] b : bounds) {
                        s.add(Sample.of("2-D", Samples.arg("cl", 0, t, Domain.ANY, 4, 5)).reals(b));
                    }
                    return s;
                })
                .op1((in, s) -> f.apply(in[0], s))
                .ref1((in, s) -> {
                    double[] b = s.reals();
                    DType t = in[0].dtype();
                    DType out = Promotion.scalar(t, b[0], true);
                    if (both) {
                        out = Promotion.scalar(out, b[1], true);
                    }
                    return RefOps.map(in[0], out, x -> {
                        if (Double.isNaN(x)) {
                            return x;
                        }
                        if (both) {
                            return Math.min(Math.max(x, b[0]), b[1]);
                        }
                        return upperOnly ? Math.min(x, b[0]) : Math.max(x, b[0]);
                    });
                })
                .build();
    }
}
