package dev.panamax.nn;

import dev.panamax.autograd.Variable;
import dev.panamax.tensor.DType;
import dev.panamax.tensor.Tensor;
import java.util.Arrays;

/**
 * The functional forms of layers, activations and losses ({@code torch.nn.functional}).
 */
public final class F {

    private F() {
    }

    /**
     * {@code x·Wᵀ + b} (b may be null).
     *
     * @throws IllegalArgumentException if {@code x}'s last dimension differs from W's second
     */
    public static Variable linear(Variable x, Variable weight, Variable bias) {
        if (x.dim() == 0 || x.size(-1) != weight.size(1)) {
            throw new IllegalArgumentException("linear: input " + Arrays.toString(x.shape()) + " does not match "
                    + "weight " + Arrays.toString(weight.shape()) + " (expected last input dimension "
                    + weight.size(1) + ")");
        }
        Variable y = x.matmul(weight.t());
        return bias == null ? y : y.add(bias);
    }

    public static Variable relu(Variable x) {
        return x.relu();
    }

    public static Variable sigmoid(Variable x) {
        return x.sigmoid();
    }

    public static Variable tanh(Variable x) {
        return x.tanh();
    }

    public static Variable softmax(Variable x, int dim) {
        return x.softmax(dim);
    }

    public static Variable logSoftmax(Variable x, int dim) {
        return x.logSoftmax(dim);
    }

    /**
     * The squared error {@code (input - target)²}, reduced.
     *
     * @throws IllegalArgumentException if the shapes differ
     */
    public static Variable mseLoss(Variable input, Variable target, Reduction reduction) {
        if (!Arrays.equals(input.shape(), target.shape())) {
            throw new IllegalArgumentException("mseLoss: input shape " + Arrays.toString(input.shape())
                    + " and target shape " + Arrays.toString(target.shape()) + " differ");
        }
        return reduce(input.sub(target).square(), reduction);
    }

    /** {@link #mseLoss(Variable, Variable, Reduction)} with mean reduction. */
    public static Variable mseLoss(Variable input, Variable target) {
        return mseLoss(input, target, Reduction.MEAN);
    }

    /**
     * Cross-entropy of logits {@code [N, C]} against class indices {@code [N]} (int64): the negative
     * log-softmax of each row at its target, reduced.
     *
     * @throws IllegalArgumentException if the shapes or dtypes are wrong or a target is out of range
     */
    public static Variable crossEntropy(Variable input, Tensor target, Reduction reduction) {
        checkClassification("crossEntropy", input, target);
        return nll("crossEntropy", input.logSoftmax(1), target, reduction);
    }

    /** {@link #crossEntropy(Variable, Tensor, Reduction)} with mean reduction. */
    public static Variable crossEntropy(Variable input, Tensor target) {
        return crossEntropy(input, target, Reduction.MEAN);
    }

    /**
     * The negative log-likelihood of log-probabilities {@code [N, C]} at class indices {@code [N]}.
     *
     * @throws IllegalArgumentException if the shapes or dtypes are wrong or a target is out of range
     */
    public static Variable nllLoss(Variable logProbs, Tensor target, Reduction reduction) {
        checkClassification("nllLoss", logProbs, target);
        return nll("nllLoss", logProbs, target, reduction);
    }

    /** {@link #nllLoss(Variable, Tensor, Reduction)} with mean reduction. */
    public static Variable nllLoss(Variable logProbs, Tensor target) {
        return nllLoss(logProbs, target, Reduction.MEAN);
    }

    private static void checkClassification(String op, Variable input, Tensor target) {
        if (input.dim() != 2) {
            throw new IllegalArgumentException(op + ": expected input of shape [N, C], got "
                    + Arrays.toString(input.shape()));
        }
        if (target.dtype() != DType.INT64 || target.dim() != 1 || target.size(0) != input.size(0)) {
            throw new IllegalArgumentException(op + ": expected int64 class indices of shape [" + input.size(0)
                    + "], got " + target.dtype().pyName() + " " + Arrays.toString(target.shape()));
        }
        int classes = input.size(1);
        if (target.numel() > 0) {
            long lo = (long) target.min().item();
            long hi = (long) target.max().item();
            if (lo < 0 || hi >= classes) {
                long bad = lo < 0 ? lo : hi;
                throw new IllegalArgumentException(op + ": target " + bad + " is out of bounds for " + classes
                        + " classes (valid: 0.." + (classes - 1) + ")");
            }
        }
    }

    private static Variable nll(String op, Variable logProbs, Tensor target, Reduction reduction) {
        int n = logProbs.size(0);
        int c = logProbs.size(1);
        // One-hot rows select each sample's target log-probability; no gather primitive is needed.
        Tensor onehot = Tensor.arange(c).to(target.device()).reshape(1, c).eq(target.reshape(n, 1)).to(logProbs.dtype());
        Variable picked = logProbs.mul(Variable.of(onehot)).sum(1, false).neg();
        return reduce(picked, reduction);
    }

    private static Variable reduce(Variable v, Reduction reduction) {
        return switch (reduction) {
            case MEAN -> v.mean();
            case SUM -> v.sum();
            case NONE -> v;
        };
    }
}
