package dev.panamax.tensor.optable;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.Tensor;
import dev.panamax.tensor.optable.Arg.Domain;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.DoubleBinaryOperator;

/**
 * Tensor–Java-double ops: {@code add(double)}, {@code rsub}, {@code rdiv}, {@code pow(double)}, ...
 * The scalars include integral values (which keep int64 tensors int64) and fractional ones (which
 * lift int64 to float32); a double never widens float32.
 */
final class ScalarOps {

    private ScalarOps() {
    }

    static List<OpInfo> entries() {
        List<OpInfo> l = new ArrayList<>();
        l.add(scalar("add(double)", Tensor::add, Double::sum, true, Domain.ANY, 2.5, 2, -3, 0.1));
        l.add(scalar("sub(double)", Tensor::sub, (x, s) -> x - s, true, Domain.ANY, 2.5, 2, -3));
        l.add(scalar("rsub(double)", Tensor::rsub, (x, s) -> s - x, true, Domain.ANY, 2.5, 2, -3));
        l.add(scalar("mul(double)", Tensor::mul, (x, s) -> x * s, true, Domain.ANY, 2.5, 2, -3, 0.1));
        l.add(scalar("div(double)", Tensor::div, (x, s) -> x / s, false, Domain.ANY, 2.5, 2, -3, 0.1));
        l.add(scalar("rdiv(double)", Tensor::rdiv, (x, s) -> s / x, false, Domain.NONZERO, 2.5, 2, -3));
        l.add(scalar("maximum(double)", Tensor::maximum, Math::max, true, Domain.TIES, 0.5, 1, -1));
        l.add(scalar("minimum(double)", Tensor::minimum, Math::min, true, Domain.TIES, 0.5, 1, -1));
        l.add(scalar("pow(double)", Tensor::pow, Math::pow, true, Domain.POSITIVE, 2.5, 2, 3, -1.5, 0.5, 0, -2));
        return l;
    }

    /**
     * A tensor–scalar op. {@code intKeeping}: an integral scalar keeps int64 (for pow only a
     * non-negative one, as a negative integer power of an integer is not an integer).
     */
    private static OpInfo scalar(String sig, BiFunction<Tensor, Double, Tensor> f, DoubleBinaryOperator r,
                                 boolean intKeeping, Domain d, double... scalars) {
        boolean pow = sig.startsWith("pow");
        return OpInfo.of(sig)
                .samples(t -> Samples.withScalars(t, d, scalars))
                .op1((in, s) -> f.apply(in[0], s.reals()[0]))
                .ref1((in, s) -> {
                    double v = s.reals()[0];
                    DType out = Promotion.scalar(in[0].dtype(), v, intKeeping && (!pow || v >= 0));
                    double sv = Ref.round(v, out);
                    return RefOps.map(in[0], out, x -> r.applyAsDouble(Ref.round(x, out), sv));
                })
                .build();
    }
}
