package dev.panamax.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamax.bindings.cudnn.cudnn_h;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** The cuDNN façade: scaling factors, a clear reason without libcudnn, status names with it. */
class CudnnTest {

    @Test
    void scalarsAreDoublesForDoubleTensorsAndFloatsOtherwise() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment d = Cudnn.scalar(arena, cudnn_h.CUDNN_DATA_DOUBLE(), 0.5);
            MemorySegment f = Cudnn.scalar(arena, cudnn_h.CUDNN_DATA_FLOAT(), 0.5);
            MemorySegment h = Cudnn.scalar(arena, cudnn_h.CUDNN_DATA_HALF(), 2);
            assertEquals(8, d.byteSize());
            assertEquals(0.5, d.get(ValueLayout.JAVA_DOUBLE, 0));
            assertEquals(4, f.byteSize());
            assertEquals(0.5f, f.get(ValueLayout.JAVA_FLOAT, 0));
            assertEquals(2f, h.get(ValueLayout.JAVA_FLOAT, 0));
        }
    }

    @Test
    void withoutLibcudnnTheFacadeExplainsWhy() {
        LibraryStatus cudnn = NativeLibraries.system().status(CudaLibrary.CUDNN);
        Skips.unless(!cudnn.loaded(), "libcudnn.so.9 is installed: " + cudnn);
        IllegalStateException e = assertThrows(IllegalStateException.class, Cudnn::get);
        assertEquals("cuDNN unavailable: " + cudnn.reason(), e.getMessage());
    }

    @Test
    void withLibcudnnStatusesAreNamed() {
        LibraryStatus cudnn = NativeLibraries.system().status(CudaLibrary.CUDNN);
        Skips.unless(cudnn.loaded(), "no libcudnn.so.9 here: " + cudnn.reason());
        Cudnn dnn = Cudnn.get();
        assertTrue(dnn.version().startsWith("9."), dnn.version());
        assertEquals("CUDNN_STATUS_BAD_PARAM", dnn.errorString(cudnn_h.CUDNN_STATUS_BAD_PARAM()));
        assertThrows(IllegalArgumentException.class,
                () -> dnn.setTensorNdDescriptor(MemorySegment.NULL, 0, new int[] {1, 2, 3}, new int[] {1, 1}));
    }
}
