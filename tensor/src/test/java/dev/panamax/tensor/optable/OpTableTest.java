package dev.panamax.tensor.optable;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.Device;
import dev.panamax.tensor.Memory;
import dev.panamax.tensor.MemoryScope;
import dev.panamax.tensor.Tensor;
import dev.panamax.tensor.testing.DevicesUnderTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs every {@link OpTable} entry on every device under test: values, shape and dtype against the
 * reference; storage sharing; inputs left untouched; non-contiguous inputs against contiguous
 * copies; bad inputs rejected with messages naming the op and shapes; released inputs rejected.
 */
class OpTableTest {

    /** One op on one sample in one dtype on one device. */
    record Case(Device device, OpInfo op, DType dtype, Sample sample) {
        @Override
        public String toString() {
            return device + " | " + op.signature() + " | " + dtype.pyName() + " | " + sample;
        }
    }

    /** One bad input of one op on one device. */
    record BadCase(Device device, OpInfo op, ErrorCase error) {
        @Override
        public String toString() {
            return device + " | " + op.signature() + " | " + error;
        }
    }

    static Stream<Case> cases() {
        List<Device> devices = DevicesUnderTest.available();
        return devices.stream().flatMap(d -> OpTable.all().stream().flatMap(op -> op.dtypes().stream()
                .flatMap(t -> op.samples().apply(t).stream().map(s -> new Case(d, op, t, s)))));
    }

    static Stream<Case> nonContiguousCases() {
        return cases().filter(c -> c.sample().hasNonContiguousArg());
    }

    static Stream<BadCase> badCases() {
        return DevicesUnderTest.available().stream().flatMap(d -> OpTable.all().stream()
                .flatMap(op -> op.errors().stream().map(e -> new BadCase(d, op, e))));
    }

    /** The first sample of every op with a non-empty first input, for the released-input check. */
    static Stream<Case> firstCases() {
        List<Case> l = new ArrayList<>();
        for (Device d : DevicesUnderTest.available()) {
            for (OpInfo op : OpTable.all()) {
                DType t = op.dtypes().iterator().next();
                op.samples().apply(t).stream().filter(s -> !s.hasEmptyArg()).findFirst()
                        .ifPresent(s -> l.add(new Case(d, op, t, s)));
            }
        }
        return l.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesReference(Case c) {
        String ctx = c.toString();
        MemoryScope scope = Memory.scope();
        try {
            Tensor[] in = c.sample().build(c.device());
            double[][] before = new double[in.length][];
            long[] versions = new long[in.length];
            for (int i = 0; i < in.length; i++) {
                before[i] = Check.values(in[i]);
                versions[i] = in[i].version();
            }
            Tensor[] out = c.op().op().apply(in, c.sample());
            Ref[] ref = c.op().ref().apply(c.sample().refs(), c.sample());
            assertEquals(ref.length, out.length, ctx + ": number of results");
            for (int i = 0; i < out.length; i++) {
                assertNotNull(out[i], ctx + ": result " + i);
                assertEquals(c.device(), out[i].device(), ctx + ": result device");
                Check.matches(ref[i], out[i], c.op().tolerance(), ctx + (out.length > 1 ? " result " + i : ""));
            }
            checkAlias(c, in, out[0]);
            // Inputs other than an in-place receiver (and views of it) must be left untouched.
            boolean inPlace = c.op().alias() == OpInfo.Alias.SELF;
            for (int i = 0; i < in.length; i++) {
                if (!inPlace || (i > 0 && !in[i].sharesStorageWith(in[0]))) {
                    assertEquals(versions[i], in[i].version(), ctx + ": input " + i + " version changed");
                    Check.close(before[i], Check.values(in[i]), in[i].dtype(), 0, ctx + ": input " + i + " modified");
                }
            }
        } finally {
            scope.close();
        }
    }

    private static void checkAlias(Case c, Tensor[] in, Tensor out) {
        String ctx = c + ": storage sharing";
        switch (c.op().alias()) {
            case NEW -> {
                for (Tensor t : in) {
                    assertFalse(out.sharesStorageWith(t), ctx + ": the result must own new storage");
                }
            }
            case VIEW -> assertTrue(out.sharesStorageWith(in[0]), ctx + ": the result must be a view of the input");
            case SELF -> assertSame(in[0], out, ctx + ": an in-place op returns its receiver");
            case ANY -> {
                if (!out.sharesStorageWith(in[0])) {
                    assertTrue(out.isContiguous(), ctx + ": a copy must be contiguous");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nonContiguousCases")
    void nonContiguousInputsMatchContiguousCopies(Case c) {
        String ctx = c + ": non-contiguous vs contiguous inputs";
        MemoryScope scope = Memory.scope();
        try {
            Tensor[] strided = c.sample().build(c.device());
            Tensor[] dense = c.sample().buildContiguous(c.device());
            assertTrue(Arrays.stream(strided).anyMatch(t -> !t.isContiguous()), ctx + ": sample is not strided");
            assertTrue(Arrays.stream(dense).allMatch(Tensor::isContiguous), ctx + ": copies are not contiguous");
            Tensor[] a = c.op().op().apply(strided, c.sample());
            Tensor[] b = c.op().op().apply(dense, c.sample());
            assertEquals(b.length, a.length, ctx);
            for (int i = 0; i < a.length; i++) {
                assertEquals(b[i].dtype(), a[i].dtype(), ctx + ": dtype");
                assertEquals(Arrays.toString(b[i].shape()), Arrays.toString(a[i].shape()), ctx + ": shape");
                Check.close(Check.values(b[i]), Check.values(a[i]), a[i].dtype(), c.op().tolerance(), ctx);
            }
        } finally {
            scope.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCases")
    void rejectsBadInputs(BadCase c) {
        MemoryScope scope = Memory.scope();
        try {
            Tensor[] in = c.error().sample().build(c.device());
            RuntimeException e = assertThrows(c.error().type(), () -> c.op().op().apply(in, c.error().sample()),
                    c::toString);
            String msg = String.valueOf(e.getMessage());
            for (String f : c.error().fragments()) {
                assertTrue(msg.contains(f), c + ": message should contain '" + f + "' but was: " + msg);
            }
        } finally {
            scope.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("firstCases")
    void rejectsReleasedInputs(Case c) {
        Tensor[] in = c.sample().build(c.device());
        List<String> shapes = new ArrayList<>();
        for (Tensor t : in) {
            shapes.add(Arrays.toString(t.shape()));
            t.close();
            assertTrue(t.isReleased(), c + ": close() releases");
        }
        try {
            c.op().op().apply(in, c.sample());
            fail(c + ": an op on released tensors must throw");
        } catch (IllegalStateException e) {
            String msg = String.valueOf(e.getMessage());
            assertTrue(shapes.stream().anyMatch(msg::contains), c + ": message should name the shape: " + msg);
            assertTrue(msg.contains("released"), c + ": message should say released: " + msg);
        }
    }
}
