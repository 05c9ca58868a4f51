package dev.panamax.autograd;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.Device;
import dev.panamax.tensor.Tensor;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * A differentiable value: a {@link Tensor} plus, when it requires a gradient, the graph node that
 * produced it.
 *
 * <p>Leaves are created by the user ({@link #of}, {@link #parameter}); values computed from
 * variables that require gradients record a {@link Node} unless {@link GradMode} is off.
 * {@link #backward()} fills the {@link #grad()} of every leaf that requires a gradient, adding to
 * what is there (clear it with {@link #zeroGrad()} or {@link #clearGrad()}). A leaf's data and
 * gradient are kept out of memory scopes: a per-iteration {@code Memory.scope()} never frees them.
 *
 * {@snippet :
 * Variable w = Variable.parameter(Tensor.randn(DType.FLOAT64, 1, 1));
 * Variable loss = x.mm(w).sub(y).pow(2).sum();
 * loss.backward();
 * try (var g = GradMode.noGrad()) {
 *     w.sub_(w.grad().mul(lr));
 *     w.zeroGrad();
 * }
 * }
 */
public class Variable {

    private Tensor data;
    private final Node gradFn;
    private boolean requiresGrad;
    private Tensor grad;
    /** Whether {@link #grad} was created by backward and never handed out by {@link #grad()}. */
    private boolean gradPrivate;

    private Variable(Tensor data, Node gradFn, boolean requiresGrad) {
        this.data = data;
        this.gradFn = gradFn;
        this.requiresGrad = requiresGrad;
    }

    /**
     * A leaf over {@code data}; subclasses such as {@code nn.Parameter} use this.
     *
     * @throws IllegalArgumentException when a gradient is required for non-float data
     */
    protected Variable(Tensor data, boolean requiresGrad) {
        this(data, null, false);
        requiresGrad(requiresGrad);
    }

    /** A leaf that does not require a gradient (inputs, targets). */
    public static Variable of(Tensor data) {
        return new Variable(data, null, false);
    }

    /**
     * A leaf that requires a gradient (floating-point data only); its data is kept out of memory
     * scopes.
     *
     * @throws IllegalArgumentException if the data is not floating point
     */
    public static Variable parameter(Tensor data) {
        return of(data.keep()).requiresGrad(true);
    }

    /** Wraps the result of an op on one input, recording {@code node} when needed. */
    static Variable record(Tensor out, Variable a, Supplier<? extends Node> node) {
        boolean rg = GradMode.isEnabled() && a.requiresGrad;
        return new Variable(out, rg ? node.get() : null, rg);
    }

    /** Wraps the result of an op on two inputs, recording {@code node} when needed. */
    static Variable record(Tensor out, Variable a, Variable b, Supplier<? extends Node> node) {
        boolean rg = GradMode.isEnabled() && (a.requiresGrad || b.requiresGrad);
        return new Variable(out, rg ? node.get() : null, rg);
    }

    // ---------------------------------------------------------------- state

    /** The value (shared, not copied); writing to it bypasses autograd's checks, like PyTorch's {@code .data}. */
    public Tensor data() {
        return data;
    }

    /**
     * Replaces a leaf's data (PyTorch's {@code param.data = ...}), e.g. to move a parameter to another
     * device in place; a gradient is moved along. The new data is kept out of memory scopes.
     *
     * @throws IllegalStateException on a computed (non-leaf) variable
     * @throws IllegalArgumentException if the shape or dtype differs
     */
    public void setData(Tensor newData) {
        if (gradFn != null) {
            throw new IllegalStateException("setData: only a leaf's data can be replaced; this variable was computed by "
                    + gradFn.name());
        }
        if (!Arrays.equals(newData.shape(), data.shape()) || newData.dtype() != data.dtype()) {
            throw new IllegalArgumentException("setData: expected " + data.dtype().pyName() + " "
                    + Arrays.toString(data.shape()) + ", got " + newData.dtype().pyName() + " "
                    + Arrays.toString(newData.shape()));
        }
        data = newData.keep();
        if (grad != null && !grad.device().equals(newData.device())) {
            Tensor moved = grad.to(newData.device()).keep();
            dropGrad();
            grad = moved;
            gradPrivate = true;
        }
    }

    /**
     * The accumulated gradient, or null before the first backward (or after {@link #clearGrad()}).
     * The tensor is the caller's to keep: {@link #clearGrad()} then leaves its memory to the garbage
     * collector (see {@link #borrowGrad()}).
     */
    public Tensor grad() {
        gradPrivate = false;
        return grad;
    }

    /**
     * The gradient, lent for use before the next {@link #clearGrad()} (an optimizer's update): a
     * gradient the backward pass created and that nobody has taken with {@link #grad()} is given back
     * to the memory pool when it is cleared, so a training loop reuses the same warm memory for it
     * every step instead of a new block until the garbage collector runs. Do not keep the returned
     * tensor (clone it, or use {@link #grad()}).
     */
    public Tensor borrowGrad() {
        return grad;
    }

    /** Replaces the gradient (null clears it); a new gradient is kept out of memory scopes. */
    public void setGrad(Tensor g) {
        if (g != null && !Arrays.equals(g.shape(), data.shape())) {
            throw new IllegalArgumentException("setGrad: gradient shape " + Arrays.toString(g.shape())
                    + " differs from the variable's shape " + Arrays.toString(data.shape()));
        }
        if (g == null || grad == null || !g.sharesStorageWith(grad)) {
            dropGrad(); // (setting the current gradient, or a view of it, again releases nothing)
        }
        this.grad = g == null ? null : g.keep();
        gradPrivate = false;
    }

    /** Sets the gradient to zeros in place (if there is one). */
    public void zeroGrad() {
        if (grad != null) {
            grad.zero_();
        }
    }

    /**
     * Drops the gradient ({@code grad = None}). A gradient created by backward that was only ever
     * {@linkplain #borrowGrad() borrowed} is released now (its memory goes back to the pool).
     */
    public void clearGrad() {
        dropGrad();
        grad = null;
    }

    /** Releases the gradient's storage if only this variable ever held it. */
    private void dropGrad() {
        if (grad != null && gradPrivate) {
            grad.close();
        }
        gradPrivate = false;
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /**
     * Sets whether this leaf requires a gradient; returns this variable.
     *
     * @throws IllegalStateException on a non-leaf
     * @throws IllegalArgumentException when asking a non-float leaf for gradients
     */
    public Variable requiresGrad(boolean on) {
        if (gradFn != null) {
            throw new IllegalStateException("requiresGrad: can only be changed on leaf variables; use detach()");
        }
        if (on && !data.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("requiresGrad: only floating-point variables can require "
                    + "gradients, got " + data.dtype().pyName());
        }
        if (on) {
            data.keep();
        }
        this.requiresGrad = on;
        return this;
    }

    /** Whether this variable was created by the user rather than computed with gradient tracking. */
    public boolean isLeaf() {
        return gradFn == null;
    }

    /** The node that produced this value, or null for a leaf. */
    public Node gradFn() {
        return gradFn;
    }

    /** A leaf sharing this data with no gradient tracking. */
    public Variable detach() {
        return of(data);
    }

    public int[] shape() {
        return data.shape();
    }

    public int dim() {
        return data.dim();
    }

    public int size(int d) {
        return data.size(d);
    }

    public long numel() {
        return data.numel();
    }

    public DType dtype() {
        return data.dtype();
    }

    public Device device() {
        return data.device();
    }

    /** The single element's value. */
    public double item() {
        return data.item();
    }

    void accumulate(Tensor g) {
        accumulate(g, false);
    }

    /**
     * Adds {@code g} to {@code grad}; with {@code owned} (nothing else views {@code g}) a first
     * gradient is kept as it is instead of copied.
     */
    void accumulate(Tensor g, boolean owned) {
        if (grad == null) {
            Tensor t = g.to(data.dtype());
            grad = (owned || t != g ? t : t.clone()).keep();
            gradPrivate = true;
        } else {
            grad.add_(g);
        }
    }

    // ---------------------------------------------------------------- backward

    /** Back-propagates from this scalar with gradient 1 and frees the graph. */
    public void backward() {
        if (data.numel() != 1) {
            throw new IllegalStateException("backward: grad can be implicitly created only for scalar outputs; "
                    + "this output has shape " + Arrays.toString(data.shape()) + "; pass a gradient");
        }
        backward(Tensor.onesLike(data), false);
    }

    /** Back-propagates {@code gradient} (shaped like this value) and frees the graph. */
    public void backward(Tensor gradient) {
        backward(gradient, false);
    }

    /** Back-propagates {@code gradient}; with {@code retainGraph} the graph can be used again. */
    public void backward(Tensor gradient, boolean retainGraph) {
        Engine.backward(this, gradient, retainGraph);
    }

    // ---------------------------------------------------------------- in place (no graph)

    private Variable inPlace(String op) {
        if (GradMode.isEnabled() && requiresGrad) {
            throw new IllegalStateException(op + ": a variable that requires grad (shape "
                    + Arrays.toString(shape()) + ") is being used in an in-place operation; do it inside "
                    + "GradMode.noGrad() or on data()");
        }
        return this;
    }

    /** {@code this -= other} without recording (inside {@link GradMode#noGrad()} for leaves requiring grad). */
    public Variable sub_(Tensor other) {
        inPlace("sub_").data.sub_(other);
        return this;
    }

    /** {@code this += other} without recording. */
    public Variable add_(Tensor other) {
        inPlace("add_").data.add_(other);
        return this;
    }

    /** {@code this += alpha · other} without recording. */
    public Variable add_(Tensor other, double alpha) {
        inPlace("add_").data.add_(other, alpha);
        return this;
    }

    /** {@code this *= s} without recording. */
    public Variable mul_(double s) {
        inPlace("mul_").data.mul_(s);
        return this;
    }

    /** Copies {@code src} into this value without recording. */
    public Variable copy_(Tensor src) {
        inPlace("copy_").data.copy_(src);
        return this;
    }

    // ---------------------------------------------------------------- ops

    public Variable add(Variable o) {
        return Arithmetic.add(this, o);
    }

    public Variable sub(Variable o) {
        return Arithmetic.sub(this, o);
    }

    public Variable mul(Variable o) {
        return Arithmetic.mul(this, o);
    }

    public Variable div(Variable o) {
        return Arithmetic.div(this, o);
    }

    /** {@code this ** e} with a tensor exponent (differentiable in both). */
    public Variable pow(Variable e) {
        return Power.pow(this, e);
    }

    public Variable pow(double e) {
        return Power.pow(this, e);
    }

    public Variable maximum(Variable o) {
        return Selection.extreme(this, o, true);
    }

    public Variable minimum(Variable o) {
        return Selection.extreme(this, o, false);
    }

    public Variable add(double s) {
        return Unary.scalar(this, "AddBackward", t -> t.add(s), g -> g);
    }

    public Variable sub(double s) {
        return Unary.scalar(this, "SubBackward", t -> t.sub(s), g -> g);
    }

    /** {@code s - this}. */
    public Variable rsub(double s) {
        return Unary.scalar(this, "RsubBackward", t -> t.rsub(s), Tensor::neg);
    }

    public Variable mul(double s) {
        return Unary.scalar(this, "MulBackward", t -> t.mul(s), g -> g.mul(s));
    }

    public Variable div(double s) {
        return Unary.scalar(this, "DivBackward", t -> t.div(s), g -> g.div(s));
    }

    /** {@code s / this}. */
    public Variable rdiv(double s) {
        return Unary.rdiv(this, s);
    }

    public Variable neg() {
        return Unary.apply(Unary.NEG, this);
    }

    public Variable abs() {
        return Unary.apply(Unary.ABS, this);
    }

    public Variable exp() {
        return Unary.apply(Unary.EXP, this);
    }

    public Variable log() {
        return Unary.apply(Unary.LOG, this);
    }

    public Variable sqrt() {
        return Unary.apply(Unary.SQRT, this);
    }

    public Variable sin() {
        return Unary.apply(Unary.SIN, this);
    }

    public Variable cos() {
        return Unary.apply(Unary.COS, this);
    }

    public Variable tanh() {
        return Unary.apply(Unary.TANH, this);
    }

    public Variable sigmoid() {
        return Unary.apply(Unary.SIGMOID, this);
    }

    /** {@code max(x, 0)}; its gradient at 0 is 0. */
    public Variable relu() {
        return Unary.apply(Unary.RELU, this);
    }

    public Variable square() {
        return Unary.apply(Unary.SQUARE, this);
    }

    /** Clamped to {@code [min, max]}; the gradient passes on the closed interval. */
    public Variable clamp(double min, double max) {
        return Unary.clamp(this, min, max);
    }

    /** Clamped below ({@code clamp(min=...)}). */
    public Variable clampMin(double min) {
        return Unary.clamp(this, min, Double.POSITIVE_INFINITY);
    }

    /** Clamped above. */
    public Variable clampMax(double max) {
        return Unary.clamp(this, Double.NEGATIVE_INFINITY, max);
    }

    /** {@code mask ? a : b}; the mask carries no gradient. */
    public static Variable where(Tensor mask, Variable a, Variable b) {
        return Selection.where(mask, a, b);
    }

    public Variable sum() {
        return Reductions.sum(this, allDims(), false);
    }

    public Variable sum(int dim, boolean keepdim) {
        return Reductions.sum(this, new int[] {dim}, keepdim);
    }

    public Variable sum(int[] dims, boolean keepdim) {
        return Reductions.sum(this, dims, keepdim);
    }

    /** The mean (a composition: sum divided by the count). */
    public Variable mean() {
        return sum().div(numel());
    }

    public Variable mean(int dim, boolean keepdim) {
        return sum(dim, keepdim).div(size(dim));
    }

    /** The global maximum; tied elements share the gradient. */
    public Variable max() {
        return Reductions.extreme(this, true);
    }

    public Variable min() {
        return Reductions.extreme(this, false);
    }

    /** The maximum along {@code dim}; the positions are in {@link Extremes#indices()}. */
    public Extremes max(int dim, boolean keepdim) {
        Tensor[] idx = new Tensor[1];
        Variable v = Reductions.extremeAlong(this, dim, keepdim, true, idx);
        return new Extremes(v, idx[0]);
    }

    public Extremes min(int dim, boolean keepdim) {
        Tensor[] idx = new Tensor[1];
        Variable v = Reductions.extremeAlong(this, dim, keepdim, false, idx);
        return new Extremes(v, idx[0]);
    }

    public Variable logsumexp(int dim, boolean keepdim) {
        return Reductions.logsumexp(this, dim, keepdim);
    }

    /** {@code exp(x - max) / sum(exp(x - max))} along {@code dim} (see {@link Tensor#softmax(int)}). */
    public Variable softmax(int dim) {
        return Softmax.softmax(this, dim);
    }

    /** {@code x - logsumexp(x)} along {@code dim} (see {@link Tensor#logSoftmax(int)}). */
    public Variable logSoftmax(int dim) {
        return Softmax.logSoftmax(this, dim);
    }

    /** The matrix product with NumPy's rules (1-D operands are promoted and the extra dim removed). */
    public Variable matmul(Variable o) {
        if (dim() == 0 || o.dim() == 0) {
            throw new IllegalArgumentException("matmul: both operands need at least one dimension, got "
                    + Arrays.toString(shape()) + " and " + Arrays.toString(o.shape()));
        }
        Variable a = dim() == 1 ? unsqueeze(0) : this;
        Variable b = o.dim() == 1 ? o.unsqueeze(1) : o;
        Variable r = MatrixProduct.matmul(a, b);
        if (o.dim() == 1) {
            r = r.squeeze(-1);
        }
        if (dim() == 1) {
            r = r.squeeze(o.dim() == 1 ? -1 : -2);
        }
        return r;
    }

    /** The product of two matrices. */
    public Variable mm(Variable o) {
        if (dim() != 2 || o.dim() != 2) {
            throw new IllegalArgumentException("mm: expected two matrices, got " + Arrays.toString(shape())
                    + " and " + Arrays.toString(o.shape()));
        }
        return MatrixProduct.matmul(this, o);
    }

    public Variable reshape(int... shape) {
        return Views.reshape(this, shape);
    }

    public Variable view(int... shape) {
        data.view(shape);
        return Views.reshape(this, shape);
    }

    public Variable flatten() {
        return reshape(-1);
    }

    public Variable flatten(int start, int end) {
        return Views.reshape(this, data.flatten(start, end).shape());
    }

    public Variable transpose(int d0, int d1) {
        data.transpose(d0, d1);
        int n = dim();
        if (n == 0) {
            return this;
        }
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        int a = d0 < 0 ? d0 + n : d0;
        int b = d1 < 0 ? d1 + n : d1;
        perm[a] = b;
        perm[b] = a;
        return permute(perm);
    }

    /** The transpose of a matrix (0-d and 1-D unchanged). */
    public Variable t() {
        data.t();
        return dim() < 2 ? this : transpose(0, 1);
    }

    public Variable permute(int... perm) {
        return Views.permute(this, perm);
    }

    public Variable unsqueeze(int d) {
        return Views.reshape(this, data.unsqueeze(d).shape());
    }

    public Variable squeeze() {
        return Views.reshape(this, data.squeeze().shape());
    }

    public Variable squeeze(int d) {
        return Views.reshape(this, data.squeeze(d).shape());
    }

    public Variable narrow(int dim, int start, int length) {
        int d = dim < 0 ? dim + dim() : dim;
        data.narrow(d, start, length);
        return Views.narrow(this, d, start < 0 ? start + size(d) : start, length);
    }

    /** Python-style slice {@code x[start:end]} along {@code dim}. */
    public Variable slice(int dim, int start, int end) {
        int d = dim < 0 ? dim + dim() : dim;
        int size = size(d);
        int s = Math.clamp(start < 0 ? (long) start + size : start, 0, size);
        int e = Math.clamp(end < 0 ? (long) end + size : end, 0, size);
        return Views.narrow(this, d, s, Math.max(0, e - s));
    }

    public Variable select(int dim, int index) {
        int d = dim < 0 ? dim + dim() : dim;
        data.select(d, index);
        return Views.select(this, d, index < 0 ? index + size(d) : index);
    }

    public Variable expand(int... shape) {
        return Views.expand(this, shape);
    }

    private int[] allDims() {
        int[] d = new int[dim()];
        for (int i = 0; i < d.length; i++) {
            d[i] = i;
        }
        return d;
    }

    /** PyTorch-style text: the data, then {@code requires_grad=True} or {@code grad_fn=<...>}. */
    @Override
    public String toString() {
        String s = data.toString();
        String tail = gradFn != null ? ", grad_fn=<" + gradFn.name() + ">" : requiresGrad ? ", requires_grad=True" : "";
        return s.substring(0, s.length() - 1) + tail + ")";
    }

    /**
     * The result of a max/min along a dimension.
     *
     * @param values  the differentiable values
     * @param indices the positions along the dimension (int64, no gradient)
     */
    public record Extremes(Variable values, Tensor indices) {
    }
}
