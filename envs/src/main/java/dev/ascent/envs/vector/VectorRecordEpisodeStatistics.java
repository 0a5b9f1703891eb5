package dev.ascent.envs.vector;

import dev.ascent.envs.Infos;
import dev.ascent.envs.wrappers.EpisodeStatistics;
import dev.ascent.envs.wrappers.RecordEpisodeStatistics;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Episode returns, lengths and durations of every sub-environment ({@code gymnasium/wrappers/vector/common.py}
 * {@code RecordEpisodeStatistics}): when sub-environment {@code i}'s episode ends, {@code infos(i)} gets
 * {@code "episode"} -> {@link EpisodeStatistics} (read it with {@link VectorStepResult#episodeStatistics(int)}),
 * and the recent episodes are kept in {@link #returnQueue()} and friends. Handles both autoreset modes as
 * Gymnasium does: with NEXT_STEP the reset step does not count towards the next episode.
 */
public final class VectorRecordEpisodeStatistics extends VectorWrapper {

    private final int bufferLength;
    private final String statsKey;
    private final double[] episodeReturns;
    private final int[] episodeLengths;
    private final long[] episodeStartNanos;
    private final boolean[] prevDones;
    private final Map<String, Object>[] infos;
    private final Deque<Double> returnQueue = new ArrayDeque<>();
    private final Deque<Integer> lengthQueue = new ArrayDeque<>();
    private final Deque<Double> timeQueue = new ArrayDeque<>();
    private int episodeCount;
    private VectorStepResult lastInner;
    private VectorStepResult view;

    /** Buffers of 100 episodes, key {@code "episode"}. */
    public VectorRecordEpisodeStatistics(VectorEnv env) {
        this(env, 100, RecordEpisodeStatistics.DEFAULT_KEY);
    }

    /**
     * @param env the vector environment
     * @param bufferLength episodes kept in the queues
     * @param statsKey the info key
     */
    public VectorRecordEpisodeStatistics(VectorEnv env, int bufferLength, String statsKey) {
        super(env);
        if (bufferLength <= 0) {
            throw new IllegalArgumentException("bufferLength must be positive, got " + bufferLength);
        }
        int n = env.numEnvs();
        this.bufferLength = bufferLength;
        this.statsKey = statsKey;
        this.episodeReturns = new double[n];
        this.episodeLengths = new int[n];
        this.episodeStartNanos = new long[n];
        this.prevDones = new boolean[n];
        this.infos = VectorStepResult.emptyInfos(n);
    }

    @Override
    public VectorResetResult reset(Long[] seeds, boolean[] mask) {
        VectorResetResult r = env.reset(seeds, mask);
        long now = System.nanoTime();
        for (int i = 0; i < numEnvs(); i++) {
            if (mask == null || mask[i]) {
                episodeStartNanos[i] = now;
                episodeReturns[i] = 0;
                episodeLengths[i] = 0;
                prevDones[i] = false;
            }
        }
        return r;
    }

    @Override
    public VectorStepResult step(int[] actions) {
        return record(env.step(actions));
    }

    @Override
    public VectorStepResult step(float[] actions) {
        return record(env.step(actions));
    }

    private VectorStepResult record(VectorStepResult r) {
        boolean sameStep = autoresetMode() == AutoresetMode.SAME_STEP;
        long now = System.nanoTime();
        for (int i = 0; i < numEnvs(); i++) {
            if (sameStep) {
                episodeReturns[i] += r.rewards()[i];
                episodeLengths[i]++;
            } else if (prevDones[i]) {
                // NEXT_STEP: this step reset sub-environment i and does not count.
                episodeReturns[i] = 0;
                episodeLengths[i] = 0;
                episodeStartNanos[i] = now;
            } else {
                episodeReturns[i] += r.rewards()[i];
                episodeLengths[i]++;
            }
            boolean done = r.done(i);
            prevDones[i] = done;
            Map<String, Object> info = r.info(i);
            if (done) {
                EpisodeStatistics stats = new EpisodeStatistics(episodeReturns[i], episodeLengths[i],
                        EpisodeStatistics.roundedSeconds(now - episodeStartNanos[i]));
                info = Infos.with(info, statsKey, stats);
                push(returnQueue, stats.episodeReturn());
                push(lengthQueue, stats.length());
                push(timeQueue, stats.seconds());
                episodeCount++;
                if (sameStep) {
                    episodeReturns[i] = 0;
                    episodeLengths[i] = 0;
                    episodeStartNanos[i] = now;
                }
            }
            infos[i] = info;
        }
        if (r != lastInner) {
            lastInner = r;
            view = r.withBuffers(null, null, infos, null);
        }
        return view;
    }

    private <T> void push(Deque<T> queue, T value) {
        if (queue.size() == bufferLength) {
            queue.removeFirst();
        }
        queue.addLast(value);
    }

    /** Number of finished episodes over all sub-environments. */
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

    /** Running (unfinished) episode returns per sub-environment, a copy. */
    public double[] currentReturns() {
        return Arrays.copyOf(episodeReturns, episodeReturns.length);
    }
}
