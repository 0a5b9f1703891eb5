package dev.ascent.algorithms.dqn;

import dev.ascent.algorithms.Learner;
import dev.ascent.algorithms.LearnerChecks;
import dev.ascent.algorithms.LearnerChecks.Recent;
import dev.ascent.algorithms.PixelSideEnv;
import dev.ascent.algorithms.common.ReplayBuffer;
import dev.ascent.algorithms.common.TrainingEnv;
import dev.ascent.inference.TrainedPolicy;
import dev.ascent.algorithms.run.Evaluation;
import dev.ascent.cli.Main;
import dev.ascent.engine.NDArray;
import dev.ascent.engine.Rng;
import dev.ascent.engine.Workspace;
import dev.ascent.io.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DqnTest {
    private static final float THETA_LIMIT = (float) (12 * 2 * Math.PI / 360);

    /** rl-baselines3-zoo's CartPole-v1 settings (the preset). */
    private static Map<String, Object> zooCartPole() {
        Map<String, Object> m = new HashMap<>();
        m.put("learning_rate", 2.3e-3);
        m.put("batch_size", 64);
        m.put("buffer_size", 100_000);
        m.put("learning_starts", 1000);
        m.put("target_update_interval", 10);
        m.put("train_freq", 256);
        m.put("gradient_steps", 128);
        m.put("exploration_fraction", 0.16);
        m.put("exploration_final_eps", 0.04);
        m.put("hidden_sizes", "256,256");
        return m;
    }

    private static Learner dqn(String env, long steps, long seed, Map<String, Object> set, Recent recent) {
        return Dqn.ALGORITHM.create(set, LearnerChecks.setup(env, steps, seed, recent));
    }

    /** Small and quick: the zoo's settings with a 64-64 network and shorter training phases. */
    private static Map<String, Object> quick() {
        Map<String, Object> m = zooCartPole();
        m.put("hidden_sizes", "64,64");
        m.put("train_freq", 64);
        m.put("gradient_steps", 32);
        return m;
    }

    @Test
    void cartPoleReaches195WithinASmallBudget() {
        Recent recent = new Recent();
        try (Learner l = dqn("CartPole-v1", 30_000, 2, quick(), recent)) {
            long at = LearnerChecks.assertReaches(l, recent, 195);
            assertTrue(at <= 30_000, "reached at " + at);
        }
    }

    /** A few thousand steps: the Huber loss stays small, Q-values grow towards the discounted return, ε decays. */
    @Test
    void trainsWithASensibleLossForEveryTargetVariant() {
        for (Map<String, Object> variant : List.of(Map.<String, Object>of(), Map.<String, Object>of("double_q", true),
                Map.<String, Object>of("tau", 0.1, "target_update_interval", 1))) {
            Map<String, Object> set = quick();
            set.putAll(variant);
            set.put("learning_starts", 500);
            set.put("buffer_size", 2000); // smaller than the run: the ring buffer wraps
            Recent recent = new Recent();
            try (Learner l = dqn("CartPole-v1", 4000, 3, set, recent)) {
                List<Map<String, Double>> m = LearnerChecks.trainToEnd(l);
                assertEquals((4000 + 63) / 64, m.size());
                assertTrue(Double.isNaN(m.get(0).get("loss")), "no training before learning_starts: " + m.get(0));
                Map<String, Double> last = m.get(m.size() - 1);
                for (String k : List.of("loss", "q_values", "exploration_rate")) assertTrue(Double.isFinite(last.get(k)), variant + " " + last);
                assertTrue(last.get("loss") >= 0 && last.get("loss") < 5, variant + " " + last);
                // Rewards are 1 and γ = 0.99: Q(s, a) ≤ 100, and it must have grown from ~0 at initialisation.
                double qFirst = LearnerChecks.mean(m, "q_values", 0, 20), qLast = LearnerChecks.mean(m, "q_values", m.size() - 10, m.size());
                assertTrue(qLast > qFirst + 1 && qLast < 100, variant + " Q " + qFirst + " -> " + qLast);
                // ε: 1 → 0.04 over 16% of 4000 steps.
                assertEquals(1.0, m.get(0).get("exploration_rate") + 64 * (1 - 0.04) / 640, 1e-9);
                assertEquals(0.04, last.get("exploration_rate"), 1e-12);
                assertEquals(2000, ((Dqn) l).replayBuffer().size());
            }
        }
    }

    /**
     * anneal_lr: SB3's linear schedule, lr = (1 − step / total) · lr₀ at the start of each training phase; the last
     * phase, at step = total, runs at lr 0 and leaves the network unchanged.
     */
    @Test
    void annealLrDecaysLinearlyToZero() {
        Map<String, Object> set = quick();
        set.put("anneal_lr", true);
        set.put("learning_starts", 500);
        try (Dqn l = (Dqn) dqn("CartPole-v1", 1280, 3, set, null)) {
            for (int i = 1; i < 20; i++) {
                Map<String, Double> m = l.iterate();
                assertEquals((1 - 64.0 * i / 1280) * 2.3e-3, m.get("learning_rate"), 1e-15, "iteration " + i);
            }
            Map<String, NDArray> before = l.qNetwork().stateDict();
            Map<String, Double> last = l.iterate();
            assertTrue(l.finished());
            assertEquals(0.0, last.get("learning_rate"));
            assertTrue(Double.isFinite(last.get("loss")), last.toString());
            Map<String, NDArray> after = l.qNetwork().stateDict();
            for (String k : before.keySet()) assertArrayEquals(before.get(k).data(), after.get(k).data(), 0f, k);
        }
    }

    /** Every gradient_steps = -1 phase does one step per environment step collected (SB3). */
    @Test
    void gradientStepsMinusOneMatchesTheStepsCollected() {
        Map<String, Object> set = quick();
        set.put("num_envs", 2);
        set.put("train_freq", 8);
        set.put("gradient_steps", -1);
        set.put("learning_starts", 0);
        try (Learner l = dqn("CartPole-v1", 64, 1, set, null)) {
            List<Map<String, Double>> m = LearnerChecks.trainToEnd(l);
            assertEquals(4, m.size());
            assertEquals(64, l.globalStep());
            for (Map<String, Double> x : m) assertTrue(Double.isFinite(x.get("loss")), x.toString());
        }
    }

    /**
     * The target network is updated while collecting, on its own clock in environment steps: with τ = 1 it is an
     * exact copy; with τ = 0.5 and an update at every step it is the average of both networks, taken before the
     * gradient steps of the phase.
     */
    @Test
    void targetNetworkHardAndPolyakUpdates() {
        Map<String, Object> set = quick();
        set.put("learning_starts", 0);
        set.put("train_freq", 1);
        set.put("gradient_steps", 1);
        set.put("target_update_interval", 1);
        set.put("tau", 0.5);
        try (Dqn l = (Dqn) dqn("CartPole-v1", 100, 1, set, null)) {
            l.iterate();
            Map<String, NDArray> q0 = l.qNetwork().stateDict(), target0 = l.targetNetwork().stateDict();
            l.iterate();
            Map<String, NDArray> target1 = l.targetNetwork().stateDict(), q1 = l.qNetwork().stateDict();
            for (String k : q0.keySet()) {
                float[] a = q0.get(k).data(), t = target0.get(k).data(), got = target1.get(k).data();
                for (int i = 0; i < a.length; i++) assertEquals((1 - 0.5f) * t[i] + 0.5f * a[i], got[i], 1e-6f, k);
                assertFalse(java.util.Arrays.equals(q0.get(k).data(), q1.get(k).data()) && k.endsWith("weight"), "a gradient step changed " + k);
            }
        }
        set.put("tau", 1.0);
        set.put("target_update_interval", 4);
        try (Dqn l = (Dqn) dqn("CartPole-v1", 100, 1, set, null)) {
            Map<String, NDArray> afterThird = null;
            for (int i = 1; i <= 5; i++) {
                l.iterate();
                if (i == 3) afterThird = l.qNetwork().stateDict();
            }
            // Step 4 copied the online network as the third iteration's gradient step left it; step 5 did not update.
            Map<String, NDArray> target = l.targetNetwork().stateDict(), online = l.qNetwork().stateDict();
            for (String k : target.keySet()) {
                assertArrayEquals(afterThird.get(k).data(), target.get(k).data(), 0f, k);
                if (k.endsWith("weight")) assertFalse(java.util.Arrays.equals(online.get(k).data(), target.get(k).data()), k);
            }
        }
    }

    /**
     * SAME_STEP autoreset: a transition that ended an episode stores the final observation as s', and only a
     * termination is stored as done. On CartPole a terminated s' is outside the bounds (|x| > 2.4 or |θ| > 12°).
     */
    @Test
    void replayBufferKeepsFinalObservationsAndTerminations() {
        Map<String, Object> set = quick();
        set.put("learning_starts", 100_000);
        set.put("num_envs", 3);
        try (Dqn l = (Dqn) dqn("CartPole-v1", 3000, 4, set, null)) {
            LearnerChecks.trainToEnd(l);
            ReplayBuffer b = l.replayBuffer();
            assertEquals(3000, b.size());
            int terminated = 0;
            try (Workspace ws = Workspace.open()) {
                ReplayBuffer.Batch batch = b.sample(4000, new Rng(1));
                float[] next = batch.nextObservations().data(), obs = batch.observations().data(), d = batch.terminated().data();
                for (int k = 0; k < 4000; k++) {
                    boolean out = Math.abs(next[4 * k]) > 2.4f || Math.abs(next[4 * k + 2]) > THETA_LIMIT;
                    assertEquals(d[k] == 1f, out, "transition " + k);
                    assertTrue(Math.abs(obs[4 * k]) <= 2.4f && Math.abs(obs[4 * k + 2]) <= THETA_LIMIT, "s is never terminal");
                    if (d[k] == 1f) terminated++;
                }
            }
            assertTrue(terminated > 50, "terminations sampled: " + terminated);
        }
    }

    /**
     * The CNN Q-network learns the pixel game (a one-step bandit: Q(s, a) → the reward) in 600 steps: greedy
     * accuracy from ~0.5 to ≥ 0.9, and the Huber loss falls to almost nothing.
     */
    @Test
    void cnnQNetworkLearnsThePixelGame(@TempDir Path dir) throws Exception {
        PixelSideEnv.register();
        Map<String, Object> set = new HashMap<>();
        set.put("num_envs", 4);
        set.put("learning_rate", 1e-3);
        set.put("buffer_size", 1000);
        set.put("learning_starts", 64);
        set.put("batch_size", 32);
        set.put("train_freq", 4);
        set.put("gradient_steps", 4);
        set.put("target_update_interval", 32);
        set.put("exploration_fraction", 0.5);
        try (Learner l = dqn(PixelSideEnv.SMALL, 600, 4, set, null)) {
            Path before = dir.resolve("before.safetensors"), after = dir.resolve("after.safetensors");
            l.exportPolicy().write(before);
            List<Map<String, Double>> m = LearnerChecks.trainToEnd(l);
            l.exportPolicy().write(after);
            double accBefore = Evaluation.run(TrainedPolicy.load(before), PixelSideEnv.SMALL, 200, true, 9).meanReturn();
            double accAfter = Evaluation.run(TrainedPolicy.load(after), PixelSideEnv.SMALL, 200, true, 9).meanReturn();
            assertTrue(accAfter >= 0.9 && accAfter > accBefore + 0.2, "pixel game greedy accuracy " + accBefore + " -> " + accAfter + "; " + m.get(m.size() - 1));
            double firstLoss = m.stream().mapToDouble(x -> x.get("loss")).filter(Double::isFinite).findFirst().orElseThrow();
            double lastLoss = m.get(m.size() - 1).get("loss");
            assertTrue(lastLoss < 0.01 && lastLoss < firstLoss / 10, "loss " + firstLoss + " -> " + lastLoss);
        }
    }

    @Test
    void cnnHandlesAtariShapedObservations() {
        PixelSideEnv.register();
        Map<String, Object> set = Map.of("buffer_size", 64, "learning_starts", 8, "batch_size", 4, "train_freq", 16, "gradient_steps", 1);
        try (Dqn l = (Dqn) dqn(PixelSideEnv.ATARI, 16, 1, set, null)) {
            assertEquals(64 * 7 * 7, l.qNetwork().net().get(8).namedParameters().get("weight").dim(1)); // 3136 features
            assertTrue(l.replayBuffer().storesBytes(), "uint8 frames are stored as bytes");
            Map<String, Double> m = l.iterate();
            assertTrue(Double.isFinite(m.get("loss")), m.toString());
        }
    }

    /** DQN refuses Box action spaces: the support check, the constructor, and the CLI (exit code 2, one line). */
    @Test
    void refusesBoxActionSpaces() {
        String why = Dqn.ALGORITHM.support().check(TrainingEnv.observationSpaceOf("Pendulum-v1"), TrainingEnv.actionSpaceOf("Pendulum-v1"));
        assertNotNull(why);
        assertTrue(why.contains("Discrete"), why);
        assertNull(Dqn.ALGORITHM.support().check(TrainingEnv.observationSpaceOf("CartPole-v1"), TrainingEnv.actionSpaceOf("CartPole-v1")));
        assertThrows(IllegalArgumentException.class, () -> dqn("Pendulum-v1", 100, 1, Map.of(), null));

        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"train", "dqn", "--env", "Pendulum-v1"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code, e);
        assertTrue(e.startsWith("ascent: ") && e.contains("dqn") && e.contains("Pendulum-v1") && e.contains("Discrete"), e);
        assertFalse(e.contains("\tat "), e);
    }

    /** The checkpoint holds the networks, Adam, the generator, the counters, the environments and the replay buffer. */
    @Test
    void checkpointRoundTripIncludesTheReplayBuffer(@TempDir Path dir) throws Exception {
        Map<String, Object> set = quick();
        set.put("learning_starts", 200);
        set.put("buffer_size", 500);
        try (Learner l = dqn("CartPole-v1", 1024, 5, set, null)) {
            for (int i = 0; i < 12; i++) l.iterate(); // 768 steps: the buffer has wrapped
            Checkpoint c = LearnerChecks.assertCheckpointRoundTrip(l, () -> dqn("CartPole-v1", 1024, 5, set, null), dir.resolve("c.safetensors"));
            assertArrayEquals(new int[] {500, 4}, c.tensor("replay_buffer.observations").shape());
            assertEquals("268", c.metadata("replay_buffer.position"));
            assertTrue(c.tensors().containsKey("target_network.net.0.weight"), c.tensors().keySet().toString());
            // The exported model acts greedily, like the training network.
            Path model = dir.resolve("model.safetensors");
            l.exportPolicy().write(model);
            TrainedPolicy p = TrainedPolicy.load(model);
            Rng rng = new Rng(3);
            float[] greedy = new float[1];
            for (int k = 0; k < 50; k++) {
                float[] obs = {(float) rng.normal(), (float) rng.normal(), (float) (0.1 * rng.normal()), (float) rng.normal()};
                ((Dqn) l).qNetwork().greedy(obs, 1, greedy);
                assertEquals((int) greedy[0], p.actDiscrete(obs));
            }
        }
    }

    @Test
    void resumedRunIsBitIdenticalToUninterrupted(@TempDir Path dir) throws Exception {
        Map<String, Object> set = quick();
        set.put("num_envs", 2);
        set.put("learning_starts", 300);
        set.put("buffer_size", 600);
        set.put("train_freq", 32);
        set.put("double_q", true);
        LearnerChecks.assertResumeIsBitIdentical(() -> dqn("CartPole-v1", 2048, 7, set, null), 15, dir.resolve("c.safetensors"));
    }
}
