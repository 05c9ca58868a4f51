package dev.panamax.tensor;

import dev.panamax.tensor.backend.FusedProgram;
import dev.panamax.tensor.testing.DevicesUnderTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link Fused}: every op gives the same bits as the eager op on the same device (so a later change
 * of an eager kernel that the fused path does not follow fails here), over dtypes, sizes that hit
 * heap storages, vector tails, several blocks and several threads, broadcasting and strided inputs;
 * the benchmark's chain against a float64 reference; and the error cases.
 */
class FusedTest {

    /** Sizes: heap-backed, vector tails, several blocks, several threads. */
    private static final int[] SIZES = {1, 7, 37, 300, 5003, 70001};
    private static final DType[] DTYPES = {DType.FLOAT32, DType.FLOAT64};

    /**
     * A unary case; {@code nativeOnly} for constants not exact in float32, which eager ops on tiny
     * heap-backed CPU tensors apply unrounded on this branch (the CPU loop rework rounds them first,
     * as the SIMD loops and this fused path do).
     */
    record Un(String name, UnaryOperator<Expr> fused, UnaryOperator<Tensor> eager, boolean nativeOnly) {
        Un(String name, UnaryOperator<Expr> fused, UnaryOperator<Tensor> eager) {
            this(name, fused, eager, false);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    record Bin(String name, BinaryOperator2<Expr> fused, BinaryOperator2<Tensor> eager) {
        @Override
        public String toString() {
            return name;
        }
    }

    @FunctionalInterface
    interface BinaryOperator2<T> extends BiFunction<T, T, T> {
    }

    static List<Un> unaryOps() {
        List<Un> u = new ArrayList<>();
        u.add(new Un("neg", Expr::neg, Tensor::neg));
        u.add(new Un("abs", Expr::abs, Tensor::abs));
        u.add(new Un("exp", Expr::exp, Tensor::exp));
        u.add(new Un("log", Expr::log, Tensor::log));
        u.add(new Un("sqrt", Expr::sqrt, Tensor::sqrt));
        u.add(new Un("sin", Expr::sin, Tensor::sin));
        u.add(new Un("cos", Expr::cos, Tensor::cos));
        u.add(new Un("tanh", Expr::tanh, Tensor::tanh));
        u.add(new Un("sigmoid", Expr::sigmoid, Tensor::sigmoid));
        u.add(new Un("relu", Expr::relu, Tensor::relu));
        u.add(new Un("square", Expr::square, Tensor::square));
        for (double s : new double[] {-2.5, 0.1, 3}) {
            boolean inexact = (float) s != s;
            u.add(new Un("add " + s, x -> x.add(s), x -> x.add(s), inexact));
            u.add(new Un("sub " + s, x -> x.sub(s), x -> x.sub(s), inexact));
            u.add(new Un("rsub " + s, x -> x.rsub(s), x -> x.rsub(s), inexact));
            u.add(new Un("mul " + s, x -> x.mul(s), x -> x.mul(s), inexact));
            u.add(new Un("div " + s, x -> x.div(s), x -> x.div(s), inexact));
            u.add(new Un("rdiv " + s, x -> x.rdiv(s), x -> x.rdiv(s), inexact));
            u.add(new Un("maximum " + s, x -> x.maximum(s), x -> x.maximum(s), inexact));
            u.add(new Un("minimum " + s, x -> x.minimum(s), x -> x.minimum(s), inexact));
        }
        for (double e : new double[] {-2, -1, 0, 0.5, 1, 2, 3, 4, 2.5, -0.75, 7}) {
            u.add(new Un("pow " + e, x -> x.pow(e), x -> x.pow(e)));
        }
        u.add(new Un("clamp", x -> x.clamp(-0.5, 0.75), x -> x.clamp(-0.5, 0.75)));
        u.add(new Un("add nan", x -> x.add(Double.NaN), x -> x.add(Double.NaN)));
        u.add(new Un("mul -inf", x -> x.mul(Double.NEGATIVE_INFINITY), x -> x.mul(Double.NEGATIVE_INFINITY)));
        u.add(new Un("maximum -0", x -> x.maximum(-0.0), x -> x.maximum(-0.0)));
        return u;
    }

    static List<Bin> binaryOps() {
        return List.of(
                new Bin("add", Expr::add, Tensor::add),
                new Bin("sub", Expr::sub, Tensor::sub),
                new Bin("mul", Expr::mul, Tensor::mul),
                new Bin("div", Expr::div, Tensor::div),
                new Bin("pow", Expr::pow, Tensor::pow),
                new Bin("maximum", Expr::maximum, Tensor::maximum),
                new Bin("minimum", Expr::minimum, Tensor::minimum));
    }

    static Stream<Arguments> unaryCases() {
        List<Arguments> a = new ArrayList<>();
        for (Device d : DevicesUnderTest.available()) {
            for (DType t : DTYPES) {
                for (Un u : unaryOps()) {
                    a.add(Arguments.of(d, t, u));
                }
            }
        }
        return a.stream();
    }

    static Stream<Arguments> binaryCases() {
        List<Arguments> a = new ArrayList<>();
        for (Device d : DevicesUnderTest.available()) {
            for (DType t : DTYPES) {
                for (Bin b : binaryOps()) {
                    a.add(Arguments.of(d, t, b));
                }
            }
        }
        return a.stream();
    }

    static Stream<Arguments> devicesAndDtypes() {
        List<Arguments> a = new ArrayList<>();
        for (Device d : DevicesUnderTest.available()) {
            for (DType t : DTYPES) {
                a.add(Arguments.of(d, t));
            }
        }
        return a.stream();
    }

    /** Values with the special cases first: signed zeros, infinities, NaN, ±1, tiny and huge. */
    static Tensor data(int n, DType t, Device d, long seed) {
        double[] special = {0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 1, -1,
                0.5, -2, 1e-30, 3e38, -87.5, 90, 3.0000002, -1.5};
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            if (i < special.length && n > 2 * special.length) {
                v[i] = special[i];
            } else {
                v[i] = r.nextInt(8) == 0 ? r.nextDouble(-100, 100) : r.nextDouble(-4, 4);
            }
        }
        return Tensor.of(v, n).to(t).to(d);
    }

    /**
     * Bitwise equality (NaNs compare equal whatever their payload); on CUDA, sigmoid and tanh eagerly
     * run in cuDNN where it is present, which rounds differently from the fused kernel's formula
     * (that of the NVRTC elementwise kernels), so those two get a few-ulp tolerance there.
     */
    static void assertBits(Tensor expected, Tensor actual, boolean loose, String ctx) {
        assertArrayEquals(expected.shape(), actual.shape(), ctx);
        assertEquals(expected.dtype(), actual.dtype(), ctx);
        assertEquals(expected.device(), actual.device(), ctx);
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        double ulps = expected.dtype() == DType.FLOAT32 ? 4 * 0x1p-23 : 4 * 0x1p-52;
        for (int i = 0; i < e.length; i++) {
            if (Double.doubleToLongBits(e[i]) == Double.doubleToLongBits(a[i])) {
                continue;
            }
            double floor = expected.dtype() == DType.FLOAT32 ? 1e-37 : 1e-300;
            if (loose && Math.abs(e[i] - a[i]) <= Math.max(ulps * Math.abs(e[i]), floor)) {
                continue;
            }
            fail(ctx + ": element " + i + " of " + e.length + " eager " + e[i] + " fused " + a[i]);
        }
    }

    private static boolean loose(Device d, String op) {
        return !d.equals(Device.CPU) && (op.equals("sigmoid") || op.equals("tanh"));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("unaryCases")
    void unaryOpsMatchEagerBitwise(Device d, DType t, Un u) {
        Fused f = Fused.of(u.fused());
        for (int n : SIZES) {
            if (u.nativeOnly() && d.equals(Device.CPU) && n < 300) {
                continue;
            }
            try (MemoryScope s = Memory.scope()) {
                Tensor x = data(n, t, d, n);
                assertBits(u.eager().apply(x), f.apply(x), loose(d, u.name()), u + " n=" + n);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("binaryCases")
    void binaryOpsMatchEagerBitwise(Device d, DType t, Bin b) {
        Fused f = Fused.of(b.fused());
        for (int n : SIZES) {
            try (MemoryScope s = Memory.scope()) {
                Tensor x = data(n, t, d, n);
                Tensor y = data(n, t, d, n + 1000);
                assertBits(b.eager().apply(x, y), f.apply(x, y), false, b + " n=" + n);
                // the same operand twice, and operands reversed
                assertBits(b.eager().apply(y, y), Fused.of(z -> b.fused().apply(z, z)).apply(y), false, b + " self");
                assertBits(b.eager().apply(y, x), f.apply(y, x), false, b + " reversed");
            }
        }
    }

    /**
     * A long chain mixing every kind of instruction, so slots are reused across many live values
     * (without sigmoid and tanh, which CUDA may run in cuDNN eagerly, so it is bitwise everywhere).
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("devicesAndDtypes")
    void longChainMatchesEager(Device d, DType t) {
        Function<Expr[], Expr> fe = v -> {
            Expr x = v[0];
            Expr y = v[1];
            Expr z = v[2];
            Expr p = x.mul(y).add(z.exp().add(1).rdiv(1)).sub(x.square().mul(0.25));
            Expr q = p.maximum(y.neg()).div(z.abs().add(1)).pow(3).add(p.exp().rsub(2).sin());
            return q.minimum(x.sin().add(y.cos()).mul(z.sqrt())).add(q.log().relu()).rdiv(7).pow(y.abs().add(0.5));
        };
        Function<Tensor[], Tensor> te = v -> {
            Tensor x = v[0];
            Tensor y = v[1];
            Tensor z = v[2];
            Tensor p = x.mul(y).add(z.exp().add(1).rdiv(1)).sub(x.square().mul(0.25));
            Tensor q = p.maximum(y.neg()).div(z.abs().add(1)).pow(3).add(p.exp().rsub(2).sin());
            return q.minimum(x.sin().add(y.cos()).mul(z.sqrt())).add(q.log().relu()).rdiv(7).pow(y.abs().add(0.5));
        };
        Fused f = Fused.of(3, fe);
        for (int n : SIZES) {
            try (MemoryScope s = Memory.scope()) {
                Tensor[] v = {data(n, t, d, 1), data(n, t, d, 2), data(n, t, d, 3)};
                assertBits(te.apply(v), f.apply(v), false, "chain n=" + n);
            }
        }
    }

    /**
     * Chains of ops that the CPU evaluates in vector registers (dense native inputs), at sizes around
     * vector-length and block multiples and past the parallel threshold, bitwise against eager (outputs
     * of up to {@code panamax.cpu.heapLimit} bytes live on the heap and take the blocked path).
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("devicesAndDtypes")
    void registerChainsMatchEagerAroundVectorLengths(Device d, DType t) {
        BiFunction<Expr, Expr, Expr> fe = (x, y) -> {
            Expr p = x.mul(y).add(0.5).sub(x.pow(3).mul(0.125)).maximum(y.pow(-2)).minimum(x.pow(4).rsub(3));
            Expr q = p.div(y.abs().add(1)).rdiv(-0.75).add(x.pow(-1)).mul(x.square().add(1).sqrt().neg().add(y.relu()));
            return q.add(x.sigmoid()).sub(y.mul(0.25).exp()).maximum(-0.0).add(x.pow(0)).minimum(y.pow(1));
        };
        BiFunction<Tensor, Tensor, Tensor> te = (x, y) -> {
            Tensor p = x.mul(y).add(0.5).sub(x.pow(3).mul(0.125)).maximum(y.pow(-2)).minimum(x.pow(4).rsub(3));
            Tensor q = p.div(y.abs().add(1)).rdiv(-0.75).add(x.pow(-1)).mul(x.square().add(1).sqrt().neg().add(y.relu()));
            return q.add(x.sigmoid()).sub(y.mul(0.25).exp()).maximum(-0.0).add(x.pow(0)).minimum(y.pow(1));
        };
        Fused f = Fused.of(fe);
        // no pow, exp or sigmoid: compiled for float64 too
        Fused g = Fused.of((x, y) -> x.mul(y).add(0.5).sub(x.square().mul(0.125)).maximum(y.neg())
                .div(y.abs().add(1)).rdiv(-0.75).minimum(x.sqrt()).add(y.relu()).rsub(2).maximum(x).sub(y));
        Fused cubic = Fused.of(x -> x.mul(-1.25).add(0.5).add(x.pow(2).mul(0.75)).add(x.pow(3).mul(0.125)));
        // pow in double, no exp or sigmoid: float32 runs on half-width vectors (one double vector each)
        Fused half = Fused.of((x, y) -> x.pow(3).mul(y.relu()).add(y.pow(-2)).sub(x.pow(4).mul(0.5))
                .add(x.pow(-1).mul(y.pow(0))).maximum(y.pow(1).neg()).div(x.square().add(1)).minimum(y.abs().sqrt()));
        for (int n : new int[] {5, 129, 257, 263, 264, 265, 271, 272, 273, 287, 288, 289, 2047, 2048, 2049, 65551, 200_003}) {
            try (MemoryScope s = Memory.scope()) {
                // views into larger (natively stored) tensors, at element offsets 7 and 1000
                Tensor x = data(n + 1000, t, d, 2 * n).narrow(0, 7, n);
                Tensor y = data(n + 1000, t, d, 2 * n + 1).narrow(0, 1000, n);
                assertBits(te.apply(x, y), f.apply(x, y), loose(d, "sigmoid"), "register chain n=" + n);
                assertBits(x.mul(y).add(0.5).sub(x.square().mul(0.125)).maximum(y.neg()).div(y.abs().add(1))
                        .rdiv(-0.75).minimum(x.sqrt()).add(y.relu()).rsub(2).maximum(x).sub(y), g.apply(x, y), false,
                        "plain chain n=" + n);
                assertBits(x.mul(-1.25).add(0.5).add(x.pow(2).mul(0.75)).add(x.pow(3).mul(0.125)), cubic.apply(x),
                        false, "cubic n=" + n);
                assertBits(x.pow(3).mul(y.relu()).add(y.pow(-2)).sub(x.pow(4).mul(0.5)).add(x.pow(-1).mul(y.pow(0)))
                        .maximum(y.pow(1).neg()).div(x.square().add(1)).minimum(y.abs().sqrt()), half.apply(x, y), false,
                        "half-width chain n=" + n);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("devicesAndDtypes")
    void broadcastingAndStridedInputs(Device d, DType t) {
        Fused f = Fused.of(3, v -> v[0].mul(v[1]).add(v[2].exp()).sub(v[0]));
        BiFunction<Tensor[], Boolean, Tensor> eager = (v, unused) -> v[0].mul(v[1]).add(v[2].exp()).sub(v[0]);
        try (MemoryScope s = Memory.scope()) {
            Tensor big = data(3 * 70 * 400, t, d, 5).reshape(3, 70, 400);
            Tensor[][] cases = {
                {big, data(400, t, d, 6), data(70, t, d, 7).reshape(70, 1)},              // rows and columns
                {big.transpose(1, 2).transpose(1, 2), big.transpose(0, 2).permute(2, 1, 0), big},
                {big.narrow(2, 3, 390), data(70 * 390, t, d, 8).reshape(70, 390), Tensor.scalar(0.5, t).to(d)},
                {big.transpose(0, 1), data(3, t, d, 9).reshape(1, 3, 1), data(1, t, d, 10).expand(70, 3, 400)},
                {data(1, t, d, 11), data(1, t, d, 12).reshape(1, 1), data(5, t, d, 13)},
            };
            for (Tensor[] c : cases) {
                String ctx = Arrays.toString(Stream.of(c).map(x -> Arrays.toString(x.shape())).toArray());
                assertBits(eager.apply(c, true), f.apply(c), false, ctx);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("devicesAndDtypes")
    void emptyAndZeroDimTensors(Device d, DType t) {
        Fused f = Fused.of((x, y) -> x.mul(y).add(1));
        try (MemoryScope s = Memory.scope()) {
            Tensor e = Tensor.zeros(t, d, 0, 3);
            Tensor r = f.apply(e, Tensor.zeros(t, d, 3));
            assertArrayEquals(new int[] {0, 3}, r.shape());
            assertEquals(t, r.dtype());
            Tensor a = Tensor.scalar(1.5, t).to(d);
            Tensor b = Tensor.scalar(-3, t).to(d);
            Tensor z = f.apply(a, b);
            assertArrayEquals(new int[0], z.shape());
            assertEquals(-3.5, z.toDoubleArray()[0]);
            // Identity: a program whose result is an input copies it.
            Tensor x = data(300, t, d, 4).reshape(3, 100).t();
            assertBits(x.clone(), Fused.of(v -> v).apply(x), false, "identity");
            assertEquals(d, Fused.of(v -> v).apply(x).device());
        }
    }

    /** The benchmark's cubic against a float64 reference computed in Java. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("devicesAndDtypes")
    void cubicChainAgainstFloat64Reference(Device d, DType t) {
        double a = 0.5;
        double b = -1.25;
        double c = 0.75;
        double dd = 0.125;
        Fused cubic = Fused.of(x -> x.mul(b).add(a).add(x.pow(2).mul(c)).add(x.pow(3).mul(dd)));
        int n = 100_003;
        try (MemoryScope s = Memory.scope()) {
            Tensor x = Tensor.linspace(-3, 3, n, DType.FLOAT64).to(t).to(d);
            double[] xs = x.toDoubleArray();
            double[] y = cubic.apply(x).toDoubleArray();
            double tol = t == DType.FLOAT32 ? 1e-5 : 1e-13;
            for (int i = 0; i < n; i++) {
                double v = xs[i];
                double ref = a + b * v + c * v * v + dd * v * v * v;
                assertEquals(ref, y[i], tol * Math.max(1, Math.abs(ref)), "x=" + v);
            }
            Tensor eager = x.mul(b).add(a).add(x.pow(2).mul(c)).add(x.pow(3).mul(dd));
            assertBits(eager, cubic.apply(x), false, "cubic vs eager");
        }
    }

    @Test
    void commonSubexpressionsAreComputedOnce() {
        Fused f = Fused.of(x -> x.exp().add(x.exp()).mul(x.exp().add(x.exp())));
        FusedProgram p = f.program();
        assertEquals(4, p.size(), p.toString());
        assertEquals("v0 = in0; v1 = exp(v0); v2 = add(v1, v1); v3 = mul(v2, v2);", p.toString());
        assertEquals(Fused.of(x -> x.exp().add(x.exp()).mul(x.exp().add(x.exp()))), f);
        assertEquals(Expr.var(0).pow(2), Expr.var(0).square());
        assertTrue(f.toString().contains("mul(add(exp(x0), exp(x0))"), f.toString());
    }

    @Test
    void errorsNameFusedShapesAndDtypes() {
        Fused two = Fused.of((x, y) -> x.add(y));
        Tensor f32 = Tensor.zeros(DType.FLOAT32, 2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> two.apply(f32));
        assertTrue(e.getMessage().startsWith("fused: expected 2 inputs"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> two.apply(f32, Tensor.zeros(DType.FLOAT32, 4)));
        assertTrue(e.getMessage().contains("fused: shapes") && e.getMessage().contains("[2, 3]")
                && e.getMessage().contains("cannot be broadcast"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> two.apply(f32, Tensor.zeros(DType.FLOAT64, 3)));
        assertTrue(e.getMessage().contains("fused") && e.getMessage().contains("float64")
                && e.getMessage().contains("float32"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Fused.of(x -> x.neg()).apply(Tensor.zeros(DType.INT64, 3)));
        assertTrue(e.getMessage().contains("fused") && e.getMessage().contains("int64"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Fused.of(1, Expr.var(0).add(Expr.var(1))));
        assertTrue(e.getMessage().contains("fused: the expression uses input x1"), e.getMessage());
        assertThrows(NullPointerException.class, () -> Fused.of(x -> null));
        assertThrows(IllegalArgumentException.class, () -> Expr.var(-1));
        Tensor closed = Tensor.zeros(DType.FLOAT32, 2);
        closed.close();
        IllegalStateException released = assertThrows(IllegalStateException.class,
                () -> Fused.of(x -> x.neg()).apply(closed));
        assertTrue(released.getMessage().startsWith("fused: "), released.getMessage());
        for (Device d : DevicesUnderTest.available()) {
            if (!d.equals(Device.CPU)) {
                Tensor g = Tensor.zeros(DType.FLOAT32, d, 2, 3);
                e = assertThrows(IllegalArgumentException.class, () -> two.apply(f32, g));
                assertTrue(e.getMessage().contains("fused") && e.getMessage().contains(d.toString()),
                        e.getMessage());
            }
        }
    }
}
