package dev.panamax.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** native-headers/check/HeaderCheck.java fails on a wrong value, a wrong prototype and an unversioned symbol. */
class HeaderCheckTest {

    static final Path HEADERS = Path.of("..", "native-headers").toAbsolutePath().normalize();

    @TempDir
    Path copy;

    @BeforeEach
    void requireCompilerAndToolkitHeaders() throws IOException {
        boolean compiler = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "cc")) || Files.isExecutable(Path.of(dir, "gcc")));
        Skips.unless(compiler, "no C compiler (cc, gcc) on PATH");
        Skips.unless(Files.isRegularFile(cudaInclude().resolve("cuda_runtime_api.h")),
                "no CUDA headers in " + cudaInclude());
        try (Stream<Path> files = Files.list(HEADERS)) {
            for (Path header : files.filter(f -> f.toString().endsWith(".h")).toList()) {
                Files.copy(header, copy.resolve(header.getFileName()));
            }
        }
    }

    private static Path cudaInclude() {
        String home = System.getenv("CUDA_HOME");
        return home != null && !home.isBlank() ? Path.of(home, "include") : Path.of("/usr/local/cuda/include");
    }

    private record Run(int exit, String output) {}

    private Run check() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), HEADERS.resolve("check/HeaderCheck.java").toString(),
                "--headers", copy.toString(), "--out", copy.resolve("out").toString(),
                "--cuda-include", cudaInclude().toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), output);
    }

    private void edit(String header, String from, String to) throws IOException {
        Path file = copy.resolve(header);
        String text = Files.readString(file);
        assertTrue(text.contains(from), header + " lacks " + from);
        Files.writeString(file, text.replace(from, to));
    }

    @Test
    void theCommittedHeadersAgree() throws Exception {
        Run run = check();
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("consistency check: cudart.h agrees"), run.output());
        assertTrue(run.output().contains("consistency check: cuda.h agrees"), run.output());
    }

    @Test
    void disagreementsFailWithTheirNames() throws Exception {
        edit("cudart.h", "cudaErrorNoDevice = 100,", "cudaErrorNoDevice = 101,");
        edit("cudart.h", "cudaError_t cudaMemset(void *devPtr, int value, size_t count);",
                "cudaError_t cudaMemset(void *devPtr, unsigned int value, size_t count);");
        edit("cuda.h", "typedef unsigned long long CUdeviceptr;", "typedef long long CUdeviceptr;");
        edit("cuda.h", "CUresult cuDevicePrimaryCtxRelease_v2(CUdevice dev);",
                "CUresult cuDevicePrimaryCtxRelease(CUdevice dev);");
        Run run = check();
        assertEquals(1, run.exit(), run.output());
        for (String expected : List.of("cudart.h: cudaErrorNoDevice has a different value",
                "pmx_proto__cudaMemset", "cuda.h: CUdeviceptr is a different type",
                "cuDevicePrimaryCtxRelease is a macro in the toolkit headers", "FAILED: consistency check")) {
            assertTrue(run.output().contains(expected), "missing '" + expected + "' in:\n" + run.output());
        }
    }
}
