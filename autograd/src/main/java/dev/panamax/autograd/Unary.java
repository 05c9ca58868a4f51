package dev.panamax.autograd;

import dev.panamax.tensor.Tensor;
import java.util.function.UnaryOperator;

/**
 * Forward and backward of the elementwise functions of one tensor. Each gradient rule is one
 * line beside its forward; rules read the saved input {@code x} and/or output {@code y}.
 */
final class Unary {

    private Unary() {
    }

    /** A unary op: forward, and gradient = rule(g, x, y). */
    private record Rule(String name, UnaryOperator<Tensor> forward, Grad grad, boolean needsX, boolean needsY) {
    }

    @FunctionalInterface
    private interface Grad {
        Tensor apply(Tensor g, Tensor x, Tensor y);
    }

    static final Rule NEG = new Rule("NegBackward", Tensor::neg, (g, x, y) -> g.neg(), false, false);
    static final Rule ABS = new Rule("AbsBackward", Tensor::abs, (g, x, y) -> g.mul(sign(x)), true, false);
    static final Rule EXP = new Rule("ExpBackward", Tensor::exp, (g, x, y) -> g.mul(y), false, true);
    static final Rule LOG = new Rule("LogBackward", Tensor::log, (g, x, y) -> g.div(x), true, false);
    static final Rule SQRT = new Rule("SqrtBackward", Tensor::sqrt, (g, x, y) -> g.div(y.mul(2.0)), false, true);
    static final Rule SIN = new Rule("SinBackward", Tensor::sin, (g, x, y) -> g.mul(x.cos()), true, false);
    static final Rule COS = new Rule("CosBackward", Tensor::cos, (g, x, y) -> g.mul(x.sin()).neg(), true, false);
    static final Rule TANH = new Rule("TanhBackward", Tensor::tanh,
            (g, x, y) -> g.mul(y.square().rsub(1.0)), false, true);
    static final Rule SIGMOID = new Rule("SigmoidBackward", Tensor::sigmoid,
            (g, x, y) -> g.mul(y.mul(y.rsub(1.0))), false, true);
    /** PyTorch's convention: the gradient of relu at 0 is 0. */
    static final Rule RELU = new Rule("ReluBackward", Tensor::relu,
            (g, x, y) -> g.mul(y.gt(0).to(g.dtype())), false, true);
    static final Rule SQUARE = new Rule("SquareBackward", Tensor::square, (g, x, y) -> g.mul(x.mul(2.0)), true, false);

    private static Tensor sign(Tensor x) {
        return x.gt(0).to(x.dtype()).sub(x.lt(0).to(x.dtype()));
    }

    static Variable apply(Rule rule, Variable a) {
        Tensor out = rule.forward().apply(a.data());
        return Variable.record(out, a, () -> new UnaryBackward(rule, a, out));
    }

    static final class UnaryBackward extends Node {
        private final Rule rule;
        private final Saved x;
        private final Saved y;

        UnaryBackward(Rule rule, Variable a, Tensor out) {
            super(a);
            this.rule = rule;
            this.x = rule.needsX() ? save(a.data()) : null;
            this.y = rule.needsY() ? save(out) : null;
        }

        @Override
        public String name() {
            return rule.name();
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {rule.grad().apply(g, x == null ? null : x.get(), y == null ? null : y.get())};
        }
    }

    /**
     * Clamp to {@code [min, max]} (either may be infinite). The gradient passes where
     * {@code min <= x <= max}, boundaries included, as in PyTorch.
     */
    static Variable clamp(Variable a, double min, double max) {
        // one pass for a one-sided clamp: the infinite bound leaves every value (NaN included) unchanged
        Tensor out = max == Double.POSITIVE_INFINITY ? a.data().clampMin(min)
                : min == Double.NEGATIVE_INFINITY ? a.data().clampMax(max)
                : a.data().clamp(min, max);
        return Variable.record(out, a, () -> new ClampBackward(a, min, max));
    }

    static final class ClampBackward extends Node {
        private final Saved x;
        private final double min;
        private final double max;

        ClampBackward(Variable a, double min, double max) {
            super(a);
            this.x = save(a.data());
            this.min = min;
            this.max = max;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor xt = x.get();
            // an infinite bound passes every element but NaN, which the other bound's test rejects too
            Tensor pass = max == Double.POSITIVE_INFINITY ? xt.ge(min)
                    : min == Double.NEGATIVE_INFINITY ? xt.le(max)
                    : xt.ge(min).logicalAnd(xt.le(max));
            return new Tensor[] {g.mul(pass.to(g.dtype()))};
        }
    }

    /** Operations with a Java scalar: {@code x op s} or {@code s op x}. */
    static Variable scalar(Variable a, String name, UnaryOperator<Tensor> forward, UnaryOperator<Tensor> gradOfG) {
        Tensor out = forward.apply(a.data());
        return Variable.record(out, a, () -> new ScalarBackward(a, name, gradOfG));
    }

    static final class ScalarBackward extends Node {
        private final String name;
        private final UnaryOperator<Tensor> gradOfG;

        ScalarBackward(Variable a, String name, UnaryOperator<Tensor> gradOfG) {
            super(a);
            this.name = name;
            this.gradOfG = gradOfG;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {gradOfG.apply(g)};
        }
    }

    /** {@code s / x}: gradient {@code -s / x²}. */
    static Variable rdiv(Variable a, double s) {
        Tensor out = a.data().rdiv(s);
        return Variable.record(out, a, () -> new RdivBackward(a, s));
    }

    static final class RdivBackward extends Node {
        private final Saved x;
        private final double s;

        RdivBackward(Variable a, double s) {
            super(a);
            this.x = save(a.data());
            this.s = s;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {g.mul(-s).div(x.get().square())};
        }
    }
}
