package dev.panamax.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PyReprTest {

    @Test
    void matchesPythonOnTypicalValues() {
        assertEquals("0.0", PyRepr.format(0.0));
        assertEquals("-0.0", PyRepr.format(-0.0));
        assertEquals("1.0", PyRepr.format(1.0));
        assertEquals("0.1", PyRepr.format(0.1));
        assertEquals("1e-05", PyRepr.format(1e-5));
        assertEquals("0.0001", PyRepr.format(1e-4));
        assertEquals("1e-06", PyRepr.format(1e-6));
        assertEquals("28939368.090465397", PyRepr.format(2.8939368090465397E7));
        assertEquals("1000000000000000.0", PyRepr.format(1e15));
        assertEquals("1e+16", PyRepr.format(1e16));
        assertEquals("1.5e+300", PyRepr.format(1.5e300));
        assertEquals("-2.5e-07", PyRepr.format(-2.5e-7));
        assertEquals("5e-324", PyRepr.format(Double.MIN_VALUE));
        assertEquals("1.7976931348623157e+308", PyRepr.format(Double.MAX_VALUE));
        assertEquals("nan", PyRepr.format(Double.NaN));
        assertEquals("inf", PyRepr.format(Double.POSITIVE_INFINITY));
        assertEquals("-inf", PyRepr.format(Double.NEGATIVE_INFINITY));
    }

    @Test
    void matchesEveryPythonProducedCase() {
        String[] lines = Fixtures.text("fixtures/pyrepr_cases.txt").split("\n");
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.split(" ", 2);
            double v = Double.longBitsToDouble(Long.parseUnsignedLong(parts[0], 16));
            String got = PyRepr.format(v);
            if (!got.equals(parts[1])) {
                failures.add(parts[0] + ": Python " + parts[1] + ", PyRepr " + got);
            }
            checked++;
        }
        assertTrue(checked > 900, "too few cases: " + checked);
        assertEquals(List.of(), failures);
    }
}
