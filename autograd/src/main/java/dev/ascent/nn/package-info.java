/**
 * Networks: {@link dev.ascent.nn.Module} and its layers, initialisers, losses, gradient clipping and flat
 * parameter vectors, with PyTorch's names and semantics so that reference implementations port line by line.
 *
 * <h2>An actor-critic, as the algorithms write one</h2>
 * <pre>{@code
 * final class ActorCritic extends Module {
 *     final Sequential actor, critic;
 *     final Tensor logStd;                        // state-independent, for continuous actions
 *
 *     ActorCritic(int obs, int act, Rng rng) {
 *         actor = registerModule("actor", Mlp.builder(obs, 64, 64, act).activation(Activation.TANH)
 *                 .hiddenInit(LayerInit.orthogonal(Math.sqrt(2))).outputInit(LayerInit.orthogonal(0.01)).build(rng));
 *         critic = registerModule("critic", Mlp.builder(obs, 64, 64, 1).activation(Activation.TANH)
 *                 .hiddenInit(LayerInit.orthogonal(Math.sqrt(2))).outputInit(LayerInit.orthogonal(1.0)).build(rng));
 *         logStd = registerParameter("log_std", Tensor.param(NDArray.zeros(act)));
 *     }
 *
 *     DiagonalGaussian policy(Tensor obs) { return DiagonalGaussian.fromLogStd(actor.forward(obs), logStd); }
 *     Tensor value(Tensor obs)            { return critic.forward(obs).reshape(-1); }
 * }
 *
 * ActorCritic ac = new ActorCritic(3, 1, new Rng(seed));
 * Adam adam = new Adam(ac.parameters(), Adam.Config.defaults().withLr(3e-4).withEps(1e-5));
 *
 * // acting (no graph; a Workspace recycles buffers; samples are heap arrays and outlive it)
 * NDArray action;
 * try (Workspace ws = Workspace.open(); GradMode off = Autograd.noGrad()) {
 *     action = ac.policy(obs).sample(rng);
 * }
 *
 * // one minibatch update
 * try (Workspace ws = Workspace.open()) {
 *     DiagonalGaussian pi = ac.policy(obsBatch);
 *     Tensor ratio = pi.logProb(actions).sub(oldLogProb).exp();
 *     Tensor pg = adv.neg().mul(ratio).maximum(adv.neg().mul(ratio.clamp(0.8f, 1.2f))).mean();
 *     Tensor loss = pg.add(Losses.mse(ac.value(obsBatch), returns).mul(0.5f)).sub(pi.entropy().mean().mul(0.01f));
 *     adam.zeroGrad();
 *     loss.backward();
 *     GradClipping.clipGradNorm(ac.parameters(), 0.5);
 *     adam.step();
 * }
 * }</pre>
 * A discrete policy uses {@code Categorical.fromLogits(actor.forward(obs))} instead; a target network or
 * old policy is {@code Module.copyOf(ac)}; a checkpoint is {@link dev.ascent.io.Checkpoint}.
 */
package dev.ascent.nn;
