package dev.panamax.tensor.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * Splits an index range over the CPU backend's worker threads.
 *
 * <p>Work below the caller's grain size runs on the calling thread with no hand-off, so small
 * tensors pay nothing for parallelism. The thread count comes from the system property
 * {@code panamax.cpu.threads} (default: the available processors): the caller and
 * {@code threads - 1} pool workers, so exactly that many threads are busy.
 */
public final class Parallel {

    /** A body that processes the half-open range {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(long from, long to);
    }

    private static final int THREADS = Math.max(1,
            Integer.getInteger("panamax.cpu.threads", Runtime.getRuntime().availableProcessors()));

    /** {@code THREADS - 1} workers: the calling thread runs the first chunk itself. */
    private static final ForkJoinPool POOL = THREADS > 1 ? new ForkJoinPool(THREADS - 1) : null;

    private Parallel() {
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
        if (chunks <= 1 || POOL == null || ForkJoinTask.inForkJoinPool()) {
            body.run(0, n);
            return;
        }
        long per = (n + chunks - 1) / chunks;
        RecursiveAction[] tasks = new RecursiveAction[chunks - 1];
        for (int c = 1; c < chunks; c++) {
            long from = c * per;
            long to = Math.min(n, from + per);
            tasks[c - 1] = new RecursiveAction() {
                @Override
                protected void compute() {
                    if (from < to) {
                        body.run(from, to);
                    }
                }
            };
            POOL.execute(tasks[c - 1]);
        }
        body.run(0, Math.min(n, per));
        for (RecursiveAction t : tasks) {
            t.join();
        }
    }
}
