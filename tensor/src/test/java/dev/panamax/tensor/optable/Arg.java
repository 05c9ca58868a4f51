package dev.panamax.tensor.optable;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.Device;
import dev.panamax.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * One tensor input of a sample: values of a base shape in a dtype, seen through movement steps.
 * Values are generated on demand from a seed, so large samples cost nothing until they run.
 *
 * @param baseShape the shape of the freshly created tensor
 * @param dtype     its dtype
 * @param domain    where generated values lie
 * @param seed      the generator seed
 * @param explicit  fixed values instead of generated ones, or null
 * @param moves     the movement steps applied after creation
 */
record Arg(int[] baseShape, DType dtype, Domain domain, long seed, double[] explicit, List<Move> moves) {

    /** Ranges of generated values. */
    enum Domain {
        /** Floats in [-4, 4] on a 1/1024 grid; int64 in [-6, 6]; random bools. */
        ANY,
        /** Floats in [1/8, 4]; int64 in [1, 6]. */
        POSITIVE,
        /** As ANY without zero. */
        NONZERO,
        /** Floats in [-2, 2]; int64 in [0, 3] (valid integer powers). */
        EXPONENT,
        /** Few distinct values (-1, 0, 1, 2), so reductions meet ties. */
        TIES
    }

    static Arg of(DType dtype, Domain domain, long seed, int... shape) {
        return new Arg(shape, dtype, domain, seed, null, List.of());
    }

    static Arg fixed(DType dtype, double[] values, int... shape) {
        return new Arg(shape, dtype, Domain.ANY, 0, values, List.of());
    }

    /** This argument with one more movement step. */
    Arg then(Move m) {
        Move[] all = moves.toArray(new Move[moves.size() + 1]);
        all[moves.size()] = m;
        return new Arg(baseShape, dtype, domain, seed, explicit, List.of(all));
    }

    Arg withDomain(Domain d) {
        return new Arg(baseShape, dtype, d, seed, explicit, moves);
    }

    /** The base values, generated deterministically and rounded to the dtype. */
    double[] values() {
        int n = Ref.numel(baseShape);
        double[] v = new double[n];
        if (explicit != null) {
            for (int i = 0; i < n; i++) {
                v[i] = Ref.round(explicit[i], dtype);
            }
            return v;
        }
        Random r = new Random(seed);
        boolean integral = dtype == DType.INT64;
        for (int i = 0; i < n; i++) {
            v[i] = switch (dtype) {
                case BOOL -> r.nextBoolean() ? 1 : 0;
                default -> switch (domain) {
                    case ANY -> integral ? r.nextInt(13) - 6 : (r.nextInt(8193) - 4096) / 1024.0;
                    case POSITIVE -> integral ? r.nextInt(6) + 1 : (r.nextInt(3969) + 128) / 1024.0;
                    case NONZERO -> {
                        double x = integral ? r.nextInt(12) - 6 : (r.nextInt(8192) - 4096) / 1024.0;
                        yield x >= 0 ? x + (integral ? 1 : 1 / 1024.0) : x;
                    }
                    case EXPONENT -> integral ? r.nextInt(4) : (r.nextInt(4097) - 2048) / 1024.0;
                    case TIES -> r.nextInt(4) - 1;
                };
            };
        }
        return v;
    }

    /** The tensor on {@code device}: created there from the base values, then moved. */
    Tensor build(Device device) {
        Tensor t = create(values(), baseShape, dtype).to(device);
        for (Move m : moves) {
            t = m.apply(t);
        }
        return t;
    }

    /** A fresh contiguous tensor holding the same elements as {@link #build}, made from reference values. */
    Tensor buildContiguous(Device device) {
        Ref r = ref();
        return create(r.data(), r.shape(), dtype).to(device);
    }

    /** The elements this argument stands for, through the reference's own view logic. */
    Ref ref() {
        RefView v = RefView.of(new Ref(baseShape, values(), dtype));
        for (Move m : moves) {
            v = m.apply(v);
        }
        return v.materialize();
    }

    /** The shape after the movement steps. */
    int[] shape() {
        RefView v = RefView.of(new Ref(baseShape, new double[Ref.numel(baseShape)], dtype));
        for (Move m : moves) {
            v = m.apply(v);
        }
        return v.shape;
    }

    static Tensor create(double[] v, int[] shape, DType dtype) {
        if (shape.length == 0) {
            return Tensor.scalar(v[0], dtype);
        }
        return switch (dtype) {
            case FLOAT64 -> Tensor.of(v, shape);
            case FLOAT32 -> {
                float[] f = new float[v.length];
                for (int i = 0; i < v.length; i++) {
                    f[i] = (float) v[i];
                }
                yield Tensor.of(f, shape);
            }
            case INT64 -> {
                long[] l = new long[v.length];
                for (int i = 0; i < v.length; i++) {
                    l[i] = (long) v[i];
                }
                yield Tensor.of(l, shape);
            }
            case BOOL -> {
                boolean[] b = new boolean[v.length];
                for (int i = 0; i < v.length; i++) {
                    b[i] = v[i] != 0;
                }
                yield Tensor.of(b, shape);
            }
        };
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(dtype.pyName()).append(Arrays.toString(baseShape));
        moves.forEach(sb::append);
        return sb.toString();
    }
}
