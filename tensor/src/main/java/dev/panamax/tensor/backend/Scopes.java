package dev.panamax.tensor.backend;

import java.util.Arrays;

/**
 * The per-thread stack of memory scopes and the storages each one owns.
 *
 * <p>A thread's storages live in one growing array shared by its nested scopes: a scope owns the
 * entries from where the array ended when it opened, so adopting a storage is an array store and
 * closing a scope walks its own entries only.
 */
public final class Scopes {

    /** One thread's open scopes and their storages. */
    private static final class ThreadScopes {
        private final Thread thread = Thread.currentThread();
        private Storage[] owned = new Storage[64];
        private int size;
        private Frame innermost;

        void add(Storage s) {
            if (size == owned.length) {
                owned = Arrays.copyOf(owned, size * 2);
            }
            owned[size++] = s;
        }
    }

    /** One open scope: the storages allocated while it was innermost and not kept since. */
    public static final class Frame {
        private final Frame parent;
        private final ThreadScopes scopes;
        private final int start;
        private boolean closed;

        private Frame(Frame parent, ThreadScopes scopes) {
            this.parent = parent;
            this.scopes = scopes;
            this.start = scopes.size;
        }

        /** Releases every storage still owned and pops this frame. */
        public void close() {
            if (closed) {
                return;
            }
            if (Thread.currentThread() != scopes.thread) {
                throw new IllegalStateException("MemoryScope.close: a scope must be closed by the thread that opened it ("
                        + scopes.thread.getName() + ")");
            }
            if (scopes.innermost != this) {
                throw new IllegalStateException("MemoryScope.close: scopes must be closed innermost first");
            }
            closed = true;
            Storage[] owned = scopes.owned;
            for (int i = start, end = scopes.size; i < end; i++) {
                Storage s = owned[i];
                owned[i] = null;
                if (s.frame == this) {
                    s.frame = null;
                    s.release();
                }
            }
            scopes.size = start;
            scopes.innermost = parent;
        }

        /** How many storages this scope would release if closed now. */
        public int ownedCount() {
            if (closed) {
                return 0;
            }
            int n = 0;
            Storage[] owned = scopes.owned;
            int end = scopes.innermost == this ? scopes.size : innermostStartAbove();
            for (int i = start; i < end; i++) {
                if (owned[i].frame == this) {
                    n++;
                }
            }
            return n;
        }

        /** Where the scope opened directly inside this one starts (this one's entries end there). */
        private int innermostStartAbove() {
            Frame f = scopes.innermost;
            while (f != null && f.parent != this) {
                f = f.parent;
            }
            return f == null ? scopes.size : f.start;
        }
    }

    private static final ThreadLocal<ThreadScopes> CURRENT = ThreadLocal.withInitial(ThreadScopes::new);

    private Scopes() {
    }

    /** Opens a scope nested in the current thread's innermost one. */
    public static Frame open() {
        ThreadScopes t = CURRENT.get();
        Frame f = new Frame(t.innermost, t);
        t.innermost = f;
        return f;
    }

    /**
     * Registers a new storage with the innermost open scope, if any.
     *
     * @return whether a scope now owns the storage (and will release it when it closes)
     */
    public static boolean adopt(Storage s) {
        ThreadScopes t = CURRENT.get();
        Frame f = t.innermost;
        if (f == null) {
            return false;
        }
        s.frame = f;
        t.add(s);
        return true;
    }

    static void forget(Storage s) {
        s.frame = null;
    }
}
