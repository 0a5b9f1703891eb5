package dev.ascent.algorithms.common;

import dev.ascent.engine.NDArray;
import dev.ascent.envs.Envs;
import dev.ascent.envs.spaces.Box;
import dev.ascent.envs.spaces.Space;
import dev.ascent.envs.vector.AutoresetMode;
import dev.ascent.envs.vector.VectorEnv;
import dev.ascent.envs.vector.VectorEnvs;
import dev.ascent.envs.vector.VectorNormalizeObservation;
import dev.ascent.envs.vector.VectorNormalizeReward;
import dev.ascent.envs.vector.VectorRecordEpisodeStatistics;
import dev.ascent.envs.vector.VectorStepResult;
import dev.ascent.envs.wrappers.EpisodeStatistics;
import dev.ascent.envs.wrappers.RunningMeanStd;
import dev.ascent.io.Checkpoint;

import java.util.Arrays;
import java.util.Optional;

/**
 * The vector environment a learner trains on, built from an {@link EnvSetup}, with the three things every
 * algorithm needs around it: actions in the networks' encoding (class index, or unclipped Box values),
 * finished episodes reported to the run's {@link EpisodeListener}, and a checkpointable state.
 *
 * <p><b>Autoreset.</b> {@link AutoresetMode#SAME_STEP}, as in SB3: every step is a real transition, the step
 * that ends an episode already returns the next episode's first observation, and the ending observation is in
 * {@link VectorStepResult#finalObservations()} for bootstrapping on truncation (see {@link RolloutBuffer}).
 *
 * <p><b>Checkpoints.</b> Gymnasium environments expose no complete state (time-limit counters, generators,
 * normalisation accumulators), so the state is captured as the seed plus every action taken: {@link #restore}
 * re-creates the environments, resets them with the same seeds and replays the actions, which reproduces every
 * wrapper's state bit for bit. Replaying costs one environment step per recorded step (milliseconds for
 * classic control) and 4 bytes per action value in the checkpoint.
 */
public final class TrainingEnv implements AutoCloseable {
    private final String envId;
    private final EnvSetup setup;
    private final long seed;
    private final VectorEnv envs;
    private final VectorNormalizeObservation obsNorm;
    private final VectorNormalizeReward rewardNorm;
    private final ActionSpec actionSpec;
    private final int numEnvs, obsSize;
    private final int[] discreteActions;
    private final float[] boxActions;
    private final RunningMeanStd.State initialObsStats, initialReturnStats;
    private EpisodeListener listener;
    private float[] history = new float[1 << 12];
    private long historySize;
    private long steps;

    public TrainingEnv(String envId, EnvSetup setup, long seed, EpisodeListener listener) {
        this.envId = envId;
        this.setup = setup;
        this.seed = seed;
        this.listener = listener == null ? EpisodeListener.NONE : listener;
        VectorEnv v = VectorEnvs.builder(envId, setup.numEnvs()).autoresetMode(AutoresetMode.SAME_STEP).build();
        v = new VectorRecordEpisodeStatistics(v);
        VectorNormalizeObservation on = null;
        VectorNormalizeReward rn = null;
        if (setup.normalizeObservation()) v = on = new VectorNormalizeObservation(v);
        if (setup.normalizeReward()) v = rn = new VectorNormalizeReward(v, setup.gamma(), 1e-8);
        if (on != null || rn != null) v = new VectorClip(v, on != null ? setup.clipObservation() : 0, rn != null ? setup.clipReward() : 0);
        this.envs = v;
        this.obsNorm = on;
        this.rewardNorm = rn;
        this.initialObsStats = on == null ? null : on.statistics();
        this.initialReturnStats = rn == null ? null : rn.statistics();
        this.actionSpec = ActionSpec.of(v.singleActionSpace());
        this.numEnvs = setup.numEnvs();
        this.obsSize = v.observationSize();
        this.discreteActions = new int[numEnvs];
        this.boxActions = actionSpec.discrete() ? null : new float[numEnvs * actionSpec.size()];
    }

    /** The observation space of one sub-environment as registered (before normalisation). */
    public static Box observationSpaceOf(String envId) {
        try (var env = Envs.make(envId)) {
            return env.observationSpace();
        }
    }

    /** The action space of one sub-environment. */
    public static Space actionSpaceOf(String envId) {
        try (var env = Envs.make(envId)) {
            return env.actionSpace();
        }
    }

    public String envId() {
        return envId;
    }

    public int numEnvs() {
        return numEnvs;
    }

    public int observationSize() {
        return obsSize;
    }

    /** The observation space of one sub-environment as the learner sees it (after normalisation, if any). */
    public Box observationSpace() {
        return envs.singleObservationSpace();
    }

    /** The shape of one observation ({@code [4]}, {@code [4, 84, 84]}). */
    public int[] observationShape() {
        return envs.singleObservationSpace().shape();
    }

    public ActionSpec actionSpec() {
        return actionSpec;
    }

    /** Environment steps taken (summed over sub-environments). */
    public long steps() {
        return steps;
    }

    /** Resets sub-environment {@code i} with {@code seed + i}; returns the batch of observations (live buffer). */
    public float[] reset() {
        return envs.reset(seed).observations();
    }

    /**
     * Steps every sub-environment. {@code actions} holds {@code numEnvs × actionSpec().width()} values in the
     * networks' encoding: class indices (as floats) or unclipped Box values, which are clipped to the bounds here.
     * The result aliases the environment's buffers until the next step.
     */
    public VectorStepResult step(float[] actions) {
        record(actions);
        VectorStepResult r;
        if (actionSpec.discrete()) {
            for (int i = 0; i < numEnvs; i++) discreteActions[i] = actionSpec.envAction((int) actions[i]);
            r = envs.step(discreteActions);
        } else {
            int d = actionSpec.size();
            float[] low = actionSpec.low(), high = actionSpec.high();
            for (int i = 0; i < boxActions.length; i++) {
                int j = i % d;
                boxActions[i] = Math.max(low[j], Math.min(high[j], actions[i]));
            }
            r = envs.step(boxActions);
        }
        steps += numEnvs;
        for (int i = 0; i < numEnvs; i++) {
            if (r.done(i)) {
                Optional<EpisodeStatistics> s = r.episodeStatistics(i);
                if (s.isPresent()) listener.onEpisode(steps, s.get().episodeReturn(), s.get().length());
            }
        }
        return r;
    }

    private void record(float[] actions) {
        int w = numEnvs * actionSpec.width();
        if (actions.length != w) throw new IllegalArgumentException("expected " + w + " action values, got " + actions.length);
        if (historySize + w > history.length) {
            long n = Math.max(history.length * 2L, historySize + w);
            if (n > Integer.MAX_VALUE - 8) throw new IllegalStateException("action history too long to checkpoint");
            history = Arrays.copyOf(history, (int) n);
        }
        System.arraycopy(actions, 0, history, (int) historySize, w);
        historySize += w;
    }

    /** The observation normalisation statistics, or null without normalisation. */
    public RunningMeanStd.State observationStatistics() {
        return obsNorm == null ? null : obsNorm.statistics();
    }

    /** The bound normalised observations are clipped to (0 without normalisation). */
    public double observationClip() {
        return obsNorm == null ? 0 : setup.clipObservation();
    }

    /** Adds the environment state under {@code env.*}. */
    public void save(Checkpoint.Builder b) {
        b.tensor("env.actions", NDArray.wrap(Arrays.copyOf(history, (int) historySize), (int) historySize));
        b.metadata("env.steps", Long.toString(steps));
        b.metadata("env.seed", Long.toString(seed));
    }

    /**
     * Brings freshly created environments to the checkpointed state by resetting them with the run's seed and
     * replaying the recorded actions, without reporting the replayed episodes. Returns the current observations.
     */
    public float[] restore(Checkpoint c) {
        long savedSeed = Long.parseLong(c.metadata("env.seed"));
        if (savedSeed != seed) throw new IllegalArgumentException("checkpoint was taken with seed " + savedSeed + ", this run has seed " + seed);
        float[] actions = c.tensor("env.actions").data();
        long savedSteps = Long.parseLong(c.metadata("env.steps"));
        int w = numEnvs * actionSpec.width();
        if (actions.length % w != 0 || (long) actions.length / w * numEnvs != savedSteps) {
            throw new IllegalArgumentException("checkpoint env state does not match " + numEnvs + " sub-environments");
        }
        EpisodeListener saved = listener;
        listener = EpisodeListener.NONE;
        try {
            // Back to the statistics of a fresh environment: this learner's own first reset already updated them.
            if (obsNorm != null) obsNorm.setStatistics(initialObsStats);
            if (rewardNorm != null) rewardNorm.setStatistics(initialReturnStats);
            float[] obs = reset();
            float[] row = new float[w];
            historySize = 0;
            steps = 0;
            for (int k = 0; k < actions.length; k += w) {
                System.arraycopy(actions, k, row, 0, w);
                obs = step(row).observations();
            }
            return obs;
        } finally {
            listener = saved;
        }
    }

    @Override
    public void close() {
        envs.close();
    }
}
