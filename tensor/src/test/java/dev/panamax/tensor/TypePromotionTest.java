package dev.panamax.tensor;

import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The result dtypes Panamax promises, written out case by case (the op table checks the same rules
 * through its reference on every binary op). These are PyTorch's rules, checked against PyTorch
 * 2.13, except where noted:
 *
 * <ul>
 *   <li>{@code float32 tensor + double -> float32}: a Python/Java scalar never widens a float tensor.</li>
 *   <li>{@code int64 tensor + 2.5 -> float32}: a fractional scalar lifts integers to the default float.</li>
 *   <li>{@code int64 tensor + 2.0 -> int64}: Panamax reads an integral double as Python reads an {@code int}
 *       (PyTorch would give float32 for the Python float {@code 2.0}; Java has one scalar type).</li>
 *   <li>{@code int64 tensor + 0-d float64 -> float64}: a 0-d tensor of a higher category decides.</li>
 *   <li>{@code float32 tensor + 0-d float64 -> float32}: a 0-d tensor of the same category does not.</li>
 *   <li>{@code float32 + float64} (both with dims) {@code -> float64}; {@code int64 + float32 -> float32}.</li>
 *   <li>{@code div} of integers is true division: float32. Comparisons give bool.</li>
 *   <li>{@code float32.pow(int64 tensor) -> float32}; {@code int64.pow(3.0) -> int64}; {@code int64.pow(-1.0)} and
 *       {@code int64.pow(0.5) -> float32}.</li>
 *   <li>Float functions of int64 (exp, log, softmax, logsumexp, ...) give float32; abs, neg, relu keep int64.</li>
 *   <li>{@code sum} of bool is int64. In place, the result is cast to the receiver when the category does not
 *       rise ({@code float32.add_(float64)} is allowed, {@code int64.add_(float32)} is refused).</li>
 *   <li>Panamax promotes mixed float operands of {@code matmul} (PyTorch refuses them).</li>
 * </ul>
 */
class TypePromotionTest {

    private static Tensor f32() {
        return Tensor.of(new float[] {1, 2});
    }

    private static Tensor f64() {
        return Tensor.of(new double[] {1, 2});
    }

    private static Tensor i64() {
        return Tensor.of(new long[] {1, 2});
    }

    private static Tensor b() {
        return Tensor.of(new boolean[] {true, false});
    }

    private static Arguments rule(String name, DType expected, Supplier<Tensor> op) {
        return Arguments.of(name, expected, op);
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                rule("float32 + double", DType.FLOAT32, () -> f32().add(2.5)),
                rule("float64 * double", DType.FLOAT64, () -> f64().mul(0.1)),
                rule("int64 + fractional double", DType.FLOAT32, () -> i64().add(2.5)),
                rule("int64 * 0.5", DType.FLOAT32, () -> i64().mul(0.5)),
                rule("int64 + integral double", DType.INT64, () -> i64().add(2.0)),
                rule("int64 rsub integral double", DType.INT64, () -> i64().rsub(5)),
                rule("bool + double", DType.FLOAT32, () -> b().add(1.0)),
                rule("int64 + 0-d float64", DType.FLOAT64, () -> i64().add(Tensor.scalar(2, DType.FLOAT64))),
                rule("0-d float64 + int64", DType.FLOAT64, () -> Tensor.scalar(2, DType.FLOAT64).add(i64())),
                rule("float32 + 0-d float64", DType.FLOAT32, () -> f32().add(Tensor.scalar(2, DType.FLOAT64))),
                rule("float32 + 0-d int64", DType.FLOAT32, () -> f32().add(Tensor.scalar(2, DType.INT64))),
                rule("bool + 0-d int64", DType.INT64, () -> b().add(Tensor.scalar(3, DType.INT64))),
                rule("0-d float32 + 0-d float64", DType.FLOAT64,
                        () -> Tensor.scalar(1).add(Tensor.scalar(1, DType.FLOAT64))),
                rule("float32 + float64", DType.FLOAT64, () -> f32().add(f64())),
                rule("int64 + float32", DType.FLOAT32, () -> i64().add(f32())),
                rule("int64 / int64", DType.FLOAT32, () -> i64().div(i64())),
                rule("int64 / double", DType.FLOAT32, () -> i64().div(2)),
                rule("double / int64", DType.FLOAT32, () -> i64().rdiv(2)),
                rule("bool / bool", DType.FLOAT32, () -> b().div(b())),
                rule("int64 < double", DType.BOOL, () -> i64().lt(1.5)),
                rule("float32 == int64", DType.BOOL, () -> f32().eq(i64())),
                rule("float32 pow int64 tensor", DType.FLOAT32, () -> f32().pow(i64())),
                rule("int64 pow 0-d float32", DType.FLOAT32, () -> i64().pow(Tensor.scalar(2))),
                rule("int64 pow 3.0", DType.INT64, () -> i64().pow(3)),
                rule("int64 pow 2.0", DType.INT64, () -> i64().pow(2)),
                rule("int64 pow -1.0", DType.FLOAT32, () -> i64().pow(-1)),
                rule("int64 pow 0.5", DType.FLOAT32, () -> i64().pow(0.5)),
                rule("exp of int64", DType.FLOAT32, () -> i64().exp()),
                rule("abs of int64", DType.INT64, () -> i64().abs()),
                rule("logsumexp of int64", DType.FLOAT32, () -> i64().logsumexp(0, false)),
                rule("softmax of int64", DType.FLOAT32, () -> i64().softmax(0)),
                rule("sum of bool", DType.INT64, () -> b().sum()),
                rule("sum of int64", DType.INT64, () -> i64().sum(0, true)),
                rule("clamp int64 to integral bounds", DType.INT64, () -> i64().clamp(0, 1)),
                rule("clamp int64 to a fractional bound", DType.FLOAT32, () -> i64().clamp(0, 1.5)),
                rule("where int64 : 0-d float64", DType.FLOAT64,
                        () -> Tensor.where(b(), i64(), Tensor.scalar(2.5, DType.FLOAT64))),
                rule("matmul float32 . float64", DType.FLOAT64, () -> f32().matmul(f64())),
                rule("outer int64 x float32", DType.FLOAT32, () -> i64().outer(f32())),
                rule("float32 add_ float64", DType.FLOAT32, () -> f32().add_(f64())),
                rule("float64 mul_ int64", DType.FLOAT64, () -> f64().mul_(i64())),
                rule("int64 add_ bool", DType.INT64, () -> i64().add_(b())));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("rules")
    void resultDtype(String name, DType expected, Supplier<Tensor> op) {
        assertEquals(expected, op.get().dtype(), name);
    }

    @Test
    void promotedValuesAreComputedInTheResultDtype() {
        assertArrayEquals(new double[] {0.5, 1}, i64().div(2).toDoubleArray());
        assertArrayEquals(new long[] {3, 4}, i64().add(2.0).toLongArray());
        assertArrayEquals(new long[] {1, 8}, i64().pow(3).toLongArray());
        assertArrayEquals(new double[] {1, 0.5}, i64().pow(-1).toDoubleArray());
        // float32 + 0-d float64 is computed in float32: 0.1 is rounded to float32 first
        assertEquals((double) (1f + 0.1f), f32().add(Tensor.scalar(0.1, DType.FLOAT64)).toDoubleArray()[0]);
        assertEquals(1, Tensor.of(new float[] {0.1f}).eq(0.1).toLongArray()[0], "0.1 is compared as float32");
    }

    @Test
    void castsThatWouldLoseTheCategoryAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> i64().add_(f32()));
        assertTrue(e.getMessage().contains("add_") && e.getMessage().contains("can't be cast"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> i64().div_(i64()));
        assertThrows(IllegalArgumentException.class, () -> i64().mul_(0.5));
        assertThrows(IllegalArgumentException.class, () -> b().add_(i64()));
        assertThrows(IllegalArgumentException.class, () -> i64().mean());
        assertThrows(UnsupportedOperationException.class, () -> b().add(b()));
        assertThrows(UnsupportedOperationException.class, () -> i64().matmul(i64()));
    }
}
