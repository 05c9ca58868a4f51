package dev.panamax.tensor;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Layouts: when a reshape can be a view (strides and offsets as PyTorch 2.13 computes them), when it
 * must copy (and view refuses), the version counter of in-place writes shared by all views of a
 * storage, and writes through views touching only the viewed elements.
 */
class LayoutTest {

    /** {@code arange(24).reshape(2, 3, 4)} in float64. */
    private static Tensor cube() {
        return Tensor.arange(0, 24, 1, DType.FLOAT64).reshape(2, 3, 4);
    }

    private static int[] sh(int... v) {
        return v;
    }

    /** Views PyTorch allows: source view, requested shape, its strides (size-1 dims not compared), offset. */
    static Stream<Arguments> viewable() {
        return Stream.of(
                Arguments.of("transpose(0,1) split last", (Supplier<Tensor>) () -> cube().transpose(0, 1), sh(3, 2, 2, 2),
                        sh(4, 12, 2, 1), 0),
                Arguments.of("permute(2,0,1) merge", (Supplier<Tensor>) () -> cube().permute(2, 0, 1), sh(4, 6), sh(1, 4), 0),
                Arguments.of("narrow(2,1,2) merge leading", (Supplier<Tensor>) () -> cube().narrow(2, 1, 2), sh(6, 2),
                        sh(4, 1), 1),
                Arguments.of("narrow(2,1,2) add size-1", (Supplier<Tensor>) () -> cube().narrow(2, 1, 2), sh(2, 3, 2, 1),
                        sh(12, 4, 1, 1), 1),
                Arguments.of("select(1,0) split", (Supplier<Tensor>) () -> cube().select(1, 0), sh(2, 2, 2), sh(12, 2, 1), 0),
                Arguments.of("expand split", (Supplier<Tensor>) () -> Tensor.zeros(DType.FLOAT64, 3, 1).expand(3, 4), sh(3, 2, 2),
                        sh(1, 0, 0), 0),
                Arguments.of("t() split", (Supplier<Tensor>) () -> Tensor.arange(0, 12, 1, DType.FLOAT64).reshape(3, 4).t(),
                        sh(2, 2, 3), sh(2, 1, 4), 0),
                Arguments.of("unsqueeze+transpose drop size-1", (Supplier<Tensor>) () -> cube().unsqueeze(1).transpose(0, 2),
                        sh(3, 2, 4), sh(4, 12, 1), 0),
                Arguments.of("narrow(0,1,1) flatten", (Supplier<Tensor>) () -> cube().narrow(0, 1, 1), sh(12), sh(1), 12));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("viewable")
    void viewWhenTheStridesAllow(String name, Supplier<Tensor> source, int[] shape, int[] strides, int offset) {
        Tensor t = source.get();
        Tensor v = t.view(shape);
        assertTrue(v.sharesStorageWith(t), name);
        assertArrayEquals(shape, v.shape(), name);
        int[] got = v.strides();
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] != 1) {
                assertEquals(strides[d], got[d], name + ": stride of dim " + d);
            }
        }
        assertEquals(offset, v.storageOffset(), name);
        assertArrayEquals(t.toDoubleArray(), v.toDoubleArray(), name);
        Tensor r = t.reshape(shape);
        assertTrue(r.sharesStorageWith(t), name + ": reshape views when view can");
    }

    /** Shapes PyTorch can only reach by copying. */
    static Stream<Arguments> notViewable() {
        return Stream.of(
                Arguments.of("transpose(0,1) merge", (Supplier<Tensor>) () -> cube().transpose(0, 1), sh(3, 8)),
                Arguments.of("transpose(0,1) to [6,4]", (Supplier<Tensor>) () -> cube().transpose(0, 1), sh(6, 4)),
                Arguments.of("permute flatten", (Supplier<Tensor>) () -> cube().permute(2, 0, 1), sh(24)),
                Arguments.of("narrow flatten", (Supplier<Tensor>) () -> cube().narrow(2, 1, 2), sh(12)),
                Arguments.of("select flatten", (Supplier<Tensor>) () -> cube().select(1, 0), sh(8)),
                Arguments.of("expand flatten", (Supplier<Tensor>) () -> Tensor.zeros(DType.FLOAT64, 3, 1).expand(3, 4), sh(12)),
                Arguments.of("t() flatten", (Supplier<Tensor>) () -> Tensor.arange(0, 12, 1, DType.FLOAT64).reshape(3, 4).t(),
                        sh(12)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notViewable")
    void reshapeCopiesWhenViewCannot(String name, Supplier<Tensor> source, int[] shape) {
        Tensor t = source.get();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.view(shape));
        assertTrue(e.getMessage().contains("view") && e.getMessage().contains("reshape"), e.getMessage());
        Tensor r = t.reshape(shape);
        assertFalse(r.sharesStorageWith(t), name);
        assertTrue(r.isContiguous(), name);
        assertArrayEquals(t.toDoubleArray(), r.toDoubleArray(), name);
        double[] before = t.toDoubleArray();
        r.fill_(-1);
        assertArrayEquals(before, t.toDoubleArray(), name + ": the copy is independent");
    }

    @Test
    void viewStridesAndOffsetsMatchPyTorch() {
        Tensor a = cube();
        assertArrayEquals(sh(12, 4, 1), a.narrow(1, 1, 2).strides());
        assertEquals(4, a.narrow(1, 1, 2).storageOffset());
        assertArrayEquals(sh(12, 4), a.select(2, 3).strides());
        assertEquals(3, a.select(2, 3).storageOffset());
        assertArrayEquals(sh(1, 12, 4), a.permute(2, 0, 1).strides());
        assertTrue(a.narrow(0, 1, 1).isContiguous());
        assertFalse(a.narrow(2, 1, 2).isContiguous());
        assertFalse(a.transpose(1, 2).isContiguous());
        assertTrue(a.unsqueeze(0).transpose(0, 1).isContiguous(), "size-1 dims do not break contiguity");
    }

    @Test
    void emptyTensorsAreContiguousAndTheirViewsReadable() {
        Tensor e = Tensor.zeros(DType.FLOAT64, 2, 0, 3);
        assertTrue(e.isContiguous());
        Tensor s = Tensor.zeros(DType.FLOAT64, 2, 0).select(0, 1);
        assertArrayEquals(sh(0), s.shape());
        assertEquals(0, s.toDoubleArray().length);
        assertEquals(0, s.clone().numel());
        assertEquals(0, Tensor.zeros(DType.FLOAT32, 2, 0).narrow(0, 1, 1).contiguous().numel());
    }

    /** Every in-place op, each applied to a float64 [3, 4] tensor. */
    static Stream<Arguments> inPlaceWrites() {
        List<Arguments> l = List.of(
                Arguments.of("copy_", (Consumer<Tensor>) t -> t.copy_(Tensor.ones(DType.FLOAT64, 4))),
                Arguments.of("fill_", (Consumer<Tensor>) t -> t.fill_(2)),
                Arguments.of("zero_", (Consumer<Tensor>) Tensor::zero_),
                Arguments.of("maskedFill_", (Consumer<Tensor>) t -> t.maskedFill_(t.gt(5), 0)),
                Arguments.of("add_(Tensor)", (Consumer<Tensor>) t -> t.add_(Tensor.ones(DType.FLOAT64, 3, 1))),
                Arguments.of("add_(Tensor,double)", (Consumer<Tensor>) t -> t.add_(Tensor.ones(DType.FLOAT64, 4), 3)),
                Arguments.of("sub_(Tensor)", (Consumer<Tensor>) t -> t.sub_(Tensor.scalar(1, DType.FLOAT64))),
                Arguments.of("mul_(Tensor)", (Consumer<Tensor>) t -> t.mul_(Tensor.full(2, DType.FLOAT64, 3, 4))),
                Arguments.of("div_(Tensor)", (Consumer<Tensor>) t -> t.div_(Tensor.full(2, DType.FLOAT32, 4))),
                Arguments.of("add_(double)", (Consumer<Tensor>) t -> t.add_(1)),
                Arguments.of("sub_(double)", (Consumer<Tensor>) t -> t.sub_(1)),
                Arguments.of("mul_(double)", (Consumer<Tensor>) t -> t.mul_(-1)),
                Arguments.of("div_(double)", (Consumer<Tensor>) t -> t.div_(4)));
        return l.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inPlaceWrites")
    void inPlaceWritesBumpTheVersionSharedByViews(String name, Consumer<Tensor> write) {
        Tensor base = Tensor.arange(0, 12, 1, DType.FLOAT64).reshape(3, 4);
        Tensor view = base.t();
        assertEquals(0, base.version());
        write.accept(base);
        assertEquals(1, base.version(), name);
        assertEquals(1, view.version(), name + ": a view shares the counter");
        write.accept(view.t());
        assertEquals(2, base.version(), name + ": writing through a view bumps the base");
        Tensor copy = base.clone();
        assertEquals(0, copy.version(), name + ": a clone has its own counter");
        write.accept(copy);
        assertEquals(2, base.version(), name);
    }

    @Test
    void readsAndFailedWritesLeaveTheVersionAlone() {
        Tensor t = Tensor.arange(0, 6, 1, DType.FLOAT64).reshape(2, 3);
        t.add(1);
        t.sum();
        t.reshape(3, 2);
        t.t().contiguous();
        t.to(DType.FLOAT32);
        Tensor.ones(DType.FLOAT64, 2, 3).add_(t);
        assertEquals(0, t.version(), "reads and use as an operand do not count");
        assertThrows(IllegalArgumentException.class, () -> t.add_(Tensor.ones(4)));
        assertThrows(IllegalArgumentException.class, () -> t.expand(2, 2, 3).fill_(0));
        assertEquals(0, t.version(), "rejected writes do not count");
        t.reshape(6).add_(1);
        assertEquals(1, t.version(), "a reshape that views shares the counter");
        Tensor copied = t.t().reshape(6);
        copied.add_(1);
        assertEquals(1, t.version(), "a reshape that copies does not");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inPlaceWrites")
    void writesThroughAViewTouchOnlyTheViewedElements(String name, Consumer<Tensor> write) {
        Tensor base = Tensor.arange(0, 25, 1, DType.FLOAT64).reshape(5, 5);
        Tensor view = base.narrow(1, 1, 4).narrow(0, 1, 3);        // rows 1..3, columns 1..4: [3, 4]
        Tensor expectedView = view.clone();
        write.accept(expectedView);
        write.accept(view);
        assertArrayEquals(expectedView.toDoubleArray(), view.toDoubleArray(), name);
        double[] b = base.toDoubleArray();
        double[] e = expectedView.toDoubleArray();
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                boolean inside = i >= 1 && i <= 3 && j >= 1;
                double want = inside ? e[(i - 1) * 4 + (j - 1)] : i * 5 + j;
                assertEquals(want, b[i * 5 + j], name + " at (" + i + "," + j + ")");
            }
        }
    }
}
