package dev.panamax.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamax.tensor.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * When a leaf keeps a backward result as its {@code grad} without copying it, and when it must not:
 * a leaf's gradient never shares storage with another gradient, a caller's tensor, a saved tensor or
 * a parameter, so writing into one gradient never changes anything else.
 */
class GradOwnershipTest {

    /** A node on two inputs whose backward is given by the test. */
    private static final class Probe extends Node {
        private final Function<Tensor, Tensor[]> rule;

        Probe(Function<Tensor, Tensor[]> rule, Variable... in) {
            super(in);
            this.rule = rule;
        }

        @Override
        protected Tensor[] backward(Tensor grad) {
            return rule.apply(grad);
        }
    }

    private static Variable param(double... v) {
        return Variable.parameter(Tensor.of(v));
    }

    /** The output of a probe node over {@code in} (data: a copy of the first input). */
    private static Variable through(Function<Tensor, Tensor[]> rule, Variable... in) {
        return Variable.record(in[0].data().clone(), in[0], in.length > 1 ? in[1] : in[0],
                () -> new Probe(rule, in));
    }

    @Test
    void aFreshGradientNothingElseViewsBecomesTheGradItself() {
        Variable a = param(1, 2);
        Tensor[] made = new Tensor[1];
        through(g -> new Tensor[] {made[0] = g.mul(3.0)}, a).backward(Tensor.of(new double[] {1, 1}));
        assertTrue(a.grad().sharesStorageWith(made[0]), "kept without a copy");
        assertArrayEquals(new double[] {3, 3}, a.grad().toDoubleArray());
    }

    @Test
    void oneGradientGivenToTwoLeavesIsCopiedForEach() {
        Variable a = param(1, 2);
        Variable b = param(3, 4);
        Tensor[] made = new Tensor[1];
        through(g -> {
            made[0] = g.mul(2.0);
            return new Tensor[] {made[0], made[0]};
        }, a, b).backward(Tensor.of(new double[] {1, 1}));
        assertFalse(a.grad().sharesStorageWith(b.grad()));
        assertFalse(a.grad().sharesStorageWith(made[0]));
        a.grad().add_(Tensor.of(new double[] {10, 10}));
        assertArrayEquals(new double[] {2, 2}, b.grad().toDoubleArray(), "b's gradient is its own");
    }

    @Test
    void aGradientAndAViewOfItAreBothCopied() {
        Variable a = param(1, 2);
        Variable b = param(3, 4);
        through(g -> {
            Tensor t = g.mul(2.0);
            return new Tensor[] {t, t.reshape(2)};
        }, a, b).backward(Tensor.of(new double[] {1, 1}));
        assertFalse(a.grad().sharesStorageWith(b.grad()));
    }

    @Test
    void theCallersGradientIsNeverKept() {
        Variable a = param(1, 2);
        Tensor given = Tensor.of(new double[] {5, 6});
        through(g -> new Tensor[] {g}, a).backward(given);
        assertFalse(a.grad().sharesStorageWith(given));
        a.grad().zero_();
        assertArrayEquals(new double[] {5, 6}, given.toDoubleArray());
        // a leaf as the root: the same
        Variable b = param(1, 2);
        b.backward(given);
        assertFalse(b.grad().sharesStorageWith(given));
    }

    @Test
    void tensorsFromBeforeThePassAreNeverKept() {
        Variable a = param(1, 2);
        Tensor constant = Tensor.of(new double[] {7, 8});
        through(g -> new Tensor[] {constant}, a).backward(Tensor.of(new double[] {1, 1}));
        assertFalse(a.grad().sharesStorageWith(constant));
        // a gradient that is another leaf's data
        Variable b = param(1, 2);
        Variable c = param(9, 9);
        through(g -> new Tensor[] {c.data()}, b).backward(Tensor.of(new double[] {1, 1}));
        assertFalse(b.grad().sharesStorageWith(c.data()));
    }

    @Test
    void aPartialViewOfAFreshStorageIsCopied() {
        Variable a = param(1, 2);
        Tensor[] made = new Tensor[1];
        through(g -> {
            made[0] = Tensor.of(new double[] {1, 2, 3, 4});
            return new Tensor[] {made[0].slice(0, 1, 3)};
        }, a).backward(Tensor.of(new double[] {1, 1}));
        assertFalse(a.grad().sharesStorageWith(made[0]));
        assertArrayEquals(new double[] {2, 3}, a.grad().toDoubleArray());
    }

    @Test
    void anIncomingGradientPassedOnToALeafIsCopied() {
        // h = probe(a) routes its incoming gradient (fresh: made by the node above) straight to a, and
        // the node above also keeps a view of it for b: neither leaf may keep it.
        Variable a = param(1, 2);
        Variable b = param(3, 4);
        Variable h = through(g -> new Tensor[] {g}, a);
        Tensor[] made = new Tensor[1];
        through(g -> {
            made[0] = g.mul(2.0);
            return new Tensor[] {made[0], made[0]};
        }, h, b).backward(Tensor.of(new double[] {1, 1}));
        assertFalse(a.grad().sharesStorageWith(b.grad()));
        assertFalse(a.grad().sharesStorageWith(made[0]));
        assertArrayEquals(new double[] {2, 2}, a.grad().toDoubleArray());
        assertArrayEquals(new double[] {2, 2}, b.grad().toDoubleArray());
    }

    @Test
    void aViewPassedOnByAViewNodeIsKept() {
        // as Linear's weight: the product's gradient reaches the leaf through the transpose's node
        Variable a = param(1, 2, 3, 4, 5, 6);
        Variable t = through(g -> new Tensor[] {g.reshape(6)}, a);
        Tensor[] made = new Tensor[1];
        through(g -> new Tensor[] {made[0] = g.mul(2.0)}, t).backward(Tensor.of(new double[] {1, 2, 3, 4, 5, 6}));
        assertTrue(a.grad().sharesStorageWith(made[0]));
        assertArrayEquals(new double[] {2, 4, 6, 8, 10, 12}, a.grad().toDoubleArray());
    }

    @Test
    void aGradientSummedIntoAnotherIsLetGo() {
        // h feeds two nodes; one of them also gives the same tensor to the leaf b. h's gradient is
        // the sum of both branches (a new tensor), so once it is formed only b holds that tensor.
        Variable a = param(1, 2);
        Variable b = param(3, 4);
        Variable h = through(g -> new Tensor[] {g}, a);
        Tensor[] made = new Tensor[1];
        Variable left = through(g -> {
            made[0] = g.mul(2.0);
            return new Tensor[] {made[0], made[0]};
        }, h, b);
        Variable right = through(g -> new Tensor[] {g.mul(3.0)}, h);
        left.add(right).sum().backward();
        assertTrue(b.grad().sharesStorageWith(made[0]));
        assertFalse(a.grad().sharesStorageWith(b.grad()));
        assertArrayEquals(new double[] {5, 5}, a.grad().toDoubleArray());
        assertArrayEquals(new double[] {2, 2}, b.grad().toDoubleArray());
        b.grad().zero_();
        assertArrayEquals(new double[] {5, 5}, a.grad().toDoubleArray());
    }

    @Test
    void aLaterGradientAddsIntoAKeptOne() {
        Variable a = param(1, 2);
        Tensor[] made = new Tensor[1];
        // a is used twice: the first gradient may be kept, the second is added into it
        through(g -> new Tensor[] {made[0] = g.mul(2.0), g.mul(5.0)}, a, a).backward(Tensor.of(new double[] {1, 1}));
        assertArrayEquals(new double[] {7, 7}, a.grad().toDoubleArray());
        assertTrue(a.grad().sharesStorageWith(made[0]));
        // and across backward calls
        through(g -> new Tensor[] {g.mul(1.0)}, a).backward(Tensor.of(new double[] {1, 1}));
        assertArrayEquals(new double[] {8, 8}, a.grad().toDoubleArray());
    }

    @Test
    void aGradientOfAnotherDtypeIsConverted() {
        Variable a = param(1, 2);
        Tensor f32 = Tensor.of(new float[] {1, 1}, 2);
        through(g -> new Tensor[] {f32}, a).backward(Tensor.of(new double[] {1, 1}));
        assertFalse(a.grad().sharesStorageWith(f32));
        assertArrayEquals(new double[] {1, 1}, a.grad().toDoubleArray());
        assertTrue(a.grad().storageId() > f32.storageId());
    }

    @Test
    void clearingABorrowedGradientGivesItsMemoryBack() {
        Variable a = param(1, 2);
        a.mul(3.0).sum().backward();
        Tensor lent = a.borrowGrad();
        assertArrayEquals(new double[] {3, 3}, lent.toDoubleArray());
        a.clearGrad();
        assertTrue(lent.isReleased(), "only the variable held it");
        // the next backward makes a new one
        a.mul(2.0).sum().backward();
        assertArrayEquals(new double[] {2, 2}, a.borrowGrad().toDoubleArray());
    }

    @Test
    void aGradientHandedOutByGradIsNeverReleased() {
        Variable a = param(1, 2);
        a.mul(3.0).sum().backward();
        Tensor kept = a.grad();
        a.borrowGrad();
        a.clearGrad();
        assertFalse(kept.isReleased());
        assertArrayEquals(new double[] {3, 3}, kept.toDoubleArray());
        // nor one the caller set, nor a gradient accumulated into after grad() was called
        Tensor mine = Tensor.of(new double[] {7, 8});
        a.setGrad(mine);
        a.mul(1.0).sum().backward();
        a.clearGrad();
        assertFalse(mine.isReleased());
        assertArrayEquals(new double[] {8, 9}, mine.toDoubleArray());
        a.mul(1.0).sum().backward();
        Tensor seen = a.grad();
        a.mul(1.0).sum().backward();
        a.clearGrad();
        assertFalse(seen.isReleased());
        assertArrayEquals(new double[] {2, 2}, seen.toDoubleArray());
    }

    @Test
    void replacingABorrowedGradientReleasesIt() {
        Variable a = param(1, 2);
        a.mul(3.0).sum().backward();
        Tensor lent = a.borrowGrad();
        a.setGrad(Tensor.of(new double[] {0, 0}));
        assertTrue(lent.isReleased());
        assertArrayEquals(new double[] {0, 0}, a.grad().toDoubleArray());
        // setting the borrowed gradient itself (or a view of it) again keeps it
        Variable b = param(1, 2);
        b.mul(3.0).sum().backward();
        Tensor again = b.borrowGrad();
        b.setGrad(again.reshape(2));
        assertFalse(again.isReleased());
        b.clearGrad();
        assertFalse(again.isReleased(), "set by the caller: no longer the variable's alone");
        assertArrayEquals(new double[] {3, 3}, again.toDoubleArray());
    }
}
