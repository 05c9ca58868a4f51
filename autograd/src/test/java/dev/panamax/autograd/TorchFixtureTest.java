package dev.panamax.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.panamax.autograd.GradTable.Domain;
import dev.panamax.autograd.GradTable.Entry;
import dev.panamax.autograd.GradTable.Input;
import dev.panamax.tensor.Device;
import dev.panamax.tensor.Tensor;
import dev.panamax.tensor.testing.DevicesUnderTest;
import dev.panamax.tensor.testing.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every {@link GradTable} entry (ties included) on the inputs PyTorch used, recorded in
 * {@code fixtures/torch_grads.json} by {@code src/test/python/make_torch_fixtures.py}: forward values
 * must agree to a relative 1e-12, the gradients of {@code sum(output * weights)} to 1e-10.
 */
class TorchFixtureTest {

    private static final double FORWARD_RTOL = 1e-12;
    private static final double GRAD_RTOL = 1e-10;
    private static final double ATOL = 1e-12;

    private static final Map<String, Object> CASES = load();

    private static Map<String, Object> load() {
        Map<String, Object> byName = new LinkedHashMap<>();
        for (Object c : (List<?>) Json.get(Json.resource(TorchFixtureTest.class, "/fixtures/torch_grads.json"),
                "cases")) {
            byName.put((String) Json.get(c, "name"), c);
        }
        return byName;
    }

    private static List<Entry> table() {
        return Stream.concat(GradTable.ENTRIES.stream(), GradTable.TIES.stream()).toList();
    }

    @Test
    void fixturesAndTableHaveTheSameEntries() {
        List<String> names = table().stream().map(Entry::name).toList();
        Set<String> missing = new TreeSet<>(names);
        missing.removeAll(CASES.keySet());
        Set<String> extra = new TreeSet<>(CASES.keySet());
        extra.removeAll(names);
        assertEquals(Set.of(), missing, "GradTable entries with no fixture; add them to make_torch_fixtures.py");
        assertEquals(Set.of(), extra, "fixtures with no GradTable entry");
        // the script draws inputs in table order: the same order keeps the two tables easy to compare
        assertEquals(names, List.copyOf(CASES.keySet()), "make_torch_fixtures.py lists the entries in another order");
    }

    @TestFactory
    Stream<DynamicNode> matchesPyTorch() {
        return DevicesUnderTest.available().stream().map(d -> DynamicContainer.dynamicContainer(d.toString(),
                table().stream().map(e -> DynamicTest.dynamicTest(e.name(), () -> replay(e, d)))));
    }

    private static void replay(Entry e, Device device) {
        Object c = CASES.get(e.name());
        assertNotNull(c, "no fixture for " + e.name() + "; rerun make_torch_fixtures.py");
        List<?> inputs = (List<?>) Json.get(c, "inputs");
        assertEquals(e.inputs().size(), inputs.size(), e.name() + ": input count");
        Variable[] in = new Variable[inputs.size()];
        for (int i = 0; i < in.length; i++) {
            Input spec = e.inputs().get(i);
            int[] shape = Json.ints(Json.get(inputs.get(i), "shape"));
            double[] data = Json.doubles(Json.get(inputs.get(i), "data"));
            assertArrayEquals(spec.shape(), shape, e.name() + ": input " + i + " shape differs from the table");
            if (spec.domain() == Domain.FIXED) {
                assertArrayEquals(spec.values(), data, e.name() + ": fixed input " + i + " differs from the table");
            } else if (spec.domain() == Domain.POSITIVE) {
                assertTrue(Stream.of(data).flatMapToDouble(java.util.Arrays::stream).allMatch(x -> x >= 0.5),
                        e.name() + ": positive input " + i);
            }
            in[i] = Variable.parameter(Tensor.of(data).reshape(shape).to(device));
        }

        Variable out = e.f().apply(in);
        Object expectedOut = Json.get(c, "output");
        assertArrayEquals(Json.ints(Json.get(expectedOut, "shape")), out.shape(), e.name() + ": output shape");
        close(e.name() + " forward", Json.doubles(Json.get(expectedOut, "data")),
                out.data().contiguous().toDoubleArray(), FORWARD_RTOL);

        assertEquals(device, out.device(), e.name());
        Tensor weights = Tensor.of(Json.doubles(Json.get(c, "weights"))).reshape(out.shape()).to(device);
        out.mul(Variable.of(weights)).sum().backward();
        List<?> grads = (List<?>) Json.get(c, "grads");
        for (int i = 0; i < in.length; i++) {
            assertNotNull(in[i].grad(), e.name() + ": input " + i + " got no gradient");
            close(e.name() + " gradient of input " + i, Json.doubles(grads.get(i)), in[i].grad().toDoubleArray(),
                    GRAD_RTOL);
        }
    }

    private static void close(String what, double[] expected, double[] actual, double rtol) {
        assertEquals(expected.length, actual.length, what + ": element count");
        for (int k = 0; k < expected.length; k++) {
            double err = Math.abs(actual[k] - expected[k]);
            if (!(err <= ATOL + rtol * Math.abs(expected[k]))) {
                fail(what + ", element " + k + ": expected " + expected[k] + " (PyTorch) but was " + actual[k]);
            }
        }
    }
}
