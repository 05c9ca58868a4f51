package dev.panamax.tensor;

import dev.panamax.tensor.backend.FusedProgram;
import dev.panamax.tensor.backend.FusedProgram.Kind;
import dev.panamax.tensor.backend.Layout;
import dev.panamax.tensor.backend.Op;
import dev.panamax.tensor.backend.Storage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A fused elementwise function: a chain of elementwise ops evaluated in one pass over its inputs,
 * writing only the output (no temporaries the size of the tensors).
 *
 * <pre>{@code
 * Fused cubic = Fused.of(x -> x.mul(b).add(a).add(x.pow(2).mul(c)).add(x.pow(3).mul(d)));
 * Tensor y = cubic.apply(x);
 * Fused axpy = Fused.of((x, y) -> x.mul(alpha).add(y));   // two inputs, broadcast together
 * }</pre>
 *
 * <p>The result has the same bits as running the same ops eagerly one by one on the same device:
 * every op rounds to the dtype as its eager kernel does. Inputs must share one floating-point dtype
 * (float32 or float64) and one device, and broadcast together as for binary ops; the result has
 * their broadcast shape. Compile once and apply many times: a {@code Fused} is immutable and
 * thread-safe. Fused results are not recorded by autograd.
 */
public final class Fused {

    private final int arity;
    private final Expr expr;
    private final FusedProgram program;

    private Fused(int arity, Expr expr) {
        this.arity = arity;
        this.expr = expr;
        this.program = compile(arity, expr);
    }

    /** A function of one input. */
    public static Fused of(Function<Expr, Expr> f) {
        return new Fused(1, build(f.apply(Expr.var(0))));
    }

    /** A function of two inputs. */
    public static Fused of(BiFunction<Expr, Expr, Expr> f) {
        return new Fused(2, build(f.apply(Expr.var(0), Expr.var(1))));
    }

    /** A function of {@code arity} inputs, given as {@code Expr.var(0..arity-1)}. */
    public static Fused of(int arity, Function<Expr[], Expr> f) {
        if (arity < 1) {
            throw new IllegalArgumentException("fused: arity must be at least 1, got " + arity);
        }
        Expr[] vars = new Expr[arity];
        for (int i = 0; i < arity; i++) {
            vars[i] = Expr.var(i);
        }
        return new Fused(arity, build(f.apply(vars)));
    }

    /** A function of {@code arity} inputs whose expression uses {@code Expr.var(i)} for {@code i < arity}. */
    public static Fused of(int arity, Expr expr) {
        if (arity < 1) {
            throw new IllegalArgumentException("fused: arity must be at least 1, got " + arity);
        }
        return new Fused(arity, build(expr));
    }

    private static Expr build(Expr e) {
        return Objects.requireNonNull(e, "fused: the function returned null instead of an expression");
    }

    /** The number of input tensors. */
    public int arity() {
        return arity;
    }

    /** The expression. */
    public Expr expr() {
        return expr;
    }

    /** The program backends run (for inspection and tests). */
    public FusedProgram program() {
        return program;
    }

    private static FusedProgram compile(int arity, Expr root) {
        List<Expr> order = new ArrayList<>();
        Map<Expr, Integer> index = new HashMap<>();
        visit(root, arity, order, index);
        int n = order.size();
        Kind[] kinds = new Kind[n];
        Op[] ops = new Op[n];
        int[] a = new int[n];
        int[] b = new int[n];
        double[] s = new double[n];
        boolean[] first = new boolean[n];
        for (int i = 0; i < n; i++) {
            Expr e = order.get(i);
            kinds[i] = e.kind();
            ops[i] = e.op();
            a[i] = e.kind() == Kind.INPUT ? e.input() : index.get(e.left());
            b[i] = e.kind() == Kind.BINARY ? index.get(e.right()) : 0;
            s[i] = e.scalarValue();
            first[i] = e.scalarFirst();
        }
        return new FusedProgram(arity, kinds, ops, a, b, s, first);
    }

    /** Post-order numbering; equal subtrees get one instruction. */
    private static void visit(Expr root, int arity, List<Expr> order, Map<Expr, Integer> index) {
        // Iterative, so long chains do not overflow the stack.
        ArrayList<Expr> stack = new ArrayList<>();
        stack.add(root);
        while (!stack.isEmpty()) {
            Expr e = stack.get(stack.size() - 1);
            if (index.containsKey(e)) {
                stack.remove(stack.size() - 1);
                continue;
            }
            if (e.kind() == Kind.INPUT && e.input() >= arity) {
                throw new IllegalArgumentException("fused: the expression uses input x" + e.input()
                        + " but the function has " + arity + (arity == 1 ? " input" : " inputs"));
            }
            boolean ready = true;
            for (Expr c : new Expr[] {e.right(), e.left()}) { // left on top: numbered first
                if (c != null && !index.containsKey(c)) {
                    stack.add(c);
                    ready = false;
                }
            }
            if (ready) {
                stack.remove(stack.size() - 1);
                index.put(e, order.size());
                order.add(e);
            }
        }
    }

    /**
     * Evaluates the function elementwise over the broadcast shape of {@code inputs}.
     *
     * @throws IllegalArgumentException if the count of inputs differs from {@link #arity()}, the
     *                                  inputs are on different devices, their shapes do not broadcast
     *                                  together, or their dtypes are not one floating-point dtype
     */
    public Tensor apply(Tensor... inputs) {
        if (inputs.length != arity) {
            throw new IllegalArgumentException("fused: expected " + arity + (arity == 1 ? " input" : " inputs")
                    + " for " + expr + ", got " + inputs.length);
        }
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] == null) {
                throw new NullPointerException("fused: input " + i + " is null");
            }
            inputs[i].live("fused");
        }
        Tensor first = inputs[0];
        DType t = first.dtype();
        int[] shape = first.layout().shape();
        for (Tensor x : inputs) {
            Ops.sameDevice("fused", first, x);
            if (!x.dtype().isFloatingPoint() || x.dtype() != t) {
                throw new IllegalArgumentException("fused: expected inputs of one floating-point dtype (float32 or "
                        + "float64), got " + describe(inputs) + "; convert with to(DType)");
            }
            int[] next = Shapes.broadcastShapes(shape, x.layout().shape());
            if (next == null) {
                throw new IllegalArgumentException("fused: shapes " + describe(inputs)
                        + " cannot be broadcast together");
            }
            shape = next;
        }
        Tensor out = Tensor.empty(t, first.device(), shape);
        if (out.numel() == 0) {
            return out;
        }
        Storage[] st = new Storage[arity];
        Layout[] ls = new Layout[arity];
        for (int i = 0; i < arity; i++) {
            st[i] = inputs[i].storage();
            ls[i] = inputs[i].layout().broadcastTo(shape);
        }
        first.backend().fused(program, st, ls, out.storage(), out.layout());
        return out;
    }

    private static String describe(Tensor[] inputs) {
        StringBuilder sb = new StringBuilder();
        for (Tensor x : inputs) {
            sb.append(sb.isEmpty() ? "" : ", ").append(x.describe());
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "Fused(" + arity + " -> " + expr + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fused f && f.arity == arity && f.program.equals(program);
    }

    @Override
    public int hashCode() {
        return program.hashCode();
    }
}
