package dev.panamax.tensor.cpu;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Splits an index range over the CPU backend's worker threads.
 *
 * <p>Work below the caller's grain size runs on the calling thread with no hand-off, so small
 * tensors pay nothing for parallelism. The thread count comes from the system property
 * {@code panamax.cpu.threads} (default: the available processors).
 *
 * <p>The hand-off is built for kernels of tens of microseconds to milliseconds: there are exactly
 * {@code threads() - 1} daemon workers ({@code panamax-cpu-1}, ...), and the caller runs the
 * first chunk itself, so a {@code threads()} setting keeps that many threads busy. Each worker has
 * one work slot; the caller publishes a chunk there (waking the worker only if it is parked), runs
 * its own chunk, then runs any published chunk no worker has claimed yet (so a slow-to-wake worker
 * never delays the call), and waits for the claimed ones by spinning briefly, then parking. An idle
 * worker spins for {@link #SPIN_NANOS} on its slot, then parks, so an idle pool uses no CPU; past
 * the first microseconds a spinner yields between looks, so on an oversubscribed machine it does
 * not keep the thread it waits for off the core.
 *
 * <p>Only one caller at a time uses the workers (a CAS on a busy flag); a call that finds them
 * in use (another user thread, or a body that itself calls {@code forRange} on a worker or the
 * caller's thread) runs its whole range inline on its own thread. That can never deadlock and
 * keeps each call's cost bounded; concurrent user threads then share the cores through the
 * operating system instead of through the pool. Which thread runs a chunk never changes the chunk
 * boundaries, which depend on {@code n}, {@code grain} and {@code threads()} only.
 *
 * <p>An exception thrown by a chunk is rethrown to the caller after every chunk of the call has
 * finished (the caller's own first, others added as suppressed), and the workers stay usable.
 */
public final class Parallel {

    /** A body that processes the half-open range {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(long from, long to);
    }

    private static final int THREADS = Math.max(1,
            Integer.getInteger("panamax.cpu.threads", Runtime.getRuntime().availableProcessors()));

    /** How long an idle worker, or a waiting caller, spins before parking. */
    static final long SPIN_NANOS = 100_000;

    /** After this long a spinning thread yields its core between looks, in case it is shared. */
    private static final long YIELD_NANOS = 10_000;

    private Parallel() {
    }

    /**
     * One step of a bounded spin begun at {@code start}: false once {@link #SPIN_NANOS} have
     * passed (time to park). After {@link #YIELD_NANOS} the thread yields every 64 steps, so a
     * spinner that shares a core with the thread it waits for (more runnable threads than cores)
     * does not hold the core for the whole spin.
     */
    private static boolean spin(int spins, long start) {
        if ((spins & 63) != 0) {
            Thread.onSpinWait();
            return true;
        }
        long spent = System.nanoTime() - start;
        if (spent >= SPIN_NANOS) {
            return false;
        }
        if (spent >= YIELD_NANOS) {
            Thread.yield();
        }
        return true;
    }

    /** The number of threads the CPU backend uses. */
    public static int threads() {
        return THREADS;
    }

    /**
     * Runs {@code body} over {@code [0, n)}, split in at most {@link #threads()} chunks of at
     * least {@code grain} indices each.
     */
    public static void forRange(long n, long grain, RangeBody body) {
        if (n <= 0) {
            return;
        }
        int chunks = (int) Math.min(THREADS, Math.max(1, n / Math.max(1, grain)));
        if (chunks <= 1 || Thread.currentThread() instanceof Worker || !Pool.BUSY.compareAndSet(false, true)) {
            body.run(0, n);
            return;
        }
        try {
            Pool.run(n, chunks, body);
        } finally {
            Pool.BUSY.set(false);
        }
    }

    /** The worker threads (for tests). */
    static List<Thread> workers() {
        return THREADS > 1 ? List.of(Pool.WORKERS) : List.of();
    }

    /** One published chunk; claimed by exactly one thread (its worker, or the caller). */
    private static final class Job {
        private static final VarHandle CLAIMED;

        static {
            try {
                CLAIMED = MethodHandles.lookup().findVarHandle(Job.class, "claimed", boolean.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final long from;
        final long to;
        final RangeBody body;
        final Batch batch;
        @SuppressWarnings("unused") // through CLAIMED
        private volatile boolean claimed;

        Job(long from, long to, RangeBody body, Batch batch) {
            this.from = from;
            this.to = to;
            this.body = body;
            this.batch = batch;
        }

        boolean claim() {
            return !claimed && CLAIMED.compareAndSet(this, false, true);
        }

        /** Runs the chunk on the current thread and reports it done; never throws. */
        void runAndFinish() {
            try {
                body.run(from, to);
            } catch (Throwable t) {
                batch.fail(t);
            }
            batch.finishOne();
        }
    }

    /** The bookkeeping of one {@code forRange} call. */
    private static final class Batch {
        final Thread caller = Thread.currentThread();
        final AtomicInteger remaining;
        volatile boolean callerParked;
        volatile Throwable failure;

        Batch(int jobs) {
            remaining = new AtomicInteger(jobs);
        }

        synchronized void fail(Throwable t) {
            if (failure == null) {
                failure = t;
            } else if (failure != t) {
                failure.addSuppressed(t);
            }
        }

        void finishOne() {
            if (remaining.decrementAndGet() == 0 && callerParked) {
                LockSupport.unpark(caller);
            }
        }

        void await() {
            long start = System.nanoTime();
            int spins = 0;
            while (remaining.get() != 0) {
                if (spin(++spins, start)) {
                    continue;
                }
                callerParked = true;
                while (remaining.get() != 0) {
                    LockSupport.park(this);
                }
                callerParked = false;
            }
        }
    }

    private static final class Worker extends Thread {
        private static final VarHandle SLOT;

        static {
            try {
                SLOT = MethodHandles.lookup().findVarHandle(Worker.class, "slot", Job.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /** Set by the caller, cleared (by CAS, so a newer job is never lost) by the worker. */
        volatile Job slot;
        volatile boolean parked;

        Worker(int index) {
            super("panamax-cpu-" + index);
            setDaemon(true);
        }

        void publish(Job job) {
            slot = job;
            if (parked) {
                LockSupport.unpark(this);
            }
        }

        @Override
        public void run() {
            while (true) {
                Job job = take();
                if (job.claim()) {
                    job.runAndFinish();
                }
            }
        }

        /** Waits for a job: spins for a while, then parks until one is published. */
        private Job take() {
            long start = System.nanoTime();
            int spins = 0;
            while (true) {
                Job job = slot;
                if (job != null && SLOT.compareAndSet(this, job, null)) {
                    return job;
                }
                if (spin(++spins, start)) {
                    continue;
                }
                // Announce the park before the last look at the slot: a publisher that stores
                // its job after that look then sees the flag and unparks.
                parked = true;
                job = slot;
                if (job == null) {
                    LockSupport.park(this);
                }
                parked = false;
                if (job != null && SLOT.compareAndSet(this, job, null)) {
                    return job;
                }
                start = System.nanoTime();
                spins = 0;
            }
        }
    }

    /** The workers, started on the first parallel call. */
    private static final class Pool {
        static final AtomicBoolean BUSY = new AtomicBoolean();
        static final Worker[] WORKERS = new Worker[THREADS - 1];

        static {
            for (int i = 0; i < WORKERS.length; i++) {
                WORKERS[i] = new Worker(i + 1);
                WORKERS[i].start();
            }
        }

        static void run(long n, int chunks, RangeBody body) {
            long per = (n + chunks - 1) / chunks;
            chunks = (int) ((n + per - 1) / per); // no empty trailing chunk
            Batch batch = new Batch(chunks - 1);
            Job[] jobs = new Job[chunks - 1];
            for (int c = 1; c < chunks; c++) {
                long from = Math.min(n, c * per);
                jobs[c - 1] = new Job(from, Math.min(n, from + per), body, batch);
            }
            for (int c = 1; c < chunks; c++) {
                WORKERS[c - 1].publish(jobs[c - 1]);
            }
            Throwable own = null;
            try {
                body.run(0, Math.min(n, per));
            } catch (Throwable t) {
                own = t;
            }
            // Chunks whose worker has not started yet run here rather than wait for a wake-up.
            for (Job job : jobs) {
                if (job.claim()) {
                    job.runAndFinish();
                }
            }
            batch.await();
            Throwable other = batch.failure;
            if (own == null) {
                own = other;
            } else if (other != null) {
                own.addSuppressed(other);
            }
            if (own instanceof RuntimeException e) {
                throw e;
            }
            if (own instanceof Error e) {
                throw e;
            }
            if (own != null) {
                throw new RuntimeException(own);
            }
        }
    }
}
