package dev.ascent.algorithms;

import dev.ascent.algorithms.common.PolicyExport;
import dev.ascent.io.Checkpoint;

import java.util.Map;

/**
 * One training run of one algorithm, driven from outside one iteration at a time: the shared driver
 * ({@link dev.ascent.algorithms.run.TrainingRun}) does the logging, progress, plots and checkpoints around
 * {@link #iterate()}, so an algorithm class contains only the algorithm.
 *
 * <p>An iteration is the algorithm's natural unit: PPO and A2C one rollout and its update, DQN a fixed
 * number of environment steps with their gradient steps. Checkpoints are taken between iterations.
 */
public interface Learner extends AutoCloseable {

    /**
     * Runs one iteration and returns its metrics in a fixed key order (the columns of {@code metrics.csv},
     * e.g. {@code policy_loss, value_loss, entropy, approx_kl, clip_fraction, learning_rate}).
     *
     * @throws NonFiniteLossException when a loss or gradient is NaN or infinite; parameters are then
     *                                left as they were before the offending optimizer step
     */
    Map<String, Double> iterate();

    /** Environment steps taken so far (over all sub-environments). */
    long globalStep();

    /** Iterations completed so far. */
    long iteration();

    /** The budget this learner was created with. */
    long totalTimesteps();

    default boolean finished() {
        return globalStep() >= totalTimesteps();
    }

    /**
     * Adds everything needed to continue this run bit-identically to {@code checkpoint}: networks, optimizer
     * states, generator states, counters and the environments' state.
     */
    void save(Checkpoint.Builder checkpoint);

    /** Restores a state written by {@link #save} into this freshly created learner (same settings and seed). */
    void restore(Checkpoint checkpoint);

    /** The trained policy with everything inference needs (normalisation statistics included). */
    PolicyExport exportPolicy();

    @Override
    void close();
}
