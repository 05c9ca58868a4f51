package dev.panamax.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamax.autograd.GradTable.Domain;
import dev.panamax.autograd.GradTable.Entry;
import dev.panamax.autograd.GradTable.Input;
import dev.panamax.tensor.Device;
import dev.panamax.tensor.Generator;
import dev.panamax.tensor.testing.DevicesUnderTest;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Finite-difference checks of every {@link GradTable} entry on every available device (the CPU, and cuda:0
 * over cuda-sim in the build), and the table's completeness.
 */
class GradTableTest {

    /**
     * Public methods of {@link Variable} returning a variable that are not differentiable ops: they
     * create leaves, drop the graph, or write in place without recording.
     */
    private static final Set<String> NOT_OPS = Set.of(
            "of(Tensor)",               // creates a leaf
            "parameter(Tensor)",        // creates a leaf
            "detach()",                 // cuts the graph by design
            "requiresGrad(boolean)",    // flag setter on a leaf, returns this
            "sub_(Tensor)",             // in place, not recorded
            "add_(Tensor)",             // in place, not recorded
            "add_(Tensor,double)",      // in place, not recorded
            "mul_(double)",             // in place, not recorded
            "copy_(Tensor)");           // in place, not recorded

    /** Entries that cannot run on a device, with the reason; listed here so that they are never skipped silently. */
    static final Map<Device, Map<String, String>> UNSUPPORTED = Map.of();

    /** The devices the table runs on (every available backend; see {@link DevicesUnderTest}). */
    private static Stream<Device> devices() {
        return DevicesUnderTest.available().stream();
    }

    /** One container per device, holding one test per entry (an unsupported one must fail as listed). */
    private static Stream<DynamicNode> perDevice(Function<Device, java.util.function.Consumer<Entry>> check) {
        return devices().map(d -> DynamicContainer.dynamicContainer(d.toString(), GradTable.ENTRIES.stream()
                .map(e -> DynamicTest.dynamicTest(e.name(), () -> {
                    String reason = UNSUPPORTED.getOrDefault(d, Map.of()).get(e.name());
                    if (reason == null) {
                        check.apply(d).accept(e);
                    } else {
                        RuntimeException x = assertThrows(RuntimeException.class, () -> check.apply(d).accept(e),
                                e.name() + " is listed as unsupported on " + d + " (" + reason + ") but runs");
                        System.out.println("UNSUPPORTED on " + d + ": " + e.name() + ": " + reason + " (" + x + ")");
                    }
                }))));
    }

    @TestFactory
    Stream<DynamicNode> gradcheck() {
        return perDevice(d -> e -> {
            Variable[] in = GradTable.inputs(e, Generator.numpy(1000 + GradTable.ENTRIES.indexOf(e)), d);
            Gradcheck.Result r = Gradcheck.check(e.f(), in);
            assertTrue(r.passed(), () -> e.name() + " on " + d + ": " + r.detail());
        });
    }

    @TestFactory
    Stream<DynamicNode> gradientsHaveTheInputShapesAndDevice() {
        return perDevice(d -> e -> {
            Variable[] in = GradTable.inputs(e, Generator.numpy(7), d);
            Variable out = e.f().apply(in);
            assertTrue(out.requiresGrad(), e.name() + " should record a graph");
            assertEquals(d, out.device(), e.name());
            out.sum().backward();
            for (int i = 0; i < in.length; i++) {
                assertTrue(in[i].grad() != null, e.name() + ": input " + i + " got no gradient");
                assertEquals(Arrays.toString(in[i].shape()), Arrays.toString(in[i].grad().shape()));
                assertEquals(d, in[i].grad().device(), e.name() + ": input " + i + "'s gradient");
            }
        });
    }

    @Test
    void gradientsAgreeAcrossDevices() {
        // Beyond each device passing its own gradcheck: the same inputs give the CPU's gradients.
        for (Device d : devices().filter(d -> !d.equals(Device.CPU)).toList()) {
            for (Entry e : GradTable.ENTRIES) {
                if (UNSUPPORTED.getOrDefault(d, Map.of()).containsKey(e.name())) {
                    continue;
                }
                Variable[] cpu = GradTable.inputs(e, Generator.numpy(11), Device.CPU);
                Variable[] dev = GradTable.inputs(e, Generator.numpy(11), d);
                e.f().apply(cpu).sum().backward();
                e.f().apply(dev).sum().backward();
                for (int i = 0; i < cpu.length; i++) {
                    double[] x = cpu[i].grad().toDoubleArray();
                    double[] y = dev[i].grad().toDoubleArray();
                    for (int k = 0; k < x.length; k++) {
                        assertEquals(x[k], y[k], 1e-12 * (1 + Math.abs(x[k])),
                                e.name() + " on " + d + ": input " + i + " element " + k);
                    }
                }
            }
        }
    }

    @Test
    void requiredDevicesRan() {
        for (Device d : DevicesUnderTest.required()) {
            assertTrue(DevicesUnderTest.available().contains(d), d + " is required (panamax.test.requireDevices) but "
                    + "was skipped: " + DevicesUnderTest.skipped().get(d));
        }
        for (Device d : UNSUPPORTED.keySet()) {
            assertTrue(GradTable.ENTRIES.stream().map(Entry::name).collect(Collectors.toSet())
                    .containsAll(UNSUPPORTED.get(d).keySet()), "stale UNSUPPORTED entry for " + d);
        }
    }

    static String signature(Method m) {
        return m.getName() + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName)
                .collect(Collectors.joining(",", "(", ")"));
    }

    static Set<String> publicOps() {
        Set<String> ops = new TreeSet<>();
        for (Method m : Variable.class.getDeclaredMethods()) {
            Class<?> r = m.getReturnType();
            if (Modifier.isPublic(m.getModifiers()) && (r == Variable.class || r == Variable.Extremes.class)) {
                ops.add(signature(m));
            }
        }
        return ops;
    }

    @Test
    void everyPublicOpHasAnEntry() {
        Set<String> covered = GradTable.ENTRIES.stream().map(Entry::op).collect(Collectors.toSet());
        Set<String> missing = new TreeSet<>(publicOps());
        missing.removeAll(NOT_OPS);
        missing.removeAll(covered);
        assertEquals(Set.of(), missing, "public ops of Variable with no GradTable entry");
    }

    @Test
    void entriesNameRealOpsAndNonOpsExist() {
        Set<String> ops = publicOps();
        for (Entry e : concat()) {
            assertTrue(ops.contains(e.op()), e.name() + " claims to cover " + e.op() + ", not a public op");
        }
        for (String x : NOT_OPS) {
            assertTrue(ops.contains(x), "stale exclusion " + x);
        }
    }

    @Test
    void namesAreUniqueAndInputsWellFormed() {
        Set<String> names = new HashSet<>();
        for (Entry e : concat()) {
            assertTrue(names.add(e.name()), "duplicate entry " + e.name());
            assertTrue(!e.inputs().isEmpty(), e.name());
            for (Input in : e.inputs()) {
                boolean fixed = in.domain() == Domain.FIXED;
                assertEquals(fixed, GradTable.TIES.contains(e), e.name() + ": fixed inputs are for ties only");
                if (fixed) {
                    assertEquals(Arrays.stream(in.shape()).reduce(1, (x, y) -> x * y), in.values().length, e.name());
                }
            }
        }
    }

    @Test
    void awayInputsKeepTheirDistanceFromKinks() {
        double[] x = GradTable.awayFromKinks(new double[] {-1.01, -0.5, 0.0, 0.049, 0.51, 0.97, 3});
        for (double v : x) {
            for (double k : GradTable.KINKS) {
                assertTrue(Math.abs(v - k) >= GradTable.KINK_MARGIN - 1e-15, v + " is near " + k);
            }
        }
        assertEquals(3, x[6]);
    }

    private static List<Entry> concat() {
        return Stream.concat(GradTable.ENTRIES.stream(), GradTable.TIES.stream()).toList();
    }
}
