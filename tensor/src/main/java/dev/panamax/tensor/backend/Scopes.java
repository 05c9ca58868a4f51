package dev.panamax.tensor.backend;

import java.util.ArrayList;

/**
 * The per-thread stack of memory scopes and the storages each one owns.
 */
public final class Scopes {

    /** One open scope: the storages allocated while it was innermost and not kept since. */
    public static final class Frame {
        private final Frame parent;
        private final Thread thread;
        private final ArrayList<Storage> owned = new ArrayList<>();
        private boolean closed;

        private Frame(Frame parent, Thread thread) {
            this.parent = parent;
            this.thread = thread;
        }

        /** Releases every storage still owned and pops this frame. */
        public void close() {
            if (closed) {
                return;
            }
            if (Thread.currentThread() != thread) {
                throw new IllegalStateException("MemoryScope.close: a scope must be closed by the thread that opened it ("
                        + thread.getName() + ")");
            }
            if (CURRENT.get() != this) {
                throw new IllegalStateException("MemoryScope.close: scopes must be closed innermost first");
            }
            closed = true;
            for (Storage s : owned) {
                if (s.frame == this) {
                    s.frame = null;
                    s.release();
                }
            }
            owned.clear();
            CURRENT.set(parent);
        }

        /** How many storages this scope would release if closed now. */
        public int ownedCount() {
            int n = 0;
            for (Storage s : owned) {
                if (s.frame == this) {
                    n++;
                }
            }
            return n;
        }
    }

    private static final ThreadLocal<Frame> CURRENT = new ThreadLocal<>();

    private Scopes() {
    }

    /** Opens a scope nested in the current thread's innermost one. */
    public static Frame open() {
        Frame f = new Frame(CURRENT.get(), Thread.currentThread());
        CURRENT.set(f);
        return f;
    }

    /** Registers a new storage with the innermost open scope, if any. */
    public static void adopt(Storage s) {
        Frame f = CURRENT.get();
        if (f != null) {
            s.frame = f;
            f.owned.add(s);
        }
    }

    static void forget(Storage s) {
        s.frame = null;
    }
}
