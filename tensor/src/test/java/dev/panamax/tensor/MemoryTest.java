package dev.panamax.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Memory management: scopes free what they create (and nothing else), keep() and close(), use of
 * released tensors, and a naive loop that never closes anything staying bounded.
 *
 * <p>Live-byte assertions tolerate the cleaner freeing garbage of earlier tests concurrently: each
 * test first lets pending cleaners finish, then checks that live bytes fall back to at most the
 * baseline and that the drop is at least the bytes the scope allocated.
 */
class MemoryTest {

    private static final long MIB = 1L << 20;

    /** Collects garbage until the allocator's live bytes stop moving, so later deltas are this test's own. */
    @BeforeEach
    void settle() throws InterruptedException {
        long previous = -1;
        for (int i = 0; i < 50; i++) {
            System.gc();
            Thread.sleep(10);
            long now = Memory.stats().liveBytes();
            if (now == previous) {
                return;
            }
            previous = now;
        }
    }

    private static long live() {
        return Memory.stats().liveBytes();
    }

    /** Asserts that {@code action} throws IllegalStateException naming the released tensor's shape. */
    private static void assertReleased(String shape, Executable action) {
        IllegalStateException e = assertThrows(IllegalStateException.class, action);
        assertTrue(e.getMessage().contains(shape), "message should name the shape " + shape + ": " + e.getMessage());
        assertTrue(e.getMessage().contains("released"), e.getMessage());
    }

    @Test
    void aScopeFreesEverythingCreatedInsideIt() {
        long before = live();
        List<Tensor> inside = new ArrayList<>();
        long during;
        try (MemoryScope scope = Memory.scope()) {
            Tensor a = Tensor.ones(DType.FLOAT64, 256, 512);      // 1 MiB
            Tensor b = a.mul(2).add(1);                            // two more MiB (one temporary)
            inside.add(a);
            inside.add(b);
            inside.add(b.transpose(0, 1));                         // a view: no storage of its own
            inside.add(b.sum());
            assertTrue(scope.ownedCount() >= 4, "owned: " + scope.ownedCount());
            during = live();
        }
        long after = live();
        assertTrue(after <= before, "live bytes back to the baseline: before " + before + ", after " + after);
        assertTrue(during - after >= 3 * MIB, "the scope gave back " + (during - after));
        for (Tensor t : inside) {
            assertTrue(t.isReleased());
        }
        assertReleased("[256, 512]", () -> inside.get(0).add(1));
        assertReleased("[512, 256]", () -> inside.get(2).toDoubleArray());
        assertReleased("[]", () -> inside.get(3).item());
    }

    @Test
    void keptTensorsAndTensorsFromOutsideSurvive() {
        Tensor w = Tensor.zeros(DType.FLOAT64, 3);                 // created before the scope
        Tensor v = w.narrow(0, 1, 2);
        Tensor kept;
        Tensor dropped;
        MemoryScope scope = Memory.scope();
        try {
            Tensor g = Tensor.of(new double[] {1, 2, 3}).mul(2);
            w.sub_(g.mul(0.5));                                    // in-place writes inside the scope
            v.add_(10);
            w.copy_(w.mul(2));
            kept = g.add(1).keep();
            dropped = g.add(1);
            assertTrue(w.contiguous() == w && w.to(DType.FLOAT64) == w, "no copies of w were made");
        } finally {
            scope.close();
        }
        assertFalse(w.isReleased());
        assertFalse(v.isReleased());
        assertArrayEquals(new double[] {-2, 16, 14}, w.toDoubleArray());
        assertArrayEquals(new double[] {3, 5, 7}, kept.toDoubleArray());
        assertTrue(dropped.isReleased());
        kept.close();
        assertReleased("[3]", kept::sum);
    }

    @Test
    void scopesNest() {
        Tensor outer1;
        Tensor inner1;
        Tensor innerKept;
        try (MemoryScope outer = Memory.scope()) {
            outer1 = Tensor.ones(4);
            try (MemoryScope inner = Memory.scope()) {
                inner1 = outer1.add(1);
                innerKept = outer1.add(2).keep();
                assertEquals(1, inner.ownedCount(), "keep() takes a storage out of its scope");
                assertEquals(1, outer.ownedCount());
            }
            assertTrue(inner1.isReleased());
            assertFalse(outer1.isReleased());
            Tensor later = outer1.add(innerKept);                  // back in the outer scope
            assertArrayEquals(new double[] {4, 4, 4, 4}, later.toDoubleArray());
            assertEquals(2, outer.ownedCount());
        }
        assertTrue(outer1.isReleased());
        assertFalse(innerKept.isReleased());
        assertReleased("[4]", () -> inner1.add(1));
        innerKept.close();
    }

    @Test
    void scopesCloseInnermostFirstOnTheirOwnThread() throws InterruptedException, ExecutionException {
        MemoryScope outer = Memory.scope();
        MemoryScope inner = Memory.scope();
        IllegalStateException e = assertThrows(IllegalStateException.class, outer::close);
        assertTrue(e.getMessage().contains("innermost"), e.getMessage());
        Throwable fromOtherThread = CompletableFuture.supplyAsync(() -> {
            try {
                inner.close();
                return null;
            } catch (IllegalStateException x) {
                return x;
            }
        }).get();
        assertInstanceOf(IllegalStateException.class, fromOtherThread);
        inner.close();
        outer.close();
        outer.close();                                             // closing twice is harmless
    }

    @Test
    void closeThenUseThrowsAndNeverCrashes() {
        Tensor t = Tensor.arange(0, 6, 1, DType.FLOAT32).reshape(2, 3);
        Tensor view = t.t();
        Tensor other = Tensor.ones(2, 3);
        t.close();
        t.close();                                                 // idempotent
        assertTrue(t.isReleased() && view.isReleased());
        assertReleased("[2, 3]", () -> t.add(1));
        assertReleased("[2, 3]", () -> other.add(t));              // as the argument
        assertReleased("[3, 2]", () -> view.mul(view));
        assertReleased("[2, 3]", () -> t.reshape(6));
        assertReleased("[2, 3]", () -> t.add_(1));
        assertReleased("[2, 3]", () -> other.copy_(t));
        assertReleased("[2, 3]", () -> t.fill_(0));
        assertReleased("[2, 3]", () -> t.matmul(other.t()));
        assertReleased("[2, 3]", () -> t.max(1, false));
        assertReleased("[2, 3]", t::toLongArray);
        assertReleased("[2, 3]", () -> Tensor.where(other.gt(0), t, other));
        assertReleased("[2, 3]", () -> t.to(DType.FLOAT64));
        assertEquals("tensor(<released> shape=[2, 3], dtype=float32)", t.toString());
        assertArrayEquals(new int[] {2, 3}, t.shape());            // metadata stays readable
        // The freed block is reused; the released tensor must not read the new owner's data.
        Tensor reuse = Tensor.full(7, DType.FLOAT32, 2, 3);
        assertReleased("[2, 3]", t::toDoubleArray);
        assertEquals(42, reuse.sum().item());
    }

    @Test
    void closingInsideAScopeDoesNotFreeTwice() {
        long before = live();
        MemoryScope scope = Memory.scope();
        try {
            Tensor t = Tensor.zeros(DType.FLOAT64, 128 * 1024);  // 1 MiB
            t.close();
            assertTrue(live() <= before, "close() gives the bytes back at once");
        } finally {
            scope.close();
        }
        assertTrue(live() <= before);
        assertTrue(live() >= 0);
    }

    @Test
    void emptyCacheReturnsCachedBlocks() {
        Tensor.zeros(DType.FLOAT64, 64 * 1024).close();
        assertTrue(Memory.stats().cachedBytes() > 0, "a closed block is cached for reuse");
        Memory.emptyCache();
        assertEquals(0, Memory.stats().cachedBytes());
    }

    /**
     * The tutorial-style naive loop: fit y = 2x² - x + 0.5 with hand-written gradients, about 20
     * ops on 1000-element float64 tensors per iteration (large enough for native storage: tensors
     * of at most 1 KiB live on the Java heap), 100 000 iterations, nothing closed. The allocator's GC
     * requests (every 256 MiB of growth) must keep the peak bounded.
     */
    @Test
    void aNaiveLoopWithoutCloseStaysBounded() {
        Tensor x = Tensor.linspace(-1, 1, 1000, DType.FLOAT64);
        Tensor y = x.mul(x).mul(2).sub(x).add(0.5);
        Tensor a = Tensor.scalar(0, DType.FLOAT64);
        Tensor b = Tensor.scalar(0, DType.FLOAT64);
        Tensor c = Tensor.scalar(0, DType.FLOAT64);
        double lr = 0.5;
        long base = live();
        long gcBefore = Memory.stats().gcRequests();
        Memory.resetPeak();
        long allocationsBefore = Memory.stats().allocations();
        for (int i = 0; i < 100_000; i++) {
            Tensor x2 = x.mul(x);
            Tensor err = a.mul(x2).add(b.mul(x)).add(c).sub(y);
            Tensor ga = err.mul(x2).mean().mul(2);
            Tensor gb = err.mul(x).mean().mul(2);
            Tensor gc = err.mean().mul(2);
            a = a.sub(ga.mul(lr));
            b = b.sub(gb.mul(lr));
            c = c.sub(gc.mul(lr));
        }
        MemoryStats s = Memory.stats();
        long peak = s.peakLiveBytes() - base;
        System.out.printf("naive loop: %d allocations, peak %.1f MiB above baseline, %d GC requests%n",
                s.allocations() - allocationsBefore, peak / (double) MIB, s.gcRequests() - gcBefore);
        // Eight of the ops per iteration make 1000-element results in native memory.
        assertTrue(s.allocations() - allocationsBefore >= 700_000, "the loop allocates native storage");
        assertTrue(peak < 600 * MIB, "peak live bytes " + peak / MIB + " MiB");
        assertEquals(2, a.item(), 1e-9);
        assertEquals(-1, b.item(), 1e-9);
        assertEquals(0.5, c.item(), 1e-9);
    }

    /**
     * Large tensors hold little Java heap, so no collection happens on its own: the allocator must
     * request one each time live bytes grow by 256 MiB, or these 1.6 GiB of unclosed tensors would
     * all stay live.
     */
    @Test
    void unclosedLargeTensorsAreReclaimedThroughRequestedCollections() {
        long base = live();
        long gcBefore = Memory.stats().gcRequests();
        Memory.resetPeak();
        double total = 0;
        for (int i = 0; i < 400; i++) {
            total += Tensor.full(1, DType.FLOAT64, 512 * 1024).sum().item();    // 4 MiB each, never closed
        }
        MemoryStats s = Memory.stats();
        long peak = s.peakLiveBytes() - base;
        System.out.printf("large unclosed tensors: peak %.1f MiB above baseline, %d GC requests%n",
                peak / (double) MIB, s.gcRequests() - gcBefore);
        assertEquals(400.0 * 512 * 1024, total);
        assertTrue(s.gcRequests() > gcBefore, "the allocator requested collections");
        // Growth is measured from the low point after each collection, so the peak stays near the
        // 256 MiB threshold; 448 MiB leaves room for cleaner lag but catches a doubled threshold.
        assertTrue(peak < 448 * MIB, "peak live bytes " + peak / MIB + " MiB");
    }
}
