package dev.panamax.tensor.optable;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.Tensor;
import dev.panamax.tensor.optable.Arg.Domain;
import dev.panamax.tensor.optable.Move.Expand;
import dev.panamax.tensor.optable.Move.Narrow;
import dev.panamax.tensor.optable.Move.Transpose;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleBinaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * In-place writes. Each returns its receiver, bumps the version counter exactly once, converts
 * the result to the receiver's dtype (float64 to float32 is allowed, float to int64 is not) and
 * refuses expanded receivers.
 */
final class InPlaceOps {

    private InPlaceOps() {
    }

    /** Wraps an in-place call: checks that it returns its receiver and bumps the version once. */
    static OpInfo.Builder inPlace(String sig, OpInfo.Function1 f) {
        return OpInfo.of(sig).alias(OpInfo.Alias.SELF).op1((in, s) -> {
            long v = in[0].version();
            Tensor r = f.apply(in, s);
            assertEquals(v + 1, in[0].version(), sig + " bumps the version once");
            return r;
        });
    }

    /** The receiver layouts that can be written: everything but expanded views. */
    static List<Arg> writable(String tag, DType t, Domain d) {
        return Samples.layouts(tag, t, d).stream().filter(a -> a.moves().stream().noneMatch(m -> m instanceof Expand))
                .toList();
    }

    private static Sample expandedSelf(String name) {
        return Sample.of(name, Samples.arg("ix", 0, DType.FLOAT32, Domain.ANY, 3, 1).then(new Expand(3, 4)),
                Samples.arg("ix", 1, DType.FLOAT32, Domain.ANY, 3, 4));
    }

    static List<OpInfo> entries() {
        List<OpInfo> l = new ArrayList<>();
        l.add(inPlace("copy_(Tensor)", (in, s) -> in[0].copy_(in[1]))
                .dtypes(DType.FLOAT32, DType.FLOAT64, DType.INT64, DType.BOOL)
                .samples(InPlaceOps::copySamples)
                .ref1((in, s) -> {
                    double[] src = RefOps.broadcast(in[1], in[0].shape());
                    return new Ref(in[0].shape(), src, in[1].dtype()).as(in[0].dtype());
                })
                .error(ErrorCase.of(IllegalArgumentException.class, Sample.of("source too big",
                        Samples.arg("ic", 0, DType.FLOAT32, Domain.ANY, 3), Samples.arg("ic", 1, DType.FLOAT32, Domain.ANY, 2, 3)),
                        "copy_", "[3]", "[2, 3]"))
                .error(ErrorCase.of(IllegalArgumentException.class, Sample.of("source [4] into [3]",
                        Samples.arg("id", 0, DType.FLOAT32, Domain.ANY, 3), Samples.arg("id", 1, DType.FLOAT32, Domain.ANY, 4)),
                        "copy_", "[3]", "[4]"))
                .error(ErrorCase.of(IllegalArgumentException.class, expandedSelf("expanded receiver"), "copy_", "[3, 4]"))
                .build());
        l.add(inPlace("fill_(double)", (in, s) -> in[0].fill_(s.reals()[0]))
                .dtypes(DType.FLOAT32, DType.FLOAT64, DType.INT64, DType.BOOL)
                .samples(t -> withReals(writable("if", t, Domain.ANY), 2.5, -1.75, 0, 3))
                .ref1((in, s) -> RefOps.map(in[0], in[0].dtype(), x -> Ref.convert(s.reals()[0], in[0].dtype())))
                .error(ErrorCase.of(IllegalArgumentException.class, expandedSelf("expanded receiver").reals(1), "fill_", "[3, 4]"))
                .build());
        l.add(inPlace("zero_()", (in, s) -> in[0].zero_())
                .dtypes(DType.FLOAT32, DType.FLOAT64, DType.INT64, DType.BOOL)
                .samples(t -> withReals(writable("iz", t, Domain.ANY)))
                .ref1((in, s) -> RefOps.map(in[0], in[0].dtype(), x -> 0))
                .build());
        l.add(inPlace("maskedFill_(Tensor,double)", (in, s) -> in[0].maskedFill_(in[1], s.reals()[0]))
                .dtypes(DType.FLOAT32, DType.FLOAT64, DType.INT64, DType.BOOL)
                .samples(t -> {
                    List<Sample> s = new ArrayList<>();
                    for (Arg a : writable("im", t, Domain.ANY)) {
                        s.add(Sample.of("same-shape mask", a,
                                Samples.arg("mask" + a, 1, DType.BOOL, Domain.ANY, a.shape())).reals(-2.5));
                    }
                    Arg self = Samples.arg("im2", 0, t, Domain.ANY, 3, 4);
                    s.add(Sample.of("row mask", self, Samples.arg("im2", 1, DType.BOOL, Domain.ANY, 4)).reals(7));
                    s.add(Sample.of("column mask", self, Samples.arg("im2", 2, DType.BOOL, Domain.ANY, 3, 1)).reals(7));
                    s.add(Sample.of("0-d mask", self, Arg.fixed(DType.BOOL, new double[] {1})).reals(7));
                    s.add(Sample.of("transposed mask", Samples.arg("im3", 0, t, Domain.ANY, 3, 4),
                            Samples.arg("im3", 1, DType.BOOL, Domain.ANY, 4, 3).then(new Transpose(0, 1))).reals(1.5));
                    return s;
                })
                .ref1((in, s) -> {
                    double[] m = RefOps.broadcast(in[1], in[0].shape());
                    double fill = Ref.convert(s.reals()[0], in[0].dtype());
                    double[] d = in[0].data().clone();
                    for (int i = 0; i < d.length; i++) {
                        d[i] = m[i] != 0 ? fill : d[i];
                    }
                    return new Ref(in[0].shape(), d, in[0].dtype());
                })
                .error(ErrorCase.of(IllegalArgumentException.class, Sample.of("float mask",
                        Samples.arg("in", 0, DType.FLOAT32, Domain.ANY, 3), Samples.arg("in", 1, DType.FLOAT32, Domain.ANY, 3))
                        .reals(1), "maskedFill_", "bool"))
                .error(ErrorCase.of(IllegalArgumentException.class, Sample.of("mask [3] for [2,4]",
                        Samples.arg("io", 0, DType.FLOAT32, Domain.ANY, 2, 4), Samples.arg("io", 1, DType.BOOL, Domain.ANY, 3))
                        .reals(1), "maskedFill_", "[3]", "[2, 4]"))
                .error(ErrorCase.of(IllegalArgumentException.class, Sample.of("mask bigger than receiver",
                        Samples.arg("ip", 0, DType.FLOAT32, Domain.ANY, 4), Samples.arg("ip", 1, DType.BOOL, Domain.ANY, 2, 4))
                        .reals(1), "maskedFill_", "[4]", "[2, 4]"))
                .build());
        InPlaceArithmetic.entries(l);
        return l;
    }

    static List<Sample> withReals(List<Arg> args, double... reals) {
        List<Sample> s = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            Sample x = Sample.of(args.get(i).toString(), args.get(i));
            s.add(reals.length == 0 ? x : x.reals(reals[i % reals.length]));
        }
        return s;
    }

    private static List<Sample> copySamples(DType t) {
        List<Sample> s = new ArrayList<>();
        for (Arg a : writable("ic", t, Domain.ANY)) {
            s.add(Sample.of("same shape", a, Samples.arg("src" + a, 1, t, Domain.ANY, a.shape())));
        }
        Arg self = Samples.arg("ic2", 0, t, Domain.ANY, 3, 4);
        s.add(Sample.of("row source", self, Samples.arg("ic2", 1, t, Domain.ANY, 4)));
        s.add(Sample.of("0-d source", self, Samples.arg("ic2", 2, t, Domain.ANY)));
        s.add(Sample.of("column source", self, Samples.arg("ic2", 3, t, Domain.ANY, 3, 1)));
        s.add(Sample.of("transposed source", self, Samples.arg("ic2", 4, t, Domain.ANY, 4, 3).then(new Transpose(0, 1))));
        s.add(Sample.of("expanded source", Samples.arg("ic3", 0, t, Domain.ANY, 5, 6).then(new Narrow(1, 2, 3)),
                Samples.arg("ic3", 1, t, Domain.ANY, 1, 3).then(new Expand(5, 3))));
        for (DType o : DType.values()) {
            if (o != t) {
                s.add(Sample.of("from " + o.pyName(), Samples.arg("ic4" + o, 0, t, Domain.ANY, 2, 5),
                        Samples.arg("ic4" + o, 1, o, Domain.ANY, 2, 5)));
            }
        }
        return s;
    }

    /** The result of {@code self op= other}: computed in the promoted dtype, stored as self's dtype. */
    static Ref update(Ref self, Ref other, DType compute, DoubleBinaryOperator f) {
        Ref r = RefOps.zip(self, other, compute, compute, f);
        return r.as(self.dtype());
    }
}
