package dev.panamax.tensor.testing;

import dev.panamax.tensor.Device;
import dev.panamax.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The devices that backend-parameterised tests run on: the one place that lists them.
 *
 * <p>Every candidate is probed once (a tensor is moved there and computed with); a device whose
 * backend is unavailable is skipped with the library's reason, and the outcome is printed loudly.
 * A new backend adds its device to {@link #CANDIDATES}. Setting the system property
 * {@code panamax.test.requireDevices} (for example {@code cpu,cuda:0}) turns a skip of a listed
 * device into a failure, for machines that must run it.
 */
public final class DevicesUnderTest {

    /** Every device the tests know of, in run order. */
    public static final List<Device> CANDIDATES = List.of(Device.CPU, Device.cuda(0));

    private static final List<Device> AVAILABLE = new ArrayList<>();
    private static final Map<Device, String> SKIPPED = new LinkedHashMap<>();

    static {
        for (Device d : CANDIDATES) {
            String reason = probe(d);
            if (reason == null) {
                AVAILABLE.add(d);
            } else {
                SKIPPED.put(d, reason);
            }
        }
        StringBuilder sb = new StringBuilder("\n======== Panamax backend tests: devices under test ========\n");
        for (Device d : AVAILABLE) {
            sb.append("  RUN     ").append(d)
                    .append(": ").append(d.describeBackend()).append('\n');
        }
        SKIPPED.forEach((d, r) -> sb.append("  SKIPPED ").append(d).append(": ").append(r).append('\n'));
        sb.append("============================================================");
        System.out.println(sb);
    }

    private DevicesUnderTest() {
    }

    private static String probe(Device d) {
        try (Tensor t = Tensor.ones(3).to(d); Tensor u = t.add(1)) {
            double[] v = u.toDoubleArray();
            return v.length == 3 && v[0] == 2 ? null : "a probe computation gave wrong values";
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    /** The devices whose backends are available, CPU first. */
    public static List<Device> available() {
        return List.copyOf(AVAILABLE);
    }

    /** The unavailable devices with the reason each was skipped. */
    public static Map<Device, String> skipped() {
        return Map.copyOf(SKIPPED);
    }

    /** The devices named by {@code panamax.test.requireDevices}. */
    public static Set<Device> required() {
        String p = System.getProperty("panamax.test.requireDevices", "cpu");
        Set<Device> r = new java.util.LinkedHashSet<>();
        for (String s : p.split(",")) {
            if (!s.isBlank()) {
                r.add(Device.parse(s));
            }
        }
        return r;
    }
}
