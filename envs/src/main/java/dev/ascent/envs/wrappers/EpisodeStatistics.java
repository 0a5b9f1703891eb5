package dev.ascent.envs.wrappers;

/**
 * The statistics {@link RecordEpisodeStatistics} puts into the info of an episode's last step under
 * {@code "episode"}: Gymnasium's {@code {"r": return, "l": length, "t": seconds}}.
 *
 * @param episodeReturn the undiscounted sum of rewards ({@code r})
 * @param length the number of steps ({@code l})
 * @param seconds wall-clock time since the episode's reset, rounded to microseconds ({@code t})
 */
public record EpisodeStatistics(double episodeReturn, int length, double seconds) {

    /** Gymnasium's {@code r}. */
    public double r() {
        return episodeReturn;
    }

    /** Gymnasium's {@code l}. */
    public int l() {
        return length;
    }

    /** Gymnasium's {@code t}. */
    public double t() {
        return seconds;
    }

    /**
     * Seconds from a nanosecond interval, rounded to 6 decimals as Gymnasium's {@code round(..., 6)}.
     *
     * @param nanos elapsed nanoseconds
     * @return seconds
     */
    public static double roundedSeconds(long nanos) {
        return Math.rint(nanos / 1e3) / 1e6;
    }
}
