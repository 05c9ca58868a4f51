package dev.panamax.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsTest {

    /** The shape of JMH 1.37's {@code -rf json} output, cut down to the fields that are read. */
    static String jmhJson(String benchmark, String n, String unit, double[]... forks) {
        StringBuilder raw = new StringBuilder();
        for (double[] fork : forks) {
            if (!raw.isEmpty()) {
                raw.append(", ");
            }
            raw.append('[');
            for (int i = 0; i < fork.length; i++) {
                raw.append(i == 0 ? "" : ", ").append(fork[i]);
            }
            raw.append(']');
        }
        return """
                {
                    "jmhVersion" : "1.37",
                    "benchmark" : "%s",
                    "mode" : "avgt",
                    %s
                    "vmName" : "OpenJDK 64-Bit Server VM",
                    "vmVersion" : "25.0.3+9-LTS",
                    "primaryMetric" : {
                        "score" : 1.0,
                        "scoreError" : "NaN",
                        "scoreConfidence" : [ "NaN", "NaN" ],
                        "scoreUnit" : "%s",
                        "rawData" : [ %s ]
                    },
                    "secondaryMetrics" : { }
                }""".formatted(benchmark, n.isEmpty() ? "" : "\"params\" : { \"n\" : \"" + n + "\" },", unit, raw);
    }

    @Test
    void readsEverySampleOfEveryFork() {
        String json = "[" + jmhJson("dev.panamax.bench.PanamaxGemm.sgemm", "1024", "ms/op",
                new double[] {13.0, 11.0}, new double[] {12.0, 40.0, 10.0})
                + ",\n" + jmhJson("dev.panamax.bench.PanamaxOverhead.addInPlace", "", "ns/op", new double[] {250.5}) + "]";
        List<Results.Score> scores = Results.parse(json);
        assertEquals(2, scores.size());
        Results.Score gemm = scores.getFirst();
        assertEquals("sgemm", gemm.method());
        assertEquals("PanamaxGemm", gemm.className());
        assertEquals("1024", gemm.param());
        assertEquals(List.of(10.0, 11.0, 12.0, 13.0, 40.0), gemm.samples());
        assertEquals(12.0, gemm.median());
        assertEquals(12e-3, gemm.seconds(), 1e-15);
        assertEquals(10.0, gemm.min());
        assertEquals(40.0, gemm.max());
        Results.Score add = scores.get(1);
        assertEquals("", add.param());
        assertEquals(250.5e-9, add.seconds(), 1e-18);
        assertEquals("OpenJDK 64-Bit Server VM 25.0.3+9-LTS", add.jvm());
    }

    @Test
    void readsEveryFileOfALabelAndOnlyItsOwn(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("openblas.OpenBlasGemm.json"),
                "[" + jmhJson("x.openblas.OpenBlasGemm.sgemm", "256", "ms/op", new double[] {1.0}) + "]");
        Files.writeString(dir.resolve("openblas-haswell.OpenBlasGemm.json"),
                "[" + jmhJson("x.openblas.OpenBlasGemm.sgemm", "256", "ms/op", new double[] {2.0}) + "]");
        Files.writeString(dir.resolve("panamax.PanamaxGemm.json"),
                "[" + jmhJson("x.PanamaxGemm.sgemm", "256", "ms/op", new double[] {3.0}) + "]");
        Files.writeString(dir.resolve("panamax.PanamaxOverhead.json"),
                "[" + jmhJson("x.PanamaxOverhead.addInPlace", "", "ns/op", new double[] {4.0}) + "]");
        Results r = Results.read(dir, List.of("panamax", "openblas", "openblas-haswell", "nd4j"));
        assertEquals(List.of("panamax", "openblas", "openblas-haswell"), r.labels());
        assertEquals(2, r.scores().get("panamax").size());
        assertEquals(1.0, r.find("openblas", "sgemm", "256").orElseThrow().median());
        assertEquals(2.0, r.find("openblas-haswell", "sgemm", "256").orElseThrow().median());
    }

    @Test
    void medianOfAnEvenCountIsTheMiddlePairsMean() {
        var s = new Results.Score("a.B.c", "", List.of(4.0, 1.0, 3.0, 2.0), "us/op", "");
        assertEquals(2.5, s.median());
    }

    @Test
    void findsByMethodAndParameter() {
        var a = new Results.Score("x.PanamaxGemm.sgemm", "256", List.of(1.0), "ms/op", "");
        var b = new Results.Score("x.PanamaxGemm.sgemm", "512", List.of(2.0), "ms/op", "");
        Results r = new Results(Map.of("panamax", List.of(a, b)));
        assertEquals(b, r.find("panamax", "sgemm", "512").orElseThrow());
        assertTrue(r.find("panamax", "sgemm", "2048").isEmpty());
        assertTrue(r.find("pytorch", "sgemm", "512").isEmpty());
    }

    @Test
    void rejectsUnknownUnitsAndBadJson() {
        var s = new Results.Score("a.B.c", "", List.of(1.0), "ops/s", "");
        assertThrows(IllegalArgumentException.class, s::seconds);
        assertThrows(IllegalArgumentException.class, () -> Results.parse("[{\"benchmark\" : }]"));
    }
}
