package dev.ascent.algorithms.common;

import dev.ascent.engine.NDArray;
import dev.ascent.engine.Rng;
import dev.ascent.engine.Workspace;
import dev.ascent.io.Checkpoint;

/**
 * A ring buffer of transitions {@code (s, a, r, s', terminated)} for off-policy learning (DQN), SB3's
 * {@code ReplayBuffer}: {@code capacity} transitions, the oldest overwritten first; uniform sampling.
 *
 * <p>With a SAME_STEP vector env, {@code s'} of a transition that ended an episode is the final observation,
 * not the next episode's first one; and only <em>termination</em> is stored as done, so a time limit
 * still bootstraps from {@code s'} (SB3's {@code handle_timeout_termination}).
 *
 * <p>Memory: observations are float32, two copies per transition, all preallocated: {@code capacity ·
 * (2·observationSize + actionWidth + 2)} floats (4.4 MB for 100k CartPole transitions). For Atari-sized
 * observations a uint8 store without the duplicate {@code s'} (SB3's {@code optimize_memory_usage}) is the
 * planned optimisation. {@link #save} writes the filled part into a checkpoint (the same size on disk).
 */
public final class ReplayBuffer {
    private final int capacity, obsSize, actionWidth;
    private final float[] observations, nextObservations, actions, rewards, terminated;
    private int next, size;

    /**
     * One minibatch of {@code batchSize} rows. Inside a {@link Workspace} the arrays are pooled and valid until it
     * closes; outside one they are heap copies.
     */
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

    /**
     * {@code batchSize} transitions drawn uniformly with replacement (SB3: {@code randint(0, size)}), copied into
     * arrays of the current {@link Workspace}, so that sampling in a training loop allocates nothing.
     */
    public Batch sample(int batchSize, Rng rng) {
        if (size == 0) throw new IllegalStateException("cannot sample from an empty replay buffer");
        float[] o = Workspace.floats(batchSize * obsSize), no = Workspace.floats(batchSize * obsSize);
        float[] a = Workspace.floats(batchSize * actionWidth), r = Workspace.floats(batchSize), d = Workspace.floats(batchSize);
        for (int b = 0; b < batchSize; b++) {
            int k = rng.nextInt(size);
            System.arraycopy(observations, k * obsSize, o, b * obsSize, obsSize);
            System.arraycopy(nextObservations, k * obsSize, no, b * obsSize, obsSize);
            System.arraycopy(actions, k * actionWidth, a, b * actionWidth, actionWidth);
            r[b] = rewards[k];
            d[b] = terminated[k];
        }
        return new Batch(NDArray.output(o, batchSize, obsSize), NDArray.output(a, batchSize, actionWidth), NDArray.output(r, batchSize),
                NDArray.output(no, batchSize, obsSize), NDArray.output(d, batchSize));
    }

    /**
     * Adds the buffer's contents under {@code prefix.*}: the {@link #size()} filled rows of each array (in storage
     * order) and the write position, so that a restored buffer samples exactly as this one would.
     */
    public void save(Checkpoint.Builder b, String prefix) {
        b.tensor(prefix + ".observations", NDArray.wrap(java.util.Arrays.copyOf(observations, size * obsSize), size, obsSize));
        b.tensor(prefix + ".next_observations", NDArray.wrap(java.util.Arrays.copyOf(nextObservations, size * obsSize), size, obsSize));
        b.tensor(prefix + ".actions", NDArray.wrap(java.util.Arrays.copyOf(actions, size * actionWidth), size, actionWidth));
        b.tensor(prefix + ".rewards", NDArray.wrap(java.util.Arrays.copyOf(rewards, size), size));
        b.tensor(prefix + ".terminated", NDArray.wrap(java.util.Arrays.copyOf(terminated, size), size));
        b.metadata(prefix + ".size", Integer.toString(size));
        b.metadata(prefix + ".position", Integer.toString(next));
        b.metadata(prefix + ".capacity", Integer.toString(capacity));
    }

    /** Restores what {@link #save} wrote into this (same-sized) buffer. */
    public void restore(Checkpoint c, String prefix) {
        int savedCapacity = Integer.parseInt(c.metadata(prefix + ".capacity"));
        int savedSize = Integer.parseInt(c.metadata(prefix + ".size"));
        int savedNext = Integer.parseInt(c.metadata(prefix + ".position"));
        if (savedCapacity != capacity) throw new IllegalArgumentException("checkpoint replay buffer holds " + savedCapacity + " transitions, this one " + capacity);
        if (savedSize < 0 || savedSize > capacity || savedNext < 0 || savedNext >= capacity) {
            throw new IllegalArgumentException("checkpoint replay buffer has an invalid size or position");
        }
        float[] o = c.tensor(prefix + ".observations").data(), no = c.tensor(prefix + ".next_observations").data();
        float[] a = c.tensor(prefix + ".actions").data(), r = c.tensor(prefix + ".rewards").data(), d = c.tensor(prefix + ".terminated").data();
        if (o.length != savedSize * obsSize || no.length != o.length || a.length != savedSize * actionWidth || r.length != savedSize || d.length != savedSize) {
            throw new IllegalArgumentException("checkpoint replay buffer does not match observations of " + obsSize + " and actions of " + actionWidth + " values");
        }
        System.arraycopy(o, 0, observations, 0, o.length);
        System.arraycopy(no, 0, nextObservations, 0, no.length);
        System.arraycopy(a, 0, actions, 0, a.length);
        System.arraycopy(r, 0, rewards, 0, r.length);
        System.arraycopy(d, 0, terminated, 0, d.length);
        size = savedSize;
        next = savedNext;
    }
}
