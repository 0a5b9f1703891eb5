package dev.ascent.envs.vector;

import dev.ascent.envs.wrappers.RunningMeanStd;

/**
 * Scales rewards by the running standard deviation of the discounted return, with statistics shared by all
 * sub-environments ({@code gymnasium/wrappers/vector/stateful_reward.py} {@code NormalizeReward}): per
 * sub-environment a float32 accumulator {@code G = G * gamma * (1 - terminated) + r}; the active accumulators
 * update a float64 {@link RunningMeanStd} and every reward is divided by {@code sqrt(var + epsilon)}. With
 * NEXT_STEP autoreset the reset step after an episode is skipped; with SAME_STEP the accumulators of finished
 * episodes restart at 0, as in Gymnasium. No clipping (Gymnasium 1.x).
 */
public final class VectorNormalizeReward extends VectorWrapper {

    private final RunningMeanStd returnRms = new RunningMeanStd(1, RunningMeanStd.Precision.FLOAT64);
    private final float gammaF;
    private final double epsilon;
    private final float[] accumulated;
    private final boolean[] prevDones;
    private final float[] activeScratch;
    private final double[] rewards;
    private boolean updateRunningMean = true;
    private VectorStepResult lastInner;
    private VectorStepResult view;

    /** With Gymnasium's defaults {@code gamma = 0.99}, {@code epsilon = 1e-8}. */
    public VectorNormalizeReward(VectorEnv env) {
        this(env, 0.99, 1e-8);
    }

    /**
     * @param env the vector environment
     * @param gamma discount in [0, 1]
     * @param epsilon strictly positive
     */
    public VectorNormalizeReward(VectorEnv env, double gamma, double epsilon) {
        super(env);
        if (!(gamma >= 0 && gamma <= 1)) {
            throw new IllegalArgumentException("`gamma` should be in the interval [0, 1]. Received " + gamma);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("`epsilon` should be strictly positive. Received " + epsilon);
        }
        // The accumulator array is float32, so NumPy multiplies it by gamma in float32.
        this.gammaF = (float) gamma;
        this.epsilon = epsilon;
        int n = env.numEnvs();
        this.accumulated = new float[n];
        this.prevDones = new boolean[n];
        this.activeScratch = new float[n];
        this.rewards = new double[n];
    }

    @Override
    public VectorResetResult reset(Long[] seeds, boolean[] mask) {
        java.util.Arrays.fill(accumulated, 0f);
        java.util.Arrays.fill(prevDones, false);
        return env.reset(seeds, mask);
    }

    @Override
    public VectorStepResult step(int[] actions) {
        return normalize(env.step(actions));
    }

    @Override
    public VectorStepResult step(float[] actions) {
        return normalize(env.step(actions));
    }

    private VectorStepResult normalize(VectorStepResult r) {
        boolean sameStep = autoresetMode() == AutoresetMode.SAME_STEP;
        int n = numEnvs();
        int active = 0;
        for (int i = 0; i < n; i++) {
            if (sameStep || !prevDones[i]) {
                // float32 * gamma in float32, times the int64 (1 - terminated) and plus the float64 reward in
                // float64, stored back into the float32 array.
                float decayed = accumulated[i] * gammaF;
                accumulated[i] = (float) ((double) decayed * (1 - (r.terminated()[i] ? 1 : 0)) + r.rewards()[i]);
                activeScratch[active++] = accumulated[i];
            }
        }
        if (updateRunningMean && active > 0) {
            returnRms.update(activeScratch, active);
        }
        double scale = Math.sqrt(returnRms.var(0) + epsilon);
        for (int i = 0; i < n; i++) {
            prevDones[i] = r.done(i);
            if (sameStep && prevDones[i]) {
                accumulated[i] = 0f; // already reset: start the new return now
            }
            rewards[i] = r.rewards()[i] / scale;
        }
        if (r != lastInner) {
            lastInner = r;
            view = r.withBuffers(null, rewards, null, null);
        }
        return view;
    }

    /** Whether steps update the statistics. */
    public boolean updateRunningMean() {
        return updateRunningMean;
    }

    /** Freezes ({@code false}) or resumes ({@code true}) the statistics. */
    public void setUpdateRunningMean(boolean update) {
        this.updateRunningMean = update;
    }

    /** The live return statistics. */
    public RunningMeanStd returnRms() {
        return returnRms;
    }

    /** A snapshot of the return statistics. */
    public RunningMeanStd.State statistics() {
        return returnRms.state();
    }

    /** Restores the return statistics. */
    public void setStatistics(RunningMeanStd.State state) {
        returnRms.setState(state);
    }

    /** The per-sub-environment discounted return accumulators, a copy. */
    public float[] accumulatedReturns() {
        return accumulated.clone();
    }

    /** Restores the accumulators. */
    public void setAccumulatedReturns(float[] values) {
        if (values.length != accumulated.length) {
            throw new IllegalArgumentException("expected " + accumulated.length + " values, got " + values.length);
        }
        System.arraycopy(values, 0, accumulated, 0, values.length);
    }
}
