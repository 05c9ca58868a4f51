import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Builds cuda-sim for the bindings tests (run by the Maven build of {@code bindings}).
 *
 * <pre>
 * java SimBuild.java --src DIR --headers DIR --out DIR [--kernels DIR]
 * </pre>
 *
 * <ol>
 *   <li>Compiles the C sources of {@code --src} with the system C compiler ({@code $CC}, else
 *       {@code cc}) against the curated headers into {@code OUT/libcudasim.so}; the kernel shim
 *       headers ({@code shim/}) are embedded as C strings. Without a C compiler it prints a
 *       {@code SKIPPED:} line and succeeds: the tests that need the library then skip loudly.</li>
 *   <li>Compiles every {@code .cu} file of {@code --kernels} with {@code nvcc} for sm_80
 *       ({@code -c}) and sm_90 ({@code -cubin}), so that kernel source the emulation accepts but
 *       a real device compiler rejects fails the build. Without nvcc it prints a {@code SKIPPED:}
 *       line and succeeds.</li>
 * </ol>
 * Outputs newer than all their inputs are not rebuilt.
 */
public final class SimBuild {

    private SimBuild() {
    }

    public static void main(String[] args) throws Exception {
        Path src = null;
        Path headers = null;
        Path out = null;
        Path kernels = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--src" -> src = Path.of(args[i + 1]);
                case "--headers" -> headers = Path.of(args[i + 1]);
                case "--out" -> out = Path.of(args[i + 1]);
                case "--kernels" -> kernels = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (src == null || headers == null || out == null) {
            throw new IllegalArgumentException("usage: SimBuild --src DIR --headers DIR --out DIR [--kernels DIR]");
        }
        Files.createDirectories(out);
        boolean ok = buildLibrary(src, headers, out);
        if (kernels != null && Files.isDirectory(kernels)) {
            ok &= compileKernels(kernels, out.resolve("kernels"));
        }
        if (!ok) {
            System.exit(1);
        }
    }

    private static boolean buildLibrary(Path src, Path headers, Path out) throws Exception {
        Optional<Path> cc = onPath(System.getenv().getOrDefault("CC", "cc"));
        if (cc.isEmpty()) {
            System.out.println("SKIPPED: cuda-sim: no C compiler (cc, or $CC) on PATH; libcudasim.so is not built"
                    + " and the cuda-sim tests will skip");
            return true;
        }
        Path library = out.resolve("libcudasim.so");
        List<Path> inputs = new ArrayList<>(files(src, ".c", ".h"));
        inputs.addAll(files(headers, ".h"));
        inputs.add(src.resolve("SimBuild.java"));
        if (upToDate(library, inputs)) {
            System.out.println("cuda-sim: " + library + " is up to date");
            return true;
        }
        Path objects = Files.createDirectories(out.resolve("obj"));
        Path generated = objects.resolve("shim_files.c");
        Files.writeString(generated, embed(src.resolve("shim")));
        List<Path> sources = new ArrayList<>(files(src, ".c").stream().filter(p -> p.getParent().equals(src)).toList());
        sources.add(generated);
        List<String> flags = List.of("-std=c11", "-D_GNU_SOURCE", "-O3", "-fPIC", "-Wall", "-Wextra", "-Werror",
                "-pedantic", "-I" + headers, "-I" + src.resolve("shim"), "-I" + src);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
        List<Future<Result>> compiles = new ArrayList<>();
        List<Path> objectFiles = new ArrayList<>();
        for (Path source : sources) {
            Path object = objects.resolve(source.getFileName().toString().replace(".c", ".o"));
            objectFiles.add(object);
            List<String> command = new ArrayList<>(List.of(cc.get().toString(), "-c"));
            command.addAll(flags);
            command.addAll(List.of(source.toString(), "-o", object.toString()));
            compiles.add(pool.submit(() -> run(command)));
        }
        boolean ok = true;
        for (Future<Result> f : compiles) {
            Result r = f.get();
            ok &= r.report();
        }
        pool.shutdown();
        if (!ok) {
            System.out.println("cuda-sim: compilation failed");
            return false;
        }
        List<String> link = new ArrayList<>(List.of(cc.get().toString(), "-shared", "-o", library.toString()));
        objectFiles.forEach(o -> link.add(o.toString()));
        link.addAll(List.of("-Wl,-z,defs", "-ldl", "-lm", "-lpthread"));
        if (!run(link).report()) {
            return false;
        }
        System.out.println("cuda-sim: built " + library);
        return true;
    }

    private static boolean compileKernels(Path kernels, Path out) throws Exception {
        List<Path> sources = files(kernels, ".cu");
        if (sources.isEmpty()) {
            return true;
        }
        Optional<Path> nvcc = findNvcc();
        if (nvcc.isEmpty()) {
            System.out.println("SKIPPED: cuda-sim: no nvcc (NVCC, PATH, CUDA_HOME, CUDA_PATH, /usr/local/cuda); "
                    + sources.size() + " test kernels are not compiled for sm_80 and sm_90");
            return true;
        }
        Files.createDirectories(out);
        boolean ok = true;
        int compiled = 0;
        for (Path source : sources) {
            String name = source.getFileName().toString().replace(".cu", "");
            Path sm80 = out.resolve(name + ".sm_80.o");
            Path sm90 = out.resolve(name + ".sm_90.cubin");
            for (String[] target : new String[][] {{"-arch=sm_80", "-c", sm80.toString()},
                    {"-arch=sm_90", "-cubin", sm90.toString()}}) {
                Path output = Path.of(target[2]);
                if (upToDate(output, List.of(source))) {
                    continue;
                }
                Result r = run(List.of(nvcc.get().toString(), target[0], target[1], "--Werror", "all-warnings",
                        "-o", output.toString(), source.toString()));
                ok &= r.report();
                compiled++;
            }
        }
        System.out.println("cuda-sim: " + sources.size() + " test kernels " + (ok ? "compile" : "DO NOT compile")
                + " with " + nvcc.get() + " for sm_80 and sm_90" + (compiled == 0 ? " (up to date)" : ""));
        return ok;
    }

    private static Optional<Path> findNvcc() {
        List<Path> candidates = new ArrayList<>();
        String env = System.getenv("NVCC");
        if (env != null && !env.isBlank()) {
            candidates.add(Path.of(env));
        }
        onPath("nvcc").ifPresent(candidates::add);
        for (String home : List.of("CUDA_HOME", "CUDA_PATH")) {
            String value = System.getenv(home);
            if (value != null && !value.isBlank()) {
                candidates.add(Path.of(value, "bin", "nvcc"));
            }
        }
        candidates.add(Path.of("/usr/local/cuda/bin/nvcc"));
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    private static Optional<Path> onPath(String program) {
        if (program.contains("/")) {
            Path p = Path.of(program);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return Optional.of(Path.of(dir, program));
            }
        }
        return Optional.empty();
    }

    /** The shim headers as NUL-terminated C arrays (a byte list, so any content is safe). */
    private static String embed(Path shim) throws IOException {
        StringBuilder c = new StringBuilder("/* Generated by SimBuild.java from shim/: the kernel shim headers. */\n");
        for (String[] file : new String[][] {{"cudasim_kernel.h", "cudasim_shim_kernel_h"},
                {"cudasim_abi.h", "cudasim_shim_abi_h"}}) {
            byte[] bytes = Files.readAllBytes(shim.resolve(file[0]));
            c.append("extern const char ").append(file[1]).append("[];\n");
            c.append("const char ").append(file[1]).append("[] = {");
            for (int i = 0; i < bytes.length; i++) {
                c.append(i % 24 == 0 ? "\n    " : "").append(bytes[i]).append(',');
            }
            c.append("\n    0};\n");
        }
        return c.toString();
    }

    private static List<Path> files(Path dir, String... suffixes) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> Stream.of(suffixes).anyMatch(s -> p.getFileName().toString().endsWith(s)))
                    .sorted()
                    .toList();
        }
    }

    private static boolean upToDate(Path output, List<Path> inputs) {
        if (!Files.exists(output)) {
            return false;
        }
        try {
            FileTime built = Files.getLastModifiedTime(output);
            for (Path input : inputs) {
                if (Files.getLastModifiedTime(input).compareTo(built) > 0) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Result(List<String> command, int exit, String output) {
        boolean report() {
            if (exit != 0 || !output.isBlank()) {
                System.out.println(String.join(" ", command));
                System.out.print(output);
            }
            return exit == 0;
        }
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(command, p.waitFor(), output);
    }
}
