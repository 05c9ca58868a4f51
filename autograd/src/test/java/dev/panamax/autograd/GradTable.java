package dev.panamax.autograd;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.Device;
import dev.panamax.tensor.Generator;
import dev.panamax.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Every differentiable op of {@link Variable}, declared once: a name, the public method it covers,
 * the inputs (shape and value domain) and the function of the inputs. {@link GradTableTest} runs
 * {@link Gradcheck} over {@link #ENTRIES}; {@link TorchFixtureTest} replays {@link #ENTRIES} and
 * {@link #TIES} on the inputs recorded by {@code src/test/python/make_torch_fixtures.py}, whose
 * table mirrors this one name for name.
 *
 * <p>Functions put any constant they use on their inputs' device, so every entry runs on every device.
 * Inputs are contiguous leaves; non-contiguous operands are made inside the function (by
 * {@code t()}, {@code narrow}, {@code expand}), since gradcheck perturbs the leaves' storage.
 */
final class GradTable {

    /** Where input values come from. */
    enum Domain {
        /** Standard normal. */
        NORMAL,
        /** Uniform in [0.5, 2): for log, sqrt, division, non-integer powers. */
        POSITIVE,
        /** Standard normal moved at least {@link #KINK_MARGIN} away from every value in {@link #KINKS}. */
        AWAY,
        /** Values written in the table (ties and kinks; not gradchecked). */
        FIXED
    }

    /** The non-differentiable points of abs, relu and the clamps used below. */
    static final double[] KINKS = {-1, -0.5, 0, 0.5, 1};
    static final double KINK_MARGIN = 0.05;

    /** The constant mask of the {@code where} entries (shape [2, 3]). */
    static final boolean[] MASK = {true, false, true, false, false, true};

    record Input(int[] shape, Domain domain, double[] values) {
    }

    record Entry(String name, String op, Function<Variable[], Variable> f, List<Input> inputs) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** The entries checked against finite differences (and PyTorch). */
    static final List<Entry> ENTRIES = new ArrayList<>();
    /** Inputs on ties and kinks, where PyTorch's conventions decide the gradient (PyTorch only). */
    static final List<Entry> TIES = new ArrayList<>();

    private GradTable() {
    }

    private static Input n(int... shape) {
        return new Input(shape, Domain.NORMAL, null);
    }

    private static Input p(int... shape) {
        return new Input(shape, Domain.POSITIVE, null);
    }

    private static Input a(int... shape) {
        return new Input(shape, Domain.AWAY, null);
    }

    private static Input fixed(double[] values, int... shape) {
        return new Input(shape, Domain.FIXED, values);
    }

    private static void add(String name, String op, Function<Variable[], Variable> f, Input... in) {
        ENTRIES.add(new Entry(name, op, f, List.of(in)));
    }

    private static void tie(String name, String op, Function<Variable[], Variable> f, Input... in) {
        TIES.add(new Entry(name, op, f, List.of(in)));
    }

    /** The constant mask on {@code like}'s device. */
    static Tensor mask(Variable like) {
        return Tensor.of(MASK, 2, 3).to(like.device());
    }

    static {
        // ---- arithmetic, with broadcasting, 0-d operands and non-contiguous views
        add("add", "add(Variable)", v -> v[0].add(v[1]), n(2, 3), n(2, 3));
        add("add.broadcast", "add(Variable)", v -> v[0].add(v[1]), n(3, 1), n(4));
        add("add.scalar0d", "add(Variable)", v -> v[0].add(v[1]), n(), n(2, 3));
        add("add.transposed", "add(Variable)", v -> v[0].t().add(v[1]), n(3, 2), n(2, 3));
        add("add.double", "add(double)", v -> v[0].add(1.5), n(2, 3));
        add("sub", "sub(Variable)", v -> v[0].sub(v[1]), n(2, 3), n(2, 3));
        add("sub.broadcast", "sub(Variable)", v -> v[0].sub(v[1]), n(3, 1), n(4));
        add("sub.scalar0d", "sub(Variable)", v -> v[0].sub(v[1]), n(2, 3), n());
        add("sub.double", "sub(double)", v -> v[0].sub(0.75), n(2, 3));
        add("mul", "mul(Variable)", v -> v[0].mul(v[1]), n(2, 3), n(2, 3));
        add("mul.broadcast", "mul(Variable)", v -> v[0].mul(v[1]), n(3, 1), n(4));
        add("mul.scalar0d", "mul(Variable)", v -> v[0].mul(v[1]), n(), n(2, 3));
        add("mul.expanded", "mul(Variable)", v -> v[0].expand(3, 4).mul(v[1]), n(3, 1), n(3, 4));
        add("mul.narrowed", "mul(Variable)", v -> v[0].narrow(0, 1, 2).mul(v[1]), n(4, 3), n(2, 3));
        add("mul.same", "mul(Variable)", v -> v[0].mul(v[0]), n(2, 3));
        add("mul.double", "mul(double)", v -> v[0].mul(-2.5), n(2, 3));
        add("div", "div(Variable)", v -> v[0].div(v[1]), n(2, 3), p(2, 3));
        add("div.broadcast", "div(Variable)", v -> v[0].div(v[1]), n(3, 1), p(4));
        add("div.scalar0d", "div(Variable)", v -> v[0].div(v[1]), n(2, 3), p());
        add("div.transposed", "div(Variable)", v -> v[0].div(v[1].t()), n(2, 3), p(3, 2));
        add("div.double", "div(double)", v -> v[0].div(4.0), n(2, 3));
        add("rsub", "rsub(double)", v -> v[0].rsub(2.0), n(2, 3));
        add("rdiv", "rdiv(double)", v -> v[0].rdiv(3.0), p(2, 3));
        // ---- powers: scalar exponents, and tensor exponents differentiated in base and exponent
        add("pow.2", "pow(double)", v -> v[0].pow(2), n(2, 3));
        add("pow.3", "pow(double)", v -> v[0].pow(3), n(2, 3));
        add("pow.0.5", "pow(double)", v -> v[0].pow(0.5), p(2, 3));
        add("pow.-1.5", "pow(double)", v -> v[0].pow(-1.5), p(2, 3));
        add("pow.0", "pow(double)", v -> v[0].pow(0), n(2, 3));
        add("pow.tensor", "pow(Variable)", v -> v[0].pow(v[1]), p(2, 3), n(2, 3));
        add("pow.tensor.broadcast", "pow(Variable)", v -> v[0].pow(v[1]), p(2, 3), n(3));
        add("pow.tensor.scalar0d", "pow(Variable)", v -> v[0].pow(v[1]), p(2, 3), n());
        add("maximum", "maximum(Variable)", v -> v[0].maximum(v[1]), n(2, 3), n(2, 3));
        add("maximum.broadcast", "maximum(Variable)", v -> v[0].maximum(v[1]), n(3, 1), n(4));
        add("minimum", "minimum(Variable)", v -> v[0].minimum(v[1]), n(2, 3), n(2, 3));
        add("minimum.broadcast", "minimum(Variable)", v -> v[0].minimum(v[1]), n(3, 1), n(4));
        // ---- elementwise functions (kinked ones on inputs away from the kinks)
        add("neg", "neg()", v -> v[0].neg(), n(2, 3));
        add("abs", "abs()", v -> v[0].abs(), a(2, 3));
        add("exp", "exp()", v -> v[0].exp(), n(2, 3));
        add("exp.scalar0d", "exp()", v -> v[0].exp(), n());
        add("log", "log()", v -> v[0].log(), p(2, 3));
        add("sqrt", "sqrt()", v -> v[0].sqrt(), p(2, 3));
        add("sin", "sin()", v -> v[0].sin(), n(2, 3));
        add("sin.transposed", "sin()", v -> v[0].t().sin(), n(3, 2));
        add("cos", "cos()", v -> v[0].cos(), n(2, 3));
        add("tanh", "tanh()", v -> v[0].tanh(), n(2, 3));
        add("tanh.narrowed", "tanh()", v -> v[0].narrow(1, 1, 2).tanh(), n(3, 4));
        add("sigmoid", "sigmoid()", v -> v[0].sigmoid(), n(2, 3));
        add("relu", "relu()", v -> v[0].relu(), a(2, 3));
        add("relu.expanded", "relu()", v -> v[0].expand(2, 3).relu(), a(3));
        add("square", "square()", v -> v[0].square(), n(2, 3));
        add("clamp", "clamp(double,double)", v -> v[0].clamp(-0.5, 1.0), a(3, 4));
        add("clampMin", "clampMin(double)", v -> v[0].clampMin(-0.5), a(3, 4));
        add("clampMax", "clampMax(double)", v -> v[0].clampMax(0.5), a(3, 4));
        add("where", "where(Tensor,Variable,Variable)", v -> Variable.where(mask(v[0]), v[0], v[1]), n(2, 3), n(2, 3));
        add("where.broadcast", "where(Tensor,Variable,Variable)", v -> Variable.where(mask(v[0]), v[0], v[1]),
                n(3), n(2, 1));
        // ---- reductions
        add("sum", "sum()", v -> v[0].sum(), n(2, 3, 4));
        add("sum.scalar0d", "sum()", v -> v[0].sum(), n());
        add("sum.transposed", "sum()", v -> v[0].t().mul(v[1]).sum(), n(3, 2), n(2, 3));
        add("sum.dim", "sum(int,boolean)", v -> v[0].sum(1, false), n(2, 3, 4));
        add("sum.dim.keepdim", "sum(int,boolean)", v -> v[0].sum(-1, true), n(2, 3, 4));
        add("sum.dims", "sum(int[],boolean)", v -> v[0].sum(new int[] {0, 2}, false), n(2, 3, 4));
        add("sum.dims.keepdim", "sum(int[],boolean)", v -> v[0].sum(new int[] {-1, 0}, true), n(2, 3, 4));
        add("mean", "mean()", v -> v[0].mean(), n(2, 3, 4));
        add("mean.dim", "mean(int,boolean)", v -> v[0].mean(1, false), n(2, 3, 4));
        add("mean.dim.keepdim", "mean(int,boolean)", v -> v[0].mean(0, true), n(2, 3, 4));
        add("max", "max()", v -> v[0].max(), n(3, 4));
        add("min", "min()", v -> v[0].min(), n(3, 4));
        add("max.dim", "max(int,boolean)", v -> v[0].max(1, false).values(), n(3, 4));
        add("max.dim.keepdim", "max(int,boolean)", v -> v[0].max(0, true).values(), n(3, 4));
        add("max.dim.transposed", "max(int,boolean)", v -> v[0].t().max(-1, false).values(), n(3, 4));
        add("min.dim", "min(int,boolean)", v -> v[0].min(0, false).values(), n(3, 4));
        add("min.dim.keepdim", "min(int,boolean)", v -> v[0].min(-1, true).values(), n(3, 4));
        add("logsumexp", "logsumexp(int,boolean)", v -> v[0].logsumexp(1, false), n(3, 4));
        add("logsumexp.keepdim", "logsumexp(int,boolean)", v -> v[0].logsumexp(0, true), n(3, 4));
        add("logsumexp.negdim", "logsumexp(int,boolean)", v -> v[0].logsumexp(-1, false), n(2, 3, 4));
        add("softmax", "softmax(int)", v -> v[0].softmax(1), n(3, 4));
        add("softmax.dim0", "softmax(int)", v -> v[0].softmax(0), n(3, 4));
        add("softmax.transposed", "softmax(int)", v -> v[0].t().softmax(-1), n(3, 4));
        add("logSoftmax", "logSoftmax(int)", v -> v[0].logSoftmax(1), n(3, 4));
        add("logSoftmax.dim0", "logSoftmax(int)", v -> v[0].logSoftmax(0), n(3, 4));
        add("softmax.3d.mid", "softmax(int)", v -> v[0].softmax(1), n(2, 3, 4));
        add("softmax.narrowed", "softmax(int)", v -> v[0].narrow(1, 1, 3).softmax(1), n(3, 5));
        add("softmax.permuted", "softmax(int)", v -> v[0].permute(2, 0, 1).softmax(1), n(2, 3, 4));
        add("softmax.expandedGrad", "softmax(int)", v -> v[0].softmax(0).sum(1, false), n(3, 4));
        add("softmax.0d", "softmax(int)", v -> v[0].softmax(0), n());
        add("logSoftmax.3d.first", "logSoftmax(int)", v -> v[0].logSoftmax(0), n(2, 3, 4));
        add("logSoftmax.transposed", "logSoftmax(int)", v -> v[0].t().logSoftmax(1), n(3, 4));
        add("logSoftmax.negdim", "logSoftmax(int)", v -> v[0].logSoftmax(-1), n(5));
        add("logSoftmax.expandedGrad", "logSoftmax(int)", v -> v[0].logSoftmax(0).sum(1, false), n(3, 4));
        add("logSoftmax.0d", "logSoftmax(int)", v -> v[0].logSoftmax(0), n());
        // ---- matrix products
        add("matmul.1d1d", "matmul(Variable)", v -> v[0].matmul(v[1]), n(4), n(4));
        add("matmul.1d2d", "matmul(Variable)", v -> v[0].matmul(v[1]), n(3), n(3, 4));
        add("matmul.2d1d", "matmul(Variable)", v -> v[0].matmul(v[1]), n(3, 4), n(4));
        add("matmul.2d2d", "matmul(Variable)", v -> v[0].matmul(v[1]), n(2, 3), n(3, 4));
        add("matmul.3d3d", "matmul(Variable)", v -> v[0].matmul(v[1]), n(2, 2, 3), n(2, 3, 4));
        add("matmul.3d2d", "matmul(Variable)", v -> v[0].matmul(v[1]), n(2, 2, 3), n(3, 4));
        add("matmul.2d3d", "matmul(Variable)", v -> v[0].matmul(v[1]), n(2, 3), n(2, 3, 4));
        add("matmul.1d3d", "matmul(Variable)", v -> v[0].matmul(v[1]), n(3), n(2, 3, 4));
        add("matmul.4d3d", "matmul(Variable)", v -> v[0].matmul(v[1]), n(2, 1, 2, 3), n(3, 3, 2));
        add("matmul.transposed", "matmul(Variable)", v -> v[0].t().matmul(v[1]), n(3, 2), n(3, 4));
        add("mm", "mm(Variable)", v -> v[0].mm(v[1]), n(2, 3), n(3, 4));
        add("mm.transposed", "mm(Variable)", v -> v[0].mm(v[1].t()), n(2, 3), n(4, 3));
        // ---- movement
        add("reshape", "reshape(int[])", v -> v[0].reshape(6, 4), n(2, 3, 4));
        add("reshape.infer", "reshape(int[])", v -> v[0].reshape(-1, 2), n(2, 3, 4));
        add("reshape.transposed", "reshape(int[])", v -> v[0].t().reshape(-1), n(3, 4));
        add("reshape.scalar0d", "reshape(int[])", v -> v[0].reshape(1, 1), n());
        add("view", "view(int[])", v -> v[0].view(4, 6), n(2, 3, 4));
        add("flatten", "flatten()", v -> v[0].flatten(), n(2, 3, 4));
        add("flatten.range", "flatten(int,int)", v -> v[0].flatten(1, 2), n(2, 3, 4));
        add("flatten.range.neg", "flatten(int,int)", v -> v[0].flatten(0, -2), n(2, 3, 4));
        add("transpose", "transpose(int,int)", v -> v[0].transpose(0, 2), n(2, 3, 4));
        add("transpose.neg", "transpose(int,int)", v -> v[0].transpose(-1, -2), n(2, 3, 4));
        add("t", "t()", v -> v[0].t(), n(2, 3));
        add("t.1d", "t()", v -> v[0].t().mul(v[0]), n(3));
        add("permute", "permute(int[])", v -> v[0].permute(2, 0, 1), n(2, 3, 4));
        add("permute.neg", "permute(int[])", v -> v[0].permute(-1, 1, 0), n(2, 3, 4));
        add("unsqueeze", "unsqueeze(int)", v -> v[0].unsqueeze(1), n(2, 3));
        add("unsqueeze.neg", "unsqueeze(int)", v -> v[0].unsqueeze(-1), n(2, 3));
        add("squeeze", "squeeze()", v -> v[0].squeeze(), n(2, 1, 3, 1));
        add("squeeze.dim", "squeeze(int)", v -> v[0].squeeze(1), n(2, 1, 3, 1));
        add("squeeze.dim.noop", "squeeze(int)", v -> v[0].squeeze(0), n(2, 1, 3));
        add("narrow", "narrow(int,int,int)", v -> v[0].narrow(0, 1, 2), n(4, 3));
        add("narrow.neg", "narrow(int,int,int)", v -> v[0].narrow(-1, -3, 2), n(4, 3));
        add("slice", "slice(int,int,int)", v -> v[0].slice(0, 1, 3), n(4, 3));
        add("slice.neg", "slice(int,int,int)", v -> v[0].slice(1, -2, 100), n(4, 3));
        add("select", "select(int,int)", v -> v[0].select(1, 2), n(3, 4));
        add("select.neg", "select(int,int)", v -> v[0].select(-2, -1), n(3, 4));
        add("expand", "expand(int[])", v -> v[0].expand(3, 4), n(3, 1));
        add("expand.newdims", "expand(int[])", v -> v[0].expand(2, -1, 4), n(3, 1));
        add("expand.scalar0d", "expand(int[])", v -> v[0].expand(2, 3), n());
        // ---- compositions
        add("chain.mlp", "mm(Variable)", v -> v[0].mm(v[1]).add(v[2]).tanh().sum(1, false).logsumexp(0, false),
                n(4, 3), n(3, 5), n(5));

        // ---- PyTorch's conventions on ties and kinks (exact inputs; finite differences do not apply)
        tie("ties.relu", "relu()", v -> v[0].relu(), fixed(new double[] {-1, 0, 0.5, 0}, 4));
        tie("ties.abs", "abs()", v -> v[0].abs(), fixed(new double[] {-1, 0, 2}, 3));
        tie("ties.clamp", "clamp(double,double)", v -> v[0].clamp(-0.5, 0.5),
                fixed(new double[] {-1, -0.5, 0, 0.5, 1}, 5));
        tie("ties.clampMin", "clampMin(double)", v -> v[0].clampMin(0), fixed(new double[] {-1, 0, 1}, 3));
        tie("ties.clampMax", "clampMax(double)", v -> v[0].clampMax(0), fixed(new double[] {-1, 0, 1}, 3));
        tie("ties.maximum", "maximum(Variable)", v -> v[0].maximum(v[1]),
                fixed(new double[] {1, 2, 3, -1}, 4), fixed(new double[] {1, 0, 3, 5}, 4));
        tie("ties.minimum", "minimum(Variable)", v -> v[0].minimum(v[1]),
                fixed(new double[] {1, 2, 3, -1}, 4), fixed(new double[] {1, 0, 3, 5}, 4));
        tie("ties.max", "max()", v -> v[0].max(), fixed(new double[] {1, 3, 3, 2, 3, 0}, 2, 3));
        tie("ties.min", "min()", v -> v[0].min(), fixed(new double[] {0, 3, 0, 2, 1, 5}, 2, 3));
        tie("ties.max.dim", "max(int,boolean)", v -> v[0].max(1, false).values(),
                fixed(new double[] {1, 3, 3, 2, 2, 0}, 2, 3));
        tie("ties.min.dim", "min(int,boolean)", v -> v[0].min(0, true).values(),
                fixed(new double[] {1, 3, 0, 1, 2, 0}, 2, 3));
        tie("ties.pow.0", "pow(double)", v -> v[0].pow(0), fixed(new double[] {0, 1, -2}, 3));
        tie("ties.pow.2.at0", "pow(double)", v -> v[0].pow(2), fixed(new double[] {0, 1, -2}, 3));
        tie("ties.pow.tensor.base0", "pow(Variable)", v -> v[0].pow(v[1]),
                fixed(new double[] {0, 0, 2, 0}, 4), fixed(new double[] {2, 0, 1, 1}, 4));
    }

    /** The leaves for {@code entry} on the CPU: float64, requiring gradients, drawn in order from {@code gen}. */
    static Variable[] inputs(Entry entry, Generator gen) {
        return inputs(entry, gen, Device.CPU);
    }

    /** The leaves for {@code entry} on {@code device}: the CPU's values, moved there. */
    static Variable[] inputs(Entry entry, Generator gen, Device device) {
        Variable[] v = new Variable[entry.inputs().size()];
        for (int i = 0; i < v.length; i++) {
            Input in = entry.inputs().get(i);
            v[i] = Variable.parameter(Tensor.of(values(in, gen)).reshape(in.shape()).to(device));
        }
        return v;
    }

    private static double[] values(Input in, Generator gen) {
        return switch (in.domain()) {
            case NORMAL -> Tensor.randn(gen, DType.FLOAT64, in.shape()).toDoubleArray();
            case POSITIVE -> Tensor.rand(gen, DType.FLOAT64, in.shape()).mul(1.5).add(0.5).toDoubleArray();
            case AWAY -> awayFromKinks(Tensor.randn(gen, DType.FLOAT64, in.shape()).toDoubleArray());
            case FIXED -> in.values().clone();
        };
    }

    /** Moves values closer than {@link #KINK_MARGIN} to a kink out to that distance. */
    static double[] awayFromKinks(double[] x) {
        for (int i = 0; i < x.length; i++) {
            for (double k : KINKS) {
                if (Math.abs(x[i] - k) < KINK_MARGIN) {
                    x[i] = x[i] >= k ? k + KINK_MARGIN : k - KINK_MARGIN;
                }
            }
        }
        return x;
    }
}
