package dev.panamax.bindings;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamax.bindings.cudart.cudart_h;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real libcudart found on this machine: loading, version queries and the error path without a driver. */
class CudaRuntimeTest {

    private LibraryStatus cudart;

    @BeforeEach
    void requireCudart() {
        cudart = NativeLibraries.system().status(CudaLibrary.CUDART);
        Skips.unless(cudart.loaded(), "no libcudart here: " + cudart.reason());
    }

    @Test
    void loadsAndReportsTheRuntimeVersionOfTheLoadedFile() {
        CudaRuntime runtime = CudaRuntime.get();
        assertSame(runtime, CudaRuntime.get());
        int version = runtime.runtimeVersion();
        String major = LibrarySearch.major(cudart.file().orElseThrow()).orElseThrow();
        assertEquals(Integer.parseInt(major), version / 1000, "runtime " + version + " from " + cudart.file());
        assertTrue(NativeLibraries.system().versions().contains("CUDA runtime " + CudaRuntime.versionString(version)));
        System.out.println("libcudart: " + cudart + ", version " + version);
    }

    @Test
    void driverVersionIsZeroWithoutADriverAndPositiveWithOne() {
        CudaRuntime runtime = CudaRuntime.get();
        int driver = runtime.driverVersion();
        boolean hasDriver = NativeLibraries.system().status(CudaLibrary.DRIVER).loaded();
        if (!hasDriver) {
            assertEquals(0, driver);
        } else {
            assertTrue(driver >= 12000, "driver version " + driver);
        }
    }

    @Test
    void deviceCountWithoutADriverThrowsInsufficientDriver() {
        CudaRuntime runtime = CudaRuntime.get();
        Skips.unless(runtime.driverVersion() == 0, "a CUDA driver is installed");
        CudaException e = assertThrows(CudaException.class, runtime::deviceCount);
        assertEquals(35, e.status());
        assertEquals("cudaErrorInsufficientDriver", e.statusName());
        assertEquals("cudaGetDeviceCount", e.call());
        assertEquals(CudaLibrary.CUDART, e.library());
        assertTrue(e.getMessage().startsWith("cudaGetDeviceCount failed: cudaErrorInsufficientDriver (35): "),
                e.getMessage());
        assertTrue(e.versions().contains("CUDA runtime " + CudaRuntime.versionString(runtime.runtimeVersion())),
                e.versions());
        assertTrue(e.versions().contains("CUDA driver none"), e.versions());
        CudaException malloc = assertThrows(CudaException.class, () -> runtime.malloc(1024));
        assertEquals("cudaMalloc(1024 bytes)", malloc.call());
    }

    @Test
    void errorNamesAndStringsComeFromTheLibrary() {
        CudaRuntime runtime = CudaRuntime.get();
        assertEquals("cudaSuccess", runtime.errorName(cudart_h.cudaSuccess()));
        assertEquals("cudaErrorInsufficientDriver", runtime.errorName(cudart_h.cudaErrorInsufficientDriver()));
        assertEquals("cudaErrorNoDevice", runtime.errorName(cudart_h.cudaErrorNoDevice()));
        assertFalse(runtime.errorString(cudart_h.cudaErrorMemoryAllocation()).isBlank());
    }

    @Test
    void checkPassesSuccessAndThrowsTheNamedStatusOtherwise() {
        CudaRuntime runtime = CudaRuntime.get();
        assertDoesNotThrow(() -> runtime.check(cudart_h.cudaSuccess(), "anything"));
        CudaException e = assertThrows(CudaException.class,
                () -> runtime.check(cudart_h.cudaErrorInvalidValue(), "myKernelWrapper(n=3)"));
        assertEquals("cudaErrorInvalidValue", e.statusName());
        assertEquals("myKernelWrapper(n=3)", e.call());
        assertFalse(e.detail().isBlank());
    }

    @Test
    void versionStringFormatsMajorAndMinor() {
        assertEquals("13.0", CudaRuntime.versionString(13000));
        assertEquals("12.6", CudaRuntime.versionString(12060));
        assertEquals("12.8", CudaRuntime.versionString(12080));
    }
}
