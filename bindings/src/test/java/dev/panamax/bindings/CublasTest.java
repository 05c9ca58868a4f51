package dev.panamax.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamax.bindings.cublas.cublas_h;
import org.junit.jupiter.api.Test;

/** The cuBLAS façade: a clear reason without libcublas, status names and version with it. */
class CublasTest {

    @Test
    void withoutLibcublasTheFacadeExplainsWhy() {
        LibraryStatus cublas = NativeLibraries.system().status(CudaLibrary.CUBLAS);
        Skips.unless(!cublas.loaded(), "libcublas is installed: " + cublas);
        IllegalStateException e = assertThrows(IllegalStateException.class, Cublas::get);
        assertEquals("cuBLAS unavailable: " + cublas.reason(), e.getMessage());
    }

    @Test
    void withLibcublasStatusesAreNamed() {
        LibraryStatus cublas = NativeLibraries.system().status(CudaLibrary.CUBLAS);
        Skips.unless(cublas.loaded(), "no libcublas here: " + cublas.reason());
        Cublas blas = Cublas.get();
        assertTrue(blas.version().matches("1[23]\\.\\d+\\.\\d+"), blas.version());
        assertEquals("CUBLAS_STATUS_INVALID_VALUE", blas.statusName(cublas_h.CUBLAS_STATUS_INVALID_VALUE()));
        CudaException e = assertThrows(CudaException.class,
                () -> blas.check(cublas_h.CUBLAS_STATUS_NOT_INITIALIZED(), "cublasCreate_v2"));
        assertEquals("CUBLAS_STATUS_NOT_INITIALIZED", e.statusName());
        assertTrue(e.versions().contains("cuBLAS " + blas.version()), e.versions());
    }
}
