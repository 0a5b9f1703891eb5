package dev.ascent.envs.wrappers;

import dev.ascent.envs.Env;
import dev.ascent.envs.Infos;
import dev.ascent.envs.ResetResult;
import dev.ascent.envs.StepResult;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Tracks episode returns, lengths and durations ({@code gymnasium/wrappers/common.py} lines 441-555). On the
 * step that ends an episode (terminated or truncated) the info gets {@code "episode"} ->
 * {@link EpisodeStatistics}; the last {@code bufferLength} episodes are kept in {@link #returnQueue()},
 * {@link #lengthQueue()} and {@link #timeQueue()}.
 */
public final class RecordEpisodeStatistics extends Wrapper {

    /** Gymnasium's default info key. */
    public static final String DEFAULT_KEY = "episode";

    private final int bufferLength;
    private final String statsKey;
    private final Deque<Double> returnQueue = new ArrayDeque<>();
    private final Deque<Integer> lengthQueue = new ArrayDeque<>();
    private final Deque<Double> timeQueue = new ArrayDeque<>();
    private int episodeCount;
    private long episodeStartNanos = System.nanoTime();
    private double episodeReturn;
    private int episodeLength;

    /** With Gymnasium's defaults: buffers of 100 episodes, key {@code "episode"}. */
    public RecordEpisodeStatistics(Env env) {
        this(env, 100, DEFAULT_KEY);
    }

    /**
     * @param env the environment
     * @param bufferLength how many recent episodes the queues keep
     * @param statsKey the info key
     */
    public RecordEpisodeStatistics(Env env, int bufferLength, String statsKey) {
        super(env);
        if (bufferLength <= 0) {
            throw new IllegalArgumentException("bufferLength must be positive, got " + bufferLength);
        }
        this.bufferLength = bufferLength;
        this.statsKey = statsKey;
    }

    @Override
    public ResetResult reset(Long seed, Map<String, Object> options) {
        ResetResult r = env.reset(seed, options);
        episodeStartNanos = System.nanoTime();
        episodeReturn = 0.0;
        episodeLength = 0;
        return r;
    }

    @Override
    public StepResult step(int action) {
        return record(env.step(action));
    }

    @Override
    public StepResult step(float[] action) {
        return record(env.step(action));
    }

    private StepResult record(StepResult r) {
        episodeReturn += r.reward();
        episodeLength++;
        if (!r.done()) {
            return r;
        }
        long now = System.nanoTime();
        EpisodeStatistics stats = new EpisodeStatistics(episodeReturn, episodeLength,
                EpisodeStatistics.roundedSeconds(now - episodeStartNanos));
        push(returnQueue, stats.episodeReturn());
        push(lengthQueue, stats.length());
        push(timeQueue, stats.seconds());
        episodeCount++;
        episodeStartNanos = now;
        return r.withInfo(Infos.with(r.info(), statsKey, stats));
    }

    private <T> void push(Deque<T> queue, T value) {
        if (queue.size() == bufferLength) {
            queue.removeFirst();
        }
        queue.addLast(value);
    }

    /** Number of finished episodes. */
    public int episodeCount() {
        return episodeCount;
    }

    /** Returns of the most recent episodes, oldest first. */
    public List<Double> returnQueue() {
        return List.copyOf(returnQueue);
    }

    /** Lengths of the most recent episodes, oldest first. */
    public List<Integer> lengthQueue() {
        return List.copyOf(lengthQueue);
    }

    /** Durations in seconds of the most recent episodes, oldest first. */
    public List<Double> timeQueue() {
        return List.copyOf(timeQueue);
    }
}
