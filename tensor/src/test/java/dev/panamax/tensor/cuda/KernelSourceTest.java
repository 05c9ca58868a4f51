package dev.panamax.tensor.cuda;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.backend.BinaryOp;
import dev.panamax.tensor.backend.CompareOp;
import dev.panamax.tensor.backend.ReduceOp;
import dev.panamax.tensor.backend.UnaryOp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class KernelSourceTest {

    static List<KernelSource.Module> modules() {
        List<KernelSource.Module> l = new ArrayList<>();
        for (KernelSource.Family f : KernelSource.Family.values()) {
            for (DType t : DType.values()) {
                l.add(new KernelSource.Module(f, t));
            }
        }
        return l;
    }

    static String src(KernelSource.Family f, DType t) {
        return KernelSource.source(new KernelSource.Module(f, t));
    }

    static void hasKernel(String source, String name) {
        assertTrue(source.contains("__global__ void " + name + "("), () -> "missing kernel " + name);
    }

    @Test
    void everyOpTokenHasItsKernels() {
        for (DType t : DType.values()) {
            for (boolean c : new boolean[] {true, false}) {
                hasKernel(src(KernelSource.Family.FILL, t), KernelSource.fill(c));
                hasKernel(src(KernelSource.Family.FILL, t), KernelSource.maskedFill(c));
                for (DType from : DType.values()) {
                    hasKernel(src(KernelSource.Family.COPY, t), KernelSource.copy(from, c));
                }
                for (CompareOp op : CompareOp.values()) {
                    hasKernel(src(KernelSource.Family.SELECT, t), KernelSource.compare(op, false, c));
                    hasKernel(src(KernelSource.Family.SELECT, t), KernelSource.compare(op, true, c));
                }
                hasKernel(src(KernelSource.Family.SELECT, t), KernelSource.where(c));
                if (t == DType.BOOL) {
                    continue;
                }
                for (UnaryOp op : UnaryOp.values()) {
                    if (t.isFloatingPoint() || !op.floatOnly()) {
                        hasKernel(src(KernelSource.Family.UNARY, t), KernelSource.unary(op, c));
                    }
                }
                for (BinaryOp op : BinaryOp.values()) {
                    for (KernelSource.Mode mode : KernelSource.Mode.values()) {
                        hasKernel(src(KernelSource.Family.BINARY, t), KernelSource.binary(op, mode, c));
                    }
                }
            }
            for (ReduceOp op : ReduceOp.values()) {
                if (t != DType.BOOL) {
                    hasKernel(src(KernelSource.Family.REDUCE, t), KernelSource.reduce(op, true));
                    hasKernel(src(KernelSource.Family.REDUCE, t), KernelSource.reduce(op, false));
                }
            }
        }
    }

    @Test
    void expressionsFollowTheCpuBackend() {
        assertEquals("(a[i] * a[i])", CTypes.unary(UnaryOp.SQUARE, DType.FLOAT32, "a[i]"));
        assertEquals("expf(x)", CTypes.unary(UnaryOp.EXP, DType.FLOAT32, "x"));
        assertEquals("exp(x)", CTypes.unary(UnaryOp.EXP, DType.FLOAT64, "x"));
        assertTrue(CTypes.unary(UnaryOp.RELU, DType.FLOAT64, "x").contains("x != x"), "relu passes NaN");
        assertThrows(UnsupportedOperationException.class, () -> CTypes.unary(UnaryOp.EXP, DType.INT64, "x"));
        assertEquals("(float) pmx_pow((double) x, (double) y)", CTypes.binary(BinaryOp.POW, DType.FLOAT32, "x", "y"));
        assertEquals("pmx_d2ll((double) x)", CTypes.convert(DType.FLOAT32, DType.INT64, "x"));
        assertEquals("(long long) x", CTypes.convert(DType.BOOL, DType.INT64, "x"));
        assertEquals("(float) ((double) x)", CTypes.convert(DType.INT64, DType.FLOAT32, "x"),
                "int64 to float32 rounds through double, as the CPU backend does");
        assertEquals("(x <= y)", CTypes.compare(CompareOp.LE, "x", "y"));
    }

    @Test
    void modulesAreDeterministicAndNamed() {
        for (KernelSource.Module m : modules()) {
            String s = KernelSource.source(m);
            assertEquals(s, KernelSource.source(m));
            assertTrue(s.startsWith("// Panamax kernels: " + m.name() + "\n"));
        }
        assertEquals("binary_f32", new KernelSource.Module(KernelSource.Family.BINARY, DType.FLOAT32).name());
    }

    /** Compiles every module with nvcc for sm_80 and sm_90 when nvcc is present, so device-compile errors fail the build. */
    @Test
    void everyModuleCompilesWithNvcc() throws Exception {
        Path nvcc = Path.of(System.getenv().getOrDefault("CUDA_HOME", "/usr/local/cuda"), "bin", "nvcc");
        Skips.unless(Files.isExecutable(nvcc), "no nvcc at " + nvcc + " (set CUDA_HOME); kernel sources not device-compiled");
        Path dir = Path.of("target", "nvcc-check");
        Files.createDirectories(dir);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
        try {
            List<Future<String>> results = new ArrayList<>();
            for (KernelSource.Module m : modules()) {
                String source = KernelSource.source(m);
                results.add(pool.submit(() -> nvccCheck(nvcc, dir, m.name(), source)));
            }
            StringBuilder errors = new StringBuilder();
            int compiled = 0;
            for (Future<String> f : results) {
                String e = f.get();
                if (e == null) {
                    compiled++;
                } else if (!e.isEmpty()) {
                    errors.append(e).append('\n');
                }
            }
            if (!errors.isEmpty()) {
                fail(errors.toString());
            }
            System.out.println("nvcc: " + compiled + " kernel modules compiled for sm_80 and sm_90 ("
                    + (results.size() - compiled) + " unchanged since the last check)");
        } finally {
            pool.shutdown();
        }
    }

    /** Null when compiled now, empty when unchanged since a successful check, else the error text. */
    private static String nvccCheck(Path nvcc, Path dir, String name, String source)
            throws IOException, InterruptedException {
        Path stamp = dir.resolve(KernelDiskCache.key(source, "sm_80 sm_90") + ".ok");
        if (Files.exists(stamp)) {
            return "";
        }
        Path cu = dir.resolve(name + ".cu");
        Files.writeString(cu, source);
        Process p = new ProcessBuilder(nvcc.toString(), "-fatbin", "-gencode", "arch=compute_80,code=sm_80",
                "-gencode", "arch=compute_90,code=sm_90", "-o", dir.resolve(name + ".fatbin").toString(), cu.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            return name + ": nvcc failed:\n" + out;
        }
        Files.writeString(stamp, "");
        return null;
    }
}
