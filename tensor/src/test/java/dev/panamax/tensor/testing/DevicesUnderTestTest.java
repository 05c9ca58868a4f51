package dev.panamax.tensor.testing;

import dev.panamax.tensor.Device;
import dev.panamax.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reports each candidate device as run or skipped (with the reason) in the test results. */
class DevicesUnderTestTest {

    static Iterable<Device> candidates() {
        return DevicesUnderTest.CANDIDATES;
    }

    @ParameterizedTest(name = "device {0}")
    @MethodSource("candidates")
    void deviceRunsOrIsSkippedWithAReason(Device d) {
        String reason = DevicesUnderTest.skipped().get(d);
        if (reason != null) {
            assertFalse(DevicesUnderTest.required().contains(d),
                    d + " is required by panamax.test.requireDevices but unavailable: " + reason);
            assertFalse(reason.isBlank(), "a skipped device must say why");
            Assumptions.abort("SKIPPED " + d + ": " + reason);
        }
        Tensor t = Tensor.of(new double[] {1, 2, 3}).to(d);
        assertEquals(d, t.device());
        assertArrayEquals(new double[] {2, 4, 6}, t.mul(2).toDoubleArray());
    }

    @Test
    void cpuIsAlwaysUnderTest() {
        assertTrue(DevicesUnderTest.available().contains(Device.CPU));
        assertEquals(DevicesUnderTest.CANDIDATES.size(),
                DevicesUnderTest.available().size() + DevicesUnderTest.skipped().size());
    }
}
