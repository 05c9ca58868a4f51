package dev.panamax.tensor.optable;

import dev.panamax.tensor.Device;
import dev.panamax.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * One input to an op: its tensor arguments plus the op's other parameters.
 *
 * @param name    a short description (shapes, layout)
 * @param args    the tensor arguments
 * @param ints    integer parameters (dims, sizes), interpreted by the op
 * @param reals   Java double parameters (scalars), interpreted by the op
 * @param keepdim the keepdim flag of reductions
 */
record Sample(String name, List<Arg> args, int[] ints, double[] reals, boolean keepdim) {

    static Sample of(String name, Arg... args) {
        return new Sample(name, List.of(args), new int[0], new double[0], false);
    }

    Sample ints(int... v) {
        return new Sample(name, args, v, reals, keepdim);
    }

    Sample reals(double... v) {
        return new Sample(name, args, ints, v, keepdim);
    }

    Sample keepdim(boolean k) {
        return new Sample(name, args, ints, reals, k);
    }

    Sample named(String n) {
        return new Sample(n, args, ints, reals, keepdim);
    }

    /** The arguments as tensors on {@code device}, through their movement steps. */
    Tensor[] build(Device device) {
        Tensor[] t = new Tensor[args.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = args.get(i).build(device);
        }
        return t;
    }

    /** The arguments as fresh contiguous tensors made from the reference values. */
    Tensor[] buildContiguous(Device device) {
        Tensor[] t = new Tensor[args.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = args.get(i).buildContiguous(device);
        }
        return t;
    }

    Ref[] refs() {
        Ref[] r = new Ref[args.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = args.get(i).ref();
        }
        return r;
    }

    /** Whether some argument is a view that is not dense and row-major. */
    boolean hasNonContiguousArg() {
        for (Arg a : args) {
            RefView v = RefView.of(new Ref(a.baseShape(), new double[Ref.numel(a.baseShape())], a.dtype()));
            for (Move m : a.moves()) {
                v = m.apply(v);
            }
            if (!v.isRowMajor() && Ref.numel(v.shape) > 1) {
                return true;
            }
        }
        return false;
    }

    boolean hasZeroDimArg() {
        return args.stream().anyMatch(a -> a.shape().length == 0);
    }

    boolean hasEmptyArg() {
        return args.stream().anyMatch(a -> Ref.numel(a.shape()) == 0);
    }

    /** Whether two arguments have different shapes (so something broadcasts). */
    boolean broadcasts() {
        return args.stream().map(a -> Arrays.toString(a.shape())).distinct().count() > 1;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name).append(" ").append(args);
        if (ints.length > 0) {
            sb.append(" ints=").append(Arrays.toString(ints));
        }
        if (reals.length > 0) {
            sb.append(" reals=").append(Arrays.toString(reals));
        }
        if (keepdim) {
            sb.append(" keepdim");
        }
        return sb.toString();
    }
}
