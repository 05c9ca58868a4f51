package dev.panamax.autograd;

/**
 * Whether operations on {@link Variable}s record a graph, per thread.
 *
 * {@snippet :
 * try (var g = GradMode.noGrad()) {
 *     w.sub_(w.grad().mul(lr));        // no graph is recorded, leaves may be updated in place
 * }
 * }
 */
public final class GradMode {

    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private GradMode() {
    }

    /** Whether graph recording is on for this thread. */
    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** A scope with graph recording off; closing it restores the previous mode. */
    public static Guard noGrad() {
        return set(false);
    }

    /** A scope with graph recording on; closing it restores the previous mode. */
    public static Guard enableGrad() {
        return set(true);
    }

    private static Guard set(boolean on) {
        boolean[] cell = ENABLED.get();
        Guard g = new Guard(cell[0]);
        cell[0] = on;
        return g;
    }

    /** Restores the previous grad mode when closed. */
    public static final class Guard implements AutoCloseable {
        private final boolean previous;
        private boolean closed;

        private Guard(boolean previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                ENABLED.get()[0] = previous;
            }
        }
    }
}
