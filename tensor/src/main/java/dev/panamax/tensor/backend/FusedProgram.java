package dev.panamax.tensor.backend;

import java.util.Arrays;
import java.util.Locale;

/**
 * A fused elementwise expression as a backend sees it: straight-line code over one element.
 *
 * <p>Instructions are numbered in evaluation order; an operand always refers to an earlier
 * instruction, and the last instruction is the result. Every value has the program's one dtype
 * (the frontend converted or rejected anything else), and each instruction rounds to it exactly
 * as the eager op of the same kind does:
 * <ul>
 *   <li>{@link Kind#INPUT}: element of input tensor {@code input(i)};</li>
 *   <li>{@link Kind#UNARY}: {@code unaryOp(i)} of {@code a(i)};</li>
 *   <li>{@link Kind#BINARY}: {@code binaryOp(i)} of {@code a(i)} and {@code b(i)};</li>
 *   <li>{@link Kind#SCALAR}: {@code binaryOp(i)} of {@code a(i)} and the constant {@code scalar(i)}
 *       (first operand when {@code scalarFirst(i)}), as {@link Backend#binaryScalar}.</li>
 * </ul>
 * Programs are immutable; {@link #equals} and {@link #toString} (a canonical listing) are
 * structural, so backends may cache compiled forms by either.
 */
public final class FusedProgram {

    /** The instruction kinds. */
    public enum Kind { INPUT, UNARY, BINARY, SCALAR }

    private final int inputs;
    private final Kind[] kinds;
    private final Op[] ops;
    private final int[] a;
    private final int[] b;
    private final double[] scalars;
    private final boolean[] scalarFirst;
    private final String listing;

    /**
     * A program over {@code inputs} input tensors; the arrays are copied and validated.
     *
     * @param ops per instruction: null for INPUT, a {@link UnaryOp} for UNARY, a {@link BinaryOp} otherwise
     * @param a   per instruction: the input index for INPUT, else the first operand's instruction
     * @param b   per instruction: the second operand's instruction for BINARY, else ignored
     * @throws IllegalArgumentException if the arrays disagree or an operand is not an earlier instruction
     */
    public FusedProgram(int inputs, Kind[] kinds, Op[] ops, int[] a, int[] b, double[] scalars,
                        boolean[] scalarFirst) {
        int n = kinds.length;
        if (n == 0 || ops.length != n || a.length != n || b.length != n || scalars.length != n
                || scalarFirst.length != n) {
            throw new IllegalArgumentException("fused: a program needs one entry per instruction in every array");
        }
        this.inputs = inputs;
        this.kinds = kinds.clone();
        this.ops = ops.clone();
        this.a = a.clone();
        this.b = b.clone();
        this.scalars = scalars.clone();
        this.scalarFirst = scalarFirst.clone();
        for (int i = 0; i < n; i++) {
            boolean ok = switch (kinds[i]) {
                case INPUT -> a[i] >= 0 && a[i] < inputs && ops[i] == null;
                case UNARY -> ops[i] instanceof UnaryOp && a[i] >= 0 && a[i] < i;
                case BINARY -> ops[i] instanceof BinaryOp && a[i] >= 0 && a[i] < i && b[i] >= 0 && b[i] < i;
                case SCALAR -> ops[i] instanceof BinaryOp && a[i] >= 0 && a[i] < i;
            };
            if (!ok) {
                throw new IllegalArgumentException("fused: malformed instruction " + i + " (" + kinds[i] + ")");
            }
        }
        this.listing = list();
    }

    /** The number of input tensors. */
    public int inputs() {
        return inputs;
    }

    /** The number of instructions; the last one is the result. */
    public int size() {
        return kinds.length;
    }

    public Kind kind(int i) {
        return kinds[i];
    }

    public UnaryOp unaryOp(int i) {
        return (UnaryOp) ops[i];
    }

    public BinaryOp binaryOp(int i) {
        return (BinaryOp) ops[i];
    }

    /** The input index (INPUT) or the first operand's instruction. */
    public int a(int i) {
        return a[i];
    }

    /** The second operand's instruction (BINARY). */
    public int b(int i) {
        return b[i];
    }

    /** The constant of a SCALAR instruction. */
    public double scalar(int i) {
        return scalars[i];
    }

    /** Whether the constant of a SCALAR instruction is the first operand. */
    public boolean scalarFirst(int i) {
        return scalarFirst[i];
    }

    /**
     * For each instruction, the last instruction reading it ({@code size()} for the result, which
     * the caller reads after the program ends).
     */
    public int[] lastUses() {
        int n = size();
        int[] last = new int[n];
        Arrays.fill(last, -1);
        for (int i = 0; i < n; i++) {
            if (kinds[i] != Kind.INPUT) {
                last[a[i]] = i;
                if (kinds[i] == Kind.BINARY) {
                    last[b[i]] = i;
                }
            }
        }
        last[n - 1] = n;
        return last;
    }

    private String list() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < kinds.length; i++) {
            sb.append('v').append(i).append(" = ");
            String op = ops[i] == null ? "" : ops[i].toString().toLowerCase(Locale.ROOT);
            switch (kinds[i]) {
                case INPUT -> sb.append("in").append(a[i]);
                case UNARY -> sb.append(op).append("(v").append(a[i]).append(')');
                case BINARY -> sb.append(op).append("(v").append(a[i]).append(", v").append(b[i]).append(')');
                case SCALAR -> {
                    String s = Double.toHexString(scalars[i]);
                    sb.append(op).append('(').append(scalarFirst[i] ? s + ", v" + a[i] : "v" + a[i] + ", " + s)
                            .append(')');
                }
            }
            sb.append("; ");
        }
        return sb.toString().trim();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FusedProgram p && p.inputs == inputs && p.listing.equals(listing);
    }

    @Override
    public int hashCode() {
        return listing.hashCode() * 31 + inputs;
    }

    /** A canonical listing such as {@code v0 = in0; v1 = exp(v0)}. */
    @Override
    public String toString() {
        return listing;
    }
}
