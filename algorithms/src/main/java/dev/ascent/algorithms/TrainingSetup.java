package dev.ascent.algorithms;

import dev.ascent.algorithms.common.EpisodeListener;

/**
 * What every learner is given besides its own settings: the environment, the step budget, the one seed
 * that drives everything (environment resets, network initialisation, action sampling, minibatch order),
 * and where finished training episodes are reported.
 *
 * @param envId a registered environment id ({@code CartPole-v1})
 * @param totalTimesteps the budget in environment steps, summed over the vector environment
 * @param seed the run's seed
 * @param episodes receives every finished training episode (the run's logger), never null
 */
public record TrainingSetup(String envId, long totalTimesteps, long seed, EpisodeListener episodes) {
    public TrainingSetup {
        if (totalTimesteps <= 0) throw new IllegalArgumentException("total_timesteps must be positive, got " + totalTimesteps);
        if (seed < 0) throw new IllegalArgumentException("the seed must be non-negative, got " + seed);
        if (episodes == null) episodes = EpisodeListener.NONE;
    }
}
