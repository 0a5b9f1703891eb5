package dev.ascent.envs.wrappers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ascent.envs.Env;
import dev.ascent.envs.Envs;
import dev.ascent.envs.MakeOptions;
import dev.ascent.envs.ResetResult;
import dev.ascent.envs.StepResult;
import dev.ascent.envs.classic.Pendulum;
import dev.ascent.envs.spaces.Box;
import dev.ascent.envs.testutil.ScriptedEnv;
import java.util.List;
import org.junit.jupiter.api.Test;

class WrappersTest {

    @Test
    void recordEpisodeStatisticsReportsReturnLengthAndTime() {
        RecordEpisodeStatistics env = new RecordEpisodeStatistics(new ScriptedEnv(3, false));
        env.reset(0);
        StepResult r1 = env.step(0);
        StepResult r2 = env.step(1);
        assertFalse(r1.info().containsKey("episode"));
        assertFalse(r2.info().containsKey("episode"));
        StepResult end = env.step(2);
        assertTrue(end.terminated());
        EpisodeStatistics stats = (EpisodeStatistics) end.info().get("episode");
        assertEquals(11 + 12 + 13, stats.r(), 0.0); // rewards 10*resets + t
        assertEquals(3, stats.l());
        assertTrue(stats.t() >= 0 && stats.t() < 5);
        assertEquals(3, end.info().get("t"), "the environment's info is kept");
        env.reset();
        env.step(0);
        env.step(0);
        env.step(0);
        assertEquals(2, env.episodeCount());
        assertEquals(List.of(36.0, 21 + 22 + 23.0), env.returnQueue());
        assertEquals(List.of(3, 3), env.lengthQueue());
        assertEquals(2, env.timeQueue().size());
    }

    @Test
    void recordEpisodeStatisticsCountsTruncatedEpisodes() {
        Env env = new RecordEpisodeStatistics(Envs.make("Pendulum-v1"));
        env.reset(0);
        StepResult r = null;
        double total = 0;
        for (int t = 0; t < 200; t++) {
            r = env.step(new float[] {0.5f});
            total += r.reward();
        }
        assertTrue(r.truncated());
        EpisodeStatistics stats = (EpisodeStatistics) r.info().get("episode");
        assertEquals(200, stats.length());
        assertEquals(total, stats.episodeReturn(), 1e-9);
    }

    @Test
    void clipActionClipsIntoTheInnerBounds() {
        ScriptedEnv inner = new ScriptedEnv(0, true);
        ClipAction env = new ClipAction(inner);
        assertEquals("Box(-inf, inf, (2,), float32)", env.actionSpace().toString());
        env.reset(0);
        env.step(new float[] {5f, -0.25f});
        assertArrayEquals(new float[] {1f, -0.25f}, (float[]) inner.actions.get(0), 0f);
        env.step(new float[] {-7f, 1f});
        assertArrayEquals(new float[] {-1f, 1f}, (float[]) inner.actions.get(1), 0f);
        assertThrows(IllegalArgumentException.class, () -> env.step(new float[] {Float.NaN, 0f}));
        assertThrows(IllegalArgumentException.class, () -> new ClipAction(new ScriptedEnv(0, false)));
    }

    @Test
    void rescaleActionMapsTheUnitIntervalOntoTheEnvironmentBounds() {
        Env pendulum = Envs.make("Pendulum-v1");
        RescaleAction env = new RescaleAction(pendulum, -1f, 1f);
        assertEquals("Box(-1.0, 1.0, (1,), float32)", env.actionSpace().toString());
        assertArrayEquals(new float[] {-2f}, env.toEnvAction(new float[] {-1f}), 0f);
        assertArrayEquals(new float[] {2f}, env.toEnvAction(new float[] {1f}), 0f);
        assertArrayEquals(new float[] {0f}, env.toEnvAction(new float[] {0f}), 0f);
        assertArrayEquals(new float[] {1f}, env.toEnvAction(new float[] {0.5f}), 0f);
        assertArrayEquals(new float[] {-0.5f}, env.toEnvAction(new float[] {-0.25f}), 0f);

        // Asymmetric target range [0, 1] on [-2, 2]: env = 4 * a - 2.
        RescaleAction unit = new RescaleAction(Envs.make("Pendulum-v1"), 0f, 1f);
        assertArrayEquals(new float[] {-2f}, unit.toEnvAction(new float[] {0f}), 0f);
        assertArrayEquals(new float[] {1f}, unit.toEnvAction(new float[] {0.75f}), 0f);

        // Stepping through the wrapper equals stepping the env with the mapped action.
        Env direct = Envs.make("Pendulum-v1");
        env.reset(5);
        direct.reset(5);
        assertEquals(direct.step(new float[] {1f}).reward(), env.step(new float[] {0.5f}).reward(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> new RescaleAction(Envs.make("Pendulum-v1"), 1f, 1f));
        assertThrows(IllegalArgumentException.class, () -> new RescaleAction(Envs.make("CartPole-v1"), -1f, 1f));
    }

    @Test
    void transformActionObservationAndReward() {
        ScriptedEnv inner = new ScriptedEnv(0, false);
        Env env = TransformAction.discrete(inner, a -> 2 - a, null);
        env.reset(0);
        env.step(0);
        assertEquals(2, inner.actions.get(0));

        TransformObservation doubled = new TransformObservation(new ScriptedEnv(0, false), o -> {
            float[] out = o.clone();
            for (int i = 0; i < out.length; i++) {
                out[i] *= 2;
            }
            return out;
        }, null);
        ResetResult r = doubled.reset(0);
        assertEquals(2f, r.observation()[0], 0f, "resets counted from 1, doubled");
        assertEquals(2f, doubled.step(1).observation()[1], 0f, "t = 1 doubled");

        TransformObservation clipped = TransformObservation.clip(new ScriptedEnv(0, false), -1f, 1f);
        clipped.reset(0);
        for (int t = 0; t < 3; t++) {
            float[] o = clipped.step(2).observation();
            assertEquals(1f, o[1], 0f);
        }

        Env signed = TransformReward.sign(new ScriptedEnv(0, false));
        signed.reset(0);
        assertEquals(1.0, signed.step(0).reward(), 0.0);
        Env clippedReward = new ClipReward(new ScriptedEnv(0, false), -5, 12);
        clippedReward.reset(0);
        assertEquals(11.0, clippedReward.step(0).reward(), 0.0);
        assertEquals(12.0, clippedReward.step(0).reward(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> new ClipReward(new ScriptedEnv(0, false), 2, 1));
    }

    @Test
    void frameStackKeepsTheLastFramesOldestFirst() {
        FrameStackObservation env = new FrameStackObservation(new ScriptedEnv(0, false), 3);
        assertArrayEquals(new int[] {3, 4}, env.observationSpace().shape());
        float[] first = env.reset(0).observation();
        float[] resetFrame = {1, 0, -1, first[3]};
        float[] expected = concat(resetFrame, resetFrame, resetFrame);
        assertArrayEquals(expected, first, 0f, "padding_type reset repeats the reset observation");
        float[] s1 = env.step(2).observation();
        float[] f1 = {1, 1, 2, first[3]};
        assertArrayEquals(concat(resetFrame, resetFrame, f1), s1, 0f);
        env.step(0);
        float[] s3 = env.step(1).observation();
        float[] f2 = {1, 2, 0, first[3]};
        float[] f3 = {1, 3, 1, first[3]};
        assertArrayEquals(concat(f1, f2, f3), s3, 0f, "a rolling window");
        float[] again = env.reset().observation();
        assertEquals(2f, again[0], 0f);
        assertEquals(again[0], again[8], 0f, "history cleared on reset");

        FrameStackObservation zeros = new FrameStackObservation(new ScriptedEnv(0, false), 2,
                FrameStackObservation.Padding.ZERO, null);
        float[] z = zeros.reset(0).observation();
        assertArrayEquals(new float[] {0, 0, 0, 0}, java.util.Arrays.copyOf(z, 4), 0f);
        FrameStackObservation custom = new FrameStackObservation(new ScriptedEnv(0, false), 2,
                FrameStackObservation.Padding.CUSTOM, new float[] {9, 9, 9, 9});
        assertEquals(9f, custom.reset(0).observation()[0], 0f);
        assertThrows(IllegalArgumentException.class, () -> new FrameStackObservation(new ScriptedEnv(0, false), 0));
    }

    private static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] out = new float[n];
        int k = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, k, p.length);
            k += p.length;
        }
        return out;
    }

    @Test
    void frameStackShapesPixelLikeObservations() {
        Env pixels = new ReshapeObservation(new TransformObservation(new ScriptedEnv(0, false), o -> new float[84 * 84],
                new Box(0, 255, dev.ascent.envs.spaces.DType.UINT8, 84 * 84)), 84, 84);
        FrameStackObservation stacked = new FrameStackObservation(pixels, 4);
        assertArrayEquals(new int[] {4, 84, 84}, stacked.observationSpace().shape());
        assertEquals("Box(0, 255, (4, 84, 84), uint8)", stacked.observationSpace().toString());
        assertEquals(4 * 84 * 84, stacked.reset(0).observation().length);
    }

    @Test
    void delayTimeAwareMaxAndSkipRepeatAndAutoreset() {
        DelayObservation delayed = new DelayObservation(new ScriptedEnv(0, false), 2);
        assertArrayEquals(new float[4], delayed.reset(0).observation(), 0f);
        assertArrayEquals(new float[4], delayed.step(0).observation(), 0f);
        assertEquals(0f, delayed.step(0).observation()[1], 0f, "the reset observation, two steps late");
        assertEquals(1f, delayed.step(0).observation()[1], 0f);

        TimeAwareObservation timed = new TimeAwareObservation(Envs.make("CartPole-v1"));
        assertEquals(5, timed.observationSpace().size());
        assertEquals(500f, timed.observationSpace().high(4), 0f);
        assertEquals(0f, timed.reset(0).observation()[4], 0f);
        assertEquals(1f, timed.step(0).observation()[4], 0f);
        TimeAwareObservation normalized = new TimeAwareObservation(Envs.make("CartPole-v1"), true);
        normalized.reset(0);
        normalized.step(0);
        assertEquals(0.002f, normalized.step(0).observation()[4] / 2, 1e-9f);
        assertThrows(IllegalArgumentException.class, () -> new TimeAwareObservation(new ScriptedEnv(0, false)));

        ScriptedEnv skipInner = new ScriptedEnv(0, false);
        MaxAndSkipObservation skip = new MaxAndSkipObservation(skipInner, 4);
        skip.reset(0);
        StepResult s = skip.step(1);
        assertEquals(11 + 12 + 13 + 14, s.reward(), 0.0);
        assertEquals(4f, s.observation()[1], 0f, "max of t=3 and t=4");
        assertEquals(4, skipInner.actions.size());

        RepeatAction repeat = new RepeatAction(new ScriptedEnv(3, false), 2);
        repeat.reset(0);
        assertEquals(23.0, repeat.step(0).reward(), 0.0);
        StepResult early = repeat.step(0);
        assertTrue(early.terminated());
        assertEquals(13.0, early.reward(), 0.0, "stops at termination");

        Autoreset auto = new Autoreset(new ScriptedEnv(2, false));
        auto.reset(0);
        auto.step(0);
        assertTrue(auto.step(0).terminated());
        StepResult afterEnd = auto.step(2);
        assertEquals(0.0, afterEnd.reward(), 0.0);
        assertFalse(afterEnd.done());
        assertEquals(2f, afterEnd.observation()[0], 0f, "second episode's reset observation");
        assertEquals(21.0, auto.step(0).reward(), 0.0);
    }

    @Test
    void stickyActionRepeatsWithTheEnvironmentsGenerator() {
        ScriptedEnv a = new ScriptedEnv(0, false);
        ScriptedEnv b = new ScriptedEnv(0, false);
        StickyAction sa = new StickyAction(a, 0.5);
        StickyAction sb = new StickyAction(b, 0.5);
        sa.reset(42);
        sb.reset(42);
        for (int t = 0; t < 200; t++) {
            sa.step(t % 3);
            sb.step(t % 3);
        }
        assertEquals(a.actions, b.actions, "seeded through reset: reproducible");
        int repeats = 0;
        for (int t = 1; t < 200; t++) {
            if (!a.actions.get(t).equals(t % 3)) {
                repeats++;
                assertEquals(a.actions.get(t - 1), a.actions.get(t), "a replaced action is the previous one");
            }
        }
        assertTrue(repeats > 60 && repeats < 140, "about half of the steps repeat: " + repeats);
        assertEquals(0, a.actions.get(0), "the first action is never sticky");
        assertThrows(IllegalArgumentException.class, () -> new StickyAction(a, 1.0));
    }

    @Test
    void orderEnforcingAndPassiveCheckerBehaveLikeGymnasium() {
        Env env = new OrderEnforcing(new ScriptedEnv(0, false));
        assertThrows(IllegalStateException.class, () -> env.step(0));
        assertThrows(IllegalStateException.class, env::render);
        env.reset(0);
        env.step(0);
        assertInstanceOf(dev.ascent.envs.render.RgbFrame.class, env.render());
        Env lenient = new OrderEnforcing(new ScriptedEnv(0, false), true);
        lenient.render();

        PassiveEnvChecker checker = new PassiveEnvChecker(new ScriptedEnv(0, false));
        checker.reset(0);
        assertEquals(11.0, checker.step(0).reward(), 0.0, "data passes unchanged");
    }

    @Test
    void wrappersDelegateSpacesCloseAndUnwrapped() {
        ScriptedEnv inner = new ScriptedEnv(0, true);
        Env env = new NormalizeReward(new ClipAction(new RecordEpisodeStatistics(inner)));
        assertSame(inner, env.unwrapped());
        assertSame(inner.observationSpace(), env.observationSpace());
        assertNotEquals(inner.actionSpace(), env.actionSpace(), "ClipAction's unbounded space");
        assertTrue(env.findWrapper(RecordEpisodeStatistics.class).isPresent());
        env.close();
        assertEquals(1, inner.closeCount);
        assertEquals("NormalizeReward<ClipAction<RecordEpisodeStatistics<ScriptedEnv<ScriptedEnv>>>>", env.toString());
        Pendulum p = Envs.make("Pendulum-v1", MakeOptions.defaults()).findWrapper(Pendulum.class).orElseThrow();
        assertEquals(10.0, p.gravity(), 0.0);
    }
}
