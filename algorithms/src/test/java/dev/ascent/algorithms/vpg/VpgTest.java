package dev.ascent.algorithms.vpg;

import dev.ascent.algorithms.Learner;
import dev.ascent.algorithms.LearnerChecks;
import dev.ascent.algorithms.LearnerChecks.Recent;
import dev.ascent.io.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VpgTest {
    private static Learner vpg(String env, long steps, long seed, Map<String, Object> set, Recent recent) {
        return Vpg.ALGORITHM.create(set, LearnerChecks.setup(env, steps, seed, recent));
    }

    /** The CartPole-v1 preset: Spinning Up's VPG with 1000-step epochs and pi_lr 3e-3. */
    @Test
    void cartPoleReaches195WithinASmallBudget() {
        Recent recent = new Recent();
        try (Learner l = vpg("CartPole-v1", 60_000, 1, Map.of("num_steps", 1000, "pi_lr", 3e-3), recent)) {
            LearnerChecks.assertReaches(l, recent, 195);
        }
    }

    /**
     * A few thousand steps on each action space, with GAE(λ) and with the seeds' TD(0) advantages: the value
     * iterations lower the value loss in every epoch, the value function starts explaining the returns on
     * CartPole, the policy step moves the policy a little (small positive KL on average).
     */
    @Test
    void trainsOnBothActionSpacesWithSensibleLosses() {
        for (String env : List.of("CartPole-v1", "Pendulum-v1")) {
            for (double lambda : new double[] {0.97, 0.0}) {
                try (Learner l = vpg(env, 4000, 3, Map.of("num_steps", 400, "gae_lambda", lambda), null)) {
                    List<Map<String, Double>> m = LearnerChecks.trainToEnd(l);
                    assertEquals(10, m.size());
                    String what = env + " λ=" + lambda;
                    for (Map<String, Double> x : m) {
                        for (Map.Entry<String, Double> e : x.entrySet()) assertTrue(Double.isFinite(e.getValue()), what + " " + x);
                        assertTrue(x.get("value_loss_after") < x.get("value_loss"), what + " value iterations fit: " + x);
                        assertTrue(Math.abs(x.get("approx_kl")) < 0.05, what + " " + x);
                    }
                    if (env.startsWith("CartPole")) {
                        assertEquals(Math.log(2), m.get(0).get("entropy"), 1e-3);
                        assertTrue(LearnerChecks.mean(m, "explained_variance", 5, 10) > 0.1, what + " " + m.get(9));
                    } else {
                        // Spinning Up's log-std of -0.5: entropy ½ + ½ ln 2π − 0.5.
                        assertEquals(0.5 + 0.5 * Math.log(2 * Math.PI) - 0.5, m.get(0).get("entropy"), 1e-3);
                    }
                }
            }
        }
    }

    /** Box actions learn: the Gaussian mean of a one-step bandit moves to the rewarded action. */
    @Test
    void learnsAContinuousTargetAction() throws Exception {
        LearnerChecks.assertLearnsTheTargetAction(steps -> vpg(dev.ascent.algorithms.TargetActionEnv.ID, steps, 1,
                Map.of("num_steps", 256, "pi_lr", 1e-2, "train_v_iters", 10), null), 20_000, 0.15);
    }

    /** Separate optimizers: the policy optimizer never touches the value net and the other way round. */
    @Test
    void separateOptimizers(@TempDir Path dir) throws Exception {
        Map<String, Object> set = new HashMap<>(Map.of("num_steps", 128, "train_v_iters", 5));
        for (String env : List.of("CartPole-v1", "Pendulum-v1")) {
            try (Learner l = vpg(env, 1024, 5, set, null)) {
                for (int i = 0; i < 3; i++) l.iterate();
                Checkpoint c = LearnerChecks.assertCheckpointRoundTrip(l, () -> vpg(env, 1024, 5, set, null), dir.resolve(env + ".safetensors"));
                List<String> keys = c.tensors().keySet().stream().filter(k -> k.contains("optimizer.state")).toList();
                assertTrue(keys.stream().anyMatch(k -> k.startsWith("pi_optimizer.")) && keys.stream().anyMatch(k -> k.startsWith("vf_optimizer.")), keys.toString());
                // Spinning Up's vf_lr and pi_lr.
                assertTrue(c.tensors().keySet().stream().anyMatch(k -> k.startsWith("pi_optimizer.param_groups")), c.tensors().keySet().toString());
            }
        }
    }

    /** Resume equals uninterrupted, on both action spaces. */
    @Test
    void resumedRunIsBitIdenticalToUninterrupted(@TempDir Path dir) throws Exception {
        for (String env : List.of("CartPole-v1", "Pendulum-v1")) {
            Map<String, Object> set = new HashMap<>(Map.of("num_envs", 2, "num_steps", 64, "train_v_iters", 10));
            if (env.startsWith("Pendulum")) set.put("normalize_observation", true);
            LearnerChecks.assertResumeIsBitIdentical(() -> vpg(env, 6 * 128, 7, set, null), 3, dir.resolve(env + ".safetensors"));
        }
    }
}
