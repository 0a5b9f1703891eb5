package dev.ascent.distributions;

import dev.ascent.autograd.Tensor;
import dev.ascent.engine.NDArray;
import dev.ascent.engine.Rng;

import java.util.Arrays;

/**
 * A multivariate normal with diagonal covariance over the last axis: the continuous-action policy of
 * PPO/TRPO/A2C. It is PyTorch's {@code Independent(Normal(mean, std), 1)}, or CleanRL's
 * {@code Normal(mean, std)} with {@code log_prob(a).sum(1)} and {@code entropy().sum(1)}: log-probabilities
 * and entropies are summed over the action axis. With a state-independent log-std parameter:
 * <pre>{@code
 * Tensor mean = actorMean.forward(obs);                         // [n, d]
 * DiagonalGaussian pi = DiagonalGaussian.fromLogStd(mean, logStd); // logStd: parameter [d]
 * NDArray action = pi.sample(rng);                               // [n, d]
 * Tensor logp = pi.logProb(action), ent = pi.entropy();          // [n], [n]
 * }</pre>
 */
public final class DiagonalGaussian implements Distribution {
    private final Normal normal;

    /** Per-dimension normals N(mean, std²); {@code std} broadcasts against {@code mean [..., d]}. */
    public DiagonalGaussian(Tensor mean, Tensor std) {
        if (mean.rank() < 1) throw new IllegalArgumentException("DiagonalGaussian: mean must have an action axis, got a scalar");
        this.normal = new Normal(mean, std);
        if (!Arrays.equals(normal.loc().shape(), mean.shape())) {
            throw new IllegalArgumentException("DiagonalGaussian: std of shape " + Arrays.toString(std.shape())
                    + " would broadcast the mean of shape " + Arrays.toString(mean.shape()));
        }
    }

    /** {@code std = exp(logStd)}, with {@code logStd} broadcast to the mean's shape ({@code expand_as} of CleanRL). */
    public static DiagonalGaussian fromLogStd(Tensor mean, Tensor logStd) {
        return new DiagonalGaussian(mean, logStd.exp());
    }

    /** The per-dimension normals. */
    public Normal normal() {
        return normal;
    }

    public Tensor mean() {
        return normal.loc();
    }

    public Tensor stddev() {
        return normal.scale();
    }

    @Override
    public int[] batchShape() {
        int[] s = normal.batchShape();
        return Arrays.copyOf(s, s.length - 1);
    }

    @Override
    public int[] eventShape() {
        int[] s = normal.batchShape();
        return new int[] {s[s.length - 1]};
    }

    @Override
    public NDArray sample(Rng rng) {
        return normal.sample(rng);
    }

    /** Reparameterised sample of shape {@code [..., d]}. */
    public Tensor rsample(Rng rng) {
        return normal.rsample(rng);
    }

    /** Σ over the last axis of the per-dimension log-densities: shape {@link #batchShape()}. */
    @Override
    public Tensor logProb(Tensor value) {
        if (!Arrays.equals(value.shape(), normal.batchShape())) {
            throw new IllegalArgumentException("DiagonalGaussian.logProb: value of shape " + Arrays.toString(value.shape())
                    + " for distributions of shape " + Arrays.toString(normal.batchShape()));
        }
        return normal.logProb(value).sum(false, -1);
    }

    public Tensor logProb(NDArray value) {
        return logProb(Tensor.of(value));
    }

    @Override
    public Tensor entropy() {
        return normal.entropy().sum(false, -1);
    }

    @Override
    public NDArray mode() {
        return normal.mode();
    }

    public DiagonalGaussian detach() {
        return new DiagonalGaussian(normal.loc().detach(), normal.scale().detach());
    }

    /** KL(this ‖ other), see {@link Kl#divergence(DiagonalGaussian, DiagonalGaussian)}. */
    public Tensor klDivergence(DiagonalGaussian other) {
        return Kl.divergence(this, other);
    }
}
