package dev.panamax.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.DoubleUnaryOperator;

/**
 * Writes {@code bench/RESULTS.md} from one run of {@code bench/run.sh}: the machine, the libraries
 * with their versions and thread counts, every workload's figure for Panamax and each baseline with
 * the ratio, the targets, and JMH's raw scores.
 *
 * <p>Usage: {@code Report <results-dir> <RESULTS.md>}. The folder holds {@code run.properties}
 * (written by the script), and for each run label JMH results ({@code label.<Class>.json}) and a
 * {@link Probe} ({@code label.properties}).
 *
 * <p>Every ratio is Panamax's speed divided by the other's: above 1, Panamax is faster.
 */
public final class Report {

    /** The runs, in column order: label and the name shown. */
    static final Map<String, String> RUNS = runs();

    private static Map<String, String> runs() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("panamax", "Panamax");
        m.put("openblas", "OpenBLAS");
        m.put("openblas-haswell", "OpenBLAS, Haswell kernels forced");
        m.put("pytorch", "PyTorch");
        m.put("pytorch-python", "PyTorch from Python");
        m.put("nd4j", "ND4J");
        m.put(GpuReport.LABEL, "Panamax on CUDA");
        return m;
    }

    private static final List<String> BASELINES = List.of("openblas", "openblas-haswell", "pytorch", "nd4j");
    private static final String ONE_M = "1048576";
    private static final String SIXTEEN_M = "16777216";

    private final Results results;
    private final Properties run;
    private final Map<String, Properties> probes;
    private final StringBuilder md = new StringBuilder();
    private final Path dir;

    Report(Results results, Properties run, Map<String, Properties> probes) {
        this(results, run, probes, null);
    }

    /** A report of the results in {@code dir} (also read for the GPU run's extra files), or none. */
    Report(Results results, Properties run, Map<String, Properties> probes, Path dir) {
        this.results = results;
        this.run = run;
        this.probes = probes;
        this.dir = dir;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: Report <results-dir> <RESULTS.md>");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Results results = Results.read(dir, List.copyOf(RUNS.keySet()));
        Map<String, Properties> probes = new LinkedHashMap<>();
        for (String label : RUNS.keySet()) {
            Path p = dir.resolve(label + ".properties");
            if (Files.isRegularFile(p)) {
                probes.put(label, load(p));
            }
        }
        Path runFile = dir.resolve("run.properties");
        Properties run = Files.isRegularFile(runFile) ? load(runFile) : new Properties();
        String text = new Report(results, run, probes, dir).render();
        Files.writeString(Path.of(args[1]), text);
        System.out.println("wrote " + Path.of(args[1]).toAbsolutePath().normalize());
    }

    private static Properties load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** The whole Markdown document. */
    String render() {
        md.append("# Benchmark results\n\n");
        md.append("Written by `bench/run.sh").append(run.getProperty("mode", "quick").equals("full") ? "" : " --quick")
                .append("` (do not edit by hand). Every figure comes from the same run, each benchmark in JVMs of")
                .append(" its own. A figure is the median of the benchmark's *clean* iterations, those during which")
                .append(" other processes kept at most ").append(Results.Score.CLEAN).append(" cores busy; † marks")
                .append(" a figure with no clean iteration (the median of all). Every ratio is **Panamax's speed ÷")
                .append(" the other's** (above 1: Panamax is faster).\n\n");
        machine();
        libraries();
        targets();
        gemm();
        elementwise();
        timed("Reductions over a 4096×4096 float32 matrix", "ms", 1e3,
                List.of(row("sum of all elements", "sum", ""), row("softmax of each row", "softmax", "")));
        timed("Per-operation overhead: two 3-element float32 tensors", "ns", 1e9,
                List.of(row("add, out of place (result freed at once)", "addOutOfPlace", ""),
                        row("add, in place", "addInPlace", "")));
        timed("Training loops, float32", "ms", 1e3, List.of(
                row("cubic fit of sin(x), 2000 iterations, autograd", "cubic", ""),
                row("quadratic regression, 800 iterations, autograd", "quadratic", ""),
                row("two-layer net 64×1000-100-10, 500 iterations, autograd", "twoLayer", ""),
                row("MNIST-shaped epoch: 60000×784, batch 64, 784-100-10, sigmoid, CE, SGD", "mnistEpoch", "")));
        md.append("PyTorch runs the loops with its autograd (DJL's `GradientCollector`); ND4J has no tape, so its")
                .append(" loops use hand-written gradients as the tutorials' NumPy versions do.");
        if (results.labels().contains("pytorch-python")) {
            md.append(" *PyTorch from Python* is a cross-check of the DJL figures: the same loops written in Python")
                    .append(" (`bench/python/torch_loops.py`) with the torch installed for python3, on the same")
                    .append(" number of threads; the targets are judged on the DJL run, the issue's baseline.");
        }
        md.append("\n\n");
        Path timer = dir == null ? null : dir.resolve(GpuReport.LABEL + ".sgemm.properties");
        Properties events = timer != null && Files.isRegularFile(timer) ? load(timer) : new Properties();
        new GpuReport(results, probes.get(GpuReport.LABEL), events, dir, md).render();
        raw();
        return md.toString();
    }

    private void machine() {
        md.append("## Machine and run\n\n");
        md.append("| | |\n|---|---|\n");
        line("CPU", run.getProperty("cpu.model", "?") + ", " + run.getProperty("cpu.cores", "?") + " cores"
                + vectorFlags());
        line("memory", run.getProperty("memory", "?"));
        line("OS", run.getProperty("os", "?"));
        line("JDK", run.getProperty("jdk", System.getProperty("java.vm.name") + " " + Runtime.version()));
        line("JMH", Versions.get("jmh") + ", " + run.getProperty("jmh.options", "?"));
        line("mode", run.getProperty("mode", "?"));
        line("started / finished", run.getProperty("started", "?") + " / " + run.getProperty("finished", "?"));
        line("load average (1, 5, 15 min) before / after", run.getProperty("loadavg.before", "?") + " / "
                + run.getProperty("loadavg.after", "?"));
        line("CPU used by other processes during the run", othersShare());
        md.append('\n');
    }

    /** Other processes' CPU time during the run, and its share of the machine's capacity. */
    private String othersShare() {
        String others = run.getProperty("cpu.seconds.others");
        String elapsed = run.getProperty("elapsed.seconds");
        String cores = run.getProperty("cpu.cores");
        if (others == null || elapsed == null || cores == null) {
            return "?";
        }
        double share = 100 * Double.parseDouble(others) / (Double.parseDouble(elapsed) * Double.parseDouble(cores));
        return String.format(Locale.ROOT, "%s CPU-seconds in %s s (%.0f %% of the machine); the benchmarks used %s",
                others, elapsed, share, run.getProperty("cpu.seconds.run", "?"));
    }

    private String vectorFlags() {
        String flags = run.getProperty("cpu.flags", "");
        List<String> simd = new ArrayList<>();
        for (String f : List.of("avx2", "fma", "avx512f", "avx512_bf16", "asimd", "sve")) {
            if ((" " + flags + " ").contains(" " + f + " ")) {
                simd.add(f);
            }
        }
        return simd.isEmpty() ? "" : " (" + String.join(", ", simd) + ")";
    }

    private void line(String key, String value) {
        md.append("| ").append(key).append(" | ").append(value).append(" |\n");
    }

    private void libraries() {
        md.append("## Libraries and threads\n\n");
        md.append("Every library is pinned to ").append(Workloads.THREADS).append(" threads. *Reported* is what")
                .append(" the library says it uses; *busy* is how many threads of the process (Java or native) were")
                .append(" on a CPU at least a quarter of the time while it ran a 1024² SGEMM / a 16M-float add")
                .append(" for a second.\n\n");
        md.append("| run | version | setting | reported | busy (SGEMM / add) | details |\n|---|---|---|---|---|---|\n");
        for (Map.Entry<String, String> r : RUNS.entrySet()) {
            Properties p = probes.get(r.getKey());
            if (p == null) {
                continue;
            }
            md.append("| ").append(r.getValue())
                    .append(" | ").append(p.getProperty("version", "?"))
                    .append(" | ").append(escape(p.getProperty("threads.setting", "?")))
                    .append(" | ").append(p.getProperty("threads.reported", "?"))
                    .append(" | ").append(p.getProperty("threads.busy.gemm", "—")).append(" / ")
                    .append(p.getProperty("threads.busy.elementwise", "—"))
                    .append(" | ").append(escape(p.containsKey("unavailable") ? "not run: " + p.getProperty("unavailable")
                            : p.getProperty("detail", ""))).append(" |\n");
        }
        md.append('\n');
    }

    private static String escape(String s) {
        return s.replace("|", "\\|");
    }

    // ------------------------------------------------------------------ targets

    private void targets() {
        md.append("## The performance issue's targets\n\n");
        md.append("| target | measured | holds |\n|---|---|---|\n");
        for (String n : List.of("1024", "2048")) {
            target("SGEMM N=" + n + " ≥ 0.9× OpenBLAS", speedRatio("sgemm", n, "openblas"), 0.9);
        }
        for (String op : List.of("add", "mul", "sigmoid", "chain")) {
            Optional<Double> ratio = bandwidth("panamax", op, SIXTEEN_M)
                    .flatMap(b -> bandwidth("panamax", "memcpy", SIXTEEN_M).map(c -> b / c));
            target(op + ", 16M floats, ≥ 0.8× the copy bandwidth", ratio, 0.8);
        }
        Optional<Double> overhead = results.find("panamax", "addOutOfPlace", "").map(s -> s.seconds() * 1e9);
        md.append("| per-op overhead out of place ≤ 300 ns | ")
                .append(overhead.map(v -> fmt(v) + " ns").orElse("—")).append(" | ")
                .append(overhead.map(v -> v <= 300 ? "yes" : "**no**").orElse("—")).append(" |\n");
        target("cubic loop ≥ 5× PyTorch", speedRatio("cubic", "", "pytorch"), 5);
        target("quadratic loop ≥ 5× PyTorch", speedRatio("quadratic", "", "pytorch"), 5);
        target("two-layer loop ≥ 2× PyTorch", speedRatio("twoLayer", "", "pytorch"), 2);
        target("MNIST-shaped epoch ≥ 2× PyTorch", speedRatio("mnistEpoch", "", "pytorch"), 2);
        md.append('\n');
    }

    private void target(String what, Optional<Double> ratio, double goal) {
        md.append("| ").append(what).append(" | ").append(ratio.map(r -> fmt(r) + "×").orElse("—"))
                .append(" | ").append(ratio.map(r -> r >= goal ? "yes" : "**no**").orElse("—")).append(" |\n");
    }

    /** Panamax's speed over {@code label}'s for one workload: the other's time ÷ Panamax's. */
    Optional<Double> speedRatio(String method, String param, String label) {
        Optional<Results.Score> mine = results.find("panamax", method, param);
        Optional<Results.Score> theirs = results.find(label, method, param);
        if (mine.isEmpty() || theirs.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(theirs.get().seconds() / mine.get().seconds());
    }

    // ------------------------------------------------------------------ tables

    private void gemm() {
        md.append("## SGEMM, C = A·B, square float32 matrices (GFLOP/s)\n\n");
        List<String> runs = present(List.of("panamax", "openblas", "openblas-haswell", "pytorch", "nd4j"), "sgemm");
        header("N", runs, "GFLOP/s");
        for (String n : List.of("256", "512", "1024", "2048")) {
            double flops = 2.0 * Math.pow(Integer.parseInt(n), 3);
            rate(n, "sgemm", n, runs, seconds -> flops / seconds / 1e9);
        }
        md.append("\nPanamax: `Tensor.mm` with its output from the pool. OpenBLAS: `cblas_sgemm` into a preallocated")
                .append(" C. PyTorch: `NDArray.matMul`, its output freed after each call. ND4J: `Nd4j.gemm` into a")
                .append(" preallocated C.\n\n");
    }

    private void elementwise() {
        md.append("## Elementwise, out of place (GB/s, bytes read + written)\n\n");
        List<String> runs = present(List.of("panamax", "pytorch", "nd4j"), "add");
        List<String> cols = new ArrayList<>();
        cols.add("memcpy");
        cols.addAll(runs);
        md.append("| workload | machine copy | copy, ordinary stores |");
        for (String r : runs) {
            md.append(' ').append(RUNS.get(r)).append(" |");
        }
        md.append(" Panamax ÷ copy | Panamax ÷ ordinary-store copy |");
        for (String r : runs.subList(Math.min(1, runs.size()), runs.size())) {
            md.append(" Panamax ÷ ").append(RUNS.get(r)).append(" |");
        }
        md.append('\n').append("|---".repeat(2 * cols.size() + 2)).append("|\n");
        for (String n : List.of(ONE_M, SIXTEEN_M)) {
            String size = n.equals(ONE_M) ? "1M" : "16M";
            for (String op : List.of("copy", "add", "mul", "sigmoid", "chain", "chainEager")) {
                md.append("| ").append(opTitle(op)).append(", ").append(size).append(" | ")
                        .append(bandwidth("panamax", "memcpy", n).map(Report::fmt).orElse("—"))
                        .append(results.find("panamax", "memcpy", n).map(Report::dagger).orElse("")).append(" | ")
                        .append(bandwidth("panamax", "storeCopy", n).map(Report::fmt).orElse("—"))
                        .append(results.find("panamax", "storeCopy", n).map(Report::dagger).orElse("")).append(" |");
                for (String r : runs) {
                    md.append(' ').append(bandwidth(r, op, n).map(Report::fmt).orElse("—"))
                            .append(results.find(r, op, n).map(Report::dagger).orElse("")).append(" |");
                }
                Optional<Double> mine = bandwidth("panamax", op, n);
                md.append(' ').append(mine.flatMap(b -> bandwidth("panamax", "memcpy", n).map(c -> fmt(b / c) + "×"))
                        .orElse("—")).append(" |");
                md.append(' ').append(mine.flatMap(b -> bandwidth("panamax", "storeCopy", n).map(c -> fmt(b / c) + "×"))
                        .orElse("—")).append(" |");
                for (String r : runs.subList(Math.min(1, runs.size()), runs.size())) {
                    md.append(' ').append(speedRatio(op, n, r).map(v -> fmt(v) + "×").orElse("—")).append(" |");
                }
                md.append('\n');
            }
        }
        md.append("\n1M = 2²⁰ and 16M = 2²⁴ floats. Bytes per element: copy, sigmoid and the chain 8 (one read,")
                .append(" one write, also for the eager chain, which moves more), add and mul 12. Panamax's chain is one `Fused`")
                .append(" kernel; *7 eager ops* runs the same ops one by one (the same bits). *Machine")
                .append(" copy* is `MemorySegment.copy` between two warm native buffers on ").append(Workloads.THREADS)
                .append(" threads; from 2.5 MB on, the JDK writes it with non-temporal stores, which skip reading the")
                .append(" destination. *Copy, ordinary stores* is the same copy by a Vector API loop, whose stores first")
                .append(" read each destination line into the cache (write-allocate), as every Java kernel's stores do:")
                .append(" the ceiling for a kernel that moves the same bytes (the Vector API has no streaming store).")
                .append(" Targets are judged against the machine copy. Outputs come from warm memory: Panamax's pool (a memory scope per call),")
                .append(" ND4J's workspace, and PyTorch's allocator (see the table of libraries).\n\n");
    }

    private static String opTitle(String op) {
        return switch (op) {
            case "copy" -> "copy (clone)";
            case "chain" -> "a + b·x + c·x² + d·x³";
            case "chainEager" -> "a + b·x + c·x² + d·x³, 7 eager ops";
            default -> op;
        };
    }

    /** GB/s of {@code method} at size {@code n} in the run {@code label}, from the bytes it moves. */
    Optional<Double> bandwidth(String label, String method, String n) {
        int bytesPerElement = switch (method) {
            case "add", "mul" -> 12;
            default -> 8;
        };
        return results.find(label, method, n).map(s -> (double) bytesPerElement * Long.parseLong(n) / s.seconds() / 1e9);
    }

    private record Row(String title, String method, String param) {
    }

    private static Row row(String title, String method, String param) {
        return new Row(title, method, param);
    }

    private void timed(String title, String unit, double scale, List<Row> rows) {
        md.append("## ").append(title).append(" (").append(unit).append(" per operation)\n\n");
        List<String> runs = present(List.of("panamax", "pytorch", "pytorch-python", "nd4j"),
                rows.getFirst().method());
        header("workload", runs, unit);
        for (Row r : rows) {
            md.append("| ").append(r.title()).append(" |");
            for (String label : runs) {
                md.append(' ').append(results.find(label, r.method(), r.param())
                        .map(s -> fmt(s.seconds() * scale) + dagger(s)).orElse("—")).append(" |");
            }
            for (String label : runs.subList(Math.min(1, runs.size()), runs.size())) {
                md.append(' ').append(speedRatio(r.method(), r.param(), label).map(v -> fmt(v) + "×").orElse("—"))
                        .append(" |");
            }
            md.append('\n');
        }
        md.append('\n');
    }

    private void header(String first, List<String> runs, String unit) {
        md.append("| ").append(first).append(" |");
        for (String r : runs) {
            md.append(' ').append(RUNS.get(r)).append(" |");
        }
        for (String r : runs.subList(Math.min(1, runs.size()), runs.size())) {
            md.append(" Panamax ÷ ").append(RUNS.get(r)).append(" |");
        }
        md.append('\n').append("|---".repeat(1 + runs.size() + Math.max(0, runs.size() - 1))).append("|\n");
    }

    private void rate(String title, String method, String param, List<String> runs, DoubleUnaryOperator fromSeconds) {
        md.append("| ").append(title).append(" |");
        for (String label : runs) {
            md.append(' ').append(results.find(label, method, param)
                    .map(s -> fmt(fromSeconds.applyAsDouble(s.seconds())) + dagger(s)).orElse("—")).append(" |");
        }
        for (String label : runs.subList(Math.min(1, runs.size()), runs.size())) {
            md.append(' ').append(speedRatio(method, param, label).map(v -> fmt(v) + "×").orElse("—")).append(" |");
        }
        md.append('\n');
    }

    /** The runs among {@code candidates} that have any score for {@code method}; Panamax always first. */
    private List<String> present(List<String> candidates, String method) {
        List<String> out = new ArrayList<>();
        for (String label : candidates) {
            boolean has = results.scores().getOrDefault(label, List.of()).stream().anyMatch(s -> s.method().equals(method));
            if (label.equals("panamax") || has) {
                out.add(label);
            }
        }
        return out;
    }

    private void raw() {
        md.append("## JMH measurements\n\n");
        md.append("Per benchmark: the figure used above (the median of the clean iterations), the fastest and")
                .append(" slowest of all iterations, how many iterations were clean (other processes kept at most ")
                .append(Results.Score.CLEAN).append(" cores busy) and the most cores other processes used during")
                .append(" any iteration.\n\n");
        md.append("| run | benchmark | n | figure | min | max | unit | clean | others, max |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
        for (String label : results.labels()) {
            for (Results.Score s : results.scores().get(label)) {
                md.append("| ").append(label).append(" | ").append(s.className()).append('.').append(s.method())
                        .append(" | ").append(s.param()).append(" | ").append(fmt(s.median()))
                        .append(s.disturbed() ? " †" : "")
                        .append(" | ").append(fmt(s.min())).append(" | ").append(fmt(s.max()))
                        .append(" | ").append(s.unit()).append(" | ").append(s.clean().size()).append(" of ")
                        .append(s.samples().size()).append(" | ").append(fmt(s.maxOthers())).append(" |\n");
            }
        }
        md.append('\n');
    }

    private static String dagger(Results.Score s) {
        return s.disturbed() ? " †" : "";
    }

    /** Three significant digits, no exponent. */
    static String fmt(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "—";
        }
        double a = Math.abs(v);
        int decimals = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : a >= 0.1 ? 3 : 4;
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
