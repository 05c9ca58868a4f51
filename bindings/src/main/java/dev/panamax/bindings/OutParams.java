package dev.panamax.bindings;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.function.ToIntFunction;

/**
 * Calls a native function that returns a status and writes one result through a pointer.
 *
 * <p>Each helper allocates the result cell in a confined arena, passes it to the call, lets the
 * façade's checker throw for a failed status and returns the value read back.
 */
final class OutParams {

    /** A façade's status check. */
    @FunctionalInterface
    interface Checker {
        /** Throws {@link CudaException} unless the status means success. */
        void check(int status, String call);
    }

    private OutParams() {
    }

    /** Returns the int the call wrote. */
    static int intValue(Checker checker, ToIntFunction<MemorySegment> function, String call) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_INT);
            checker.check(function.applyAsInt(out), call);
            return out.get(JAVA_INT, 0);
        }
    }

    /** Returns the 64-bit integer (a size_t) the call wrote. */
    static long longValue(Checker checker, ToIntFunction<MemorySegment> function, String call) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_LONG);
            checker.check(function.applyAsInt(out), call);
            return out.get(JAVA_LONG, 0);
        }
    }

    /** Returns the pointer or handle the call wrote, as a segment of length zero. */
    static MemorySegment address(Checker checker, ToIntFunction<MemorySegment> function, String call) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            checker.check(function.applyAsInt(out), call);
            return out.get(ADDRESS, 0);
        }
    }
}
