package dev.ascent.algorithms.run;

/** Sees a training run advance (the command line's progress bar). Called on the training thread after each iteration. */
public interface ProgressListener {
    ProgressListener NONE = new ProgressListener() {
        @Override
        public void update(long step, long total, double stepsPerSecond, double recentMeanReturn, int episodes) {}
    };

    /** Before the first iteration; {@code step} > 0 when resuming. */
    default void start(String title, long step, long total) {}

    /**
     * @param recentMeanReturn mean return of the last {@link TrainingRun#RECENT_EPISODES} episodes (NaN before any)
     * @param episodes episodes finished so far
     */
    void update(long step, long total, double stepsPerSecond, double recentMeanReturn, int episodes);

    /** After the last iteration, or when training stops with an error. */
    default void finish() {}
}
