package dev.panamax.bindings;

import static dev.panamax.bindings.SimSupport.cuda;
import static dev.panamax.bindings.SimSupport.downloadFloats;
import static dev.panamax.bindings.SimSupport.upload;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamax.bindings.cuda.cuda_h;
import dev.panamax.bindings.cudart.cudart_h;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CUDA runtime and driver entry points of cuda-sim: devices, memory, copies, streams, events and errors. */
class CudaRuntimeSimTest {

    @BeforeEach
    void requireSim() {
        SimSupport.requireSim();
    }

    @Test
    void reportsOneComputeCapability80DeviceAndCuda13() {
        assertEquals(13000, cuda().runtimeVersion());
        assertEquals(13000, cuda().driverVersion());
        assertEquals(1, cuda().deviceCount());
        assertEquals(8, cuda().deviceAttribute(cudart_h.cudaDevAttrComputeCapabilityMajor(), 0));
        assertEquals(0, cuda().deviceAttribute(cudart_h.cudaDevAttrComputeCapabilityMinor(), 0));
        assertEquals(32, cuda().deviceAttribute(cudart_h.cudaDevAttrWarpSize(), 0));
        assertEquals(1024, cuda().deviceAttribute(cudart_h.cudaDevAttrMaxThreadsPerBlock(), 0));
        assertTrue(cuda().deviceAttribute(cudart_h.cudaDevAttrMultiProcessorCount(), 0) > 0);
        assertEquals(cudart_h.cudaErrorInvalidDevice(), cudart_h.cudaSetDevice(1));
        assertEquals(cudart_h.cudaErrorInvalidDevice(), cudart_h.cudaGetLastError());
        assertEquals(cudart_h.cudaSuccess(), cudart_h.cudaGetLastError(), "cudaGetLastError resets");
        cuda().setDevice(0);
        assertEquals(0, cuda().device());
        CudaAvailability report = CudaAvailability.get();
        assertTrue(report.available(), report.toString());
        assertEquals("CUDA available: 1 device, runtime 13.0, driver 13.0", report.toString());
    }

    @Test
    void copiesHonourTheirKindAndCheckTheDeviceSide() {
        float[] data = {1, 2, 3, 4, 5, 6, 7, 8};
        MemorySegment a = upload(data);
        MemorySegment b = cuda().malloc(32);
        try (Arena arena = Arena.ofConfined()) {
            cuda().memcpy(b, a, 32, cudart_h.cudaMemcpyDeviceToDevice());
            assertArrayEquals(data, downloadFloats(b, 8));
            MemorySegment host = arena.allocate(JAVA_FLOAT, 8);
            cuda().memcpy(host, b, 32, cudart_h.cudaMemcpyDefault());
            assertArrayEquals(data, host.toArray(JAVA_FLOAT));
            // A host pointer where the kind says device, and a copy past the allocation's end, are errors.
            assertEquals(cudart_h.cudaErrorInvalidValue(),
                    cudart_h.cudaMemcpy(host, a, 32, cudart_h.cudaMemcpyHostToDevice()));
            assertEquals(cudart_h.cudaErrorInvalidValue(),
                    cudart_h.cudaMemcpy(host, a, 64, cudart_h.cudaMemcpyDeviceToHost()));
            assertEquals(cudart_h.cudaErrorInvalidMemcpyDirection(), cudart_h.cudaMemcpy(host, a, 4, 7));
            // 2D: the middle two floats of each of two rows of four.
            MemorySegment narrow = arena.allocate(JAVA_FLOAT, 4);
            cuda().memcpy2D(narrow, 8, a.reinterpret(32).asSlice(4), 16, 8, 2, cudart_h.cudaMemcpyDeviceToHost());
            assertArrayEquals(new float[] {2, 3, 6, 7}, narrow.toArray(JAVA_FLOAT));
            assertEquals(cudart_h.cudaErrorInvalidPitchValue(),
                    cudart_h.cudaMemcpy2D(narrow, 4, a, 16, 8, 2, cudart_h.cudaMemcpyDeviceToHost()));
        }
        cuda().memset(b, 0, 32);
        assertArrayEquals(new float[8], downloadFloats(b, 8));
        cuda().free(a);
        cuda().free(b);
        CudaException e = assertThrows(CudaException.class, () -> cuda().free(a));
        assertEquals("cudaErrorInvalidValue", e.statusName());
    }

    @Test
    void freshDeviceMemoryIsPoisonedWithNaN() {
        MemorySegment a = cuda().malloc(16);
        for (float v : downloadFloats(a, 4)) {
            assertTrue(Float.isNaN(v));
        }
        cuda().free(a);
    }

    @Test
    void memInfoCountsAllocations() {
        CudaRuntime.MemInfo before = cuda().memInfo();
        MemorySegment a = cuda().malloc(1 << 20);
        CudaRuntime.MemInfo during = cuda().memInfo();
        assertEquals(before.free() - (1 << 20), during.free());
        cuda().free(a);
        assertEquals(before.free(), cuda().memInfo().free());
    }

    @Test
    void pinnedAndRegisteredHostMemory() {
        MemorySegment pinned = cuda().mallocHost(64);
        assertEquals(64, pinned.byteSize());
        CudaException e = assertThrows(CudaException.class, () -> cuda().free(pinned));
        assertEquals("cudaErrorInvalidValue", e.statusName());
        cuda().freeHost(pinned);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment host = arena.allocate(4096);
            cuda().hostRegister(host, 0);
            assertEquals(cudart_h.cudaErrorHostMemoryAlreadyRegistered(), cudart_h.cudaHostRegister(host, 4096, 0));
            cuda().hostUnregister(host);
            assertEquals(cudart_h.cudaErrorHostMemoryNotRegistered(), cudart_h.cudaHostUnregister(host));
        }
    }

    @Test
    void streamsAndEventsRunSynchronouslyAndTime() throws InterruptedException {
        MemorySegment stream = cuda().streamCreate(cudart_h.cudaStreamNonBlocking());
        MemorySegment start = cuda().eventCreate(0);
        MemorySegment end = cuda().eventCreate(0);
        cuda().eventRecord(start, stream);
        Thread.sleep(20);
        cuda().eventRecord(end, stream);
        cuda().eventSynchronize(end);
        float ms = cuda().eventElapsedTime(start, end);
        assertTrue(ms >= 15 && ms < 5000, ms + " ms");
        assertTrue(cuda().streamQuery(stream));
        assertTrue(cuda().eventQuery(end));
        MemorySegment untimed = cuda().eventCreate(cudart_h.cudaEventDisableTiming());
        cuda().eventRecord(untimed, stream);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_FLOAT);
            assertEquals(cudart_h.cudaErrorInvalidResourceHandle(), cudart_h.cudaEventElapsedTime(out, start, untimed));
        }
        cuda().eventDestroy(untimed);
        cuda().eventDestroy(start);
        cuda().eventDestroy(end);
        cuda().streamDestroy(stream);
        assertEquals(cudart_h.cudaErrorInvalidResourceHandle(), cudart_h.cudaStreamDestroy(stream));
        assertEquals(cudart_h.cudaErrorInvalidResourceHandle(), cudart_h.cudaStreamSynchronize(stream));
    }

    @Test
    void everyDeclaredStatusHasItsNameInBothApis() throws ReflectiveOperationException {
        int checked = 0;
        for (Method m : cudart_h.class.getMethods()) {
            String name = m.getName();
            if (Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 0 && m.getReturnType() == int.class
                    && (name.startsWith("cudaError") || name.equals("cudaSuccess"))) {
                int code = (int) m.invoke(null);
                assertEquals(name, cuda().errorName(code));
                assertFalse(cuda().errorString(code).isBlank());
                checked++;
            }
        }
        assertTrue(checked > 100, checked + " runtime statuses");
        CudaDriver driver = CudaDriver.get();
        checked = 0;
        for (Method m : cuda_h.class.getMethods()) {
            String name = m.getName();
            if (Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 0 && m.getReturnType() == int.class
                    && name.startsWith("CUDA_") && (name.startsWith("CUDA_ERROR_") || name.equals("CUDA_SUCCESS"))) {
                int code = (int) m.invoke(null);
                assertEquals(name, driver.errorName(code));
                checked++;
            }
        }
        assertTrue(checked > 90, checked + " driver statuses");
        assertEquals("invalid argument", cuda().errorString(cudart_h.cudaErrorInvalidValue()));
        assertEquals("launch timeout", cuda().errorString(cudart_h.cudaErrorLaunchTimeout()));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment text = arena.allocate(ADDRESS);
            assertEquals(cuda_h.CUDA_ERROR_INVALID_VALUE(), cuda_h.cuGetErrorName(123456, text));
        }
    }

    @Test
    void theDriverSeesTheRuntimesPrimaryContext() {
        CudaDriver driver = CudaDriver.get();
        driver.init();
        cuda().setDevice(0);
        MemorySegment current = driver.currentContext();
        assertFalse(current.equals(MemorySegment.NULL));
        MemorySegment primary = driver.primaryContextRetain(0);
        assertEquals(primary, current);
        assertTrue(driver.primaryContextActive(0));
        assertEquals(0, driver.currentDevice());
        assertTrue(driver.deviceName(0).startsWith("cuda-sim"));
        driver.primaryContextRelease(0);
        assertTrue(driver.primaryContextActive(0), "the runtime still holds its reference");
    }
}
