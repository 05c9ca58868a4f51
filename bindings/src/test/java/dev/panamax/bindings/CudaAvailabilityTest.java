package dev.panamax.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The availability report: never a crash, always a one-line reason naming the cause. */
class CudaAvailabilityTest {

    @TempDir
    Path root;

    @Test
    void systemReportIsOneLineAndCached() {
        CudaAvailability report = CudaAvailability.get();
        assertSame(report, CudaAvailability.get());
        assertFalse(report.toString().contains("\n"));
        assertTrue(report.toString().startsWith(report.available() ? "CUDA available: " : "CUDA unavailable: "));
        System.out.println(report);
    }

    @Test
    void withoutADriverTheReportNamesTheStatus() {
        LibraryStatus cudart = NativeLibraries.system().status(CudaLibrary.CUDART);
        Skips.unless(cudart.loaded(), "no libcudart here: " + cudart.reason());
        Skips.unless(CudaRuntime.get().driverVersion() == 0, "a CUDA driver is installed");
        CudaAvailability report = CudaAvailability.get();
        assertFalse(report.available());
        assertEquals(CudaRuntime.get().runtimeVersion(), report.runtimeVersion());
        assertEquals(0, report.driverVersion());
        assertEquals(0, report.deviceCount());
        assertTrue(report.reason().startsWith("cudaGetDeviceCount returned cudaErrorInsufficientDriver (35): "),
                report.reason());
        assertTrue(report.reason().endsWith("; no NVIDIA driver (libcuda.so.1) is installed"), report.reason());
        assertEquals("CUDA unavailable: " + report.reason(), report.toString());
    }

    @Test
    void aMissingRuntimeLibraryGivesTheSearchReason() {
        Path missing = root.resolve("libcudart.so.13");
        Map<String, String> properties = Map.of("panamax.cuda.lib.cudart", missing.toString());
        NativeLibraries libraries = new NativeLibraries(new SearchEnvironment(properties::get, Map.of(),
                root, root, List.of(), List.of("x86_64-linux")));
        CudaAvailability report = CudaAvailability.probe(libraries);
        assertFalse(report.available());
        assertEquals(0, report.runtimeVersion());
        assertEquals("CUDA runtime system property panamax.cuda.lib.cudart names " + missing + ", which does not exist",
                report.reason());
    }

    @Test
    void availableReportSummarizesDevicesAndVersions() {
        assertEquals("CUDA available: 2 devices, runtime 13.0, driver 13.0",
                new CudaAvailability(true, "", 13000, 13000, 2).toString());
        assertEquals("CUDA available: 1 device, runtime 12.6, driver 12.8",
                new CudaAvailability(true, "", 12060, 12080, 1).toString());
    }

    @Test
    void unavailableReportNeedsAOneLineReason() {
        assertThrows(IllegalArgumentException.class, () -> new CudaAvailability(false, "", 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new CudaAvailability(false, "two\nlines", 0, 0, 0));
    }
}
