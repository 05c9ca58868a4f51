package dev.panamax.tensor.cpu;

import java.lang.foreign.MemorySegment;

/**
 * Tells the JIT, inside a hot kernel, that a segment is native memory.
 *
 * <p>The Vector API's segment loads and stores go through JDK methods whose type profiles are
 * shared by every caller in the process: once any code has used them on a heap segment, C2 no
 * longer knows which segment class a kernel's accesses see, and compiles each access as calls
 * that are not inlined (measured: the float32 dot-product GEMM at 108–150 µs instead of 60 µs,
 * depending on what ran before it was compiled). A cast to the native implementation class lets
 * C2 bind those calls statically again, whatever the profiles say.
 */
final class Native {

    /** The JDK's class of native segments (mapped segments are a subclass). */
    private static final Class<? extends MemorySegment> CLASS = MemorySegment.ofAddress(0).getClass();

    private Native() {
    }

    /**
     * {@code s} itself, typed as a native segment for the compiler.
     *
     * @throws ClassCastException if {@code s} is not native memory (callers check first)
     */
    static MemorySegment exact(MemorySegment s) {
        return CLASS.cast(s);
    }
}
