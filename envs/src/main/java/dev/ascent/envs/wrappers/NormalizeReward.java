package dev.ascent.envs.wrappers;

import dev.ascent.envs.Env;
import dev.ascent.envs.StepResult;

/**
 * Scales rewards so that their discounted sum has roughly unit variance ({@code gymnasium/wrappers/
 * stateful_reward.py} {@code NormalizeReward}): a discounted return accumulator
 * {@code G = G * gamma * (1 - terminated) + r} feeds a float64 {@link RunningMeanStd} (unless frozen), and the
 * reward is divided by {@code sqrt(var + epsilon)} (the mean is not subtracted). As in Gymnasium 1.x the
 * accumulator is reset only by termination (not by truncation or reset) and there is no clipping; use
 * {@link ClipReward} after it for SB3-style clipping.
 *
 * <p>{@link #statistics()}, {@link #discountedReturn()} and their setters export and import the state.
 */
public final class NormalizeReward extends Wrapper {

    private final RunningMeanStd returnRms = new RunningMeanStd(1, RunningMeanStd.Precision.FLOAT64);
    private final double gamma;
    private final double epsilon;
    private final double[] discounted = new double[1];
    private boolean updateRunningMean = true;

    /** With Gymnasium's defaults {@code gamma = 0.99}, {@code epsilon = 1e-8}. */
    public NormalizeReward(Env env) {
        this(env, 0.99, 1e-8);
    }

    /**
     * @param env the environment
     * @param gamma discount of the return accumulator, in [0, 1]
     * @param epsilon added to the variance under the square root, strictly positive
     */
    public NormalizeReward(Env env, double gamma, double epsilon) {
        super(env);
        if (!(gamma >= 0 && gamma <= 1)) {
            throw new IllegalArgumentException("`gamma` should be in the interval [0, 1]. Received " + gamma);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("`epsilon` should be strictly positive. Received " + epsilon);
        }
        this.gamma = gamma;
        this.epsilon = epsilon;
    }

    @Override
    public StepResult step(int action) {
        return normalize(env.step(action));
    }

    @Override
    public StepResult step(float[] action) {
        return normalize(env.step(action));
    }

    private StepResult normalize(StepResult r) {
        // stateful_reward.py lines 134-141.
        discounted[0] = discounted[0] * gamma * (1 - (r.terminated() ? 1 : 0)) + r.reward();
        if (updateRunningMean) {
            returnRms.update(discounted, 1);
        }
        return r.withReward(r.reward() / Math.sqrt(returnRms.var(0) + epsilon));
    }

    /** Whether steps update the statistics. */
    public boolean updateRunningMean() {
        return updateRunningMean;
    }

    /**
     * Freezes ({@code false}) or resumes ({@code true}) the statistics; the accumulator keeps running.
     *
     * @param update whether to keep updating
     */
    public void setUpdateRunningMean(boolean update) {
        this.updateRunningMean = update;
    }

    /** The live return statistics (Gymnasium's {@code return_rms}). */
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

    /** The discounted return accumulator (Gymnasium's {@code discounted_reward}). */
    public double discountedReturn() {
        return discounted[0];
    }

    /** Restores the discounted return accumulator. */
    public void setDiscountedReturn(double value) {
        discounted[0] = value;
    }
}
