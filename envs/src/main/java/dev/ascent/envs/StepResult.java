package dev.ascent.envs;

import java.util.Arrays;
import java.util.Map;

/**
 * What {@link Env#step(int)} and {@link Env#step(float[])} return: Gymnasium's
 * {@code (observation, reward, terminated, truncated, info)}.
 *
 * <p>{@code terminated} means the MDP reached a terminal state (do not bootstrap); {@code truncated} means the
 * episode was cut short, e.g. by {@link dev.ascent.envs.wrappers.TimeLimit} (bootstrap from
 * {@code observation}). Both can be true on the same step. Like any record holding an array, {@code equals}
 * compares the observation by reference.
 *
 * @param observation the observation after the step (flat, row-major; owned by the caller)
 * @param reward the reward for the transition
 * @param terminated whether a terminal state was reached
 * @param truncated whether the episode was cut short outside the MDP
 * @param info auxiliary diagnostics; read-only, usually empty
 */
public record StepResult(float[] observation, double reward, boolean terminated, boolean truncated,
                         Map<String, Object> info) {

    /** Validates non-null components. */
    public StepResult {
        if (observation == null) {
            throw new NullPointerException("observation");
        }
        if (info == null) {
            throw new NullPointerException("info");
        }
    }

    /** A step result with an empty info map. */
    public static StepResult of(float[] observation, double reward, boolean terminated, boolean truncated) {
        return new StepResult(observation, reward, terminated, truncated, Map.of());
    }

    /** Whether the episode ended, {@code terminated || truncated}: time to reset. */
    public boolean done() {
        return terminated || truncated;
    }

    /** The same result with another observation. */
    public StepResult withObservation(float[] newObservation) {
        return new StepResult(newObservation, reward, terminated, truncated, info);
    }

    /** The same result with another reward. */
    public StepResult withReward(double newReward) {
        return new StepResult(observation, newReward, terminated, truncated, info);
    }

    /** The same result with another truncation flag. */
    public StepResult withTruncated(boolean newTruncated) {
        return new StepResult(observation, reward, terminated, newTruncated, info);
    }

    /** The same result with another info map. */
    public StepResult withInfo(Map<String, Object> newInfo) {
        return new StepResult(observation, reward, terminated, truncated, newInfo);
    }

    @Override
    public String toString() {
        return "StepResult[observation=" + Arrays.toString(observation) + ", reward=" + reward + ", terminated="
                + terminated + ", truncated=" + truncated + ", info=" + info + "]";
    }
}
