package dev.ascent.algorithms;

import dev.ascent.algorithms.common.ActionSpec;
import dev.ascent.algorithms.common.ActorCriticPolicy;
import dev.ascent.algorithms.common.PolicyArchitecture;
import dev.ascent.inference.TrainedPolicy;
import dev.ascent.algorithms.ppo.Ppo;
import dev.ascent.engine.NDArray;
import dev.ascent.engine.Rng;
import dev.ascent.envs.spaces.Discrete;
import dev.ascent.io.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PpoTest {
    /** Mean of the last 20 training episodes, updated by the listener. */
    private static final class Recent {
        final Deque<Double> returns = new ArrayDeque<>();
        int episodes;

        void add(double r) {
            returns.addLast(r);
            episodes++;
            if (returns.size() > 20) returns.removeFirst();
        }

        double mean() {
            return returns.stream().mapToDouble(x -> x).average().orElse(Double.NaN);
        }
    }

    private static Learner ppo(String env, long steps, long seed, Map<String, Object> set, Recent recent) {
        return Ppo.ALGORITHM.create(set, new TrainingSetup(env, steps, seed, (s, r, l) -> {
            if (recent != null) recent.add(r);
        }));
    }

    @Test
    void cartPoleReaches195WithinASmallBudget() {
        Recent recent = new Recent();
        double best = 0;
        try (Learner l = ppo("CartPole-v1", 80_000, 1, Map.of(), recent)) {
            while (!l.finished() && best < 195) {
                Map<String, Double> m = l.iterate();
                for (double v : m.values()) assertTrue(!Double.isInfinite(v));
                if (recent.returns.size() == 20) best = Math.max(best, recent.mean());
            }
            assertTrue(best >= 195, "mean of 20 episodes peaked at " + best + " after " + l.globalStep() + " steps");
        }
    }

    @Test
    void pendulumTrainsWithNormalisationAndSensibleLosses() {
        Recent recent = new Recent();
        Map<String, Object> set = Map.of("num_envs", 2, "num_steps", 256, "num_minibatches", 8, "update_epochs", 2,
                "normalize_observation", true, "normalize_reward", true);
        try (Learner l = ppo("Pendulum-v1", 3000, 3, set, recent)) {
            Map<String, Double> m = null;
            while (!l.finished()) m = l.iterate();
            assertEquals(5, l.iteration());
            assertTrue(recent.episodes >= 4, "episodes " + recent.episodes);
            for (String k : List.of("policy_loss", "value_loss", "entropy", "approx_kl", "clip_fraction")) assertTrue(Double.isFinite(m.get(k)), k + " " + m);
            assertTrue(m.get("value_loss") >= 0 && m.get("value_loss") < 100, m.toString());
            assertTrue(m.get("clip_fraction") >= 0 && m.get("clip_fraction") <= 1, m.toString());
            // Gaussian entropy with log-std near 0: 0.5 + 0.5 ln(2π) ≈ 1.42 per dimension.
            assertEquals(1.42, m.get("entropy"), 0.2, m.toString());
        }
    }

    @Test
    void softplusSigmoidGaussianHeadTrains() {
        Map<String, Object> set = Map.of("num_envs", 1, "num_steps", 128, "num_minibatches", 4, "update_epochs", 1, "gaussian", "softplus_sigmoid");
        try (Learner l = ppo("Pendulum-v1", 512, 3, set, null)) {
            while (!l.finished()) l.iterate();
            float[] a = TrainedPolicyAccess.act(l, new float[] {1, 0, 0});
            assertTrue(a[0] >= -2 && a[0] <= 2, Arrays.toString(a));
        }
    }

    /** Resume equals uninterrupted: both action spaces (Pendulum exercises the normalisation wrappers' replay). */
    @Test
    void resumedRunIsBitIdenticalToUninterrupted(@TempDir Path dir) throws Exception {
        for (String env : List.of("CartPole-v1", "Pendulum-v1")) {
            Map<String, Object> set = new HashMap<>(Map.of("num_envs", 2, "num_steps", 64, "num_minibatches", 4, "update_epochs", 2));
            if (env.startsWith("Pendulum")) {
                set.put("normalize_observation", true);
                set.put("normalize_reward", true);
            }
            long steps = 6 * 128;
            List<Map<String, Double>> straight = new ArrayList<>();
            Map<String, NDArray> expected;
            try (Learner a = ppo(env, steps, 7, set, null)) {
                while (!a.finished()) straight.add(a.iterate());
                expected = ((Ppo) a).agent().stateDict();
            }
            Path ckpt = dir.resolve(env + ".safetensors");
            try (Learner b = ppo(env, steps, 7, set, null)) {
                for (int i = 0; i < 3; i++) b.iterate();
                Checkpoint.Builder cb = Checkpoint.builder();
                b.save(cb);
                cb.build().write(ckpt);
            }
            List<Map<String, Double>> resumed = new ArrayList<>();
            try (Learner c = ppo(env, steps, 7, set, null)) {
                c.restore(Checkpoint.read(ckpt));
                assertEquals(3, c.iteration());
                while (!c.finished()) resumed.add(c.iterate());
                Map<String, NDArray> got = ((Ppo) c).agent().stateDict();
                for (String k : expected.keySet()) assertArrayEquals(expected.get(k).data(), got.get(k).data(), 0f, env + " " + k);
            }
            assertEquals(straight.subList(3, 6), resumed, env);
        }
    }

    @Test
    void exportedModelActsLikeTheTrainingPolicy(@TempDir Path dir) throws Exception {
        for (String env : List.of("CartPole-v1", "Pendulum-v1")) {
            Map<String, Object> set = Map.of("num_envs", 1, "num_steps", 64, "num_minibatches", 2, "update_epochs", 1, "normalize_observation", true);
            try (Learner l = ppo(env, 256, 5, set, null)) {
                while (!l.finished()) l.iterate();
                Path file = dir.resolve(env + ".safetensors");
                l.exportPolicy().write(file);
                TrainedPolicy p = TrainedPolicy.load(file);
                assertEquals(env, p.envId());
                Rng rng = new Rng(3);
                for (int k = 0; k < 20; k++) {
                    float[] obs = new float[p.observationSize()];
                    for (int i = 0; i < obs.length; i++) obs[i] = (float) rng.normal();
                    float[] expected = TrainedPolicyAccess.act(l, obs);
                    assertArrayEquals(expected, p.act(obs), 1e-5f, env);
                }
            }
        }
    }

    @Test
    void cnnPolicyLearnsThePixelGame() {
        PixelSideEnv.register();
        Recent recent = new Recent();
        Map<String, Object> set = Map.of("num_envs", 4, "num_steps", 16, "num_minibatches", 2, "update_epochs", 4,
                "learning_rate", 1e-3, "anneal_lr", false, "ent_coef", 0.0);
        double first = Double.NaN;
        try (Learner l = ppo(PixelSideEnv.SMALL, 640, 2, set, recent)) {
            while (!l.finished()) {
                l.iterate();
                if (Double.isNaN(first) && recent.returns.size() == 20) first = recent.mean();
            }
            assertTrue(recent.mean() >= 0.85, "pixel game: last 20 episodes scored " + recent.mean() + " (first 20: " + first + ")");
        }
    }

    @Test
    void cnnHandlesAtariShapedObservations() {
        PixelSideEnv.register();
        ActorCriticPolicy p = new ActorCriticPolicy(new int[] {4, 84, 84}, new ActionSpec(true, 6, 0, null, null), PolicyArchitecture.cleanRl(), new Rng(1));
        assertEquals(64 * 7 * 7, p.trunk().get(8).namedParameters().get("weight").dim(1)); // the classic 3136 features
        float[] obs = new float[2 * 4 * 84 * 84];
        Arrays.fill(obs, 128f);
        float[] actions = new float[2], logp = new float[2], values = new float[2];
        p.act(obs, 2, new Rng(2), false, actions, logp, values);
        for (int i = 0; i < 2; i++) {
            assertTrue(actions[i] >= 0 && actions[i] < 6);
            assertEquals(Math.log(1.0 / 6), logp[i], 0.05); // 0.01-gain head: nearly uniform
        }
        Map<String, Object> set = Map.of("num_envs", 2, "num_steps", 8, "num_minibatches", 2, "update_epochs", 1);
        try (Learner l = ppo(PixelSideEnv.ATARI, 16, 1, set, null)) {
            Map<String, Double> m = l.iterate();
            assertTrue(Double.isFinite(m.get("policy_loss")) && Double.isFinite(m.get("value_loss")), m.toString());
        }
        assertEquals(2, ((Discrete) dev.ascent.algorithms.common.TrainingEnv.actionSpaceOf(PixelSideEnv.ATARI)).n());
    }
}
