package dev.panamax.bindings;

import org.junit.jupiter.api.Assumptions;

/** Skips a test loudly: the reason is printed as a SKIPPED line before JUnit records the skip. */
final class Skips {

    private Skips() {
    }

    /** Skips the calling test with a printed reason unless the condition holds. */
    static void unless(boolean condition, String reason) {
        if (!condition) {
            StackWalker.StackFrame caller = StackWalker.getInstance().walk(s -> s.skip(1).findFirst()).orElseThrow();
            System.out.println("SKIPPED: " + caller.getClassName().replaceAll(".*\\.", "") + "." + caller.getMethodName()
                    + ": " + reason);
        }
        Assumptions.assumeTrue(condition, reason);
    }
}
