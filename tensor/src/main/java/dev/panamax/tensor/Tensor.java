package dev.panamax.tensor;

import dev.panamax.tensor.backend.Backend;
import dev.panamax.tensor.backend.Backends;
import dev.panamax.tensor.backend.BinaryOp;
import dev.panamax.tensor.backend.CompareOp;
import dev.panamax.tensor.backend.Layout;
import dev.panamax.tensor.backend.ReduceOp;
import dev.panamax.tensor.backend.Storage;
import dev.panamax.tensor.backend.UnaryOp;
import java.util.Arrays;

/**
 * An n-dimensional array of one {@link DType} on one {@link Device}, with no gradients.
 *
 * <p>A tensor is a view (shape, strides in elements, offset) over a storage; movement operations
 * such as {@link #reshape}, {@link #transpose}, {@link #narrow}, {@link #select} and
 * {@link #expand} return new views of the same storage without copying. Elementwise operations
 * broadcast as NumPy does.
 *
 * <h2>Type promotion</h2>
 * Results follow PyTorch: categories rank bool &lt; int64 &lt; float; within a category the wider
 * dtype wins. A zero-dimensional tensor takes part only when its category is higher than every
 * dimensioned operand's, and a Java {@code double} scalar only lifts an integer or bool tensor to
 * float32. So {@code float32 + double} is float32, {@code float32.pow(int64 tensor)} is float32,
 * and {@code div} of integers is float32 (true division).
 *
 * <h2>Memory</h2>
 * Storage is native memory from a pool. It is given back when the tensor becomes unreachable
 * (a cleaner runs after garbage collection; loops that never close anything stay bounded), when
 * {@link #close()} is called, or when the {@link MemoryScope} it was created in closes, unless
 * {@link #keep()} was called. Using a tensor whose storage was given back throws
 * {@link IllegalStateException}. A tensor is not safe for concurrent writes.
 *
 * {@snippet :
 * Generator g = Generator.numpy(0);
 * Tensor x = Tensor.linspace(-Math.PI, Math.PI, 2000, DType.FLOAT64);
 * Tensor y = x.sin();
 * Tensor a = Tensor.randn(g, DType.FLOAT64);          // a 0-d tensor
 * Tensor loss = a.add(x).sub(y).square().sum();
 * System.out.println(loss.item());
 * }
 */
public final class Tensor implements AutoCloseable {

    private final Storage storage;
    private final Layout layout;

    Tensor(Storage storage, Layout layout) {
        this.storage = storage;
        this.layout = layout;
    }

    // ---------------------------------------------------------------- properties

    /** The sizes of the dimensions (a copy). */
    public int[] shape() {
        return layout.shape().clone();
    }

    /** The strides in elements (a copy). */
    public int[] strides() {
        return layout.strides().clone();
    }

    /** The index of the first element in the storage. */
    public int storageOffset() {
        return layout.offset();
    }

    /** The number of dimensions. */
    public int dim() {
        return layout.dim();
    }

    /** The size of dimension {@code d} (negative counts from the end). */
    public int size(int d) {
        return layout.shape()[Shapes.dimOfDimensioned("size", d, dim(), this)];
    }

    /** The number of elements. */
    public long numel() {
        return layout.numel();
    }

    public DType dtype() {
        return storage.dtype();
    }

    public Device device() {
        return storage.device();
    }

    /** Whether the elements are dense and row-major. */
    public boolean isContiguous() {
        return layout.isContiguous();
    }

    /** The number of in-place writes to this tensor's storage so far. */
    public long version() {
        return storage.version();
    }

    /** Whether this tensor's storage has been given back. */
    public boolean isReleased() {
        return storage.isReleased();
    }

    /**
     * A number naming this tensor's storage: every view of one storage has the same number, and a
     * storage created later has a larger one (see {@link #lastStorageId()}).
     */
    public long storageId() {
        return storage.serial();
    }

    /** The {@link #storageId()} of the most recently created storage: later storages have larger ids. */
    public static long lastStorageId() {
        return Storage.lastSerial();
    }

    /** Whether this tensor is dense, row-major, starts at element 0 and covers every element of its storage. */
    public boolean coversStorage() {
        return layout.offset() == 0 && layout.isContiguous() && layout.numel() == storage.numel();
    }

    /** Whether both tensors view the same storage. */
    public boolean sharesStorageWith(Tensor other) {
        return storage == other.storage;
    }

    Layout layout() {
        return layout;
    }

    Storage storage() {
        return storage;
    }

    Backend backend() {
        return Backends.of(storage.device());
    }

    /** Throws if the storage was given back; every operation calls this first. */
    Tensor live(String op) {
        if (storage.isReleased()) {
            throw new IllegalStateException(op + ": tensor of shape " + Arrays.toString(layout.shape()) + " ("
                    + dtype().pyName() + ", " + device() + ") was released (closed, or its memory scope ended); "
                    + "call keep() on tensors that must outlive a scope");
        }
        return this;
    }

    String describe() {
        return Arrays.toString(layout.shape()) + " (" + dtype().pyName() + ", " + device() + ")";
    }

    // ---------------------------------------------------------------- creation

    /** A new tensor with uninitialised contents. */
    static Tensor empty(DType dtype, Device device, int... shape) {
        Layout l = Layout.contiguous(shape);
        return new Tensor(Backends.of(device).allocate(dtype, l.numel()), l);
    }

    /** A tensor of zeros. */
    public static Tensor zeros(DType dtype, int... shape) {
        return full(0, dtype, shape);
    }

    /** A float32 tensor of zeros. */
    public static Tensor zeros(int... shape) {
        return zeros(DType.FLOAT32, shape);
    }

    /** A tensor of ones. */
    public static Tensor ones(DType dtype, int... shape) {
        return full(1, dtype, shape);
    }

    /** A float32 tensor of ones. */
    public static Tensor ones(int... shape) {
        return ones(DType.FLOAT32, shape);
    }

    /** A tensor with every element equal to {@code value}. */
    public static Tensor full(double value, DType dtype, int... shape) {
        return full(value, dtype, Device.CPU, shape);
    }

    /**
     * A tensor on {@code device} with every element equal to {@code value}.
     *
     * @throws IllegalStateException if the device's backend is unavailable
     */
    public static Tensor full(double value, DType dtype, Device device, int... shape) {
        Tensor t = empty(dtype, device, shape);
        t.backend().fill(t.storage, t.layout, value);
        return t;
    }

    /** A tensor of zeros on {@code device}. */
    public static Tensor zeros(DType dtype, Device device, int... shape) {
        return full(0, dtype, device, shape);
    }

    /** A tensor of ones on {@code device}. */
    public static Tensor ones(DType dtype, Device device, int... shape) {
        return full(1, dtype, device, shape);
    }

    /** A zero-dimensional tensor holding {@code value}. */
    public static Tensor scalar(double value, DType dtype) {
        return full(value, dtype);
    }

    /** A zero-dimensional float32 tensor holding {@code value}. */
    public static Tensor scalar(double value) {
        return scalar(value, DType.FLOAT32);
    }

    /**
     * A float64 tensor with the given elements in row-major order; with no shape, a 1-D tensor.
     *
     * @throws IllegalArgumentException if the shape's element count differs from the data's
     */
    public static Tensor of(double[] data, int... shape) {
        return Factory.fromArray(data, data.length, DType.FLOAT64, shape);
    }

    /** A float32 tensor with the given elements; see {@link #of(double[], int...)}. */
    public static Tensor of(float[] data, int... shape) {
        return Factory.fromArray(data, data.length, DType.FLOAT32, shape);
    }

    /** An int64 tensor with the given elements; see {@link #of(double[], int...)}. */
    public static Tensor of(long[] data, int... shape) {
        return Factory.fromArray(data, data.length, DType.INT64, shape);
    }

    /** A bool tensor with the given elements; see {@link #of(double[], int...)}. */
    public static Tensor of(boolean[] data, int... shape) {
        return Factory.fromArray(data, data.length, DType.BOOL, shape);
    }

    /**
     * A float64 tensor from nested arrays ({@code double[][]}, {@code double[][][]}, ...).
     *
     * @throws IllegalArgumentException if the nesting is ragged
     */
    public static Tensor of(double[][] rows) {
        return Factory.fromNested(rows, DType.FLOAT64);
    }

    /** A float32 tensor from nested arrays; see {@link #of(double[][])}. */
    public static Tensor of(float[][] rows) {
        return Factory.fromNested(rows, DType.FLOAT32);
    }

    /** A tensor from nested arrays of any depth of {@code double}, {@code float} or {@code long}. */
    public static Tensor ofNested(Object nested, DType dtype) {
        return Factory.fromNested(nested, dtype);
    }

    /**
     * Values {@code start, start + step, ...} below {@code end} (above, for a negative step).
     *
     * @throws IllegalArgumentException if {@code step} is zero or not finite
     */
    public static Tensor arange(double start, double end, double step, DType dtype) {
        return Factory.arange(start, end, step, dtype);
    }

    /** The int64 values {@code 0, 1, ..., n - 1}. */
    public static Tensor arange(long n) {
        return arange(0, n, 1, DType.INT64);
    }

    /**
     * {@code steps} evenly spaced values from {@code start} to {@code end} inclusive, computed as NumPy
     * does ({@code start + i·step} in double, the last value exactly {@code end}).
     *
     * @throws IllegalArgumentException if {@code steps} is negative
     */
    public static Tensor linspace(double start, double end, int steps, DType dtype) {
        return Factory.linspace(start, end, steps, dtype);
    }

    /** The {@code n×n} identity matrix. */
    public static Tensor eye(int n, DType dtype) {
        return Factory.eye(n, dtype);
    }

    /** Uniform samples in [0, 1) drawn in row-major order from {@code gen}. */
    public static Tensor rand(Generator gen, DType dtype, int... shape) {
        return Factory.random(gen, 0, dtype, shape);
    }

    /** Uniform samples in [0, 1) from the default generator. */
    public static Tensor rand(DType dtype, int... shape) {
        return rand(Generator.getDefault(), dtype, shape);
    }

    /** Standard normal samples drawn in row-major order from {@code gen}. */
    public static Tensor randn(Generator gen, DType dtype, int... shape) {
        return Factory.random(gen, 1, dtype, shape);
    }

    /** Standard normal samples from the default generator. */
    public static Tensor randn(DType dtype, int... shape) {
        return randn(Generator.getDefault(), dtype, shape);
    }

    /**
     * Uniform int64 samples in {@code [low, high)} drawn in row-major order from {@code gen}.
     *
     * @throws IllegalArgumentException if {@code high <= low}
     */
    public static Tensor randint(Generator gen, long low, long high, int... shape) {
        return Factory.randint(gen, low, high, shape);
    }

    /** Uniform int64 samples in {@code [low, high)} from the default generator. */
    public static Tensor randint(long low, long high, int... shape) {
        return randint(Generator.getDefault(), low, high, shape);
    }

    /**
     * Uniform samples in [0, 1) on {@code device}: drawn on the host exactly as {@link #rand(Generator,
     * DType, int...)} draws them and copied, so every device gets the CPU's numbers for a generator state.
     */
    public static Tensor rand(Generator gen, DType dtype, Device device, int... shape) {
        return onDevice(rand(gen, dtype, shape), device);
    }

    /** Standard normal samples on {@code device}, the CPU's numbers for the same generator state. */
    public static Tensor randn(Generator gen, DType dtype, Device device, int... shape) {
        return onDevice(randn(gen, dtype, shape), device);
    }

    /** Uniform int64 samples in {@code [low, high)} on {@code device}, the CPU's numbers for the same generator state. */
    public static Tensor randint(Generator gen, long low, long high, Device device, int... shape) {
        return onDevice(randint(gen, low, high, shape), device);
    }

    private static Tensor onDevice(Tensor host, Device device) {
        if (device.equals(Device.CPU)) {
            return host;
        }
        try (host) {
            return host.to(device);
        }
    }

    /** A tensor of zeros with {@code like}'s shape, dtype and device. */
    public static Tensor zerosLike(Tensor like) {
        return Factory.fullLike(0, like.live("zerosLike"));
    }

    /** A tensor of ones with {@code like}'s shape, dtype and device. */
    public static Tensor onesLike(Tensor like) {
        return Factory.fullLike(1, like.live("onesLike"));
    }

    /** A tensor filled with {@code value} with {@code like}'s shape, dtype and device. */
    public static Tensor fullLike(double value, Tensor like) {
        return Factory.fullLike(value, like.live("fullLike"));
    }

    // ---------------------------------------------------------------- views

    /**
     * The same elements with a new shape; one size may be -1 (inferred). Copies only when the
     * strides do not allow a view.
     *
     * @throws IllegalArgumentException if the element counts differ
     */
    public Tensor reshape(int... shape) {
        live("reshape");
        int[] s = Shapes.inferSize("reshape", shape, layout.numel(), this);
        Layout v = layout.numel() == 0 ? Layout.contiguous(s) : layout.reshape(s);
        if (v != null) {
            return new Tensor(storage, v);
        }
        return contiguous().reshape(s);
    }

    /**
     * A view with a new shape; one size may be -1.
     *
     * @throws IllegalArgumentException if the element counts differ or the strides need a copy
     */
    public Tensor view(int... shape) {
        live("view");
        int[] s = Shapes.inferSize("view", shape, layout.numel(), this);
        Layout v = layout.numel() == 0 ? Layout.contiguous(s) : layout.reshape(s);
        if (v == null) {
            throw new IllegalArgumentException("view: shape " + Arrays.toString(shape) + " is not compatible with "
                    + "the strides " + Arrays.toString(layout.strides()) + " of " + describe()
                    + "; use reshape(), which copies");
        }
        return new Tensor(storage, v);
    }

    /** All dimensions merged into one. */
    public Tensor flatten() {
        return dim() == 0 ? reshape(1) : flatten(0, -1);
    }

    /** Dimensions {@code start..end} (inclusive, negative from the end) merged into one. */
    public Tensor flatten(int start, int end) {
        live("flatten");
        if (dim() == 0) {
            return reshape(1);
        }
        int s = Shapes.dim("flatten", start, dim(), this);
        int e = Shapes.dim("flatten", end, dim(), this);
        if (s > e) {
            throw new IllegalArgumentException("flatten: start dim " + start + " comes after end dim " + end
                    + " for " + describe());
        }
        int[] sh = layout.shape();
        int[] out = new int[sh.length - (e - s)];
        int j = 0;
        for (int d = 0; d < s; d++) {
            out[j++] = sh[d];
        }
        int merged = 1;
        for (int d = s; d <= e; d++) {
            merged *= sh[d];
        }
        out[j++] = merged;
        for (int d = e + 1; d < sh.length; d++) {
            out[j++] = sh[d];
        }
        return reshape(out);
    }

    /** Dimensions {@code d0} and {@code d1} swapped. */
    public Tensor transpose(int d0, int d1) {
        live("transpose");
        if (dim() == 0) {
            return this;
        }
        int a = Shapes.dim("transpose", d0, dim(), this);
        int b = Shapes.dim("transpose", d1, dim(), this);
        int[] perm = new int[dim()];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        perm[a] = b;
        perm[b] = a;
        return new Tensor(storage, layout.permute(perm));
    }

    /**
     * The transpose of a matrix (a 0-d or 1-D tensor is returned as is), like {@code .T}.
     *
     * @throws IllegalArgumentException for more than two dimensions
     */
    public Tensor t() {
        live("t");
        if (dim() > 2) {
            throw new IllegalArgumentException("t: expects a tensor with at most 2 dimensions, got " + describe()
                    + "; use transpose(d0, d1) or permute");
        }
        return dim() < 2 ? this : transpose(0, 1);
    }

    /** The dimensions reordered: dimension {@code i} of the result is dimension {@code perm[i]}. */
    public Tensor permute(int... perm) {
        live("permute");
        return new Tensor(storage, layout.permute(Shapes.permutation("permute", perm, dim(), this)));
    }

    /** A size-1 dimension inserted at {@code d} (negative counts from the end of the result). */
    public Tensor unsqueeze(int d) {
        live("unsqueeze");
        return new Tensor(storage, layout.unsqueeze(Shapes.dim("unsqueeze", d, dim() + 1, this)));
    }

    /** Every size-1 dimension removed. */
    public Tensor squeeze() {
        live("squeeze");
        Layout l = layout;
        for (int d = l.dim() - 1; d >= 0; d--) {
            if (l.shape()[d] == 1) {
                l = l.squeeze(d);
            }
        }
        return new Tensor(storage, l);
    }

    /** Dimension {@code d} removed if its size is 1 (otherwise this tensor unchanged, as in PyTorch). */
    public Tensor squeeze(int d) {
        live("squeeze");
        if (dim() == 0) {
            return this;
        }
        int dd = Shapes.dim("squeeze", d, dim(), this);
        return layout.shape()[dd] == 1 ? new Tensor(storage, layout.squeeze(dd)) : this;
    }

    /**
     * Elements {@code start .. start + length - 1} along {@code dim}.
     *
     * @throws IndexOutOfBoundsException if the range leaves the dimension
     */
    public Tensor narrow(int dim, int start, int length) {
        live("narrow");
        if (dim() == 0) {
            throw new IllegalArgumentException("narrow: cannot narrow a 0-d tensor " + describe());
        }
        int d = Shapes.dim("narrow", dim, dim(), this);
        int size = layout.shape()[d];
        int s = start < 0 ? start + size : start;
        if (s < 0 || length < 0 || s + length > size) {
            throw new IndexOutOfBoundsException("narrow: range start " + start + " length " + length
                    + " is outside dimension " + d + " of size " + size + " of " + describe());
        }
        return new Tensor(storage, layout.narrow(d, s, length));
    }

    /**
     * Elements {@code start .. end - 1} along {@code dim}, Python-slice style: negative indices
     * count from the end and out-of-range bounds are clipped ({@code x[start:end]}).
     */
    public Tensor slice(int dim, int start, int end) {
        live("slice");
        if (dim() == 0) {
            throw new IllegalArgumentException("slice: cannot slice a 0-d tensor " + describe());
        }
        int d = Shapes.dim("slice", dim, dim(), this);
        int size = layout.shape()[d];
        int s = Math.clamp(start < 0 ? (long) start + size : start, 0, size);
        int e = Math.clamp(end < 0 ? (long) end + size : end, 0, size);
        return new Tensor(storage, layout.narrow(d, s, Math.max(0, e - s)));
    }

    /**
     * The slice at {@code index} along {@code dim}, with that dimension removed ({@code x[:, i]}).
     *
     * @throws IndexOutOfBoundsException if the index is outside the dimension
     */
    public Tensor select(int dim, int index) {
        live("select");
        if (dim() == 0) {
            throw new IllegalArgumentException("select: cannot select from a 0-d tensor " + describe());
        }
        int d = Shapes.dim("select", dim, dim(), this);
        int size = layout.shape()[d];
        int i = index < 0 ? index + size : index;
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("select: index " + index + " is out of range for dimension " + d
                    + " of size " + size + " of " + describe());
        }
        return new Tensor(storage, layout.select(d, i));
    }

    /**
     * This tensor broadcast to {@code shape} without copying (-1 keeps a size).
     *
     * @throws IllegalArgumentException if a non-1 size would change
     */
    public Tensor expand(int... shape) {
        live("expand");
        int[] target = Shapes.expandTarget("expand", layout.shape(), shape, this);
        return new Tensor(storage, layout.broadcastTo(target));
    }

    /** This tensor if contiguous, else a contiguous copy. */
    public Tensor contiguous() {
        live("contiguous");
        return isContiguous() ? this : copyAs(dtype());
    }

    /** A contiguous copy with its own storage. */
    @Override
    public Tensor clone() {
        live("clone");
        return copyAs(dtype());
    }

    private Tensor copyAs(DType t) {
        Tensor out = empty(t, device(), layout.shape());
        backend().copy(storage, layout, out.storage, out.layout);
        return out;
    }

    /** This tensor converted to {@code dtype}, or this tensor itself if it already has it. */
    public Tensor to(DType dtype) {
        live("to");
        return dtype == dtype() ? this : copyAs(dtype);
    }

    /**
     * This tensor on {@code device}, or this tensor itself if it is already there.
     *
     * @throws IllegalStateException if the device's backend is unavailable, with the reason
     */
    public Tensor to(Device device) {
        live("to");
        if (device.equals(device())) {
            return this;
        }
        Backend target = Backends.of(device);
        Tensor src = device().type() == Device.Type.CPU ? contiguous() : this;
        Tensor out = new Tensor(target.allocate(dtype(), layout.numel()), Layout.contiguous(layout.shape()));
        Backends.transfer(src.storage, src.layout, out.storage);
        return out;
    }

    // ---------------------------------------------------------------- in-place writes

    /**
     * Copies {@code src} (broadcast to this shape, converted to this dtype) into this tensor.
     *
     * @return this tensor
     */
    public Tensor copy_(Tensor src) {
        Ops.checkWritable("copy_", this);
        src.live("copy_");
        Ops.sameDevice("copy_", this, src);
        int[] target = Shapes.broadcast("copy_", src, this);
        if (!Arrays.equals(target, layout.shape())) {
            throw new IllegalArgumentException("copy_: source " + src.describe() + " cannot be broadcast to "
                    + describe());
        }
        backend().copy(src.storage, src.layout.broadcastTo(target), storage, layout);
        storage.bumpVersion();
        return this;
    }

    /** Sets every element to {@code value}; returns this tensor. */
    public Tensor fill_(double value) {
        Ops.checkWritable("fill_", this);
        backend().fill(storage, layout, value);
        storage.bumpVersion();
        return this;
    }

    /** Sets every element to zero; returns this tensor. */
    public Tensor zero_() {
        return fill_(0);
    }

    /**
     * Sets the elements where the BOOL {@code mask} (broadcast to this shape) is true to {@code value},
     * like {@code x[mask] = value}; returns this tensor.
     *
     * @throws IllegalArgumentException if the mask is not BOOL or does not broadcast to this shape
     */
    public Tensor maskedFill_(Tensor mask, double value) {
        Ops.checkWritable("maskedFill_", this);
        mask.live("maskedFill_");
        Ops.sameDevice("maskedFill_", this, mask);
        if (mask.dtype() != DType.BOOL) {
            throw new IllegalArgumentException("maskedFill_: mask must be bool, got " + mask.describe());
        }
        int[] target = Shapes.broadcast("maskedFill_", mask, this);
        if (!Arrays.equals(target, layout.shape())) {
            throw new IllegalArgumentException("maskedFill_: mask " + mask.describe()
                    + " cannot be broadcast to " + describe());
        }
        backend().maskedFill(storage, layout, mask.storage, mask.layout.broadcastTo(target), value);
        storage.bumpVersion();
        return this;
    }

    /** {@code this += other}; returns this tensor. */
    public Tensor add_(Tensor other) {
        return Ops.binaryInPlace("add_", BinaryOp.ADD, this, other);
    }

    /**
     * {@code this += alpha · other}; returns this tensor. The bits are those of
     * {@code add_(other.mul(alpha))}; for two dense tensors of one floating-point dtype and shape
     * the backend runs both in one pass (the usual SGD step {@code p.add_(grad, -lr)}).
     */
    public Tensor add_(Tensor other, double alpha) {
        if (alpha == 1) {
            return add_(other);
        }
        if (Ops.addScaledInPlace(this, other, alpha)) {
            return this;
        }
        return add_(other.mul(alpha));
    }

    /** {@code this -= other}; returns this tensor. */
    public Tensor sub_(Tensor other) {
        return Ops.binaryInPlace("sub_", BinaryOp.SUB, this, other);
    }

    /** {@code this *= other}; returns this tensor. */
    public Tensor mul_(Tensor other) {
        return Ops.binaryInPlace("mul_", BinaryOp.MUL, this, other);
    }

    /** {@code this /= other}; returns this tensor. */
    public Tensor div_(Tensor other) {
        return Ops.binaryInPlace("div_", BinaryOp.DIV, this, other);
    }

    /** {@code this += s}; returns this tensor. */
    public Tensor add_(double s) {
        return Ops.scalarInPlace("add_", BinaryOp.ADD, this, s);
    }

    /** {@code this -= s}; returns this tensor. */
    public Tensor sub_(double s) {
        return Ops.scalarInPlace("sub_", BinaryOp.SUB, this, s);
    }

    /** {@code this *= s}; returns this tensor. */
    public Tensor mul_(double s) {
        return Ops.scalarInPlace("mul_", BinaryOp.MUL, this, s);
    }

    /** {@code this /= s}; returns this tensor. */
    public Tensor div_(double s) {
        return Ops.scalarInPlace("div_", BinaryOp.DIV, this, s);
    }

    // ---------------------------------------------------------------- elementwise

    /** {@code this + other}, broadcasting. */
    public Tensor add(Tensor other) {
        return Ops.binary("add", BinaryOp.ADD, this, other);
    }

    /** {@code this - other}, broadcasting. */
    public Tensor sub(Tensor other) {
        return Ops.binary("sub", BinaryOp.SUB, this, other);
    }

    /** {@code this * other}, broadcasting. */
    public Tensor mul(Tensor other) {
        return Ops.binary("mul", BinaryOp.MUL, this, other);
    }

    /** {@code this / other} (true division), broadcasting. */
    public Tensor div(Tensor other) {
        return Ops.binary("div", BinaryOp.DIV, this, other);
    }

    /** {@code this ** exponent}, broadcasting; a float base with integer exponents stays float. */
    public Tensor pow(Tensor exponent) {
        return Ops.binary("pow", BinaryOp.POW, this, exponent);
    }

    /** The elementwise maximum (NaN propagates), broadcasting. */
    public Tensor maximum(Tensor other) {
        return Ops.binary("maximum", BinaryOp.MAXIMUM, this, other);
    }

    /** The elementwise minimum (NaN propagates), broadcasting. */
    public Tensor minimum(Tensor other) {
        return Ops.binary("minimum", BinaryOp.MINIMUM, this, other);
    }

    /** {@code this + s}. */
    public Tensor add(double s) {
        return Ops.scalar("add", BinaryOp.ADD, this, s, false);
    }

    /** {@code this - s}. */
    public Tensor sub(double s) {
        return Ops.scalar("sub", BinaryOp.SUB, this, s, false);
    }

    /** {@code s - this}. */
    public Tensor rsub(double s) {
        return Ops.scalar("rsub", BinaryOp.SUB, this, s, true);
    }

    /** {@code this * s}. */
    public Tensor mul(double s) {
        return Ops.scalar("mul", BinaryOp.MUL, this, s, false);
    }

    /** {@code this / s}. */
    public Tensor div(double s) {
        return Ops.scalar("div", BinaryOp.DIV, this, s, false);
    }

    /** {@code s / this}. */
    public Tensor rdiv(double s) {
        return Ops.scalar("rdiv", BinaryOp.DIV, this, s, true);
    }

    /** {@code this ** e}; {@code e == 2} is computed as {@code x·x} exactly, as NumPy does. */
    public Tensor pow(double e) {
        if (e == 2) {
            return Ops.unary("pow", UnaryOp.SQUARE, this);
        }
        return Ops.scalar("pow", BinaryOp.POW, this, e, false);
    }

    /** The elementwise maximum with a scalar. */
    public Tensor maximum(double s) {
        return Ops.scalar("maximum", BinaryOp.MAXIMUM, this, s, false);
    }

    /** The elementwise minimum with a scalar. */
    public Tensor minimum(double s) {
        return Ops.scalar("minimum", BinaryOp.MINIMUM, this, s, false);
    }

    /** {@code this · this}. */
    public Tensor square() {
        return Ops.unary("square", UnaryOp.SQUARE, this);
    }

    public Tensor neg() {
        return Ops.unary("neg", UnaryOp.NEG, this);
    }

    public Tensor abs() {
        return Ops.unary("abs", UnaryOp.ABS, this);
    }

    public Tensor exp() {
        return Ops.unary("exp", UnaryOp.EXP, this);
    }

    /** The natural logarithm. */
    public Tensor log() {
        return Ops.unary("log", UnaryOp.LOG, this);
    }

    public Tensor sqrt() {
        return Ops.unary("sqrt", UnaryOp.SQRT, this);
    }

    public Tensor sin() {
        return Ops.unary("sin", UnaryOp.SIN, this);
    }

    public Tensor cos() {
        return Ops.unary("cos", UnaryOp.COS, this);
    }

    public Tensor tanh() {
        return Ops.unary("tanh", UnaryOp.TANH, this);
    }

    /** {@code 1 / (1 + exp(-x))}. */
    public Tensor sigmoid() {
        return Ops.unary("sigmoid", UnaryOp.SIGMOID, this);
    }

    /** {@code max(x, 0)} (NaN propagates). */
    public Tensor relu() {
        return Ops.unary("relu", UnaryOp.RELU, this);
    }

    /** Each element limited to {@code [min, max]}. */
    public Tensor clamp(double min, double max) {
        return Ops.scalar("clamp", BinaryOp.MAXIMUM, this, min, false).minimum(max);
    }

    /** Each element limited to at least {@code min} (the tutorial's {@code clamp(min=0)}). */
    public Tensor clampMin(double min) {
        return Ops.scalar("clampMin", BinaryOp.MAXIMUM, this, min, false);
    }

    /** Each element limited to at most {@code max}. */
    public Tensor clampMax(double max) {
        return Ops.scalar("clampMax", BinaryOp.MINIMUM, this, max, false);
    }

    /** {@code this < other} as a BOOL mask. */
    public Tensor lt(Tensor other) {
        return Ops.compare("lt", CompareOp.LT, this, other);
    }

    public Tensor le(Tensor other) {
        return Ops.compare("le", CompareOp.LE, this, other);
    }

    public Tensor gt(Tensor other) {
        return Ops.compare("gt", CompareOp.GT, this, other);
    }

    public Tensor ge(Tensor other) {
        return Ops.compare("ge", CompareOp.GE, this, other);
    }

    public Tensor eq(Tensor other) {
        return Ops.compare("eq", CompareOp.EQ, this, other);
    }

    public Tensor ne(Tensor other) {
        return Ops.compare("ne", CompareOp.NE, this, other);
    }

    /** {@code this < s} as a BOOL mask (the tutorial's {@code h < 0}). */
    public Tensor lt(double s) {
        return Ops.compareScalar("lt", CompareOp.LT, this, s);
    }

    public Tensor le(double s) {
        return Ops.compareScalar("le", CompareOp.LE, this, s);
    }

    public Tensor gt(double s) {
        return Ops.compareScalar("gt", CompareOp.GT, this, s);
    }

    public Tensor ge(double s) {
        return Ops.compareScalar("ge", CompareOp.GE, this, s);
    }

    public Tensor eq(double s) {
        return Ops.compareScalar("eq", CompareOp.EQ, this, s);
    }

    public Tensor ne(double s) {
        return Ops.compareScalar("ne", CompareOp.NE, this, s);
    }

    /**
     * {@code mask ? a : b} elementwise, broadcasting all three.
     *
     * @throws IllegalArgumentException if {@code mask} is not BOOL or the shapes do not broadcast
     */
    public static Tensor where(Tensor mask, Tensor a, Tensor b) {
        return Ops.where(mask, a, b);
    }

    /** Elementwise AND of two BOOL masks, broadcasting. */
    public Tensor logicalAnd(Tensor other) {
        Ops.requireBool("logicalAnd", this, other);
        Shapes.broadcast("logicalAnd", this, other);
        return where(this, other, Factory.fullLike(0, this));
    }

    /** Elementwise OR of two BOOL masks, broadcasting. */
    public Tensor logicalOr(Tensor other) {
        Ops.requireBool("logicalOr", this, other);
        Shapes.broadcast("logicalOr", this, other);
        return where(this, Factory.fullLike(1, this), other);
    }

    /** Elementwise NOT of a BOOL mask. */
    public Tensor logicalNot() {
        Ops.requireBool("logicalNot", this, this);
        return eq(0);
    }

    // ---------------------------------------------------------------- reductions

    /** The sum of all elements as a 0-d tensor (int64 for integer and bool inputs). */
    public Tensor sum() {
        return Ops.reduce("sum", ReduceOp.SUM, this, Shapes.allDims(dim()), false, null);
    }

    /** The sum over {@code dim}. */
    public Tensor sum(int dim, boolean keepdim) {
        return Ops.reduce("sum", ReduceOp.SUM, this, new int[] {dim}, keepdim, null);
    }

    /** The sum over several dimensions. */
    public Tensor sum(int[] dims, boolean keepdim) {
        return Ops.reduce("sum", ReduceOp.SUM, this, dims, keepdim, null);
    }

    /** The mean of all elements (floating-point dtypes only). */
    public Tensor mean() {
        return Ops.mean(this, Shapes.allDims(dim()), false);
    }

    /** The mean over {@code dim}. */
    public Tensor mean(int dim, boolean keepdim) {
        return Ops.mean(this, new int[] {dim}, keepdim);
    }

    /** The mean over several dimensions. */
    public Tensor mean(int[] dims, boolean keepdim) {
        return Ops.mean(this, dims, keepdim);
    }

    /** The largest element as a 0-d tensor (NaN if any element is NaN). */
    public Tensor max() {
        return Ops.reduce("max", ReduceOp.MAX, this, Shapes.allDims(dim()), false, null);
    }

    /** The smallest element as a 0-d tensor. */
    public Tensor min() {
        return Ops.reduce("min", ReduceOp.MIN, this, Shapes.allDims(dim()), false, null);
    }

    /** The largest values along {@code dim} and their first positions. */
    public ValuesIndices max(int dim, boolean keepdim) {
        Tensor[] idx = new Tensor[1];
        Tensor v = Ops.reduce("max", ReduceOp.MAX, this, new int[] {dim}, keepdim, idx);
        return new ValuesIndices(v, idx[0]);
    }

    /** The smallest values along {@code dim} and their first positions. */
    public ValuesIndices min(int dim, boolean keepdim) {
        Tensor[] idx = new Tensor[1];
        Tensor v = Ops.reduce("min", ReduceOp.MIN, this, new int[] {dim}, keepdim, idx);
        return new ValuesIndices(v, idx[0]);
    }

    /** The flat (row-major) position of the first largest element, as a 0-d int64 tensor. */
    public Tensor argmax() {
        Tensor[] idx = new Tensor[1];
        Ops.reduce("argmax", ReduceOp.MAX, this, Shapes.allDims(dim()), false, idx);
        return idx[0];
    }

    /** The positions of the first largest elements along {@code dim}. */
    public Tensor argmax(int dim, boolean keepdim) {
        Tensor[] idx = new Tensor[1];
        Ops.reduce("argmax", ReduceOp.MAX, this, new int[] {dim}, keepdim, idx);
        return idx[0];
    }

    /** The flat position of the first smallest element. */
    public Tensor argmin() {
        Tensor[] idx = new Tensor[1];
        Ops.reduce("argmin", ReduceOp.MIN, this, Shapes.allDims(dim()), false, idx);
        return idx[0];
    }

    /** The positions of the first smallest elements along {@code dim}. */
    public Tensor argmin(int dim, boolean keepdim) {
        Tensor[] idx = new Tensor[1];
        Ops.reduce("argmin", ReduceOp.MIN, this, new int[] {dim}, keepdim, idx);
        return idx[0];
    }

    /** {@code log(sum(exp(x)))} along {@code dim}, computed stably. */
    public Tensor logsumexp(int dim, boolean keepdim) {
        return Ops.logsumexp(this, dim, keepdim);
    }

    /**
     * {@code exp(x) / sum(exp(x))} along {@code dim}, computed stably (shifted by the maximum) in
     * one fused pass per row. Integer and bool input gives float32. A row holding a NaN or
     * {@code +inf}, or only {@code -inf}, gives NaN, as in PyTorch; a 0-d tensor gives 1.
     *
     * @throws IndexOutOfBoundsException if {@code dim} is out of range
     */
    public Tensor softmax(int dim) {
        return Ops.softmax("softmax", this, dim, false);
    }

    /**
     * {@code x - logsumexp(x)} along {@code dim}, computed as {@code (x - max) - log(sum(exp(x - max)))}
     * in one fused pass per row; special values as for {@link #softmax(int)}.
     *
     * @throws IndexOutOfBoundsException if {@code dim} is out of range
     */
    public Tensor logSoftmax(int dim) {
        return Ops.softmax("logSoftmax", this, dim, true);
    }

    /**
     * The gradient of {@code x.softmax(dim)} with respect to {@code x}, given the forward's
     * {@code output} and the gradient {@code grad} of the output: {@code output·(grad − Σ grad·output)},
     * the sum along {@code dim}. {@code grad} is converted to {@code output}'s dtype and broadcast to
     * its shape; the result has {@code output}'s dtype and shape.
     *
     * @throws IllegalArgumentException if {@code grad} does not broadcast to {@code output}'s shape, the devices
     *                                  differ or {@code output} is not floating point
     */
    public static Tensor softmaxBackward(Tensor grad, Tensor output, int dim) {
        return Ops.softmaxBackward("softmaxBackward", grad, output, dim, false);
    }

    /**
     * The gradient of {@code x.logSoftmax(dim)} with respect to {@code x}, given the forward's
     * {@code output} and the gradient {@code grad} of the output: {@code grad − exp(output)·Σ grad},
     * the sum along {@code dim}; {@code grad} as for {@link #softmaxBackward}.
     *
     * @throws IllegalArgumentException if {@code grad} does not broadcast to {@code output}'s shape, the devices
     *                                  differ or {@code output} is not floating point
     */
    public static Tensor logSoftmaxBackward(Tensor grad, Tensor output, int dim) {
        return Ops.softmaxBackward("logSoftmaxBackward", grad, output, dim, true);
    }

    // ---------------------------------------------------------------- linear algebra

    /** The matrix product with NumPy's rules for 1-D, 2-D and batched (broadcast) operands. */
    public Tensor matmul(Tensor other) {
        return LinearAlgebra.matmul(this, other);
    }

    /**
     * The product of two matrices.
     *
     * @throws IllegalArgumentException if either is not 2-D or the inner sizes differ
     */
    public Tensor mm(Tensor other) {
        return LinearAlgebra.mm(this, other);
    }

    /** The inner product of two 1-D tensors of equal length, as a 0-d tensor. */
    public Tensor dot(Tensor other) {
        return LinearAlgebra.dot(this, other);
    }

    /** The outer product of two 1-D tensors. */
    public Tensor outer(Tensor other) {
        return LinearAlgebra.outer(this, other);
    }

    // ---------------------------------------------------------------- out

    /**
     * The single element's value.
     *
     * @throws IllegalArgumentException if the tensor does not hold exactly one element
     */
    public double item() {
        live("item");
        if (layout.numel() != 1) {
            throw new IllegalArgumentException("item: a tensor with " + layout.numel()
                    + " elements cannot be converted to a scalar: " + describe());
        }
        return dtype() == DType.INT64 ? backend().toLongs(storage, layout)[0] : backend().toDoubles(storage, layout)[0];
    }

    /** The elements in row-major order as doubles. */
    public double[] toDoubleArray() {
        live("toDoubleArray");
        return backend().toDoubles(storage, layout);
    }

    /** The elements in row-major order as floats. */
    public float[] toFloatArray() {
        double[] d = toDoubleArray();
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    /** The elements in row-major order as longs (floats truncated toward zero). */
    public long[] toLongArray() {
        live("toLongArray");
        return backend().toLongs(storage, layout);
    }

    /**
     * Whether both tensors have the same shape and {@code |a - b| <= atol + rtol·|b|} everywhere
     * (NaNs are never close; an infinity is close only to the same infinity).
     */
    public boolean allClose(Tensor other, double rtol, double atol) {
        live("allClose");
        other.live("allClose");
        if (!Arrays.equals(layout.shape(), other.layout.shape())) {
            return false;
        }
        double[] a = toDoubleArray();
        double[] b = other.toDoubleArray();
        for (int i = 0; i < a.length; i++) {
            // Infinities are close only to themselves (an infinite |b| would make any tolerance infinite).
            boolean finite = Double.isFinite(a[i]) && Double.isFinite(b[i]);
            if (a[i] != b[i] && !(finite && Math.abs(a[i] - b[i]) <= atol + rtol * Math.abs(b[i]))) {
                return false;
            }
        }
        return true;
    }

    /** {@link #allClose(Tensor, double, double)} with PyTorch's defaults rtol 1e-5, atol 1e-8. */
    public boolean allClose(Tensor other) {
        return allClose(other, 1e-5, 1e-8);
    }

    // ---------------------------------------------------------------- memory

    /**
     * Exempts this tensor's storage from every memory scope, so it lives until unreachable or closed.
     *
     * @return this tensor
     */
    public Tensor keep() {
        storage.keep();
        return this;
    }

    /** Gives the storage back now; this tensor and every view of the storage become unusable. */
    @Override
    public void close() {
        storage.release();
    }

    /** NumPy/PyTorch-style text, eliding the middle of large tensors. */
    @Override
    public String toString() {
        if (storage.isReleased()) {
            return "tensor(<released> shape=" + Arrays.toString(layout.shape()) + ", dtype=" + dtype().pyName() + ")";
        }
        return TensorFormat.format(this);
    }
}
