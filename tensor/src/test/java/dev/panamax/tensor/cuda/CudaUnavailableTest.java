package dev.panamax.tensor.cuda;

import dev.panamax.tensor.Device;
import dev.panamax.tensor.Memory;
import dev.panamax.tensor.MemoryStats;
import dev.panamax.tensor.Tensor;
import dev.panamax.tensor.backend.Availability;
import dev.panamax.tensor.backend.Backends;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Without CUDA: asking for a CUDA device fails with the reason, and everything else runs on the CPU. */
class CudaUnavailableTest {

    @Test
    void aCudaDeviceIsRefusedWithTheOneLineReason() {
        Availability a = Backends.cudaAvailability();
        Skips.unless(!a.available(), "CUDA is available here (" + a.reason() + ")");
        assertFalse(a.reason().isBlank());
        assertFalse(a.reason().contains("\n"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Backends.of(Device.cuda(0)));
        assertEquals("CUDA device cuda:0 requested but CUDA is unavailable: " + a.reason(), e.getMessage());
        IllegalStateException moved = assertThrows(IllegalStateException.class, () -> Tensor.ones(3).to(Device.cuda(0)));
        assertTrue(moved.getMessage().contains(a.reason()));
        assertEquals(Device.CPU, Device.auto());
        System.out.println("CUDA unavailable as expected: " + a.reason());
    }

    @Test
    void cudaMemoryStatisticsNeverStartCuda() {
        Skips.unless(CudaBackend.opened(0) == null, "a CUDA device is already open in this JVM");
        assertEquals(new MemoryStats(0, 0, 0, 0, 0, 0, 0, 0), Memory.cudaStats(Device.cuda(0)));
        Memory.emptyCudaCache();
        Memory.resetPeak();
        assertEquals(null, CudaBackend.opened(0));
        assertThrows(IllegalArgumentException.class, () -> Memory.cudaStats(Device.CPU));
    }
}
