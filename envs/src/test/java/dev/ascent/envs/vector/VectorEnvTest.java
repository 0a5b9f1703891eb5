package dev.ascent.envs.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ascent.envs.Env;
import dev.ascent.envs.Envs;
import dev.ascent.envs.StepResult;
import dev.ascent.envs.random.NumpyRandom;
import dev.ascent.envs.spaces.Box;
import dev.ascent.envs.spaces.Discrete;
import dev.ascent.envs.testutil.ScriptedEnv;
import dev.ascent.envs.wrappers.EpisodeStatistics;
import dev.ascent.envs.wrappers.RecordEpisodeStatistics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class VectorEnvTest {

    /** Three scripted environments terminating after 2, 3 and 4 steps. */
    private static List<ScriptedEnv> scripted(List<Supplier<ScriptedEnv>> fns, boolean continuous) {
        List<ScriptedEnv> envs = new ArrayList<>();
        for (int k = 2; k <= 4; k++) {
            ScriptedEnv e = new ScriptedEnv(k, continuous);
            envs.add(e);
            fns.add(() -> e);
        }
        return envs;
    }

    @Test
    void nextStepAutoresetResetsOnTheFollowingStep() {
        List<Supplier<ScriptedEnv>> fns = new ArrayList<>();
        List<ScriptedEnv> envs = scripted(fns, false);
        VectorEnv venv = new SyncVectorEnv(fns);
        assertEquals(AutoresetMode.NEXT_STEP, venv.autoresetMode());
        VectorResetResult reset = venv.reset(10);
        assertEquals(1f, reset.observations()[0], 0f);
        assertEquals(Map.of("reset", 1), reset.infos().get(2));

        venv.step(new int[] {0, 1, 2});
        VectorStepResult r = venv.step(new int[] {1, 1, 1});
        assertTrue(r.terminated()[0], "env 0 ends after 2 steps");
        assertEquals(12.0, r.rewards()[0], 0.0);
        assertArrayEquals(new float[] {1, 2, 1}, Arrays.copyOf(r.observation(0), 3), 0f, "last observation returned");
        assertFalse(r.hasFinalObservation(0), "NEXT_STEP keeps no final observation");

        r = venv.step(new int[] {2, 2, 2});
        assertFalse(r.terminated()[0]);
        assertFalse(r.truncated()[0]);
        assertEquals(0.0, r.rewards()[0], 0.0, "the reset step has reward 0");
        assertEquals(2f, r.observations()[0], 0f, "and the reset observation (second episode)");
        assertEquals(0f, r.observations()[1], 0f, "t = 0");
        assertEquals(Map.of("reset", 2), r.info(0));
        assertEquals(2, envs.get(0).actions.size(), "the action of the reset step is ignored");
        assertTrue(r.terminated()[1], "env 1 ends after 3 steps");
        assertEquals(13.0, r.rewards()[1], 0.0);

        r = venv.step(new int[] {0, 0, 0});
        assertEquals(21.0, r.rewards()[0], 0.0, "first step of env 0's second episode");
        assertEquals(0.0, r.rewards()[1], 0.0, "env 1 resets now");
        assertTrue(r.terminated()[2]);
        assertSame(r, venv.step(new int[] {0, 0, 0}), "one result object, reused");
    }

    @Test
    void sameStepAutoresetKeepsTheFinalObservation() {
        List<Supplier<ScriptedEnv>> fns = new ArrayList<>();
        List<ScriptedEnv> envs = scripted(fns, false);
        VectorEnv venv = new SyncVectorEnv(fns, AutoresetMode.SAME_STEP);
        venv.reset(10);
        venv.step(new int[] {0, 0, 0});
        VectorStepResult r = venv.step(new int[] {2, 1, 1});
        assertTrue(r.terminated()[0]);
        assertEquals(12.0, r.rewards()[0], 0.0);
        assertTrue(r.hasFinalObservation(0));
        assertFalse(r.hasFinalObservation(1));
        float[] finalObs = r.finalObservation(0);
        assertEquals(1f, finalObs[0], 0f, "episode 1");
        assertEquals(2f, finalObs[1], 0f, "t = 2");
        assertEquals(2f, finalObs[2], 0f, "last action 2");
        assertEquals(Map.of("t", 2), r.finalInfo(0));
        assertEquals(2f, r.observations()[0], 0f, "the batch already holds the reset observation");
        assertEquals(0f, r.observations()[1], 0f);
        assertEquals(Map.of("reset", 2), r.info(0));
        assertThrows(IllegalStateException.class, () -> r.finalObservation(1));

        VectorStepResult next = venv.step(new int[] {1, 1, 1});
        assertFalse(next.hasFinalObservation(0), "flags are per step");
        assertEquals(21.0, next.rewards()[0], 0.0, "no lost step: the next episode started right away");
        assertEquals(3, envs.get(0).actions.size());
        assertTrue(next.terminated()[1]);
        assertEquals(3f, next.finalObservation(1)[1], 0f);
    }

    @Test
    void disabledAutoresetRequiresAMaskedReset() {
        List<Supplier<ScriptedEnv>> fns = new ArrayList<>();
        List<ScriptedEnv> envs = scripted(fns, false);
        VectorEnv venv = new SyncVectorEnv(fns, AutoresetMode.DISABLED);
        venv.reset(0);
        venv.step(new int[] {0, 0, 0});
        assertTrue(venv.step(new int[] {0, 0, 0}).terminated()[0]);
        assertThrows(IllegalStateException.class, () -> venv.step(new int[] {0, 0, 0}));
        VectorResetResult partial = venv.reset(null, new boolean[] {true, false, false});
        assertEquals(2f, partial.observations()[0], 0f, "env 0 reset");
        assertEquals(2f, partial.observations()[4 + 1], 0f, "env 1 keeps its last observation (t = 2)");
        assertEquals(1, envs.get(1).resets());
        VectorStepResult r = venv.step(new int[] {0, 0, 0});
        assertTrue(r.terminated()[1]);
        assertFalse(r.terminated()[0]);
        assertThrows(IllegalArgumentException.class, () -> venv.reset(null, new boolean[3]));
        assertThrows(IllegalArgumentException.class, () -> venv.reset(null, new boolean[2]));
    }

    @Test
    void subEnvironmentsAreSeededSeedPlusIndex() {
        VectorEnv venv = VectorEnvs.make("CartPole-v1", 4);
        VectorResetResult r = venv.reset(42);
        assertArrayEquals(new int[] {4, 4}, venv.observationShape());
        for (int i = 0; i < 4; i++) {
            Env single = Envs.make("CartPole-v1");
            assertArrayEquals(single.reset(42 + i).observation(), r.observation(i), 0f, "env " + i);
        }
        Long[] seeds = {7L, null, 9L, 7L};
        VectorResetResult custom = venv.reset(seeds, null);
        assertArrayEquals(custom.observation(0), custom.observation(3), 0f);
        assertThrows(IllegalArgumentException.class, () -> venv.reset(new Long[] {1L}, null));
    }

    /** Same seed and actions: identical batches whatever the thread count, in both autoreset modes. */
    @ParameterizedTest
    @EnumSource(value = AutoresetMode.class, names = {"NEXT_STEP", "SAME_STEP"})
    void resultsDoNotDependOnTheNumberOfThreads(AutoresetMode mode) {
        for (String id : List.of("CartPole-v1", "Pendulum-v1", "Acrobot-v1")) {
            List<VectorEnv> venvs = new ArrayList<>();
            venvs.add(VectorEnvs.builder(id, 7).autoresetMode(mode).wrapEach(RecordEpisodeStatistics::new).build());
            for (int threads : new int[] {1, 2, 3, 8}) {
                venvs.add(VectorEnvs.builder(id, 7).autoresetMode(mode).wrapEach(RecordEpisodeStatistics::new)
                        .async(threads).build());
            }
            try {
                List<float[]> firstObs = new ArrayList<>();
                for (VectorEnv v : venvs) {
                    firstObs.add(v.reset(2024).observations().clone());
                }
                for (float[] o : firstObs) {
                    assertArrayEquals(firstObs.get(0), o, 0f);
                }
                NumpyRandom rng = NumpyRandom.seeded(5);
                int episodes = 0;
                for (int t = 0; t < 260; t++) {
                    VectorStepResult reference = null;
                    int[] discrete = new int[7];
                    float[] continuous = new float[7];
                    for (int i = 0; i < 7; i++) {
                        discrete[i] = (int) rng.integers(venvs.get(0).singleActionSpace() instanceof Discrete d ? d.n() : 1);
                        continuous[i] = (float) rng.uniform(-2.5, 2.5);
                    }
                    for (VectorEnv v : venvs) {
                        VectorStepResult r = v.singleActionSpace() instanceof Box ? v.step(continuous) : v.step(discrete);
                        if (reference == null) {
                            reference = r.copy();
                            for (int i = 0; i < 7; i++) {
                                episodes += r.done(i) ? 1 : 0;
                            }
                            continue;
                        }
                        String at = id + " " + mode + " t=" + t + " " + v;
                        assertArrayEquals(reference.observations(), r.observations(), 0f, at);
                        assertArrayEquals(reference.rewards(), r.rewards(), 0.0, at);
                        assertArrayEquals(reference.terminated(), r.terminated(), at);
                        assertArrayEquals(reference.truncated(), r.truncated(), at);
                        assertArrayEquals(reference.finalObservationMask(), r.finalObservationMask(), at);
                        for (int i = 0; i < 7; i++) {
                            if (r.hasFinalObservation(i)) {
                                assertArrayEquals(reference.finalObservation(i), r.finalObservation(i), 0f, at);
                            }
                            assertEquals(reference.episodeStatistics(i).map(EpisodeStatistics::episodeReturn),
                                    r.episodeStatistics(i).map(EpisodeStatistics::episodeReturn), at);
                        }
                    }
                }
                assertTrue(episodes > 0 || id.equals("Acrobot-v1"), "episodes ended and were reset: " + episodes);
            } finally {
                venvs.forEach(VectorEnv::close);
            }
        }
    }

    @Test
    void asyncStepAsyncAndWaitEqualsStep() {
        AsyncVectorEnv async = (AsyncVectorEnv) VectorEnvs.builder("CartPole-v1", 5).async(2).build();
        VectorEnv sync = VectorEnvs.make("CartPole-v1", 5);
        try {
            assertEquals(2, async.numThreads());
            async.reset(3);
            sync.reset(3);
            int[] actions = {0, 1, 0, 1, 1};
            for (int t = 0; t < 50; t++) {
                async.stepAsync(actions);
                assertThrows(IllegalStateException.class, () -> async.step(actions), "one batch at a time");
                VectorStepResult a = async.stepWait();
                VectorStepResult s = sync.step(actions);
                assertArrayEquals(s.observations(), a.observations(), 0f);
                assertArrayEquals(s.rewards(), a.rewards(), 0.0);
            }
        } finally {
            async.close();
            sync.close();
        }
        assertThrows(IllegalStateException.class, () -> async.step(new int[5]), "closed");
        async.close();
    }

    @Test
    void failuresInWorkerThreadsReachTheCaller() {
        List<Supplier<Env>> fns = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            final int index = i;
            fns.add(() -> new ScriptedEnv(0, false) {
                @Override
                public StepResult step(int action) {
                    if (index == 2 && resets() > 0 && action == 2) {
                        throw new IllegalStateException("boom in env " + index);
                    }
                    return super.step(action);
                }
            });
        }
        long workersBefore = liveWorkers();
        AsyncVectorEnv venv = new AsyncVectorEnv(fns, AutoresetMode.NEXT_STEP, 3);
        assertEquals(workersBefore + 3, liveWorkers());
        try {
            venv.reset(0);
            venv.step(new int[] {1, 1, 1, 1});
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> venv.step(new int[] {2, 2, 2, 2}));
            assertEquals("boom in env 2", e.getMessage());
            venv.step(new int[] {0, 0, 0, 0}); // the pool survives
        } finally {
            venv.close();
        }
        assertEquals(workersBefore, liveWorkers(), "close stops the worker threads");
    }

    private static long liveWorkers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("ascent-vector-env-worker") && t.isAlive()).count();
    }

    @Test
    void badBatchesAreRejected() {
        VectorEnv venv = VectorEnvs.make("CartPole-v1", 3);
        venv.reset(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> venv.step(new int[] {0, 2, 1}));
        assertEquals("action 2 of sub-environment 1 is not in Discrete(2): expected an integer in [0, 2)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> venv.step(new int[] {0, 1}));
        assertThrows(IllegalArgumentException.class, () -> venv.step(new float[] {0, 1, 0}));
        VectorEnv pendulums = VectorEnvs.make("Pendulum-v1", 2);
        pendulums.reset(0);
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> pendulums.step(new float[] {0f, Float.NaN}));
        assertTrue(nan.getMessage().contains("sub-environment 1"), nan.getMessage());
        assertThrows(IllegalArgumentException.class, () -> pendulums.step(new float[] {0f}));
        assertThrows(IllegalArgumentException.class, () -> pendulums.step(new int[] {0, 0}));
        assertThrows(IllegalArgumentException.class,
                () -> new SyncVectorEnv(List.of(() -> Envs.make("CartPole-v1"), () -> Envs.make("Acrobot-v1"))),
                "different spaces");
        assertThrows(IllegalArgumentException.class, () -> VectorEnvs.make("Nope-v0", 2));
    }

    @Test
    void continuousBatchesGoToTheRightSubEnvironment() {
        List<Supplier<ScriptedEnv>> fns = new ArrayList<>();
        List<ScriptedEnv> envs = scripted(fns, true);
        VectorEnv venv = new SyncVectorEnv(fns);
        venv.reset(0);
        float[] actions = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f};
        venv.step(actions);
        actions[0] = 0.9f; // the vector env copies rows: the environment's record is unaffected
        assertArrayEquals(new float[] {0.1f, 0.2f}, (float[]) envs.get(0).actions.get(0), 0f);
        assertArrayEquals(new float[] {0.5f, 0.6f}, (float[]) envs.get(2).actions.get(0), 0f);
        assertEquals(3, venv.render().size());
        venv.close();
        assertEquals(1, envs.get(0).closeCount);
    }

    @Test
    void builderPassesMakeOptionsToEverySubEnvironment() {
        try (VectorEnv venv = VectorEnvs.builder("CartPole-v1", 2)
                .makeOptions(dev.ascent.envs.MakeOptions.defaults().withMaxEpisodeSteps(5)).async(2).build()) {
            venv.reset(0);
            VectorStepResult r = null;
            for (int t = 0; t < 5; t++) {
                r = venv.step(new int[] {t % 2, (t + 1) % 2});
            }
            assertTrue(r.truncated()[0] && r.truncated()[1], "TimeLimit(5) on each sub-environment");
            assertEquals(5, ((dev.ascent.envs.wrappers.TimeLimit) venv.env(0)).maxEpisodeSteps());
            assertTrue(venv.toString().startsWith("AsyncVectorEnv(CartPole-v1, num_envs=2"), venv.toString());
        }
    }

    @Test
    void vectorPendulumMatchesSingleEnvironments() {
        VectorEnv venv = VectorEnvs.builder("Pendulum-v1", 3).autoresetMode(AutoresetMode.SAME_STEP).build();
        venv.reset(100);
        List<Env> singles = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Env e = Envs.make("Pendulum-v1");
            e.reset(100 + i);
            singles.add(e);
        }
        for (int t = 0; t < 200; t++) {
            float[] actions = {(float) Math.sin(t), -1.5f, 2.5f};
            VectorStepResult r = venv.step(actions);
            for (int i = 0; i < 3; i++) {
                StepResult s = singles.get(i).step(new float[] {actions[i]});
                assertEquals(s.reward(), r.rewards()[i], 0.0);
                assertEquals(s.truncated(), r.truncated()[i]);
                float[] expectedObs = s.observation();
                assertArrayEquals(expectedObs, r.truncated()[i] ? r.finalObservation(i) : r.observation(i), 0f);
            }
        }
    }
}
