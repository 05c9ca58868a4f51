package dev.panamax.autograd;

import dev.panamax.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;

/**
 * Runs backward passes: an iterative topological order over the graph (no recursion, so chains of
 * any length work), gradients summed per node, and accumulation into leaves' {@code grad}.
 */
final class Engine {

    private Engine() {
    }

    static void backward(Variable root, Tensor gradient, boolean retainGraph) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward: the tensor " + Arrays.toString(root.shape())
                    + " does not require grad and has no grad_fn");
        }
        if (!Arrays.equals(gradient.shape(), root.shape())) {
            throw new IllegalArgumentException("backward: gradient shape " + Arrays.toString(gradient.shape())
                    + " does not match the output shape " + Arrays.toString(root.shape()));
        }
        if (!gradient.device().equals(root.data().device())) {
            throw new IllegalArgumentException("backward: gradient of shape " + Arrays.toString(gradient.shape())
                    + " is on " + gradient.device() + " but the output is on " + root.data().device()
                    + "; expected a gradient on " + root.data().device() + " (move it with Tensor.to(Device))");
        }
        Node start = root.gradFn();
        if (start == null) {
            root.accumulate(gradient.to(root.dtype()));
            return;
        }
        long before = Tensor.lastStorageId();
        try (var g = GradMode.noGrad()) {
            IdentityHashMap<Node, int[]> deps = countDependencies(start);
            IdentityHashMap<Node, Tensor> grads = new IdentityHashMap<>();
            Tensor first = gradient.to(root.dtype());
            grads.put(start, first);
            // how many gradient tensors the pass still holds view each storage, and the leaves' gradients in order
            HashMap<Long, int[]> views = new HashMap<>();
            count(views, first, 1);
            ArrayList<Variable> leaves = new ArrayList<>();
            ArrayList<Tensor> leafGrads = new ArrayList<>();
            ArrayDeque<Node> ready = new ArrayDeque<>();
            ready.push(start);
            ArrayList<Node> done = new ArrayList<>();
            while (!ready.isEmpty()) {
                Node node = ready.pop();
                done.add(node);
                Tensor grad = grads.remove(node);
                Variable[] in = node.inputs();
                Tensor[] gin = grad == null ? new Tensor[in.length] : node.run(grad);
                count(views, grad, -1); // consumed: the node's gradients replace it
                for (Tensor gi : gin) {
                    count(views, gi, 1);
                }
                for (int i = 0; i < in.length; i++) {
                    Variable v = in[i];
                    Tensor gi = gin[i];
                    if (gi != null && v.requiresGrad() && !Arrays.equals(gi.shape(), v.shape())) {
                        throw new IllegalStateException(node.name() + " returned a gradient of shape "
                                + Arrays.toString(gi.shape()) + " for input " + i + " of shape "
                                + Arrays.toString(v.shape()));
                    }
                    Node fn = v.gradFn();
                    if (fn == null) {
                        if (gi != null && v.requiresGrad()) {
                            leaves.add(v);
                            leafGrads.add(gi);
                        } else {
                            count(views, gi, -1); // dropped
                        }
                        continue;
                    }
                    if (gi != null && v.requiresGrad()) {
                        Tensor prev = grads.get(fn);
                        Tensor sum = prev == null ? gi : prev.add(gi);
                        if (prev != null) {
                            count(views, prev, -1);
                            count(views, gi, -1);
                            count(views, sum, 1);
                        }
                        grads.put(fn, sum);
                    } else {
                        count(views, gi, -1); // dropped
                    }
                    int[] c = deps.get(fn);
                    if (--c[0] == 0) {
                        ready.push(fn);
                    }
                }
            }
            for (int i = 0; i < leaves.size(); i++) {
                Tensor gi = leafGrads.get(i);
                leaves.get(i).accumulate(gi, owned(gi, before, views));
            }
            if (!retainGraph) {
                for (Node n : done) {
                    n.release();
                }
            }
        }
    }

    private static void count(HashMap<Long, int[]> views, Tensor t, int delta) {
        if (t != null) {
            views.computeIfAbsent(t.storageId(), k -> new int[1])[0] += delta;
        }
    }

    /**
     * Whether a leaf may keep {@code gi} itself as its gradient instead of a copy (as PyTorch's
     * AccumulateGrad steals a gradient nothing else references): its storage was created during this
     * pass (so it is no saved tensor, no caller's tensor and no parameter), {@code gi} covers all of
     * it, and no other gradient tensor the pass still holds views it (a node's incoming gradient is
     * let go once the node has run, so a view passed on by a transpose or reshape can be kept).
     */
    private static boolean owned(Tensor gi, long before, HashMap<Long, int[]> views) {
        return gi.storageId() > before && gi.coversStorage() && views.get(gi.storageId())[0] == 1;
    }

    /** For every node reachable from {@code start}: how many edges lead into it. */
    private static IdentityHashMap<Node, int[]> countDependencies(Node start) {
        IdentityHashMap<Node, int[]> deps = new IdentityHashMap<>();
        ArrayDeque<Node> stack = new ArrayDeque<>();
        deps.put(start, new int[] {0});
        stack.push(start);
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            for (Variable v : n.inputs()) {
                Node fn = v.gradFn();
                if (fn == null) {
                    continue;
                }
                int[] c = deps.get(fn);
                if (c == null) {
                    deps.put(fn, new int[] {1});
                    stack.push(fn);
                } else {
                    c[0]++;
                }
            }
        }
        return deps;
    }
}
