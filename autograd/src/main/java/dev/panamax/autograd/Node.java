package dev.panamax.autograd;

import dev.panamax.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;

/**
 * One recorded operation of the graph: its inputs, the tensors it saved for backward, and the
 * rule that turns the gradient of its output into gradients of its inputs.
 *
 * <p>Subclasses live beside their forward computation (one op family per file). Saved tensors are
 * checked against the storage version they had when saved, so an in-place write between forward
 * and backward is reported instead of silently producing a wrong gradient.
 */
public abstract class Node {

    /** A tensor saved for backward, with the storage version it had then. */
    protected final class Saved {
        private Tensor tensor;
        private final long version;

        private Saved(Tensor tensor) {
            this.tensor = tensor;
            this.version = tensor.version();
        }

        /** The saved tensor, checked for release and in-place modification. */
        public Tensor get() {
            if (tensor == null) {
                throw new IllegalStateException(name() + ": trying to backward through the graph a second time "
                        + "(or to use saved tensors after they were freed); pass retainGraph = true to the first "
                        + "backward call if you need to backward twice");
            }
            if (tensor.version() != version) {
                throw new IllegalStateException(name() + ": a tensor of shape " + Arrays.toString(tensor.shape())
                        + " needed for gradient computation has been modified by an in-place operation: it is at "
                        + "version " + tensor.version() + "; expected version " + version
                        + " (clone it before modifying it, or modify it after backward())");
            }
            return tensor;
        }
    }

    private final Variable[] inputs;
    /** Which inputs required a gradient when this node was recorded; the graph keeps that shape. */
    private final boolean[] needsGrad;
    private final ArrayList<Saved> saved = new ArrayList<>(2);
    private boolean released;

    protected Node(Variable... inputs) {
        this.inputs = inputs;
        this.needsGrad = new boolean[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            needsGrad[i] = inputs[i].requiresGrad();
        }
    }

    /**
     * Records {@code t} for use in {@link #backward}. The tensor stays owned by the memory scope it was
     * created in, so a per-iteration scope frees activations; run backward before that scope closes.
     */
    protected final Saved save(Tensor t) {
        Saved s = new Saved(t);
        saved.add(s);
        return s;
    }

    /** Whether input {@code i} needs a gradient (as recorded, like the tensors saved for it). */
    protected final boolean needsGrad(int i) {
        return needsGrad[i];
    }

    /** The shape of input {@code i}. */
    protected final int[] inputShape(int i) {
        return inputs[i].shape();
    }

    final Variable[] inputs() {
        return inputs;
    }

    /**
     * The gradients of the inputs given the gradient of the output; an entry may be null when that
     * input needs no gradient. The returned tensors belong to the engine from then on: a tensor created
     * during the pass that no other gradient views may become a leaf's {@code grad} itself, so a node
     * must not keep, reuse or later modify what it returns.
     */
    protected abstract Tensor[] backward(Tensor grad);

    /** The name shown in {@code grad_fn=<...>} and in error messages, e.g. {@code MulBackward}. */
    public String name() {
        String n = getClass().getSimpleName();
        return n.endsWith("Backward") ? n : n + "Backward";
    }

    final Tensor[] run(Tensor grad) {
        if (released) {
            throw new IllegalStateException(name() + ": trying to backward through the graph a second time "
                    + "(or to use saved tensors after they were freed); pass retainGraph = true to the first "
                    + "backward call if you need to backward twice");
        }
        return backward(grad);
    }

    final void release() {
        released = true;
        for (Saved s : saved) {
            s.tensor = null;
        }
        saved.clear();
    }

    /**
     * Reduces a broadcast gradient back to {@code shape} by summing over broadcast dimensions.
     */
    protected static Tensor sumTo(Tensor g, int[] shape) {
        int[] gs = g.shape();
        if (Arrays.equals(gs, shape)) {
            return g;
        }
        int lead = gs.length - shape.length;
        int[] dims = new int[gs.length];
        int count = 0;
        for (int d = 0; d < gs.length; d++) {
            if (d < lead || (shape[d - lead] == 1 && gs[d] != 1)) {
                dims[count++] = d;
            }
        }
        Tensor r = count == 0 ? g : g.sum(Arrays.copyOf(dims, count), true);
        return r.reshape(shape);
    }
}
