package dev.ascent.envs.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ascent.envs.Env;
import dev.ascent.envs.testutil.ListEnv;
import dev.ascent.envs.testutil.ScriptedEnv;
import dev.ascent.envs.testutil.ScriptedVectorEnv;
import dev.ascent.envs.wrappers.EpisodeStatistics;
import dev.ascent.envs.wrappers.RunningMeanStd;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Vector wrappers; normalisation checked against Gymnasium's vector wrappers run with NumPy. */
class VectorWrappersTest {

    private static VectorEnv scripted(AutoresetMode mode, int... lengths) {
        List<Supplier<Env>> fns = new ArrayList<>();
        for (int len : lengths) {
            fns.add(() -> new ScriptedEnv(len, false));
        }
        return new SyncVectorEnv(fns, mode);
    }

    @Test
    void recordEpisodeStatisticsNextStep() {
        VectorRecordEpisodeStatistics venv = new VectorRecordEpisodeStatistics(scripted(AutoresetMode.NEXT_STEP, 2, 3));
        venv.reset(0);
        venv.step(new int[] {0, 0});
        VectorStepResult r = venv.step(new int[] {0, 0});
        EpisodeStatistics first = r.episodeStatistics(0).orElseThrow();
        assertEquals(11 + 12, first.episodeReturn(), 0.0);
        assertEquals(2, first.length());
        assertFalse(r.episodeStatistics(1).isPresent());
        r = venv.step(new int[] {0, 0}); // env 0 resets (not counted), env 1 ends
        assertEquals(11 + 12 + 13, r.episodeStatistics(1).orElseThrow().episodeReturn(), 0.0);
        assertFalse(r.episodeStatistics(0).isPresent());
        venv.step(new int[] {0, 0});
        r = venv.step(new int[] {0, 0});
        EpisodeStatistics second = r.episodeStatistics(0).orElseThrow();
        assertEquals(21 + 22, second.episodeReturn(), 0.0, "the reset step does not count");
        assertEquals(2, second.length());
        assertEquals(3, venv.episodeCount());
        assertEquals(List.of(23.0, 36.0, 43.0), venv.returnQueue());
        assertEquals(List.of(2, 3, 2), venv.lengthQueue());
    }

    @Test
    void recordEpisodeStatisticsSameStep() {
        VectorRecordEpisodeStatistics venv = new VectorRecordEpisodeStatistics(scripted(AutoresetMode.SAME_STEP, 2));
        venv.reset(0);
        venv.step(new int[] {0});
        VectorStepResult r = venv.step(new int[] {0});
        assertEquals(23.0, r.episodeStatistics(0).orElseThrow().episodeReturn(), 0.0);
        venv.step(new int[] {0});
        r = venv.step(new int[] {0});
        assertEquals(21 + 22, r.episodeStatistics(0).orElseThrow().episodeReturn(), 0.0, "next episode starts at once");
        assertEquals(2, r.episodeStatistics(0).orElseThrow().length());
        assertTrue(r.hasFinalObservation(0));
    }

    private static final float[][][] OBS_BATCHES = {
        {{0.5f, -1.0f}, {1.5f, 2.0f}, {-0.25f, 0.75f}},
        {{2.0f, 0.0f}, {0.1f, -0.3f}, {0.7f, 0.9f}},
        {{-1.0f, 4.0f}, {3.0f, 3.5f}, {0.0f, 0.125f}}};
    /** Gymnasium's vector NormalizeObservation on OBS_BATCHES (reset, then two steps). */
    private static final float[][] NORMALIZED_BATCHES = {
        {-0.11621738970279694f, -1.2868289947509766f, 1.2787169218063354f, 1.1514031887054443f, -1.1624181270599365f,
            0.13547316193580627f},
        {1.600296139717102f, -0.40751877427101135f, -0.8484541773796082f, -0.7196660041809082f, -0.07516465336084366f,
            0.5289228558540344f},
        {-1.4781982898712158f, 1.782992959022522f, 1.944013237953186f, 1.4746958017349243f, -0.6226454377174377f,
            -0.6063103079795837f}};

    @Test
    void normalizeObservationMatchesGymnasiumBitForBit() {
        List<Supplier<Env>> fns = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            float[][] seq = {OBS_BATCHES[0][i], OBS_BATCHES[1][i], OBS_BATCHES[2][i]};
            fns.add(() -> new ListEnv(seq));
        }
        VectorNormalizeObservation venv = new VectorNormalizeObservation(new SyncVectorEnv(fns));
        assertArrayEquals(NORMALIZED_BATCHES[0], venv.reset(0).observations(), 0f);
        assertArrayEquals(NORMALIZED_BATCHES[1], venv.step(new int[3]).observations(), 0f);
        assertArrayEquals(NORMALIZED_BATCHES[2], venv.step(new int[3]).observations(), 0f);
        RunningMeanStd.State s = venv.statistics();
        assertArrayEquals(new double[] {0.727769672870636, 1.1083210706710815}, s.mean(), 0.0);
        assertArrayEquals(new double[] {1.3661746978759766, 2.6302731037139893}, s.var(), 0.0);
        assertEquals(9.0001, s.count(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> venv.reset(null, new boolean[] {true, false, true}));
    }

    @Test
    void normalizeObservationFreezesAndNormalizesFinalObservations() {
        VectorNormalizeObservation venv = new VectorNormalizeObservation(scripted(AutoresetMode.SAME_STEP, 2, 5));
        venv.reset(0);
        venv.step(new int[] {1, 1});
        RunningMeanStd.State before = venv.statistics();
        venv.setUpdateRunningMean(false);
        VectorStepResult r = venv.step(new int[] {2, 2});
        assertEquals(before, venv.statistics(), "frozen");
        assertTrue(r.hasFinalObservation(0));
        float[] fin = r.finalObservation(0);
        float mean1 = (float) before.mean()[1];
        float std1 = (float) Math.sqrt((float) before.var()[1] + 1e-8f);
        assertEquals((2f - mean1) / std1, fin[1], 0f, "t = 2, normalised with the same statistics");
        VectorNormalizeObservation other = new VectorNormalizeObservation(scripted(AutoresetMode.SAME_STEP, 2, 5));
        other.setStatistics(before);
        assertEquals(before, other.statistics());
    }

    private static final double[][] REWARDS = {
        {1.185, -0.651, -1.795, -1.917, 2.066, 2.564, 1.033, 1.647, 0.718, 2.675},
        {2.079, -1.986, 2.287, -1.832, 1.648, -1.122, 2.316, 0.707, -0.501, 0.113},
        {-1.858, -1.379, 1.353, 1.236, 1.077, -0.082, 2.986, 2.904, 1.428, 1.252},
        {1.442, -0.055, -1.325, 1.607, 0.627, -0.449, 0.429, 2.447, 2.67, -0.211}};
    private static final int[][] TERM = {{0, 0, 0, 0, 0, 0, 0, 0, 1, 0}, {0, 0, 0, 1, 0, 1, 0, 0, 0, 1},
        {0, 1, 1, 0, 0, 0, 1, 0, 0, 1}, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0}};
    private static final int[][] TRUNC = {{0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, {0, 0, 1, 0, 0, 0, 0, 0, 0, 0},
        {0, 0, 0, 0, 0, 0, 0, 0, 1, 0}, {0, 1, 0, 1, 0, 0, 0, 1, 0, 1}};
    /**
     * Gymnasium's vector NormalizeReward (NEXT_STEP, gamma 0.99) for the script above, computed with NumPy 1.x
     * dtype rules (the golden files' NumPy 1.24): np.var divides the float32 keepdims sum by the count in float32.
     * NumPy 2 divides in float64 instead, which moves the batch variance by one float32 ulp here.
     */
    private static final double[][] NORMALIZED_REWARDS = {
        {0.7441861608574981, -0.4088313845723471, -1.1272693322693748, -1.20388596655175, 1.2974587412080936,
            1.6102053303279538, 0.6487293706040468, 1.034324562812067, 0.4509077329077499, 1.6799139074209344},
        {1.071583665328562, -1.0236484652922193, 1.1787935750872636, -0.9442718974901037, 0.8494323619343289,
            -0.5783149939868429, 1.1937411105824671, 0.36441060672789477, -0.25823156148610366, 0.058243845205448536},
        {-0.8702952697653721, -0.6459295893468504, 0.6337510764222543, 0.5789477682615715, 0.5044714776842334,
            -0.038409156146803285, 1.398655368955544, 1.3602462128087407, 0.6688814021662816, 0.5864422377536307},
        {0.5856484429018393, -0.022337492621082634, -0.5381305040533544, 0.6526609207650871, 0.254647415880342,
            -0.18235516703392915, 0.17423244244444455, 0.9938153535234401, 1.0843837326961934, -0.08569474441906247}};

    private static boolean[][] flags(int[][] ints) {
        boolean[][] out = new boolean[ints.length][ints[0].length];
        for (int i = 0; i < ints.length; i++) {
            for (int j = 0; j < ints[0].length; j++) {
                out[i][j] = ints[i][j] != 0;
            }
        }
        return out;
    }

    @Test
    void normalizeRewardMatchesGymnasium() {
        VectorNormalizeReward venv = new VectorNormalizeReward(
                new ScriptedVectorEnv(REWARDS, flags(TERM), flags(TRUNC), AutoresetMode.NEXT_STEP));
        venv.reset(0);
        for (int k = 0; k < REWARDS.length; k++) {
            assertArrayEquals(NORMALIZED_REWARDS[k], venv.step(new int[10]).rewards(), 0.0, "step " + k);
        }
        assertEquals(1.4731202413923574, venv.returnRms().mean(0), 0.0);
        assertEquals(6.062566762170812, venv.returnRms().var(0), 0.0);
        assertEquals(30.0001, venv.returnRms().count(), 1e-12);
        assertArrayEquals(new float[] {2.7900121212005615f, -1.378999948501587f, 0.5099499821662903f,
            -0.2066800594329834f, 5.313072204589844f, -1.5597800016403198f, 2.9860000610351562f, 7.612972736358643f,
            2.138819932937622f, 0.11299999803304672f}, venv.accumulatedReturns(), 0f);
    }

    @Test
    void normalizeRewardSameStepRestartsFinishedReturns() {
        double[][] rewards = {{1, 1}, {1, 1}, {1, 1}};
        int[][] term = {{1, 0}, {0, 0}, {0, 0}};
        VectorNormalizeReward venv = new VectorNormalizeReward(
                new ScriptedVectorEnv(rewards, flags(term), flags(new int[3][2]), AutoresetMode.SAME_STEP), 0.5, 1e-8);
        venv.reset(0);
        venv.step(new int[2]);
        assertArrayEquals(new float[] {0f, 1f}, venv.accumulatedReturns(), 0f, "done: restarted at 0");
        venv.step(new int[2]);
        assertArrayEquals(new float[] {1f, 1.5f}, venv.accumulatedReturns(), 0f, "SAME_STEP counts every step");
        venv.setUpdateRunningMean(false);
        RunningMeanStd.State s = venv.statistics();
        VectorStepResult r = venv.step(new int[2]);
        assertEquals(1 / Math.sqrt(s.var()[0] + 1e-8), r.rewards()[0], 0.0);
        assertEquals(s, venv.statistics());
    }

    @Test
    void wrappersForwardTheVectorApi() {
        VectorEnv base = scripted(AutoresetMode.NEXT_STEP, 3, 3);
        VectorNormalizeReward venv = new VectorNormalizeReward(new VectorRecordEpisodeStatistics(base));
        assertEquals(2, venv.numEnvs());
        assertEquals(base, venv.unwrapped());
        assertTrue(venv.findWrapper(VectorRecordEpisodeStatistics.class).isPresent());
        assertArrayEquals(new int[] {2, 4}, venv.observationShape());
        venv.reset(0);
        VectorStepResult r = venv.step(new int[] {0, 0});
        assertEquals(2, r.infos().size());
        venv.close();
    }
}
