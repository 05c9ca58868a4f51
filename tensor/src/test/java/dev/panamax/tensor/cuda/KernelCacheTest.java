package dev.panamax.tensor.cuda;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The disk cache of kernel images and the choice of NVRTC target. */
class KernelCacheTest {

    @Test
    void keysSeparateTheirParts() {
        assertEquals(64, KernelDiskCache.key("a").length());
        assertNotEquals(KernelDiskCache.key("ab", "c"), KernelDiskCache.key("a", "bc"));
        assertEquals(KernelDiskCache.key("x", "y"), KernelDiskCache.key("x", "y"));
    }

    @Test
    void imagesRoundTripThroughTheFolder(@TempDir Path dir) {
        KernelDiskCache c = new KernelDiskCache(dir.resolve("kernels"));
        String key = KernelDiskCache.key("source", "--gpu-architecture=sm_90");
        assertTrue(c.get(key, "cubin").isEmpty());
        assertTrue(c.put(key, "cubin", new byte[] {1, 2, 3}));
        assertArrayEquals(new byte[] {1, 2, 3}, c.get(key, "cubin").orElseThrow());
        assertTrue(Files.exists(dir.resolve("kernels").resolve(key + ".cubin")));
        assertTrue(c.get(key, "ptx").isEmpty());
    }

    @Test
    void aDisabledOrUnwritableCacheIsSkipped(@TempDir Path dir) throws Exception {
        KernelDiskCache off = new KernelDiskCache(null);
        assertFalse(off.put("k", "cubin", new byte[1]));
        assertTrue(off.get("k", "cubin").isEmpty());
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        KernelDiskCache broken = new KernelDiskCache(file.resolve("kernels"));
        assertFalse(broken.put("k", "cubin", new byte[1]));
    }

    @Test
    void theFolderFollowsTheSystemProperty() {
        String old = System.getProperty("panamax.cuda.kernelCache");
        try {
            System.setProperty("panamax.cuda.kernelCache", "kernel-cache-for-this-test");
            assertEquals(Path.of("kernel-cache-for-this-test"), KernelDiskCache.configured().folder());
            System.setProperty("panamax.cuda.kernelCache", "off");
            assertEquals(null, KernelDiskCache.configured().folder());
            System.clearProperty("panamax.cuda.kernelCache");
            assertTrue(KernelDiskCache.configured().folder().endsWith(Path.of("panamax", "kernels")));
        } finally {
            if (old == null) {
                System.clearProperty("panamax.cuda.kernelCache");
            } else {
                System.setProperty("panamax.cuda.kernelCache", old);
            }
        }
    }

    @Test
    void targetIsCubinForASupportedArchitectureElsePtx() {
        assertEquals(new Kernels.Target("sm_90", true), Kernels.target(90, new int[] {75, 80, 86, 89, 90}, "13.0"));
        assertEquals(new Kernels.Target("compute_90", false), Kernels.target(100, new int[] {75, 80, 90}, "12.4"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Kernels.target(60, new int[] {75, 80}, "13.0"));
        assertTrue(e.getMessage().contains("sm_60"), e.getMessage());
    }
}
