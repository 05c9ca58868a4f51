package dev.panamax.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ReportTest {

    private static Results.Score score(String benchmark, String n, String unit, double median) {
        return new Results.Score(benchmark, n, List.of(median), unit, "JVM");
    }

    private static Report report() {
        Results results = new Results(Map.of(
                "panamax", List.of(
                        score("dev.panamax.bench.PanamaxGemm.sgemm", "1024", "ms/op", 10),
                        score("dev.panamax.bench.MemoryCopy.memcpy", "16777216", "us/op", 4000),
                        score("dev.panamax.bench.PanamaxElementwise.add", "16777216", "us/op", 5000),
                        score("dev.panamax.bench.PanamaxOverhead.addOutOfPlace", "", "ns/op", 250),
                        score("dev.panamax.bench.PanamaxLoops.cubic", "", "ms/op", 50)),
                "openblas", List.of(score("dev.panamax.bench.openblas.OpenBlasGemm.sgemm", "1024", "ms/op", 5)),
                "pytorch", List.of(score("dev.panamax.bench.pytorch.TorchLoops.cubic", "", "ms/op", 200))));
        Properties run = new Properties();
        run.setProperty("cpu.model", "Test CPU");
        run.setProperty("cpu.cores", "2");
        run.setProperty("mode", "quick");
        Properties probe = new Properties();
        probe.setProperty("version", "9.9");
        probe.setProperty("threads.reported", "2");
        return new Report(results, run, Map.of("panamax", probe));
    }

    @Test
    void ratiosArePanamaxSpeedOverTheOthers() {
        Report r = report();
        assertEquals(0.5, r.speedRatio("sgemm", "1024", "openblas").orElseThrow(), 1e-12);
        assertEquals(4.0, r.speedRatio("cubic", "", "pytorch").orElseThrow(), 1e-12);
        assertTrue(r.speedRatio("cubic", "", "nd4j").isEmpty());
    }

    @Test
    void bandwidthCountsBytesReadAndWritten() {
        Report r = report();
        // memcpy: 8 bytes per element; add: 12.
        assertEquals(8.0 * 16777216 / 4000e-6 / 1e9, r.bandwidth("panamax", "memcpy", "16777216").orElseThrow(), 1e-9);
        assertEquals(12.0 * 16777216 / 5000e-6 / 1e9, r.bandwidth("panamax", "add", "16777216").orElseThrow(), 1e-9);
    }

    @Test
    void rendersTargetsAndTables() {
        String md = report().render();
        assertTrue(md.contains("| SGEMM N=1024 ≥ 0.9× OpenBLAS | 0.500× | **no** |"), md);
        assertTrue(md.contains("| cubic loop ≥ 5× PyTorch | 4.00× | **no** |"), md);
        assertTrue(md.contains("| per-op overhead out of place ≤ 300 ns | 250 ns | yes |"), md);
        // add moves 40.3 GB/s against a copy at 33.6 GB/s.
        assertTrue(md.contains("| add, 16M floats, ≥ 0.8× the copy bandwidth | 1.20× | yes |"), md);
        assertTrue(md.contains("| 1024 | 215 | 429 |"), md);
        assertTrue(md.contains("Test CPU, 2 cores"), md);
    }

    @Test
    void formatsThreeSignificantDigits() {
        assertEquals("1234", Report.fmt(1234.4));
        assertEquals("12.3", Report.fmt(12.34));
        assertEquals("1.23", Report.fmt(1.234));
        assertEquals("0.123", Report.fmt(0.1234));
        assertEquals("—", Report.fmt(Double.NaN));
    }
}
