package dev.panamax.tensor.cuda;

import dev.panamax.bindings.CudaException;

/**
 * The raw allocation calls a {@link CachingAllocator} draws on: {@code cudaMalloc} and
 * {@code cudaFree} on a real device, or a fake in tests.
 */
interface DeviceMemory {

    /**
     * Allocates {@code bytes} of device memory and returns its address.
     *
     * @throws CudaException with status {@link CachingAllocator#OUT_OF_MEMORY} when the device is full
     */
    long malloc(long bytes);

    /** Frees a block returned by {@link #malloc}. */
    void free(long address);
}
