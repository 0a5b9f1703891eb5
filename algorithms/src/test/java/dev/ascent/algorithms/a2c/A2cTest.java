package dev.ascent.algorithms.a2c;

import dev.ascent.algorithms.Learner;
import dev.ascent.algorithms.LearnerChecks;
import dev.ascent.algorithms.LearnerChecks.Recent;
import dev.ascent.algorithms.PixelSideEnv;
import dev.ascent.inference.TrainedPolicy;
import dev.ascent.engine.Rng;
import dev.ascent.io.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class A2cTest {
    private static Learner a2c(String env, long steps, long seed, Map<String, Object> set, Recent recent) {
        return A2c.ALGORITHM.create(set, LearnerChecks.setup(env, steps, seed, recent));
    }

    /** SB3's defaults with the zoo's 8 environments (the CartPole-v1 preset). */
    @Test
    void cartPoleReaches195WithinASmallBudget() {
        Recent recent = new Recent();
        try (Learner l = a2c("CartPole-v1", 60_000, 1, Map.of(), recent)) {
            LearnerChecks.assertReaches(l, recent, 195);
        }
    }

    /**
     * 3000 steps on each action space: every metric finite, the value function starts explaining the returns
     * (explained variance rises), and the entropy is what the head implies (ln 2 at the start on CartPole, falling;
     * ½ + ½ ln 2π per dimension for a log-std of 0 on Pendulum).
     */
    @Test
    void trainsOnBothActionSpacesWithSensibleLosses() {
        for (String env : List.of("CartPole-v1", "Pendulum-v1")) {
            try (Learner l = a2c(env, 3000, 3, Map.of("num_envs", 4), null)) {
                List<Map<String, Double>> m = LearnerChecks.trainToEnd(l);
                assertEquals(150, m.size());
                for (Map<String, Double> x : m) {
                    for (Map.Entry<String, Double> e : x.entrySet()) assertTrue(Double.isFinite(e.getValue()), env + " " + x);
                    assertTrue(x.get("value_loss") >= 0, x.toString());
                    assertTrue(x.get("explained_variance") <= 1, x.toString());
                }
                double evFirst = LearnerChecks.mean(m, "explained_variance", 0, 30), evLast = LearnerChecks.mean(m, "explained_variance", 120, 150);
                assertTrue(evLast > evFirst + 0.2 && evLast > 0.2, env + " explained variance " + evFirst + " -> " + evLast);
                if (env.startsWith("CartPole")) {
                    assertEquals(Math.log(2), m.get(0).get("entropy"), 1e-3);
                    assertTrue(LearnerChecks.mean(m, "entropy", 120, 150) < Math.log(2) - 0.02, m.get(149).toString());
                } else {
                    assertEquals(0.5 + 0.5 * Math.log(2 * Math.PI), m.get(0).get("entropy"), 1e-3);
                }
            }
        }
    }

    /** RMSprop is the default (SB3); use_rms_prop = false gives Adam; anneal_lr ends near 0. */
    @Test
    void optimizerChoicesAndAnnealing() {
        try (A2c l = (A2c) a2c("CartPole-v1", 400, 1, Map.of("num_envs", 2, "anneal_lr", true), null)) {
            List<Map<String, Double>> m = LearnerChecks.trainToEnd(l);
            assertEquals(7e-4, m.get(0).get("learning_rate"), 1e-12);
            assertEquals(7e-4 / 40, m.get(39).get("learning_rate"), 1e-12);
            assertTrue(LearnerChecks.checkpoint(l).tensors().keySet().stream().anyMatch(k -> k.startsWith("optimizer.") && k.endsWith("square_avg")));
        }
        try (A2c l = (A2c) a2c("CartPole-v1", 400, 1, Map.of("num_envs", 2, "use_rms_prop", false), null)) {
            LearnerChecks.trainToEnd(l);
            assertTrue(LearnerChecks.checkpoint(l).tensors().keySet().stream().anyMatch(k -> k.startsWith("optimizer.") && k.endsWith("exp_avg_sq")));
        }
    }

    /** Box actions learn: the Gaussian mean of a one-step bandit moves to the rewarded action. */
    @Test
    void learnsAContinuousTargetAction() throws Exception {
        LearnerChecks.assertLearnsTheTargetAction(steps -> a2c(dev.ascent.algorithms.TargetActionEnv.ID, steps, 1, Map.of(), null), 20_000, 0.15);
    }

    @Test
    void cnnPolicyTrainsOnPixels() {
        PixelSideEnv.register();
        try (Learner l = a2c(PixelSideEnv.SMALL, 160, 2, Map.of("num_envs", 4, "num_steps", 8), null)) {
            for (Map<String, Double> x : LearnerChecks.trainToEnd(l)) assertTrue(Double.isFinite(x.get("policy_loss")) && Double.isFinite(x.get("value_loss")), x.toString());
        }
    }

    @Test
    void checkpointRoundTripAndExport(@TempDir Path dir) throws Exception {
        for (String env : List.of("CartPole-v1", "Pendulum-v1")) {
            Map<String, Object> set = new HashMap<>(Map.of("num_envs", 2, "normalize_observation", true));
            try (A2c l = (A2c) a2c(env, 400, 5, set, null)) {
                for (int i = 0; i < 10; i++) l.iterate();
                Checkpoint c = LearnerChecks.assertCheckpointRoundTrip(l, () -> a2c(env, 400, 5, set, null), dir.resolve(env + ".safetensors"));
                assertEquals("100", c.metadata("env.steps"), "10 updates of 2 x 5 steps");
                Path model = dir.resolve(env + "-model.safetensors");
                l.exportPolicy().write(model);
                TrainedPolicy p = TrainedPolicy.load(model);
                assertEquals("a2c", p.algorithm());
                Rng rng = new Rng(3);
                for (int k = 0; k < 20; k++) {
                    float[] obs = new float[p.observationSize()];
                    for (int i = 0; i < obs.length; i++) obs[i] = (float) rng.normal();
                    float[] a = p.act(obs);
                    if (env.startsWith("CartPole")) assertTrue(a[0] == 0 || a[0] == 1);
                    else assertTrue(a[0] >= -2 && a[0] <= 2, java.util.Arrays.toString(a));
                }
            }
        }
    }

    /** Resume equals uninterrupted, on both action spaces; Pendulum with both normalisation wrappers. */
    @Test
    void resumedRunIsBitIdenticalToUninterrupted(@TempDir Path dir) throws Exception {
        for (String env : List.of("CartPole-v1", "Pendulum-v1")) {
            Map<String, Object> set = new HashMap<>(Map.of("num_envs", 2, "num_steps", 16));
            if (env.startsWith("Pendulum")) {
                set.put("normalize_observation", true);
                set.put("normalize_reward", true);
            }
            LearnerChecks.assertResumeIsBitIdentical(() -> a2c(env, 12 * 32, 7, set, null), 5, dir.resolve(env + ".safetensors"));
        }
    }

    @Test
    void settingsAreValidated() {
        Map<String, Object> bad = Map.of("gae_lambda", 1.5);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> A2c.ALGORITHM.settings(bad));
        assertTrue(e.getMessage().contains("gae_lambda"), e.getMessage());
        assertArrayEquals(new int[] {64, 64}, A2c.Settings.DEFAULTS.hiddenSizes());
    }
}
