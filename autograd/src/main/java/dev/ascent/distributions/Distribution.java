package dev.ascent.distributions;

import dev.ascent.autograd.Tensor;
import dev.ascent.engine.NDArray;
import dev.ascent.engine.Rng;

/**
 * A batch of probability distributions whose parameters are tensors, as {@code torch.distributions}: every
 * method works element-wise over the batch shape, and log-probabilities and entropies are differentiable
 * (twice) with respect to the parameters, so policy-gradient, entropy-bonus and TRPO losses are built from
 * them directly.
 */
public interface Distribution {
    /** The shape of the batch of distributions (e.g. {@code [n]} for one per state). */
    int[] batchShape();

    /** The shape of one sample of one distribution ({@code []} for scalar ones, {@code [d]} for a d-dimensional Gaussian). */
    int[] eventShape();

    /** A sample of shape {@code batchShape + eventShape}, with no graph (actions to take). */
    NDArray sample(Rng rng);

    /** log p(value), of shape {@link #batchShape()}, differentiable with respect to the parameters. */
    Tensor logProb(Tensor value);

    /** The entropy of each distribution, of shape {@link #batchShape()}. */
    Tensor entropy();

    /** The most likely value (greedy action for evaluation), with no graph. */
    NDArray mode();
}
