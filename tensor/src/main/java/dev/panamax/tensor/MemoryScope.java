package dev.panamax.tensor;

import dev.panamax.tensor.backend.Scopes;

/**
 * A region that frees, when closed, every tensor created inside it on this thread.
 *
 * <p>Ownership rules:
 * <ul>
 *   <li>Every storage allocated while the scope is the thread's innermost open scope belongs to it,
 *       including views' storages and temporaries created by operations.</li>
 *   <li>{@link Tensor#keep()} takes a tensor's storage out of every scope: it then lives until it
 *       becomes unreachable (or is closed). Longer-lived owners (parameters, gradients, optimizer
 *       state, modules) keep what they hold.</li>
 *   <li>Tensors created before the scope opened are never freed by it, even when written in place
 *       inside it.</li>
 *   <li>Scopes nest and must be closed innermost first, by the thread that opened them.</li>
 * </ul>
 * No garbage collection is involved: memory goes back to the pool when {@link #close()} returns.
 *
 * {@snippet :
 * Tensor w = Tensor.zeros(DType.FLOAT64, 3).keep();
 * for (int i = 0; i < 1000; i++) {
 *     try (MemoryScope s = Memory.scope()) {
 *         Tensor g = w.sub(1).mul(2);      // temporaries freed at the end of the iteration
 *         w.sub_(g.mul(0.1));              // w was created outside: untouched
 *     }
 * }
 * }
 */
public final class MemoryScope implements AutoCloseable {
    private final Scopes.Frame frame;

    MemoryScope(Scopes.Frame frame) {
        this.frame = frame;
    }

    /** How many storages this scope would free if closed now. */
    public int ownedCount() {
        return frame.ownedCount();
    }

    /**
     * Frees every storage this scope still owns.
     *
     * @throws IllegalStateException if called from another thread or while an inner scope is open
     */
    @Override
    public void close() {
        frame.close();
    }
}
