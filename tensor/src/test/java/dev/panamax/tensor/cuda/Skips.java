package dev.panamax.tensor.cuda;

import org.junit.jupiter.api.Assumptions;

/** Skips a test loudly: the reason is printed as a SKIPPED line before JUnit records the skip. */
final class Skips {

    private Skips() {
    }

    /** Skips the calling test, printing why, unless {@code condition} holds. */
    static void unless(boolean condition, String reason) {
        if (!condition) {
            String caller = StackWalker.getInstance()
                    .walk(s -> s.skip(1).findFirst().map(f -> f.getClassName().replaceAll(".*\\.", "") + "."
                            + f.getMethodName()).orElse("?"));
            System.out.println("SKIPPED: " + caller + ": " + reason);
        }
        Assumptions.assumeTrue(condition, reason);
    }
}
