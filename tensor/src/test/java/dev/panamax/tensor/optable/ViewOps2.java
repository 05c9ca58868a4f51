package dev.panamax.tensor.optable;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.Tensor;
import dev.panamax.tensor.optable.Arg.Domain;
import dev.panamax.tensor.optable.Move.Expand;
import dev.panamax.tensor.optable.Move.Narrow;
import dev.panamax.tensor.optable.Move.Transpose;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rest of the movement ops: squeeze, narrow, slice, select, expand; contiguous, clone and to(DType). */
final class ViewOps2 {

    private ViewOps2() {
    }

    private static Sample s(String name, DType t, int[] shape, Move... moves) {
        Arg a = Samples.arg("w" + name, 0, t, Domain.ANY, shape);
        for (Move m : moves) {
            a = a.then(m);
        }
        return Sample.of(name, a);
    }

    private static int[] sh(int... v) {
        return v;
    }

    private static OpInfo.Builder view(String sig) {
        return OpInfo.of(sig).dtypes(DType.FLOAT32, DType.FLOAT64, DType.INT64, DType.BOOL);
    }

    /** Squeezes every size-1 dim (or only {@code dim}) with the reference's own view logic. */
    private static Ref squeeze(Ref r, Integer dim) {
        RefView v = RefView.of(r);
        for (int d = r.dim() - 1; d >= 0; d--) {
            boolean chosen = dim == null || d == (dim < 0 ? dim + r.dim() : dim);
            if (chosen && r.shape()[d] == 1) {
                v = v.select(d, 0);
            }
        }
        return v.materialize();
    }

    static void entries(List<OpInfo> l) {
        l.add(view("squeeze()").alias(OpInfo.Alias.VIEW)
                .samples(t -> List.of(s("[1,3,1,2]", t, sh(1, 3, 1, 2)), s("0-d", t, sh()), s("[1]", t, sh(1)),
                        s("no size-1 dims", t, sh(2, 3)), s("empty", t, sh(1, 0, 1)),
                        s("transposed", t, sh(2, 1, 3), new Transpose(0, 2))))
                .op1((in, s) -> in[0].squeeze())
                .ref1((in, s) -> squeeze(in[0], null))
                .build());
        l.add(view("squeeze(int)").alias(OpInfo.Alias.VIEW)
                .samples(t -> List.of(s("[1,3,1,2]", t, sh(1, 3, 1, 2)).ints(0), s("[1,3,1,2]", t, sh(1, 3, 1, 2)).ints(-2),
                        s("[1,3,1,2] size 3", t, sh(1, 3, 1, 2)).ints(1), s("0-d", t, sh()).ints(0),
                        s("empty", t, sh(1, 0)).ints(0), s("transposed", t, sh(2, 1, 3), new Transpose(0, 2)).ints(1)))
                .op1((in, s) -> in[0].squeeze(s.ints()[0]))
                .ref1((in, s) -> squeeze(in[0], s.ints()[0]))
                .error(ErrorCase.of(IndexOutOfBoundsException.class, s("dim 2 of 2-D", DType.FLOAT32, sh(1, 3)).ints(2),
                        "squeeze", "[1, 3]"))
                .build());
        l.add(view("narrow(int,int,int)").alias(OpInfo.Alias.VIEW)
                .samples(t -> List.of(s("[5,6]", t, sh(5, 6)).ints(1, 1, 4), s("[5,6]", t, sh(5, 6)).ints(0, -2, 2),
                        s("[5,6] zero length", t, sh(5, 6)).ints(0, 5, 0), s("1-D", t, sh(7)).ints(0, 2, 3),
                        s("empty", t, sh(0, 3)).ints(1, 1, 2), s("transposed", t, sh(4, 3), new Transpose(0, 1)).ints(1, 1, 2),
                        s("expanded", t, sh(3, 1), new Expand(3, 4)).ints(1, 1, 2)))
                .op1((in, s) -> in[0].narrow(s.ints()[0], s.ints()[1], s.ints()[2]))
                .ref1((in, s) -> RefView.of(in[0]).narrow(s.ints()[0], s.ints()[1], s.ints()[2]).materialize())
                .waive(OpInfo.NO_ZERO_DIM, "narrow needs a dimension; checked as an error case")
                .error(ErrorCase.of(IndexOutOfBoundsException.class, s("past the end", DType.FLOAT32, sh(5, 6)).ints(1, 4, 3),
                        "narrow", "[5, 6]"))
                .error(ErrorCase.of(IllegalArgumentException.class, s("0-d", DType.FLOAT32, sh()).ints(0, 0, 1),
                        "narrow", "[]"))
                .build());
        l.add(view("slice(int,int,int)").alias(OpInfo.Alias.VIEW)
                .samples(t -> List.of(s("[5,6]", t, sh(5, 6)).ints(1, 1, 100), s("[5,6]", t, sh(5, 6)).ints(0, -2, 10),
                        s("[5,6]", t, sh(5, 6)).ints(1, -100, 2), s("[5,6] start after end", t, sh(5, 6)).ints(0, 3, 1),
                        s("[5,6]", t, sh(5, 6)).ints(1, 2, -1), s("[5,6] past the end", t, sh(5, 6)).ints(0, 7, 9),
                        s("empty", t, sh(0, 3)).ints(0, 0, 5), s("transposed", t, sh(4, 3), new Transpose(0, 1)).ints(-1, 1, 3)))
                .op1((in, s) -> in[0].slice(s.ints()[0], s.ints()[1], s.ints()[2]))
                .ref1((in, s) -> {
                    int d = s.ints()[0] < 0 ? s.ints()[0] + in[0].dim() : s.ints()[0];
                    int size = in[0].shape()[d];
                    int start = clip(s.ints()[1], size);
                    int end = clip(s.ints()[2], size);
                    return RefView.of(in[0]).narrow(d, start, Math.max(0, end - start)).materialize();
                })
                .waive(OpInfo.NO_ZERO_DIM, "slice needs a dimension; checked as an error case")
                .error(ErrorCase.of(IllegalArgumentException.class, s("0-d", DType.FLOAT32, sh()).ints(0, 0, 1), "slice", "[]"))
                .build());
        l.add(view("select(int,int)").alias(OpInfo.Alias.VIEW)
                .samples(t -> List.of(s("[3,4,5]", t, sh(3, 4, 5)).ints(0, 1), s("[3,4,5]", t, sh(3, 4, 5)).ints(1, -1),
                        s("[3,4,5]", t, sh(3, 4, 5)).ints(-1, 0), s("1-D to 0-d", t, sh(4)).ints(0, 2),
                        s("empty", t, sh(2, 0)).ints(0, 1), s("transposed", t, sh(4, 3), new Transpose(0, 1)).ints(1, 2),
                        s("expanded", t, sh(3, 1), new Expand(3, 4)).ints(1, 3)))
                .op1((in, s) -> in[0].select(s.ints()[0], s.ints()[1]))
                .ref1((in, s) -> RefView.of(in[0]).select(s.ints()[0], s.ints()[1]).materialize())
                .waive(OpInfo.NO_ZERO_DIM, "select needs a dimension; checked as an error case")
                .error(ErrorCase.of(IndexOutOfBoundsException.class, s("index 4 of 4", DType.FLOAT32, sh(3, 4)).ints(1, 4),
                        "select", "[3, 4]"))
                .error(ErrorCase.of(IllegalArgumentException.class, s("0-d", DType.FLOAT32, sh()).ints(0, 0), "select", "[]"))
                .build());
        l.add(view("expand(int[])").alias(OpInfo.Alias.VIEW)
                .samples(t -> List.of(s("[3,1]", t, sh(3, 1)).ints(3, 4), s("[3,1] new dim", t, sh(3, 1)).ints(2, 3, 4),
                        s("0-d", t, sh()).ints(2, 3), s("0-d to 0-d", t, sh()).ints(new int[0]), s("[3] keep", t, sh(3)).ints(-1),
                        s("[1] to empty", t, sh(1)).ints(0), s("empty", t, sh(0, 1)).ints(2, 0, 3),
                        s("transposed", t, sh(3, 1), new Transpose(0, 1)).ints(4, 3),
                        s("narrowed", t, sh(4, 6), new Narrow(0, 1, 1)).ints(2, -1, 6),
                        s("permuted", t, sh(3, 1, 2), new Move.Permute(2, 1, 0)).ints(2, 4, 3)))
                .op1((in, s) -> in[0].expand(s.ints()))
                .ref1((in, s) -> RefView.of(in[0]).expand(s.ints()).materialize())
                .error(ErrorCase.of(IllegalArgumentException.class, s("non-1 size", DType.FLOAT32, sh(3)).ints(4),
                        "expand", "[3]", "[4]"))
                .error(ErrorCase.of(IllegalArgumentException.class, s("fewer dims", DType.FLOAT32, sh(2, 3)).ints(3),
                        "expand", "[2, 3]", "[3]"))
                .build());
        l.add(view("contiguous()").alias(OpInfo.Alias.ANY)
                .samples(t -> Samples.unary(t, Domain.ANY))
                .op1((in, s) -> {
                    Tensor r = in[0].contiguous();
                    assertTrue(r.isContiguous(), "contiguous() result is contiguous");
                    if (in[0].isContiguous()) {
                        assertSame(in[0], r, "contiguous() of a contiguous tensor returns it");
                    }
                    return r;
                })
                .ref1((in, s) -> in[0])
                .build());
        l.add(view("clone()").alias(OpInfo.Alias.NEW)
                .samples(t -> Samples.unary(t, Domain.ANY))
                .op1((in, s) -> {
                    Tensor r = in[0].clone();
                    assertTrue(r.isContiguous(), "clone() result is contiguous");
                    return r;
                })
                .ref1((in, s) -> in[0])
                .build());
        l.add(view("to(DType)").alias(OpInfo.Alias.ANY)
                .samples(t -> {
                    List<Sample> a = new ArrayList<>();
                    List<Sample> base = Samples.unary(t, Domain.ANY);
                    DType[] all = DType.values();
                    for (int i = 0; i < base.size(); i++) {
                        Sample b = base.get(i);
                        for (int k = 0; k < all.length; k++) {
                            boolean special = b.name().startsWith("nan");
                            if ((i + k) % 2 == 0 && !(special && all[k] == DType.INT64)) {
                                a.add(b.ints(all[k].ordinal()));
                            }
                        }
                    }
                    if (t == DType.FLOAT64) {
                        Arg r = Arg.fixed(t, new double[] {0.1, 1.0 / 3, 1e-40, 1e39, -1e39, -2.7, 2.7, -0.5}, 8);
                        for (DType target : all) {
                            a.add(Sample.of("rounding", r).ints(target.ordinal()));
                        }
                    }
                    return a;
                })
                .op1((in, s) -> {
                    DType target = DType.values()[s.ints()[0]];
                    Tensor r = in[0].to(target);
                    if (target == in[0].dtype()) {
                        assertSame(in[0], r, "to() its own dtype returns the tensor");
                    } else {
                        assertFalse(r.sharesStorageWith(in[0]), "to() another dtype copies");
                    }
                    assertEquals(target, r.dtype());
                    return r;
                })
                .ref1((in, s) -> in[0].as(DType.values()[s.ints()[0]]))
                .build());
    }

    private static int clip(int i, int size) {
        return Math.clamp(i < 0 ? (long) i + size : i, 0, size);
    }
}
