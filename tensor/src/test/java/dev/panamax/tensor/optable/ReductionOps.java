package dev.panamax.tensor.optable;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.Tensor;
import dev.panamax.tensor.ValuesIndices;
import dev.panamax.tensor.optable.Arg.Domain;
import dev.panamax.tensor.optable.Move.Expand;
import dev.panamax.tensor.optable.Move.Narrow;
import dev.panamax.tensor.optable.Move.Permute;
import dev.panamax.tensor.optable.Move.Transpose;
import java.util.ArrayList;
import java.util.List;

/**
 * Reductions: over everything, one dim, several dims, with and without keepdim; max/min with the
 * first index on ties (and the first NaN); logsumexp, softmax and log-softmax along a dim.
 */
final class ReductionOps {

    private ReductionOps() {
    }

    static List<OpInfo> entries() {
        List<OpInfo> l = new ArrayList<>();
        String noIdentity = "an empty reduction has no identity; checked as an error case";
        l.add(OpInfo.of("sum()").dtypes(DType.FLOAT32, DType.FLOAT64, DType.INT64, DType.BOOL)
                .samples(t -> Samples.unary(t, Domain.ANY))
                .op1((in, s) -> in[0].sum())
                .ref1((in, s) -> RefOps.reduce(in[0], all(in[0]), false, sumType(in[0]), RefOps::sum))
                .build());
        l.add(OpInfo.of("sum(int,boolean)").dtypes(DType.FLOAT32, DType.FLOAT64, DType.INT64, DType.BOOL)
                .samples(t -> oneDim(t, Domain.ANY, true))
                .op1((in, s) -> in[0].sum(s.ints()[0], s.keepdim()))
                .ref1((in, s) -> RefOps.reduce(in[0], s.ints(), s.keepdim(), sumType(in[0]), RefOps::sum))
                .error(ErrorCase.of(IndexOutOfBoundsException.class, bad("[2,3] dim 2", 2, 3).ints(2), "sum", "[2, 3]"))
                .build());
        l.add(OpInfo.of("sum(int[],boolean)").dtypes(DType.FLOAT32, DType.FLOAT64, DType.INT64, DType.BOOL)
                .samples(t -> severalDims(t, true))
                .op1((in, s) -> in[0].sum(s.ints(), s.keepdim()))
                .ref1((in, s) -> RefOps.reduce(in[0], s.ints(), s.keepdim(), sumType(in[0]), RefOps::sum))
                .error(ErrorCase.of(IllegalArgumentException.class, bad("dims [0, 0]", 2, 3).ints(0, 0), "sum", "twice"))
                .error(ErrorCase.of(IndexOutOfBoundsException.class, bad("dims [0, -3]", 2, 3).ints(0, -3), "sum", "[2, 3]"))
                .build());
        l.add(mean("mean()", t -> Samples.unary(t, Domain.ANY), (x, s) -> x.mean(), true));
        l.add(mean("mean(int,boolean)", t -> oneDim(t, Domain.ANY, true), (x, s) -> x.mean(s.ints()[0], s.keepdim()), false));
        l.add(mean("mean(int[],boolean)", t -> severalDims(t, true), (x, s) -> x.mean(s.ints(), s.keepdim()), false));
        for (boolean max : new boolean[] {true, false}) {
            String n = max ? "max" : "min";
            String a = max ? "argmax" : "argmin";
            l.add(OpInfo.of(n + "()")
                    .samples(t -> nonEmpty(Samples.unary(t, Domain.TIES)))
                    .op1((in, s) -> max ? in[0].max() : in[0].min())
                    .ref1((in, s) -> RefOps.reduce(in[0], all(in[0]), false, in[0].dtype(), g -> g[RefOps.extreme(g, max)]))
                    .waive(OpInfo.NO_EMPTY, noIdentity)
                    .error(ErrorCase.of(IllegalArgumentException.class, bad("empty", 0), n, "[0]"))
                    .error(ErrorCase.of(UnsupportedOperationException.class,
                            Sample.of("bool", Samples.arg("rb", 0, DType.BOOL, Domain.ANY, 3)), n, "bool"))
                    .build());
            l.add(OpInfo.of(n + "(int,boolean)")
                    .samples(t -> oneDim(t, Domain.TIES, false))
                    .op((in, s) -> {
                        ValuesIndices vi = max ? in[0].max(s.ints()[0], s.keepdim()) : in[0].min(s.ints()[0], s.keepdim());
                        return new Tensor[] {vi.values(), vi.indices()};
                    })
                    .ref((in, s) -> new Ref[] {
                        RefOps.reduce(in[0], s.ints(), s.keepdim(), in[0].dtype(), g -> g[RefOps.extreme(g, max)]),
                        RefOps.reduce(in[0], s.ints(), s.keepdim(), DType.INT64, g -> RefOps.extreme(g, max))})
                    .error(ErrorCase.of(IllegalArgumentException.class, bad("[2,0] dim 1", 2, 0).ints(1), n, "[2, 0]"))
                    .error(ErrorCase.of(IndexOutOfBoundsException.class, bad("[2,3] dim -3", 2, 3).ints(-3), n, "[2, 3]"))
                    .build());
            l.add(OpInfo.of(a + "()")
                    .samples(t -> nonEmpty(Samples.unary(t, Domain.TIES)))
                    .op1((in, s) -> max ? in[0].argmax() : in[0].argmin())
                    .ref1((in, s) -> RefOps.reduce(in[0], all(in[0]), false, DType.INT64, g -> RefOps.extreme(g, max)))
                    .waive(OpInfo.NO_EMPTY, noIdentity)
                    .error(ErrorCase.of(IllegalArgumentException.class, bad("empty", 2, 0), a, "[2, 0]"))
                    .build());
            l.add(OpInfo.of(a + "(int,boolean)")
                    .samples(t -> oneDim(t, Domain.TIES, false))
                    .op1((in, s) -> max ? in[0].argmax(s.ints()[0], s.keepdim()) : in[0].argmin(s.ints()[0], s.keepdim()))
                    .ref1((in, s) -> RefOps.reduce(in[0], s.ints(), s.keepdim(), DType.INT64, g -> RefOps.extreme(g, max)))
                    .error(ErrorCase.of(IllegalArgumentException.class, bad("[0,3] dim 0", 0, 3).ints(0), a, "[0, 3]"))
                    .build());
        }
        l.add(OpInfo.of("logsumexp(int,boolean)")
                .samples(t -> oneDim(t, Domain.ANY, true))
                .op1((in, s) -> in[0].logsumexp(s.ints()[0], s.keepdim()))
                .ref1((in, s) -> RefOps.reduce(in[0], s.ints(), s.keepdim(), Promotion.toFloat(in[0].dtype()),
                        RefOps::logsumexp))
                .error(ErrorCase.of(IndexOutOfBoundsException.class, bad("[2,3] dim 2", 2, 3).ints(2), "logsumexp", "[2, 3]"))
                .build());
        for (boolean log : new boolean[] {false, true}) {
            String n = log ? "logSoftmax" : "softmax";
            l.add(OpInfo.of(n + "(int)")
                    .samples(t -> softmaxSamples(t))
                    .op1((in, s) -> log ? in[0].logSoftmax(s.ints()[0]) : in[0].softmax(s.ints()[0]))
                    .ref1((in, s) -> RefOps.softmax(in[0], s.ints()[0], log, Promotion.toFloat(in[0].dtype())))
                    .error(ErrorCase.of(IndexOutOfBoundsException.class, bad("[2,3] dim 2", 2, 3).ints(2), n, "[2, 3]"))
                    .build());
        }
        for (boolean log : new boolean[] {false, true}) {
            String n = log ? "logSoftmaxBackward" : "softmaxBackward";
            l.add(OpInfo.of(n + "(Tensor,Tensor,int)").dtypes(DType.FLOAT32, DType.FLOAT64)
                    .samples(ReductionOps::softmaxBackwardSamples)
                    .op1((in, s) -> log ? Tensor.logSoftmaxBackward(in[0], in[1], s.ints()[0])
                            : Tensor.softmaxBackward(in[0], in[1], s.ints()[0]))
                    .ref1((in, s) -> RefOps.softmaxBackward(in[0], in[1], s.ints()[0], log))
                    .error(ErrorCase.of(IllegalArgumentException.class, Sample.of("[2,3] grad, [3,2] output",
                            Samples.arg("sbe", 0, DType.FLOAT32, Domain.ANY, 2, 3),
                            Samples.arg("sbe", 1, DType.FLOAT32, Domain.ANY, 3, 2)).ints(0), n, "[3, 2]"))
                    .error(ErrorCase.of(IllegalArgumentException.class, Sample.of("int64 output",
                            Samples.arg("sbi", 0, DType.FLOAT32, Domain.ANY, 2, 3),
                            Samples.arg("sbi", 1, DType.INT64, Domain.ANY, 2, 3)).ints(0), n, "int64"))
                    .error(ErrorCase.of(IndexOutOfBoundsException.class, Sample.of("dim 2",
                            Samples.arg("sbd", 0, DType.FLOAT32, Domain.ANY, 2, 3),
                            Samples.arg("sbd", 1, DType.FLOAT32, Domain.ANY, 2, 3)).ints(2), n, "[2, 3]"))
                    .build());
        }
        return l;
    }

    /**
     * softmax's samples: the one-dim reduction samples, plus rows of special values along either
     * dim and native-sized (over 1 KiB) tensors that take the CPU's SIMD row and column paths with
     * vector tails, contiguous and not.
     */
    private static List<Sample> softmaxSamples(DType t) {
        List<Sample> s = new ArrayList<>(oneDim(t, Domain.ANY, true).stream().map(x -> x.keepdim(false)).toList());
        if (t == DType.FLOAT32 || t == DType.FLOAT64) {
            double inf = Double.POSITIVE_INFINITY;
            double nan = Double.NaN;
            Arg special = Arg.fixed(t, new double[] {
                -inf, -inf, -inf, -inf, -inf,
                inf, 1, 2, 3, 4,
                inf, inf, 0, 1, -inf,
                -inf, 1, 2, -inf, 0.5,
                nan, 1, 2, 3, 4,
                1e30, 1, -1e30, -inf, 0,
                -0.0, 0.0, -0.0, 0.0, -0.0,
                40, 41, 39.5, -100, 88}, 8, 5);
            s.add(Sample.of("special rows", special).ints(1));
            s.add(Sample.of("special rows", special).ints(0));
            s.add(Sample.of("special rows transposed", special.then(new Transpose(0, 1))).ints(0));
        }
        for (int[] shape : new int[][] {{7, 37}, {3, 5, 40}, {2, 1100}}) {
            Arg a = Samples.arg("sm" + shape.length + shape[shape.length - 1], 0, t, Domain.ANY, shape);
            for (int d = 0; d < shape.length; d++) {
                s.add(Sample.of("native " + java.util.Arrays.toString(shape), a).ints(d));
            }
        }
        s.add(Sample.of("native narrowed rows", Samples.arg("smn", 0, t, Domain.ANY, 9, 50)
                .then(new Narrow(1, 3, 45))).ints(1));
        s.add(Sample.of("native permuted", Samples.arg("smp", 0, t, Domain.ANY, 6, 7, 20)
                .then(new Permute(2, 0, 1))).ints(2));
        return s;
    }

    /** (gradient, softmax output) pairs: the output's layouts, a broadcast or other-dtype gradient, native sizes. */
    private static List<Sample> softmaxBackwardSamples(DType t) {
        DType other = t == DType.FLOAT32 ? DType.FLOAT64 : DType.FLOAT32;
        List<Sample> s = new ArrayList<>();
        s.add(pair("[3,4,5]", t, t, new int[] {3, 4, 5}, new int[] {3, 4, 5}).ints(0));
        s.add(pair("[3,4,5]", t, t, new int[] {3, 4, 5}, new int[] {3, 4, 5}).ints(1));
        s.add(pair("[3,4,5]", t, t, new int[] {3, 4, 5}, new int[] {3, 4, 5}).ints(-1));
        s.add(pair("0-d", t, t, new int[0], new int[0]).ints(0));
        s.add(pair("empty", t, t, new int[] {0, 3}, new int[] {0, 3}).ints(1));
        s.add(pair("empty dim", t, t, new int[] {2, 0}, new int[] {2, 0}).ints(1));
        s.add(pair("broadcast grad", t, t, new int[] {3, 1}, new int[] {3, 4}).ints(1));
        s.add(pair("broadcast grad", t, t, new int[] {4}, new int[] {3, 4}).ints(0));
        s.add(pair("other-dtype grad", other, t, new int[] {3, 4}, new int[] {3, 4}).ints(1));
        s.add(Sample.of("transposed output", Samples.arg("sbt", 0, t, Domain.ANY, 3, 4),
                Samples.arg("sbt", 1, t, Domain.ANY, 4, 3).then(new Transpose(0, 1))).ints(1));
        s.add(Sample.of("narrowed grad", Samples.arg("sbn", 0, t, Domain.ANY, 5, 8).then(new Narrow(1, 2, 6)),
                Samples.arg("sbn", 1, t, Domain.ANY, 5, 6)).ints(1));
        for (int[] shape : new int[][] {{7, 37}, {3, 5, 40}}) {
            for (int d = 0; d < shape.length; d++) {
                s.add(pair("native " + java.util.Arrays.toString(shape), t, t, shape, shape).ints(d));
            }
        }
        return s;
    }

    private static Sample pair(String name, DType tg, DType ty, int[] g, int[] y) {
        return Sample.of(name, Samples.arg("sb" + name, 0, tg, Domain.ANY, g), Samples.arg("sb" + name, 1, ty, Domain.ANY, y));
    }

    private static OpInfo mean(String sig, java.util.function.Function<DType, List<Sample>> samples,
                               OpInfo.Function1Sample f, boolean all) {
        return OpInfo.of(sig).dtypes(DType.FLOAT32, DType.FLOAT64)
                .samples(samples)
                .op1((in, s) -> f.apply(in[0], s))
                .ref1((in, s) -> RefOps.reduce(in[0], all ? all(in[0]) : s.ints(), s.keepdim(), in[0].dtype(),
                        g -> RefOps.sum(g) / g.length))
                .error(ErrorCase.of(IllegalArgumentException.class,
                        Sample.of("int64", Samples.arg("mi", 0, DType.INT64, Domain.ANY, 2, 3)).ints(0), "mean", "int64"))
                .build();
    }

    private static int[] all(Ref r) {
        int[] d = new int[r.dim()];
        for (int i = 0; i < d.length; i++) {
            d[i] = i;
        }
        return d;
    }

    private static DType sumType(Ref r) {
        return r.dtype() == DType.BOOL ? DType.INT64 : r.dtype();
    }

    private static Sample bad(String name, int... shape) {
        return Sample.of(name, Samples.arg("rbad" + name, 0, DType.FLOAT32, Domain.ANY, shape));
    }

    private static List<Sample> nonEmpty(List<Sample> s) {
        return s.stream().filter(x -> !x.hasEmptyArg()).toList();
    }

    /** One-dim reductions; {@code emptyReductions}: include reducing over a 0-size dim. */
    static List<Sample> oneDim(DType t, Domain d, boolean emptyReductions) {
        List<Sample> s = new ArrayList<>();
        Arg cube = Samples.arg("r3", 0, t, d, 3, 4, 5);
        s.add(Sample.of("[3,4,5]", cube).ints(0));
        s.add(Sample.of("[3,4,5]", cube).ints(1).keepdim(true));
        s.add(Sample.of("[3,4,5]", cube).ints(-1));
        s.add(Sample.of("[3,4,5]", cube).ints(2).keepdim(true));
        s.add(Sample.of("0-d", Samples.arg("r0", 0, t, d)).ints(0));
        s.add(Sample.of("0-d", Samples.arg("r0", 0, t, d)).ints(-1).keepdim(true));
        s.add(Sample.of("1-D", Samples.arg("r1", 0, t, d, 9)).ints(0));
        s.add(Sample.of("empty kept dim", Samples.arg("re", 0, t, d, 0, 3)).ints(1));
        if (emptyReductions) {
            s.add(Sample.of("empty reduced dim", Samples.arg("re", 0, t, d, 0, 3)).ints(0));
            s.add(Sample.of("empty reduced dim", Samples.arg("rf", 0, t, d, 2, 0)).ints(1).keepdim(true));
        }
        s.add(Sample.of("transposed", Samples.arg("rt", 0, t, d, 4, 3).then(new Transpose(0, 1))).ints(0));
        s.add(Sample.of("transposed", Samples.arg("rt", 0, t, d, 4, 3).then(new Transpose(0, 1))).ints(1).keepdim(true));
        s.add(Sample.of("permuted", Samples.arg("rp", 0, t, d, 2, 3, 4).then(new Permute(2, 0, 1))).ints(1));
        s.add(Sample.of("expanded", Samples.arg("rx", 0, t, d, 3, 1).then(new Expand(3, 4))).ints(1));
        s.add(Sample.of("narrowed", Samples.arg("rn", 0, t, d, 5, 6).then(new Narrow(1, 1, 4))).ints(0));
        Arg large = Samples.arg("rl", 0, t, d, Samples.LARGE_ROWS, Samples.LARGE_COLS);
        s.add(Sample.of("large", large).ints(0));
        s.add(Sample.of("large", large).ints(1));
        s.add(Sample.of("large transposed", Samples.arg("rm", 0, t, d, Samples.LARGE_COLS, Samples.LARGE_ROWS)
                .then(new Transpose(0, 1))).ints(1));
        if (t == DType.FLOAT32 || t == DType.FLOAT64) {
            s.add(Sample.of("nan/inf/-0 rows", Samples.specials(t)).ints(0));
        }
        return s;
    }

    /** Reductions over several dims at once. */
    static List<Sample> severalDims(DType t, boolean emptyReductions) {
        List<Sample> s = new ArrayList<>();
        Arg cube = Samples.arg("s3", 0, t, Domain.ANY, 3, 4, 5);
        s.add(Sample.of("[3,4,5]", cube).ints(0, 2));
        s.add(Sample.of("[3,4,5]", cube).ints(-1, 0).keepdim(true));
        s.add(Sample.of("[3,4,5]", cube).ints(1));
        s.add(Sample.of("[3,4,5]", cube).ints(0, 1, 2).keepdim(true));
        s.add(Sample.of("0-d", Samples.arg("s0", 0, t, Domain.ANY)).ints(0));
        s.add(Sample.of("empty kept dims", Samples.arg("se", 0, t, Domain.ANY, 0, 3, 2)).ints(1, 2));
        if (emptyReductions) {
            s.add(Sample.of("empty reduced dims", Samples.arg("se", 0, t, Domain.ANY, 2, 0, 3)).ints(1, 2));
        }
        s.add(Sample.of("permuted", Samples.arg("sp", 0, t, Domain.ANY, 2, 3, 4).then(new Permute(1, 2, 0))).ints(0, 2));
        s.add(Sample.of("expanded", Samples.arg("sx", 0, t, Domain.ANY, 1, 4).then(new Expand(3, 4))).ints(0, 1)
                .keepdim(true));
        s.add(Sample.of("large", Samples.arg("sl", 0, t, Domain.ANY, Samples.LARGE_ROWS, Samples.LARGE_COLS)).ints(1, 0));
        return s;
    }
}
