package dev.ascent.envs.wrappers;

import dev.ascent.envs.Env;
import dev.ascent.envs.spaces.Box;

/**
 * Normalises observations to zero mean and unit variance with running statistics
 * ({@code gymnasium/wrappers/stateful_observation.py} {@code NormalizeObservation}): every observation from
 * {@code reset} and {@code step} first updates the float32 {@link RunningMeanStd} (unless frozen) and is then
 * returned as {@code float32((obs - mean) / sqrt(var + epsilon))}. No clipping, as in Gymnasium 1.x; clip with
 * {@link TransformObservation} if wanted.
 *
 * <p>Freeze the statistics for evaluation with {@link #setUpdateRunningMean(boolean)}; save and restore them with
 * {@link #statistics()} / {@link #setStatistics(RunningMeanStd.State)}.
 */
public final class NormalizeObservation extends ObservationWrapper {

    private final RunningMeanStd obsRms;
    private final double epsilon;
    private final Box observationSpace;
    private boolean updateRunningMean = true;

    /** With Gymnasium's default {@code epsilon = 1e-8}. */
    public NormalizeObservation(Env env) {
        this(env, 1e-8);
    }

    /**
     * @param env the environment
     * @param epsilon added to the variance under the square root, strictly positive
     */
    public NormalizeObservation(Env env, double epsilon) {
        super(env);
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("`epsilon` should be strictly positive. Received " + epsilon);
        }
        this.epsilon = epsilon;
        Box inner = env.observationSpace();
        this.observationSpace = new Box(Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, inner.shape());
        this.obsRms = new RunningMeanStd(inner.size(), RunningMeanStd.Precision.FLOAT32);
    }

    @Override
    public Box observationSpace() {
        return observationSpace;
    }

    @Override
    protected float[] observation(float[] observation) {
        if (updateRunningMean) {
            obsRms.update(observation, 1);
        }
        float eps = (float) epsilon;
        float[] out = new float[observation.length];
        for (int i = 0; i < out.length; i++) {
            float std = (float) Math.sqrt((float) obsRms.var(i) + eps);
            out[i] = (observation[i] - (float) obsRms.mean(i)) / std;
        }
        return out;
    }

    /** Whether observations update the statistics (Gymnasium's {@code update_running_mean}). */
    public boolean updateRunningMean() {
        return updateRunningMean;
    }

    /**
     * Freezes ({@code false}) or resumes ({@code true}) the statistics.
     *
     * @param update whether to keep updating
     */
    public void setUpdateRunningMean(boolean update) {
        this.updateRunningMean = update;
    }

    /** The live statistics (Gymnasium's {@code obs_rms}). */
    public RunningMeanStd obsRms() {
        return obsRms;
    }

    /** A snapshot of the statistics for a checkpoint. */
    public RunningMeanStd.State statistics() {
        return obsRms.state();
    }

    /**
     * Restores statistics, e.g. from a checkpoint or the training env into an evaluation env.
     *
     * @param state statistics with one element per observation value
     */
    public void setStatistics(RunningMeanStd.State state) {
        obsRms.setState(state);
    }
}
