package dev.ascent.algorithms.common;

import dev.ascent.engine.NDArray;
import dev.ascent.engine.Rng;

/**
 * A ring buffer of transitions {@code (s, a, r, s', terminated)} for off-policy learning (DQN), SB3's
 * {@code ReplayBuffer}: {@code capacity} transitions, the oldest overwritten first; uniform sampling.
 *
 * <p>With a SAME_STEP vector env, {@code s'} of a transition that ended an episode is the final observation,
 * not the next episode's first one; and only <em>termination</em> is stored as done, so a time limit
 * still bootstraps from {@code s'} (SB3's {@code handle_timeout_termination}).
 *
 * <p>Memory: observations are float32, two copies per transition. For Atari-sized observations a uint8
 * store without the duplicate {@code s'} (SB3's {@code optimize_memory_usage}) is the planned optimisation.
 */
public final class ReplayBuffer {
    private final int capacity, obsSize, actionWidth;
    private final float[] observations, nextObservations, actions, rewards, terminated;
    private int next, size;

    /** One minibatch: arrays of {@code batchSize} rows (heap copies, safe to keep). */
    public record Batch(NDArray observations, NDArray actions, NDArray rewards, NDArray nextObservations, NDArray terminated) {}

    public ReplayBuffer(int capacity, int observationSize, int actionWidth) {
        if (capacity < 1) throw new IllegalArgumentException("buffer_size must be positive, got " + capacity);
        long floats = (long) capacity * observationSize * 2;
        if (floats > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("a replay buffer of " + capacity + " observations of " + observationSize + " values does not fit in a Java array");
        this.capacity = capacity;
        this.obsSize = observationSize;
        this.actionWidth = actionWidth;
        observations = new float[capacity * observationSize];
        nextObservations = new float[capacity * observationSize];
        actions = new float[capacity * actionWidth];
        rewards = new float[capacity];
        terminated = new float[capacity];
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }

    /** Adds one transition; {@code obs} and {@code nextObs} are read from offset {@code obsOffset}. */
    public void add(float[] obs, float[] nextObs, int obsOffset, float[] action, int actionOffset, float reward, boolean term) {
        System.arraycopy(obs, obsOffset, observations, next * obsSize, obsSize);
        System.arraycopy(nextObs, obsOffset, nextObservations, next * obsSize, obsSize);
        System.arraycopy(action, actionOffset, actions, next * actionWidth, actionWidth);
        rewards[next] = reward;
        terminated[next] = term ? 1f : 0f;
        next = (next + 1) % capacity;
        if (size < capacity) size++;
    }

    /** {@code batchSize} transitions drawn uniformly with replacement. */
    public Batch sample(int batchSize, Rng rng) {
        if (size == 0) throw new IllegalStateException("cannot sample from an empty replay buffer");
        float[] o = new float[batchSize * obsSize], no = new float[batchSize * obsSize];
        float[] a = new float[batchSize * actionWidth], r = new float[batchSize], d = new float[batchSize];
        for (int b = 0; b < batchSize; b++) {
            int k = rng.nextInt(size);
            System.arraycopy(observations, k * obsSize, o, b * obsSize, obsSize);
            System.arraycopy(nextObservations, k * obsSize, no, b * obsSize, obsSize);
            System.arraycopy(actions, k * actionWidth, a, b * actionWidth, actionWidth);
            r[b] = rewards[k];
            d[b] = terminated[k];
        }
        return new Batch(NDArray.wrap(o, batchSize, obsSize), NDArray.wrap(a, batchSize, actionWidth), NDArray.wrap(r, batchSize),
                NDArray.wrap(no, batchSize, obsSize), NDArray.wrap(d, batchSize));
    }
}
