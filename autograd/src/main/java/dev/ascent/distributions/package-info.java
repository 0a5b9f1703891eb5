/**
 * Policy distributions with {@code torch.distributions}' formulas: {@link dev.ascent.distributions.Categorical},
 * {@link dev.ascent.distributions.Normal}, {@link dev.ascent.distributions.DiagonalGaussian}, and closed-form
 * {@link dev.ascent.distributions.Kl} divergences. Log-probabilities, entropies and KLs are built from
 * differentiable ops and can be differentiated twice (TRPO's Fisher-vector products).
 */
package dev.ascent.distributions;
