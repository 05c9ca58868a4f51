package dev.panamax.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    private static Results.Score score(String benchmark, String n, String unit, double median) {
        return new Results.Score(benchmark, n, List.of(median), List.of(), unit, "JVM");
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
    void gpuSectionSaysWhyItIsMissing() {
        Properties probe = new Properties();
        probe.setProperty("unavailable", "cuda:0 (unavailable: no NVIDIA driver)");
        Report r = new Report(new Results(Map.of()), new Properties(), Map.of(GpuReport.LABEL, probe));
        String md = r.render();
        assertTrue(md.contains("Not measured in this run: cuda:0 (unavailable: no NVIDIA driver)."), md);
        assertTrue(md.contains("| Panamax on CUDA |") && md.contains("not run: cuda:0 (unavailable"), md);
    }

    @Test
    void gpuSectionReportsGemmFromJmhEventsAndNsight(@TempDir Path dir) throws IOException {
        Results results = new Results(Map.of(GpuReport.LABEL, List.of(
                score("dev.panamax.bench.CudaGemm.sgemm", "4096", "us/op", 2000),
                score("dev.panamax.bench.CudaGemm.cublasSgemm", "4096", "us/op", 1500),
                score("dev.panamax.bench.CudaElementwise.memcpy", "16777216", "us/op", 100),
                score("dev.panamax.bench.CudaElementwise.add", "16777216", "us/op", 200))));
        Properties probe = new Properties();
        probe.setProperty("detail", "cuda:0 (Test GPU)");
        Properties events = new Properties();
        events.setProperty("events.sgemm.4096.us", "1400");
        events.setProperty("calls.sgemm.4096", "23");
        Files.writeString(dir.resolve("nsys-sgemm-4096_cuda_gpu_kern_sum.csv"), String.join("\n",
                "Time (%),Total Time (ns),Instances,Avg (ns),Med (ns),Min (ns),Max (ns),StdDev (ns),Name",
                "99.0,\"31,970,000\",23,1390000.0,1390000.0,1380000,1400000,5000.0,\"sm90_xmma_gemm_f32f32, tn\"",
                "1.0,230000,23,10000.0,10000.0,10000,10000,0.0,splitKreduce_kernel"));
        StringBuilder md = new StringBuilder();
        new GpuReport(results, probe, events, dir, md).render();
        String text = md.toString();
        double flops = 2.0 * Math.pow(4096, 3);
        // Tensor.mm 2000 µs, bare call 1500 µs, events 1400 µs, Nsight (31.97 + 0.23) ms / 23 calls = 1400 µs.
        String row = "| 4096 | " + Report.fmt(flops / 2000e-6 / 1e9) + " | " + Report.fmt(flops / 1500e-6 / 1e9) + " | "
                + Report.fmt(flops / 1400e-6 / 1e9) + " | " + Report.fmt(flops / 1400e-6 / 1e9) + " | 100 |";
        assertTrue(text.contains(row), row + "\n" + text);
        // add moves 12 bytes per element in 200 µs, the device copy 8 in 100 µs: 0.75×.
        assertTrue(text.contains("| add, 16M | 1342 | 1007 | 0.750× |"), text);
        assertTrue(text.contains("Backend: cuda:0 (Test GPU)."), text);
    }

    @Test
    void nsightCsvCellsMayHoldQuotedCommas() {
        assertEquals(List.of("1", "a, b", "say \"x\""), GpuReport.csv("1,\"a, b\",\"say \"\"x\"\"\""));
        assertEquals(1500.0, GpuReport.totalKernelNanos(List.of("Total Time (ns),Name", "1000,k1", "500,k2"))
                .orElseThrow(), 0);
        assertTrue(GpuReport.totalKernelNanos(List.of("no header here")).isEmpty());
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
