package dev.panamax.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamax.bindings.cuda.cuda_h;
import org.junit.jupiter.api.Test;

/** The driver façade: a clear reason without libcuda.so.1, real queries with it. */
class CudaDriverTest {

    @Test
    void withoutLibcudaTheFacadeExplainsWhy() {
        LibraryStatus driver = NativeLibraries.system().status(CudaLibrary.DRIVER);
        Skips.unless(!driver.loaded(), "libcuda.so.1 is installed: " + driver);
        IllegalStateException e = assertThrows(IllegalStateException.class, CudaDriver::get);
        assertTrue(e.getMessage().startsWith("CUDA driver unavailable: libcuda.so.1 not found in "), e.getMessage());
        assertTrue(e.getMessage().contains("-Dpanamax.cuda.lib.cuda="), e.getMessage());
    }

    @Test
    void withLibcudaTheDriverAnswers() {
        LibraryStatus driver = NativeLibraries.system().status(CudaLibrary.DRIVER);
        Skips.unless(driver.loaded(), "no libcuda.so.1 here: " + driver.reason());
        CudaDriver cuda = CudaDriver.get();
        assertTrue(cuda.driverVersion() >= 12000, "driver version " + cuda.driverVersion());
        assertEquals("CUDA_ERROR_INVALID_VALUE", cuda.errorName(cuda_h.CUDA_ERROR_INVALID_VALUE()));
        assertEquals("CUDA_ERROR_NO_DEVICE", cuda.errorName(cuda_h.CUDA_ERROR_NO_DEVICE()));
        CudaException e = assertThrows(CudaException.class, () -> cuda.check(cuda_h.CUDA_ERROR_INVALID_VALUE(), "x"));
        assertEquals(1, e.status());
    }
}
