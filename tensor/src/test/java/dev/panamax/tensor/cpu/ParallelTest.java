package dev.panamax.tensor.cpu;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The worker hand-off of {@link Parallel}: every index is run exactly once, in chunk boundaries that
 * do not depend on which thread runs them; nested and concurrent calls; exceptions from any chunk
 * reach the caller and leave the workers usable; idle workers park; they are daemons.
 */
class ParallelTest {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    /** Counts how often each index of {@code [0, n)} is run, and checks the chunks. */
    private static void checkCoverage(long n, long grain) {
        AtomicIntegerArray seen = new AtomicIntegerArray((int) Math.max(n, 1));
        AtomicInteger chunks = new AtomicInteger();
        Parallel.forRange(n, grain, (from, to) -> {
            assertTrue(0 <= from && from < to && to <= n, "chunk [" + from + ", " + to + ") of " + n);
            chunks.incrementAndGet();
            for (long i = from; i < to; i++) {
                seen.incrementAndGet((int) i);
            }
        });
        for (int i = 0; i < n; i++) {
            assertEquals(1, seen.get(i), "index " + i + " of n=" + n + ", grain=" + grain);
        }
        assertTrue(chunks.get() <= Parallel.threads(), chunks.get() + " chunks for n=" + n);
        if (n > 0 && n < 2 * Math.max(1, grain)) {
            assertEquals(1, chunks.get(), "n=" + n + " below two grains is one chunk");
        }
    }

    @Test
    void everyIndexOnceForManySizesAndGrains() {
        assertTimeoutPreemptively(LIMIT, () -> {
            long[] grains = {0, 1, 2, 3, 5, 7, 16, 64, 1000};
            for (long n = 0; n <= 300; n++) {
                for (long grain : grains) {
                    checkCoverage(n, grain);
                }
            }
            for (long n : new long[] {1023, 1024, 1025, 65_535, 65_536, 100_003}) {
                for (long grain : new long[] {1, 7, 4096, 32_768, 50_000, 200_000}) {
                    checkCoverage(n, grain);
                }
            }
        });
    }

    @Test
    void chunkBoundariesDoNotDependOnScheduling() {
        assertTimeoutPreemptively(LIMIT, () -> {
            for (long n : new long[] {2, 5, 17, 1000, 99_999}) {
                Set<String> first = null;
                for (int rep = 0; rep < 50; rep++) {
                    Set<String> ranges = ConcurrentHashMap.newKeySet();
                    Parallel.forRange(n, 1, (from, to) -> ranges.add(from + ":" + to));
                    if (first == null) {
                        first = new TreeSet<>(ranges);
                        assertEquals(Math.min(n, Parallel.threads()), first.size(), "chunks of " + n);
                    } else {
                        assertEquals(first, new TreeSet<>(ranges), "chunks of " + n + " at repetition " + rep);
                    }
                }
            }
        });
    }

    @Test
    void chunksRunOnTheWorkers() {
        assumeTrue(Parallel.threads() > 1);
        assertTimeoutPreemptively(LIMIT, () -> {
            // Chunks that take a while give a parked worker time to wake and claim its own.
            Set<String> names = ConcurrentHashMap.newKeySet();
            for (int rep = 0; rep < 50 && names.size() < Parallel.threads(); rep++) {
                Parallel.forRange(Parallel.threads(), 1, (from, to) -> {
                    names.add(Thread.currentThread().getName());
                    sleep(5);
                });
            }
            assertEquals(Parallel.threads(), names.size(), "threads seen: " + names);
        });
    }

    @Test
    void nestedCallsRunInline() {
        assertTimeoutPreemptively(LIMIT, () -> {
            int outer = 64;
            int inner = 1000;
            AtomicIntegerArray seen = new AtomicIntegerArray(outer * inner);
            for (int rep = 0; rep < 20; rep++) {
                Parallel.forRange(outer, 1, (o0, o1) -> {
                    for (long o = o0; o < o1; o++) {
                        long base = o * inner;
                        Parallel.forRange(inner, 1, (i0, i1) -> {
                            for (long i = i0; i < i1; i++) {
                                seen.incrementAndGet((int) (base + i));
                            }
                        });
                    }
                });
            }
            for (int i = 0; i < outer * inner; i++) {
                assertEquals(20, seen.get(i), "index " + i);
            }
        });
    }

    @Test
    void exceptionsFromAnyChunkReachTheCallerAndThePoolStaysUsable() {
        assertTimeoutPreemptively(LIMIT, () -> {
            long n = 1000;
            for (int rep = 0; rep < 30; rep++) {
                // The last chunk runs on a worker (or is taken over by the caller), the first on the caller.
                for (long bad : new long[] {n - 1, 0}) {
                    IllegalStateException boom = new IllegalStateException("chunk with " + bad);
                    RuntimeException thrown = assertThrows(RuntimeException.class, () ->
                            Parallel.forRange(n, 1, (from, to) -> {
                                if (from <= bad && bad < to) {
                                    if (bad != 0) {
                                        sleep(1);
                                    }
                                    throw boom;
                                }
                            }));
                    assertSame(boom, thrown);
                }
                AssertionError error = new AssertionError("an error");
                AssertionError thrownError = assertThrows(AssertionError.class, () ->
                        Parallel.forRange(n, 1, (from, to) -> {
                            if (to == n) {
                                throw error;
                            }
                        }));
                assertSame(error, thrownError);
                if (Parallel.threads() > 1) {
                    // Both chunks fail: the caller's exception, with the other as suppressed.
                    RuntimeException first = new RuntimeException("first");
                    RuntimeException last = new RuntimeException("last");
                    RuntimeException both = assertThrows(RuntimeException.class, () ->
                            Parallel.forRange(n, 1, (from, to) -> {
                                throw from == 0 ? first : last;
                            }));
                    assertSame(first, both);
                    assertTrue(List.of(both.getSuppressed()).contains(last),
                            "suppressed: " + List.of(both.getSuppressed()));
                }
                checkCoverage(n, 1);
            }
        });
    }

    @Test
    void concurrentCallersEachGetTheirWholeRange() throws Exception {
        int callers = 4;
        int calls = 300;
        List<Thread> threads = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < callers; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    for (int c = 0; c < calls; c++) {
                        int n = 1 + (id * 7919 + c * 104_729) % 5000;
                        AtomicIntegerArray seen = new AtomicIntegerArray(n);
                        Parallel.forRange(n, 1 + c % 50, (from, to) -> {
                            for (long i = from; i < to; i++) {
                                seen.incrementAndGet((int) i);
                            }
                        });
                        for (int i = 0; i < n; i++) {
                            if (seen.get(i) != 1) {
                                throw new AssertionError("caller " + id + ", call " + c + ": index " + i
                                        + " of " + n + " run " + seen.get(i) + " times");
                            }
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "parallel-test-caller-" + t);
            threads.add(thread);
            thread.start();
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join(LIMIT.toMillis());
            assertTrue(!thread.isAlive(), thread.getName() + " did not finish");
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        checkCoverage(10_000, 1);
    }

    @Test
    void workersAreNamedDaemonsAndParkWhenIdle() throws Exception {
        assumeTrue(Parallel.threads() > 1);
        checkCoverage(10_000, 1); // starts the workers
        List<Thread> workers = Parallel.workers();
        assertEquals(Parallel.threads() - 1, workers.size());
        for (int i = 0; i < workers.size(); i++) {
            Thread w = workers.get(i);
            assertTrue(w.isDaemon(), w.getName() + " must not keep the JVM alive");
            assertTrue(w.isAlive(), w.getName());
            assertEquals("panamax-cpu-" + (i + 1), w.getName());
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!allParked(workers)) {
            if (System.nanoTime() > deadline) {
                fail("idle workers did not park: " + workers.stream().map(Thread::getState).toList());
            }
            sleep(10);
        }
        // Parked workers use (nearly) no CPU time.
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        if (mx.isThreadCpuTimeSupported() && mx.isThreadCpuTimeEnabled()) {
            long before = 0;
            for (Thread w : workers) {
                before += mx.getThreadCpuTime(w.threadId());
            }
            sleep(300);
            long after = 0;
            for (Thread w : workers) {
                after += mx.getThreadCpuTime(w.threadId());
            }
            assertTrue(after - before < 30_000_000L, "idle workers used " + (after - before) / 1e6 + " ms of CPU");
        }
        checkCoverage(10_000, 1); // and wake up again
    }

    private static boolean allParked(List<Thread> workers) {
        for (Thread w : workers) {
            Thread.State s = w.getState();
            if (s != Thread.State.WAITING && s != Thread.State.TIMED_WAITING) {
                return false;
            }
        }
        return true;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
