package dev.ascent.algorithms.reinforce;

import dev.ascent.algorithms.Learner;
import dev.ascent.algorithms.LearnerChecks;
import dev.ascent.algorithms.LearnerChecks.Recent;
import dev.ascent.algorithms.common.GaussianParameterization;
import dev.ascent.inference.TrainedPolicy;
import dev.ascent.engine.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReinforceTest {
    private static Learner reinforce(String env, long steps, long seed, Map<String, Object> set, Recent recent) {
        return Reinforce.ALGORITHM.create(set, LearnerChecks.setup(env, steps, seed, recent));
    }

    /** The defaults (one environment, 2048-step batches, Adam 1e-3, normalised returns), as the CartPole-v1 preset. */
    @Test
    void cartPoleReaches195WithinASmallBudget() {
        Recent recent = new Recent();
        try (Learner l = reinforce("CartPole-v1", 200_000, 1, Map.of(), recent)) {
            LearnerChecks.assertReaches(l, recent, 195);
        }
    }

    /**
     * A few thousand steps on each action space: the loss of normalised returns stays O(1), the policy starts as
     * its head implies (entropy ln 2 on CartPole, then falling; the seeds' Normal with σ = √(softplus(0) + 1e-4)
     * on Pendulum, whose actions stay inside the bounds), and the reward-to-go has the right sign and scale.
     */
    @Test
    void trainsOnBothActionSpacesWithSensibleLosses() {
        try (Learner l = reinforce("CartPole-v1", 6000, 3, Map.of("num_envs", 2, "num_steps", 200, "learning_rate", 3e-3), null)) {
            List<Map<String, Double>> m = LearnerChecks.trainToEnd(l);
            assertEquals(15, m.size());
            for (Map<String, Double> x : m) {
                assertTrue(Math.abs(x.get("policy_loss")) < 1, x.toString());
                // Rewards of 1 and γ = 0.99: 0 < G_t < 100.
                assertTrue(x.get("mean_return_to_go") > 1 && x.get("mean_return_to_go") < 100, x.toString());
            }
            assertEquals(Math.log(2), m.get(0).get("entropy"), 1e-3);
            assertTrue(m.get(14).get("entropy") < Math.log(2) - 0.01, m.get(14).toString());
            assertTrue(LearnerChecks.mean(m, "mean_return_to_go", 10, 15) > LearnerChecks.mean(m, "mean_return_to_go", 0, 5), "returns improve");
        }
        try (Reinforce l = (Reinforce) reinforce("Pendulum-v1", 4000, 3, Map.of("num_steps", 400), null)) {
            assertEquals(GaussianParameterization.SOFTPLUS_SIGMOID, l.policy().architecture().gaussian());
            List<Map<String, Double>> m = LearnerChecks.trainToEnd(l);
            double sigma = Math.sqrt(Math.log(2) + 1e-4);
            assertEquals(0.5 + 0.5 * Math.log(2 * Math.PI) + Math.log(sigma), m.get(0).get("entropy"), 1e-4);
            for (Map<String, Double> x : m) {
                assertTrue(Math.abs(x.get("policy_loss")) < 1, x.toString());
                assertTrue(x.get("mean_return_to_go") < 0 && x.get("mean_return_to_go") > -1700, x.toString()); // rewards in [-16.3, 0]
            }
            float[] a = new float[1];
            Rng rng = new Rng(1);
            for (int k = 0; k < 100; k++) {
                float[] obs = {(float) rng.normal(), (float) rng.normal(), (float) (8 * rng.normal())};
                l.policy().act(obs, 1, rng, true, a, null, null);
                assertTrue(a[0] > -2 && a[0] < 2, "sigmoid-scaled mean inside the bounds: " + a[0]);
            }
        }
    }

    /** Box actions learn with the seeds' Normal policy: the sigmoid-scaled mean moves to the rewarded action. */
    @Test
    void learnsAContinuousTargetAction() throws Exception {
        LearnerChecks.assertLearnsTheTargetAction(steps -> reinforce(dev.ascent.algorithms.TargetActionEnv.ID, steps, 1,
                Map.of("num_steps", 256, "learning_rate", 1e-2), null), 20_000, 0.15);
    }

    /** Without a critic nothing is bootstrapped, and the critic head is neither trained nor exported. */
    @Test
    void hasNoCritic(@TempDir Path dir) throws Exception {
        try (Reinforce l = (Reinforce) reinforce("CartPole-v1", 400, 2, Map.of("num_steps", 100), null)) {
            Map<String, dev.ascent.engine.NDArray> before = l.policy().critic().stateDict();
            LearnerChecks.trainToEnd(l);
            for (String k : before.keySet()) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(before.get(k).data(), l.policy().critic().stateDict().get(k).data(), 0f, k);
            }
            assertTrue(LearnerChecks.checkpoint(l).tensors().keySet().stream().noneMatch(k -> k.startsWith("optimizer.") && k.contains("critic")));
            Path model = dir.resolve("model.safetensors");
            l.exportPolicy().write(model);
            assertTrue(l.exportPolicy().tensors().keySet().stream().noneMatch(k -> k.startsWith("critic")));
            assertEquals("reinforce", TrainedPolicy.load(model).algorithm());
        }
    }

    @Test
    void checkpointRoundTrip(@TempDir Path dir) throws Exception {
        for (String env : List.of("CartPole-v1", "Pendulum-v1")) {
            Map<String, Object> set = new HashMap<>(Map.of("num_envs", 2, "num_steps", 64, "max_grad_norm", 0.5));
            try (Learner l = reinforce(env, 1024, 5, set, null)) {
                for (int i = 0; i < 3; i++) l.iterate();
                LearnerChecks.assertCheckpointRoundTrip(l, () -> reinforce(env, 1024, 5, set, null), dir.resolve(env + ".safetensors"));
            }
        }
        assertNull(Reinforce.Settings.DEFAULTS.maxGradNorm());
    }

    /** Resume equals uninterrupted, on both action spaces (Pendulum with observation normalisation). */
    @Test
    void resumedRunIsBitIdenticalToUninterrupted(@TempDir Path dir) throws Exception {
        for (String env : List.of("CartPole-v1", "Pendulum-v1")) {
            Map<String, Object> set = new HashMap<>(Map.of("num_envs", 2, "num_steps", 64));
            if (env.startsWith("Pendulum")) set.put("normalize_observation", true);
            LearnerChecks.assertResumeIsBitIdentical(() -> reinforce(env, 6 * 128, 7, set, null), 3, dir.resolve(env + ".safetensors"));
        }
    }
}
