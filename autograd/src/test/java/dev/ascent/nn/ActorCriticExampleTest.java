package dev.ascent.nn;

import dev.ascent.autograd.Autograd;
import dev.ascent.autograd.GradMode;
import dev.ascent.autograd.Tensor;
import dev.ascent.distributions.DiagonalGaussian;
import dev.ascent.distributions.Kl;
import dev.ascent.engine.NDArray;
import dev.ascent.engine.Rng;
import dev.ascent.engine.Workspace;
import dev.ascent.optim.Adam;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The package documentation's actor-critic, run as written: acting, PPO updates in workspaces, an old policy. */
class ActorCriticExampleTest {
    static final class ActorCritic extends Module {
        final Sequential actor, critic;
        final Tensor logStd;

        ActorCritic(int obs, int act, Rng rng) {
            actor = registerModule("actor", Mlp.builder(obs, 64, 64, act).activation(Activation.TANH)
                    .hiddenInit(LayerInit.orthogonal(Math.sqrt(2))).outputInit(LayerInit.orthogonal(0.01)).build(rng));
            critic = registerModule("critic", Mlp.builder(obs, 64, 64, 1).activation(Activation.TANH)
                    .hiddenInit(LayerInit.orthogonal(Math.sqrt(2))).outputInit(LayerInit.orthogonal(1.0)).build(rng));
            logStd = registerParameter("log_std", Tensor.param(NDArray.zeros(act)));
        }

        DiagonalGaussian policy(Tensor obs) {
            return DiagonalGaussian.fromLogStd(actor.forward(obs), logStd);
        }

        Tensor value(Tensor obs) {
            return critic.forward(obs).reshape(-1);
        }
    }

    @Test
    void ppoUpdatesImproveTheSurrogateAndMoveThePolicy() {
        Rng rng = new Rng(1);
        ActorCritic ac = new ActorCritic(3, 2, rng);
        Adam adam = new Adam(ac.parameters(), Adam.Config.defaults().withLr(3e-4).withEps(1e-5));

        int n = 64;
        Tensor obsBatch = Tensor.of(NDArray.normal(rng, 0, 1, n, 3));
        NDArray actions;
        try (Workspace ws = Workspace.open(); GradMode off = Autograd.noGrad()) {
            actions = ac.policy(obsBatch).sample(rng);
        }
        assertArrayEquals(new int[] {n, 2}, actions.shape(), "samples are heap arrays and outlive the workspace");
        Tensor oldLogProb;
        ActorCritic old = Module.copyOf(ac);
        try (GradMode off = Autograd.noGrad()) {
            oldLogProb = Tensor.of(old.policy(obsBatch).logProb(actions).data().copy());
        }
        // Advantage: prefer actions whose first coordinate is positive.
        float[] a = actions.data(), advantage = new float[n];
        for (int i = 0; i < n; i++) advantage[i] = a[2 * i] > 0 ? 1f : -1f;
        Tensor adv = Tensor.of(advantage, n);
        Tensor returns = Tensor.of(NDArray.normal(rng, 0, 1, n));

        float first = Float.NaN, last = Float.NaN;
        for (int epoch = 0; epoch < 20; epoch++) {
            try (Workspace ws = Workspace.open()) {
                DiagonalGaussian pi = ac.policy(obsBatch);
                Tensor ratio = pi.logProb(actions).sub(oldLogProb).exp();
                Tensor pg = adv.neg().mul(ratio).maximum(adv.neg().mul(ratio.clamp(0.8f, 1.2f))).mean();
                Tensor loss = pg.add(Losses.mse(ac.value(obsBatch), returns).mul(0.5f)).sub(pi.entropy().mean().mul(0.01f));
                adam.zeroGrad();
                loss.backward();
                GradClipping.clipGradNorm(ac.parameters(), 0.5);
                adam.step();
                if (epoch == 0) first = pg.item();
                last = pg.item();
            }
        }
        assertTrue(last < first, "the clipped surrogate should decrease: " + first + " -> " + last);
        double meanAdv = 0;
        for (float v : advantage) meanAdv += v / n;
        assertEquals(-meanAdv, first, 1e-6, "at the old policy every ratio is 1, so the surrogate is -mean(adv)");

        // The old policy is untouched by training, and the KL between them is now positive.
        try (GradMode off = Autograd.noGrad()) {
            float kl = Kl.divergence(old.policy(obsBatch), ac.policy(obsBatch)).mean().item();
            assertTrue(kl > 0 && kl < 0.1, "KL(old || new) = " + kl);
        }
        List<Tensor> p = ac.parameters(), q = old.parameters();
        boolean moved = false;
        for (int i = 0; i < p.size(); i++) moved |= !java.util.Arrays.equals(p.get(i).data().data(), q.get(i).data().data());
        assertTrue(moved);
    }
}
