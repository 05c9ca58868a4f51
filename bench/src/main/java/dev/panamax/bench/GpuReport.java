package dev.panamax.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The GPU section of RESULTS.md: Panamax's benchmarks on {@code cuda:0} (run label
 * {@code panamax-cuda}), the bare cuBLAS call's time as the host sees it, as CUDA events measure it
 * on the device, and as NVIDIA's Nsight Systems reports the same calls' kernels (where bench/run.sh
 * found {@code nsys}), or why the GPU run is missing.
 */
final class GpuReport {

    static final String LABEL = "panamax-cuda";
    static final List<String> SIZES = List.of("256", "512", "1024", "2048", "4096");
    private static final String ONE_M = "1048576";
    private static final String SIXTEEN_M = "16777216";

    private final Results results;
    private final Properties probe;
    private final Properties events;
    private final Path dir;
    private final StringBuilder md;

    GpuReport(Results results, Properties probe, Properties events, Path dir, StringBuilder md) {
        this.results = results;
        this.probe = probe;
        this.events = events;
        this.dir = dir;
        this.md = md;
    }

    void render() {
        md.append("## On the GPU: the CUDA backend on cuda:0\n\n");
        if (!results.labels().contains(LABEL)) {
            String why = probe == null ? "the run did not include it (`--only`)"
                    : probe.getProperty("unavailable", "no CUDA results were written (see the run's log)");
            md.append("Not measured in this run: ").append(why).append(".\n\n");
            return;
        }
        md.append("Backend: ").append(probe == null ? "?" : probe.getProperty("detail", "?")).append(".\n\n");
        gemm();
        elementwise();
        timed("Per-operation cost, two 3-element float32 tensors", "ns", 1e9, List.of(
                new String[] {"add, out of place, 100 queued per wait", "addOutOfPlace", "panamax"},
                new String[] {"add, in place, 100 queued per wait", "addInPlace", "panamax"},
                new String[] {"add, out of place, then wait for the device", "addAndWait", ""}));
        timed("Reductions over a 4096×4096 float32 matrix", "ms", 1e3, List.of(
                new String[] {"sum of all elements (read back)", "sum", "panamax"},
                new String[] {"softmax of each row", "softmax", "panamax"}));
        timed("Training loops, float32", "ms", 1e3, List.of(
                new String[] {"cubic fit of sin(x), 2000 iterations", "cubic", "panamax"},
                new String[] {"quadratic regression, 800 iterations", "quadratic", "panamax"},
                new String[] {"two-layer net 64×1000-100-10, 500 iterations", "twoLayer", "panamax"},
                new String[] {"MNIST-shaped epoch, batch 64", "mnistEpoch", "panamax"}));
    }

    private void gemm() {
        md.append("### SGEMM, square float32 matrices (GFLOP/s)\n\n");
        md.append("| N | `Tensor.mm` | bare `cublasSgemm_v2` through the bindings | the same call, CUDA events |")
                .append(" the same call's kernels, Nsight Systems | host-side cost per call (µs) |\n")
                .append("|---|---|---|---|---|---|\n");
        for (String n : SIZES) {
            double flops = 2.0 * Math.pow(Integer.parseInt(n), 3);
            Optional<Results.Score> mm = results.find(LABEL, "sgemm", n);
            Optional<Results.Score> bare = results.find(LABEL, "cublasSgemm", n);
            OptionalDouble eventUs = number(events, "events.sgemm." + n + ".us");
            OptionalDouble nsysUs = nsysMicros(n);
            md.append("| ").append(n)
                    .append(" | ").append(mm.map(s -> Report.fmt(flops / s.seconds() / 1e9)).orElse("—"))
                    .append(" | ").append(bare.map(s -> Report.fmt(flops / s.seconds() / 1e9)).orElse("—"))
                    .append(" | ").append(gflops(flops, eventUs))
                    .append(" | ").append(gflops(flops, nsysUs))
                    .append(" | ").append(bare.isPresent() && eventUs.isPresent()
                            ? Report.fmt(bare.get().seconds() * 1e6 - eventUs.getAsDouble()) : "—")
                    .append(" |\n");
        }
        md.append("\n`Tensor.mm` and the bare call each wait for the device after every call (JMH, host clock);")
                .append(" *CUDA events* time 20 back-to-back calls on the device (`CudaSgemmTimer`); *Nsight")
                .append(" Systems* is NVIDIA's profiler (`nsys profile`, its `cuda_gpu_kern_sum` report) over the")
                .append(" same program: all kernel time ÷ calls. The host-side cost is the bare call's latency minus")
                .append(" its device time.");
        if (nsysFiles().isEmpty()) {
            md.append(" `nsys` was not found in this run, so that column is empty.");
        }
        md.append("\n\n");
    }

    private static String gflops(double flops, OptionalDouble micros) {
        return micros.isPresent() && micros.getAsDouble() > 0 ? Report.fmt(flops / micros.getAsDouble() / 1e3) : "—";
    }

    private void elementwise() {
        md.append("### Elementwise, out of place (GB/s, bytes read + written)\n\n");
        md.append("| workload | device copy | Panamax | Panamax ÷ copy |\n|---|---|---|---|\n");
        for (String n : List.of(ONE_M, SIXTEEN_M)) {
            String size = n.equals(ONE_M) ? "1M" : "16M";
            Optional<Double> copy = bandwidth("memcpy", n);
            for (String op : List.of("copy", "add", "mul", "sigmoid", "chain")) {
                Optional<Double> mine = bandwidth(op, n);
                md.append("| ").append(op.equals("chain") ? "a + b·x + c·x² + d·x³ (one kernel)" : op).append(", ")
                        .append(size).append(" | ").append(copy.map(Report::fmt).orElse("—"))
                        .append(" | ").append(mine.map(Report::fmt).orElse("—"))
                        .append(" | ").append(mine.flatMap(b -> copy.map(c -> Report.fmt(b / c) + "×")).orElse("—"))
                        .append(" |\n");
            }
        }
        md.append("\n*Device copy* is `cudaMemcpy` from device to device. Every call waits for the device, so")
                .append(" at 1M the launch and the wait weigh in.\n\n");
    }

    private Optional<Double> bandwidth(String method, String n) {
        int bytes = method.equals("add") || method.equals("mul") ? 12 : 8;
        return results.find(LABEL, method, n).map(s -> (double) bytes * Long.parseLong(n) / s.seconds() / 1e9);
    }

    /** Rows of {title, method, CPU label to compare with or ""}. */
    private void timed(String title, String unit, double scale, List<String[]> rows) {
        md.append("### ").append(title).append(" (").append(unit).append(")\n\n");
        md.append("| workload | cuda:0 | CPU (Panamax, 2 threads) | cuda:0 ÷ CPU speed |\n|---|---|---|---|\n");
        for (String[] r : rows) {
            Optional<Results.Score> gpu = results.find(LABEL, r[1], "");
            Optional<Results.Score> cpu = r[2].isEmpty() ? Optional.empty() : results.find(r[2], r[1], "");
            md.append("| ").append(r[0])
                    .append(" | ").append(gpu.map(s -> Report.fmt(s.seconds() * scale)).orElse("—"))
                    .append(" | ").append(cpu.map(s -> Report.fmt(s.seconds() * scale)).orElse("—"))
                    .append(" | ").append(gpu.isPresent() && cpu.isPresent()
                            ? Report.fmt(cpu.get().seconds() / gpu.get().seconds()) + "×" : "—")
                    .append(" |\n");
        }
        md.append('\n');
    }

    private static OptionalDouble number(Properties p, String key) {
        String v = p == null ? null : p.getProperty(key);
        try {
            return v == null ? OptionalDouble.empty() : OptionalDouble.of(Double.parseDouble(v));
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    private List<Path> nsysFiles() {
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> {
                String name = f.getFileName().toString();
                return name.startsWith("nsys-sgemm-") && name.contains("kern_sum") && name.endsWith(".csv");
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Microseconds of kernel time per call from Nsight Systems' kernel summary of size {@code n}'s run. */
    private OptionalDouble nsysMicros(String n) {
        OptionalDouble calls = number(events, "calls.sgemm." + n);
        for (Path f : nsysFiles()) {
            String name = f.getFileName().toString();
            if (!name.startsWith("nsys-sgemm-" + n + "_") && !name.startsWith("nsys-sgemm-" + n + ".")) {
                continue;
            }
            try {
                OptionalDouble ns = totalKernelNanos(Files.readAllLines(f));
                if (ns.isPresent() && calls.isPresent()) {
                    return OptionalDouble.of(ns.getAsDouble() / 1e3 / calls.getAsDouble());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return OptionalDouble.empty();
    }

    /** The sum of the "Total Time (ns)" column of an {@code nsys stats} CSV report. */
    static OptionalDouble totalKernelNanos(List<String> lines) {
        int header = -1;
        int column = -1;
        for (int i = 0; i < lines.size() && column < 0; i++) {
            List<String> cells = csv(lines.get(i));
            column = cells.indexOf("Total Time (ns)");
            header = i;
        }
        if (column < 0) {
            return OptionalDouble.empty();
        }
        double sum = 0;
        for (String line : lines.subList(header + 1, lines.size())) {
            List<String> cells = csv(line);
            if (cells.size() > column && !cells.get(column).isBlank()) {
                try {
                    sum += Double.parseDouble(cells.get(column).replace(",", ""));
                } catch (NumberFormatException e) {
                    return OptionalDouble.empty();
                }
            }
        }
        return OptionalDouble.of(sum);
    }

    /** One CSV line's cells (double-quoted cells may hold commas and doubled quotes). */
    static List<String> csv(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}
