package dev.ascent.envs.wrappers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ascent.envs.AbstractEnv;
import dev.ascent.envs.ResetResult;
import dev.ascent.envs.StepResult;
import dev.ascent.envs.render.RgbFrame;
import dev.ascent.envs.spaces.Box;
import dev.ascent.envs.spaces.Discrete;
import dev.ascent.envs.spaces.Space;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * NormalizeObservation / NormalizeReward / RunningMeanStd against numbers produced by Gymnasium's code
 * (RunningMeanStd and the wrappers' formulas run with NumPy) and against hand-computed statistics.
 */
class NormalizationTest {

    /** Replays a fixed list of observations and rewards. */
    static final class Replay extends AbstractEnv {
        private final float[][] observations;
        private final double[] rewards;
        private final boolean[] terminated;
        private int t;

        Replay(float[][] observations, double[] rewards, boolean[] terminated) {
            this.observations = observations;
            this.rewards = rewards;
            this.terminated = terminated;
        }

        @Override
        protected ResetResult resetEpisode(Map<String, Object> options) {
            t = 0;
            return ResetResult.of(observations[0].clone());
        }

        @Override
        public StepResult step(int action) {
            t++;
            return StepResult.of(observations[t % observations.length].clone(), rewards[(t - 1) % rewards.length],
                    terminated[(t - 1) % terminated.length], false);
        }

        @Override
        public Box observationSpace() {
            return new Box(-100f, 100f, observations[0].length);
        }

        @Override
        public Space actionSpace() {
            return new Discrete(1);
        }

        @Override
        public RgbFrame render() {
            throw new UnsupportedOperationException();
        }
    }

    private static final float[][] OBS = {
        {0.1f, -2.5f, 3.0f}, {0.2f, -1.5f, 2.0f}, {1.7f, 0.5f, -4.0f}, {0.3f, 0.25f, 1e-3f}, {-0.9f, 8.0f, 2.5f},
        {0.05f, -0.05f, 0.0f}};

    /** Gymnasium NormalizeObservation outputs for OBS (reset, then 5 steps). */
    private static final float[][] NORMALIZED = {
        {0.000994906760752201f, -0.009289322420954704f, 0.009485491551458836f},
        {0.9901002645492554f, 0.9993252158164978f, -0.999051034450531f},
        {1.4120014905929565f, 1.3362634181976318f, -1.4018431901931763f},
        {-0.42087021470069885f, 0.8553456664085388f, -0.09297020733356476f},
        {-1.4209504127502441f, 1.9075181484222412f, 0.7027297616004944f},
        {-0.2512279152870178f, -0.2454974502325058f, -0.24802538752555847f}};

    @Test
    void normalizeObservationMatchesGymnasiumBitForBit() {
        NormalizeObservation env = new NormalizeObservation(new Replay(OBS, new double[] {0}, new boolean[] {false}));
        assertArrayEquals(NORMALIZED[0], env.reset(0).observation(), 0f);
        for (int t = 1; t < OBS.length; t++) {
            assertArrayEquals(NORMALIZED[t], env.step(0).observation(), 0f, "t=" + t);
        }
        RunningMeanStd.State s = env.statistics();
        assertArrayEquals(new double[] {0.24166268110275269, 0.7833203673362732, 0.5834903120994568}, s.mean(), 0.0);
        assertArrayEquals(new double[] {0.5820218324661255, 11.52205753326416, 5.534457206726074}, s.var(), 0.0);
        assertEquals(6.0001, s.count(), 1e-12);
        assertEquals("Box(-inf, inf, (3,), float32)", env.observationSpace().toString());
    }

    @Test
    void normalizeObservationStatisticsEqualTheHandComputedRunningMeanAndVariance() {
        NormalizeObservation env = new NormalizeObservation(new Replay(OBS, new double[] {0}, new boolean[] {false}));
        env.reset(0);
        for (int t = 1; t < OBS.length; t++) {
            env.step(0);
        }
        // Count starts at 1e-4 with mean 0 and variance 1: weighted moments of {prior, samples}.
        double count = 1e-4 + OBS.length;
        for (int j = 0; j < 3; j++) {
            double sum = 0;
            for (float[] o : OBS) {
                sum += o[j];
            }
            double mean = sum / count;
            double m2 = 1e-4 * (1.0 + mean * mean); // prior: variance 1 around 0
            for (float[] o : OBS) {
                m2 += (o[j] - mean) * (o[j] - mean);
            }
            assertEquals(mean, env.obsRms().mean(j), 1e-6, "mean " + j);
            assertEquals(m2 / count, env.obsRms().var(j), 1e-5 * Math.max(1, m2 / count), "var " + j);
        }
    }

    @Test
    void frozenStatisticsStopUpdatingAndCanBeExportedAndImported() {
        NormalizeObservation train = new NormalizeObservation(new Replay(OBS, new double[] {0}, new boolean[] {false}));
        train.reset(0);
        train.step(0);
        train.step(0);
        RunningMeanStd.State snapshot = train.statistics();
        train.setUpdateRunningMean(false);
        train.step(0);
        train.step(0);
        assertEquals(snapshot, train.statistics(), "frozen");

        NormalizeObservation eval = new NormalizeObservation(new Replay(OBS, new double[] {0}, new boolean[] {false}));
        eval.setStatistics(snapshot);
        eval.setUpdateRunningMean(false);
        float[] o = eval.reset(0).observation();
        float std0 = (float) Math.sqrt((float) snapshot.var()[0] + 1e-8f);
        assertEquals((OBS[0][0] - (float) snapshot.mean()[0]) / std0, o[0], 0f);
        assertEquals(snapshot, eval.statistics());
        assertThrows(IllegalArgumentException.class,
                () -> eval.setStatistics(new RunningMeanStd.State(new double[2], new double[2], 1)));
    }

    private static final double[] REWARDS = {1.0, 1.0, -0.5, 2.25, 10.0, 0.0, -3.0, 1.0};
    private static final boolean[] TERMINATED = {false, false, true, false, false, true, false, false};
    /** Gymnasium NormalizeReward(gamma=0.99) outputs for REWARDS/TERMINATED. */
    private static final double[] NORMALIZED_REWARDS = {70.71421321062337, 2.019586009822606, -0.48845704389434824,
        2.312948633792253, 2.294527653427157, 0.0, -0.6935374416552086, 0.23588416366685183};

    @Test
    void normalizeRewardMatchesGymnasium() {
        float[][] obs = {{0f}};
        NormalizeReward env = new NormalizeReward(new Replay(obs, REWARDS, TERMINATED));
        env.reset(0);
        for (int t = 0; t < REWARDS.length; t++) {
            assertEquals(NORMALIZED_REWARDS[t], env.step(0).reward(), 0.0, "t=" + t);
        }
        assertEquals(1.376539043261959, env.returnRms().mean(0), 0.0);
        assertEquals(17.972249111327336, env.returnRms().var(0), 0.0);
        assertEquals(8.0001, env.returnRms().count(), 0.0);
        assertEquals(-1.9699999999999998, env.discountedReturn(), 0.0);
    }

    @Test
    void normalizeRewardStateRoundTripsAndFreezes() {
        float[][] obs = {{0f}};
        NormalizeReward a = new NormalizeReward(new Replay(obs, REWARDS, TERMINATED));
        a.reset(0);
        for (int t = 0; t < 4; t++) {
            a.step(0);
        }
        NormalizeReward b = new NormalizeReward(new Replay(obs, REWARDS, TERMINATED));
        b.reset(0);
        for (int t = 0; t < 4; t++) {
            b.step(0); // same position in the reward script
        }
        b.setStatistics(a.statistics());
        b.setDiscountedReturn(a.discountedReturn());
        for (int t = 0; t < 4; t++) {
            assertEquals(a.step(0).reward(), b.step(0).reward(), 0.0);
        }
        a.setUpdateRunningMean(false);
        RunningMeanStd.State frozen = a.statistics();
        double scale = Math.sqrt(frozen.var()[0] + 1e-8);
        StepResult r = a.step(0);
        assertEquals(REWARDS[0] / scale, r.reward(), 0.0);
        assertEquals(frozen, a.statistics());
        assertThrows(IllegalArgumentException.class, () -> new NormalizeReward(a, 1.5, 1e-8));
        assertThrows(IllegalArgumentException.class, () -> new NormalizeReward(a, 0.9, 0));
    }

    @Test
    void runningMeanStdBatchUpdateMatchesParallelFormula() {
        RunningMeanStd rms = new RunningMeanStd(2, RunningMeanStd.Precision.FLOAT64);
        double[] batch = {1, 10, 2, 20, 3, 30, 4, 40};
        rms.update(batch, 4);
        double count = 4 + 1e-4;
        double mean0 = 10.0 / count; // (1e-4 * 0 + 4 * 2.5) / count
        assertEquals(mean0, rms.mean(0), 1e-15);
        double delta = 2.5;
        double m2 = 1e-4 * 1.0 + 4 * 1.25 + delta * delta * 1e-4 * 4 / count;
        assertEquals(m2 / count, rms.var(0), 1e-15);
        assertEquals(count, rms.count(), 0.0);
    }
}
