package dev.panamax.tensor;

import dev.panamax.tensor.backend.BinaryOp;
import dev.panamax.tensor.backend.FusedProgram.Kind;
import dev.panamax.tensor.backend.Op;
import dev.panamax.tensor.backend.UnaryOp;
import java.util.Objects;

/**
 * A symbolic elementwise expression for {@link Fused}: an immutable tree over input variables and
 * scalar constants, with the same method names as {@link Tensor}'s elementwise ops.
 *
 * <p>Each method mirrors the eager op of the same name, so a fused expression computes the same
 * bits as the eager chain: for example {@code pow(2)} is {@code square()}, as {@link Tensor#pow(double)}
 * is, and {@code clamp(lo, hi)} is {@code maximum(lo).minimum(hi)}. Equal trees are {@code equals},
 * and shared subtrees are computed once.
 */
public final class Expr {

    private final Kind kind;
    private final Op op;
    private final Expr a;
    private final Expr b;
    private final int input;
    private final double scalar;
    private final boolean scalarFirst;
    private final int hash;

    private Expr(Kind kind, Op op, Expr a, Expr b, int input, double scalar, boolean scalarFirst) {
        this.kind = kind;
        this.op = op;
        this.a = a;
        this.b = b;
        this.input = input;
        this.scalar = scalar;
        this.scalarFirst = scalarFirst;
        this.hash = Objects.hash(kind, op, a, b, input, Double.doubleToLongBits(scalar), scalarFirst);
    }

    /** Input variable {@code index} (the {@code index}-th tensor passed to {@link Fused#apply}). */
    public static Expr var(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("fused: input index must be >= 0, got " + index);
        }
        return new Expr(Kind.INPUT, null, null, null, index, 0, false);
    }

    private Expr unary(UnaryOp u) {
        return new Expr(Kind.UNARY, u, this, null, -1, 0, false);
    }

    private Expr binary(BinaryOp o, Expr other) {
        Objects.requireNonNull(other, "fused: operand expression is null");
        return new Expr(Kind.BINARY, o, this, other, -1, 0, false);
    }

    private Expr scalar(BinaryOp o, double s, boolean first) {
        return new Expr(Kind.SCALAR, o, this, null, -1, s, first);
    }

    // Package-private accessors for Fused's compiler.
    Kind kind() {
        return kind;
    }

    Op op() {
        return op;
    }

    Expr left() {
        return a;
    }

    Expr right() {
        return b;
    }

    int input() {
        return input;
    }

    double scalarValue() {
        return scalar;
    }

    boolean scalarFirst() {
        return scalarFirst;
    }

    /** {@code this + other}. */
    public Expr add(Expr other) {
        return binary(BinaryOp.ADD, other);
    }

    /** {@code this - other}. */
    public Expr sub(Expr other) {
        return binary(BinaryOp.SUB, other);
    }

    /** {@code this * other}. */
    public Expr mul(Expr other) {
        return binary(BinaryOp.MUL, other);
    }

    /** {@code this / other}. */
    public Expr div(Expr other) {
        return binary(BinaryOp.DIV, other);
    }

    /** {@code this ** exponent}. */
    public Expr pow(Expr exponent) {
        return binary(BinaryOp.POW, exponent);
    }

    /** The elementwise maximum (NaN propagates). */
    public Expr maximum(Expr other) {
        return binary(BinaryOp.MAXIMUM, other);
    }

    /** The elementwise minimum (NaN propagates). */
    public Expr minimum(Expr other) {
        return binary(BinaryOp.MINIMUM, other);
    }

    /** {@code this + s} (the constant is rounded to the dtype first, as for {@link Tensor#add(double)}). */
    public Expr add(double s) {
        return scalar(BinaryOp.ADD, s, false);
    }

    /** {@code this - s}. */
    public Expr sub(double s) {
        return scalar(BinaryOp.SUB, s, false);
    }

    /** {@code s - this}. */
    public Expr rsub(double s) {
        return scalar(BinaryOp.SUB, s, true);
    }

    /** {@code this * s}. */
    public Expr mul(double s) {
        return scalar(BinaryOp.MUL, s, false);
    }

    /** {@code this / s}. */
    public Expr div(double s) {
        return scalar(BinaryOp.DIV, s, false);
    }

    /** {@code s / this}. */
    public Expr rdiv(double s) {
        return scalar(BinaryOp.DIV, s, true);
    }

    /** {@code this ** e}; {@code e == 2} is {@link #square()}, as for {@link Tensor#pow(double)}. */
    public Expr pow(double e) {
        return e == 2 ? square() : scalar(BinaryOp.POW, e, false);
    }

    /** The elementwise maximum with a constant. */
    public Expr maximum(double s) {
        return scalar(BinaryOp.MAXIMUM, s, false);
    }

    /** The elementwise minimum with a constant. */
    public Expr minimum(double s) {
        return scalar(BinaryOp.MINIMUM, s, false);
    }

    /** Each element limited to {@code [min, max]}: {@code maximum(min).minimum(max)}. */
    public Expr clamp(double min, double max) {
        return maximum(min).minimum(max);
    }

    public Expr neg() {
        return unary(UnaryOp.NEG);
    }

    public Expr abs() {
        return unary(UnaryOp.ABS);
    }

    public Expr exp() {
        return unary(UnaryOp.EXP);
    }

    /** The natural logarithm. */
    public Expr log() {
        return unary(UnaryOp.LOG);
    }

    public Expr sqrt() {
        return unary(UnaryOp.SQRT);
    }

    public Expr sin() {
        return unary(UnaryOp.SIN);
    }

    public Expr cos() {
        return unary(UnaryOp.COS);
    }

    public Expr tanh() {
        return unary(UnaryOp.TANH);
    }

    /** {@code 1 / (1 + exp(-x))}. */
    public Expr sigmoid() {
        return unary(UnaryOp.SIGMOID);
    }

    /** {@code max(x, 0)} (NaN propagates). */
    public Expr relu() {
        return unary(UnaryOp.RELU);
    }

    /** {@code this · this}. */
    public Expr square() {
        return unary(UnaryOp.SQUARE);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof Expr e && e.hash == hash && e.kind == kind && e.op == op && e.input == input
                && Double.doubleToLongBits(e.scalar) == Double.doubleToLongBits(scalar)
                && e.scalarFirst == scalarFirst && Objects.equals(e.a, a) && Objects.equals(e.b, b);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** The expression in function notation, such as {@code add(mul(x0, 2.0), x1)}. */
    @Override
    public String toString() {
        String name = op == null ? "" : op.toString().toLowerCase(java.util.Locale.ROOT);
        return switch (kind) {
            case INPUT -> "x" + input;
            case UNARY -> name + "(" + a + ")";
            case BINARY -> name + "(" + a + ", " + b + ")";
            case SCALAR -> name + "(" + (scalarFirst ? scalar + ", " + a : a + ", " + scalar) + ")";
        };
    }
}
