package dev.ascent.algorithms.common;

/** Receives each finished training episode (undiscounted, unnormalised return). */
@FunctionalInterface
public interface EpisodeListener {
    EpisodeListener NONE = (step, ret, len) -> {};

    /**
     * @param globalStep environment steps taken when the episode ended (over all sub-environments)
     * @param episodeReturn the sum of the raw rewards
     * @param length the number of steps
     */
    void onEpisode(long globalStep, double episodeReturn, int length);
}
