package dev.panamax.nn;

import dev.panamax.autograd.Variable;
import dev.panamax.tensor.DType;
import dev.panamax.tensor.Generator;
import dev.panamax.tensor.Tensor;

/**
 * {@code y = x·Wᵀ + b} with weight {@code [out, in]} and bias {@code [out]}.
 *
 * <p>Initialisation follows PyTorch: the weight is Kaiming-uniform with {@code a = √5}, which is
 * {@code U(−1/√in, 1/√in)}, and the bias is {@code U(−1/√in, 1/√in)}; weight first, then bias, drawn
 * from the given generator (the default one otherwise).
 */
public final class Linear extends Module {

    private final int inFeatures;
    private final int outFeatures;
    private final Parameter weight;
    private final Parameter bias;

    /** A float32 layer with a bias, initialised from the default generator. */
    public Linear(int inFeatures, int outFeatures) {
        this(inFeatures, outFeatures, true, DType.FLOAT32, Generator.getDefault());
    }

    /**
     * A layer with the given dtype, optional bias and generator.
     *
     * @throws IllegalArgumentException if a feature count is negative or the dtype is not floating point
     */
    public Linear(int inFeatures, int outFeatures, boolean bias, DType dtype, Generator gen) {
        if (inFeatures < 0 || outFeatures < 0) {
            throw new IllegalArgumentException("Linear: feature counts must be non-negative, got in=" + inFeatures
                    + " out=" + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        double bound = inFeatures > 0 ? 1 / Math.sqrt(inFeatures) : 0;
        this.weight = register("weight", new Parameter(uniform(gen, bound, dtype, outFeatures, inFeatures)));
        this.bias = bias ? register("bias", new Parameter(uniform(gen, bound, dtype, outFeatures))) : null;
    }

    private static Tensor uniform(Generator gen, double bound, DType dtype, int... shape) {
        return Tensor.rand(gen, DType.FLOAT64, shape).mul(2 * bound).sub(bound).to(dtype);
    }

    public Parameter weight() {
        return weight;
    }

    /** The bias, or null for a layer built without one. */
    public Parameter bias() {
        return bias;
    }

    public int inFeatures() {
        return inFeatures;
    }

    public int outFeatures() {
        return outFeatures;
    }

    /**
     * Applies the layer to {@code [..., in]} inputs.
     *
     * @throws IllegalArgumentException if the last dimension is not {@code in}
     */
    @Override
    public Variable forward(Variable x) {
        return F.linear(x, weight, bias);
    }

    @Override
    protected String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + (bias != null ? "True" : "False");
    }
}
