package dev.ascent.distributions;

import dev.ascent.autograd.Tensor;
import dev.ascent.engine.NDArray;
import dev.ascent.engine.Rng;
import dev.ascent.engine.Shapes;

import java.util.Arrays;

/**
 * Independent univariate normal distributions N(loc, scale²), element-wise over a batch, as
 * {@code torch.distributions.Normal}. {@code loc} and {@code scale} broadcast against each other (e.g. a
 * state-independent log-std parameter {@code [d]} against a mean {@code [n, d]}).
 *
 * <p>PyTorch's formulas: {@code log_prob(x) = -(x - μ)²/(2σ²) - log σ - log √(2π)},
 * {@code entropy = ½ + ½ log(2π) + log σ}; {@link #rsample} is {@code μ + σ ε} with a constant
 * {@code ε ~ N(0, 1)}, differentiable in μ and σ (the reparameterisation trick of SAC).
 */
public final class Normal implements Distribution {
    static final float HALF_LOG_TWO_PI = (float) Math.log(Math.sqrt(2 * Math.PI));
    private static final float ENTROPY_CONSTANT = (float) (0.5 + 0.5 * Math.log(2 * Math.PI));

    private final Tensor loc, scale;

    /**
     * @throws IllegalArgumentException if {@code loc} holds NaN or {@code scale} is not positive everywhere, as
     *                                  PyTorch's default argument validation (the usual symptom of a diverged policy)
     */
    public Normal(Tensor loc, Tensor scale) {
        float[] m = loc.data().data(), s = scale.data().data();
        for (int i = 0; i < m.length; i++) {
            if (Float.isNaN(m[i])) throw new IllegalArgumentException("Normal: loc holds NaN at flat index " + i + " (shape " + Shapes.str(loc.shape()) + ")");
        }
        for (int i = 0; i < s.length; i++) {
            if (!(s[i] > 0)) throw new IllegalArgumentException("Normal: scale must be positive, got " + s[i] + " at flat index " + i + " (shape " + Shapes.str(scale.shape()) + ")");
        }
        int[] shape = Shapes.broadcast("Normal", loc.shape(), scale.shape());
        this.loc = Arrays.equals(loc.shape(), shape) ? loc : loc.expand(shape);
        this.scale = Arrays.equals(scale.shape(), shape) ? scale : scale.expand(shape);
    }

    /** {@code N(loc, exp(logScale)²)}: a log-std parameterisation keeps σ positive without constraints. */
    public static Normal fromLogScale(Tensor loc, Tensor logScale) {
        return new Normal(loc, logScale.exp());
    }

    public Tensor loc() {
        return loc;
    }

    public Tensor scale() {
        return scale;
    }

    public Tensor mean() {
        return loc;
    }

    public Tensor stddev() {
        return scale;
    }

    public Tensor variance() {
        return scale.square();
    }

    @Override
    public int[] batchShape() {
        return loc.shape();
    }

    @Override
    public int[] eventShape() {
        return new int[0];
    }

    /** {@code μ + σ ε}, no graph. */
    @Override
    public NDArray sample(Rng rng) {
        float[] m = loc.data().data(), s = scale.data().data();
        float[] out = new float[m.length];
        // The same float32 arithmetic as rsample, so that both give the same value from the same generator state.
        for (int i = 0; i < out.length; i++) out[i] = m[i] + s[i] * (float) rng.normal();
        return NDArray.wrap(out, loc.shape());
    }

    /** {@code μ + σ ε} with ε drawn now and held constant: gradients flow into μ and σ. */
    public Tensor rsample(Rng rng) {
        Tensor eps = Tensor.of(NDArray.normal(rng, 0f, 1f, loc.shape()));
        return loc.add(scale.mul(eps));
    }

    @Override
    public Tensor logProb(Tensor value) {
        Tensor var = scale.square();
        return value.sub(loc).square().neg().div(var.mul(2f)).sub(scale.log()).sub(HALF_LOG_TWO_PI);
    }

    /** log p(value) for a constant value (e.g. stored actions). */
    public Tensor logProb(NDArray value) {
        return logProb(Tensor.of(value));
    }

    @Override
    public Tensor entropy() {
        return scale.log().add(ENTROPY_CONSTANT);
    }

    /** The mean. */
    @Override
    public NDArray mode() {
        return loc.data().copy();
    }

    /** The same distribution cut from the graph (old policy). */
    public Normal detach() {
        return new Normal(loc.detach(), scale.detach());
    }

    /** KL(this ‖ other), see {@link Kl#divergence(Normal, Normal)}. */
    public Tensor klDivergence(Normal other) {
        return Kl.divergence(this, other);
    }
}
