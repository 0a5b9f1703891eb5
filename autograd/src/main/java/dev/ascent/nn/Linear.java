package dev.ascent.nn;

import dev.ascent.autograd.Tensor;
import dev.ascent.engine.NDArray;
import dev.ascent.engine.Rng;

/**
 * {@code y = x Wᵀ + b}, as {@code torch.nn.Linear}: weight {@code [out, in]}, bias {@code [out]}; the
 * input is {@code [..., in]}. Default initialisation is PyTorch's: both weight and bias
 * U(-1/√in, 1/√in) (Kaiming uniform with a = √5 for the weight).
 */
public final class Linear extends Module {
    private final int inFeatures, outFeatures;
    private final Tensor weight, bias;

    /** A layer with a bias and PyTorch's default initialisation. */
    public Linear(int inFeatures, int outFeatures, Rng rng) {
        this(inFeatures, outFeatures, true, rng);
    }

    public Linear(int inFeatures, int outFeatures, boolean bias, Rng rng) {
        if (inFeatures < 0 || outFeatures < 0) {
            throw new IllegalArgumentException("Linear: feature counts must be non-negative, got in=" + inFeatures + ", out=" + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = registerParameter("weight", Tensor.param(NDArray.zeros(outFeatures, inFeatures)));
        this.bias = bias ? registerParameter("bias", Tensor.param(NDArray.zeros(outFeatures))) : null;
        resetParameters(rng);
    }

    /** PyTorch's {@code reset_parameters}: weight and bias U(-1/√in, 1/√in). */
    public void resetParameters(Rng rng) {
        Init.kaimingUniform(weight, Math.sqrt(5), FanMode.FAN_IN, Nonlinearity.LEAKY_RELU, rng);
        if (bias != null) {
            double bound = inFeatures > 0 ? 1 / Math.sqrt(inFeatures) : 0;
            Init.uniform(bias, -bound, bound, rng);
        }
    }

    @Override
    protected Tensor compute(Tensor input) {
        return input.linear(weight, bias);
    }

    public Tensor weight() {
        return weight;
    }

    /** The bias, or null for a layer built without one. */
    public Tensor bias() {
        return bias;
    }

    public int inFeatures() {
        return inFeatures;
    }

    public int outFeatures() {
        return outFeatures;
    }

    @Override
    protected String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + (bias != null);
    }
}
