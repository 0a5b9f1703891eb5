package dev.ascent.algorithms.common;

import dev.ascent.engine.NDArray;

/**
 * The transitions of one rollout of {@code numSteps} steps of a {@code numEnvs}-environment vector env, stored
 * step-major ({@code [numSteps, numEnvs, ...]}, flattened to {@code numSteps·numEnvs} rows as CleanRL's
 * {@code b_obs = obs.reshape(...)}), with generalised advantage estimation.
 *
 * <p><b>Episode ends.</b> {@code done[t][i]} says that the transition taken at step {@code t} in environment
 * {@code i} ended the episode (terminated or truncated), so the value of the next state is not used. On a
 * <em>truncation</em> the episode did not really end: as SB3 does, the learner adds {@code γ·V(final
 * observation)} to that step's reward ({@link #bootstrapTruncation}) before GAE, with the final observation
 * that a SAME_STEP vector env returns (see {@link TrainingEnv}). A step that is both terminated and truncated
 * counts as terminated.
 *
 * <p><b>GAE(λ)</b> (Schulman et al. 2016), as CleanRL computes it:
 * <pre>
 *   δ_t = r_t + γ V(s_{t+1}) (1 − done_t) − V(s_t)
 *   A_t = δ_t + γ λ (1 − done_t) A_{t+1}
 *   R_t = A_t + V(s_t)        (the value targets)
 * </pre>
 * with {@code V(s_T)} the value of the observation after the last step. λ = 1 gives Monte-Carlo returns
 * minus the baseline (REINFORCE/VPG), λ = 0 the TD(0) advantage, and {@code numSteps}-step returns follow
 * from λ = 1 with bootstrapping (A2C).
 */
public final class RolloutBuffer {
    private final int numSteps, numEnvs, obsSize, actionWidth;
    public final float[] observations, actions, logProbs, rewards, values, advantages, returns;
    public final boolean[] dones;
    private int step;

    public RolloutBuffer(int numSteps, int numEnvs, int observationSize, int actionWidth) {
        if (numSteps < 1 || numEnvs < 1) throw new IllegalArgumentException("num_steps and num_envs must be positive");
        this.numSteps = numSteps;
        this.numEnvs = numEnvs;
        this.obsSize = observationSize;
        this.actionWidth = actionWidth;
        int n = numSteps * numEnvs;
        observations = new float[n * observationSize];
        actions = new float[n * actionWidth];
        logProbs = new float[n];
        rewards = new float[n];
        values = new float[n];
        advantages = new float[n];
        returns = new float[n];
        dones = new boolean[n];
    }

    public int numSteps() {
        return numSteps;
    }

    public int numEnvs() {
        return numEnvs;
    }

    /** Rows in the flattened batch: {@code numSteps · numEnvs}. */
    public int size() {
        return numSteps * numEnvs;
    }

    /** Steps added since the last {@link #clear()}. */
    public int position() {
        return step;
    }

    public boolean full() {
        return step == numSteps;
    }

    public void clear() {
        step = 0;
    }

    /**
     * Adds one vector step: the observations it was taken in, the actions, their log-probabilities and values
     * (may be null for algorithms that do not use them), the rewards and the episode-end flags.
     */
    public void add(float[] obs, float[] act, float[] logProb, float[] value, double[] reward, boolean[] terminated, boolean[] truncated) {
        if (step == numSteps) throw new IllegalStateException("rollout buffer is full (" + numSteps + " steps)");
        int row = step * numEnvs;
        System.arraycopy(obs, 0, observations, row * obsSize, numEnvs * obsSize);
        System.arraycopy(act, 0, actions, row * actionWidth, numEnvs * actionWidth);
        if (logProb != null) System.arraycopy(logProb, 0, logProbs, row, numEnvs);
        if (value != null) System.arraycopy(value, 0, values, row, numEnvs);
        for (int i = 0; i < numEnvs; i++) {
            rewards[row + i] = (float) reward[i];
            dones[row + i] = terminated[i] || truncated[i];
        }
        step++;
    }

    /**
     * Adds {@code γ·V(final observation)} to the reward of environment {@code env} at the step just added, for
     * an episode that was truncated (not terminated): the return does not stop at a time limit.
     */
    public void bootstrapTruncation(int env, double gamma, float finalValue) {
        int row = (step - 1) * numEnvs + env;
        rewards[row] += (float) (gamma * finalValue);
    }

    /** Fills {@link #advantages} and {@link #returns} by GAE(λ), given V of the observations after the last step. */
    public void computeReturnsAndAdvantages(float[] lastValues, double gamma, double lambda) {
        if (!full()) throw new IllegalStateException("GAE needs a full rollout, have " + step + " of " + numSteps + " steps");
        float g = (float) gamma, gl = (float) (gamma * lambda);
        for (int i = 0; i < numEnvs; i++) {
            float nextAdvantage = 0f;
            float nextValue = lastValues[i];
            for (int t = numSteps - 1; t >= 0; t--) {
                int k = t * numEnvs + i;
                float notDone = dones[k] ? 0f : 1f;
                float delta = rewards[k] + g * nextValue * notDone - values[k];
                nextAdvantage = delta + gl * notDone * nextAdvantage;
                advantages[k] = nextAdvantage;
                returns[k] = nextAdvantage + values[k];
                nextValue = values[k];
            }
        }
    }

    /** The observations as one {@code [size, observationSize]} array (shares the buffer). */
    public NDArray observationBatch() {
        return NDArray.wrap(observations, size(), obsSize);
    }

    /** The actions as {@code [size, actionWidth]} (shares the buffer). */
    public NDArray actionBatch() {
        return NDArray.wrap(actions, size(), actionWidth);
    }
}
