package dev.ascent.algorithms.common;

import dev.ascent.engine.NDArray;
import dev.ascent.engine.Rng;
import dev.ascent.engine.Workspace;
import dev.ascent.envs.spaces.Box;
import dev.ascent.envs.spaces.DType;
import dev.ascent.io.ByteTensor;
import dev.ascent.io.Checkpoint;

/**
 * A ring buffer of transitions {@code (s, a, r, s', terminated)} for off-policy learning (DQN), SB3's
 * {@code ReplayBuffer}: {@code capacity} transitions, the oldest overwritten first; uniform sampling.
 *
 * <p>With a SAME_STEP vector env, {@code s'} of a transition that ended an episode is the final observation,
 * not the next episode's first one; and only <em>termination</em> is stored as done, so a time limit
 * still bootstraps from {@code s'} (SB3's {@code handle_timeout_termination}).
 *
 * <p>Memory: two observations per transition, all preallocated. A {@link DType#UINT8} observation space
 * (pixels) is stored as bytes, one array per transition (so a buffer may exceed 2³¹ bytes), and converted to
 * float on sampling, as SB3 keeps the space's dtype: 56 KB per 4×84×84 transition instead of 226 KB. Other
 * observations are float32: {@code capacity · (2·observationSize + actionWidth + 2)} floats (4.4 MB for 100k
 * CartPole transitions). Not storing {@code s'} twice (SB3's {@code optimize_memory_usage}) would halve pixel
 * buffers again. {@link #save} writes the filled part into a checkpoint in the store's own type: F32 tensors,
 * or U8 for pixels (so a pixel buffer's checkpoint is the size of its memory, not four times it).
 */
public final class ReplayBuffer {
    private final int capacity, obsSize, actionWidth;
    private final ObservationStore observations, nextObservations;
    private final float[] actions, rewards, terminated;
    private int next, size;

    /**
     * One minibatch of {@code batchSize} rows. Inside a {@link Workspace} the arrays are pooled and valid until it
     * closes; outside one they are heap copies.
     */
    public record Batch(NDArray observations, NDArray actions, NDArray rewards, NDArray nextObservations, NDArray terminated) {}

    /** A float32 buffer for observations of {@code observationSize} values. */
    public ReplayBuffer(int capacity, int observationSize, int actionWidth) {
        this(capacity, observationSize, actionWidth, false);
    }

    /** A buffer for observations of {@code observationSpace}: bytes for a {@link DType#UINT8} space, float32 otherwise. */
    public ReplayBuffer(int capacity, Box observationSpace, int actionWidth) {
        this(capacity, observationSpace.size(), actionWidth, observationSpace.dtype() == DType.UINT8);
    }

    private ReplayBuffer(int capacity, int observationSize, int actionWidth, boolean bytes) {
        if (capacity < 1) throw new IllegalArgumentException("buffer_size must be positive, got " + capacity);
        if (observationSize < 1 || actionWidth < 1) {
            throw new IllegalArgumentException("observation and action sizes must be positive, got " + observationSize + " and " + actionWidth);
        }
        if (!bytes && (long) capacity * observationSize > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a replay buffer of " + capacity + " float observations of " + observationSize + " values does not fit in a Java array");
        }
        this.capacity = capacity;
        this.obsSize = observationSize;
        this.actionWidth = actionWidth;
        observations = bytes ? new ByteStore(capacity, observationSize) : new FloatStore(capacity, observationSize);
        nextObservations = bytes ? new ByteStore(capacity, observationSize) : new FloatStore(capacity, observationSize);
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

    /** Whether observations are stored as bytes (a {@link DType#UINT8} observation space). */
    public boolean storesBytes() {
        return observations instanceof ByteStore;
    }

    /**
     * Adds one transition; {@code obs} and {@code nextObs} are read from offset {@code obsOffset}. A byte buffer
     * refuses observation values that are not integers in [0, 255].
     */
    public void add(float[] obs, float[] nextObs, int obsOffset, float[] action, int actionOffset, float reward, boolean term) {
        observations.put(next, obs, obsOffset);
        nextObservations.put(next, nextObs, obsOffset);
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
            observations.get(k, o, b * obsSize);
            nextObservations.get(k, no, b * obsSize);
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
        observations.save(b, prefix + ".observations", size);
        nextObservations.save(b, prefix + ".next_observations", size);
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
        float[] a = c.tensor(prefix + ".actions").data(), r = c.tensor(prefix + ".rewards").data(), d = c.tensor(prefix + ".terminated").data();
        if (a.length != savedSize * actionWidth || r.length != savedSize || d.length != savedSize) {
            throw new IllegalArgumentException("checkpoint replay buffer does not match actions of " + actionWidth + " values");
        }
        observations.restore(c, prefix + ".observations", savedSize);
        nextObservations.restore(c, prefix + ".next_observations", savedSize);
        System.arraycopy(a, 0, actions, 0, a.length);
        System.arraycopy(r, 0, rewards, 0, r.length);
        System.arraycopy(d, 0, terminated, 0, d.length);
        size = savedSize;
        next = savedNext;
    }

    /** Storage of one observation per slot. */
    private interface ObservationStore {
        void put(int slot, float[] src, int offset);

        void get(int slot, float[] dst, int offset);

        /** Adds the first {@code n} slots to a checkpoint as one {@code [n, size]} tensor called {@code name}. */
        void save(Checkpoint.Builder b, String name, int n);

        /** Fills the first {@code n} slots from what {@link #save} wrote. */
        void restore(Checkpoint c, String name, int n);
    }

    private static void requireRows(String name, int length, int n, int size) {
        if (length != n * size) {
            throw new IllegalArgumentException("checkpoint replay buffer '" + name + "' holds " + length + " values; expected " + n + " observations of " + size);
        }
    }

    /** Float observations in one flat array. */
    private static final class FloatStore implements ObservationStore {
        private final int size;
        private final float[] data;

        FloatStore(int capacity, int size) {
            this.size = size;
            this.data = new float[capacity * size];
        }

        @Override
        public void put(int slot, float[] src, int offset) {
            System.arraycopy(src, offset, data, slot * size, size);
        }

        @Override
        public void get(int slot, float[] dst, int offset) {
            System.arraycopy(data, slot * size, dst, offset, size);
        }

        @Override
        public void save(Checkpoint.Builder b, String name, int n) {
            b.tensor(name, NDArray.wrap(java.util.Arrays.copyOf(data, n * size), n, size));
        }

        @Override
        public void restore(Checkpoint c, String name, int n) {
            float[] saved = c.tensor(name).data();
            requireRows(name, saved.length, n, size);
            System.arraycopy(saved, 0, data, 0, saved.length);
        }
    }

    /** Observations of a uint8 space, one byte array per slot (allocated on first use), widened on read. */
    private static final class ByteStore implements ObservationStore {
        private final int size;
        private final byte[][] rows;

        ByteStore(int capacity, int size) {
            this.size = size;
            this.rows = new byte[capacity][];
        }

        @Override
        public void put(int slot, float[] src, int offset) {
            byte[] row = rows[slot];
            if (row == null) row = rows[slot] = new byte[size];
            for (int j = 0; j < size; j++) {
                float v = src[offset + j];
                int b = (int) v;
                if (b != v || b < 0 || b > 255) {
                    throw new IllegalArgumentException("a uint8 observation holds " + v + " at index " + j + "; expected an integer in [0, 255]");
                }
                row[j] = (byte) b;
            }
        }

        @Override
        public void get(int slot, float[] dst, int offset) {
            byte[] row = rows[slot];
            for (int j = 0; j < size; j++) dst[offset + j] = row[j] & 0xFF;
        }

        @Override
        public void save(Checkpoint.Builder b, String name, int n) {
            if ((long) n * size > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("a checkpoint of " + n + " observations of " + size + " bytes does not fit in one U8 tensor (2 GB)");
            }
            byte[] out = new byte[n * size];
            for (int k = 0; k < n; k++) System.arraycopy(rows[k], 0, out, k * size, size);
            b.byteTensor(name, new ByteTensor(new int[] {n, size}, out));
        }

        @Override
        public void restore(Checkpoint c, String name, int n) {
            byte[] saved = c.byteTensor(name).data();
            requireRows(name, saved.length, n, size);
            for (int k = 0; k < n; k++) {
                if (rows[k] == null) rows[k] = new byte[size];
                System.arraycopy(saved, k * size, rows[k], 0, size);
            }
        }
    }
}
