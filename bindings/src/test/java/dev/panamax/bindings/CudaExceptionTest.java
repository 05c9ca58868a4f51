package dev.panamax.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The message and accessors of {@link CudaException}. */
class CudaExceptionTest {

    @Test
    void messageNamesCallStatusDetailAndVersions() {
        CudaException e = new CudaException(CudaLibrary.CUBLAS, 7, "CUBLAS_STATUS_INVALID_VALUE",
                "an invalid value was used as an argument", "cublasSgemm_v2(m=-1)", "CUDA runtime 13.0, cuBLAS 13.0.0");
        assertEquals("cublasSgemm_v2(m=-1) failed: CUBLAS_STATUS_INVALID_VALUE (7): an invalid value was used as an"
                + " argument [CUDA runtime 13.0, cuBLAS 13.0.0]", e.getMessage());
        assertEquals(CudaLibrary.CUBLAS, e.library());
        assertEquals(7, e.status());
        assertEquals("CUBLAS_STATUS_INVALID_VALUE", e.statusName());
        assertEquals("an invalid value was used as an argument", e.detail());
        assertEquals("cublasSgemm_v2(m=-1)", e.call());
        assertEquals("CUDA runtime 13.0, cuBLAS 13.0.0", e.versions());
    }

    @Test
    void emptyDetailIsLeftOut() {
        CudaException e = new CudaException(CudaLibrary.NVRTC, 5, "NVRTC_ERROR_INVALID_OPTION", "",
                "nvrtcCompileProgram(--bogus)", "NVRTC 13.0");
        assertEquals("nvrtcCompileProgram(--bogus) failed: NVRTC_ERROR_INVALID_OPTION (5) [NVRTC 13.0]", e.getMessage());
    }
}
