package dev.ascent.envs.spaces;

import dev.ascent.envs.random.NumpyRandom;

/**
 * A finite set of integers {@code {start, start + 1, ..., start + n - 1}} (Gymnasium's
 * {@code gymnasium.spaces.Discrete}); actions of this space go to {@code Env.step(int)}.
 */
public final class Discrete implements Space {

    private final int n;
    private final int start;
    private NumpyRandom random;

    /**
     * {@code Discrete(n)}: the integers {@code 0 .. n-1}.
     *
     * @param n number of elements, positive
     */
    public Discrete(int n) {
        this(n, 0);
    }

    /**
     * {@code Discrete(n, start=start)}: the integers {@code start .. start+n-1}.
     *
     * @param n number of elements, positive
     * @param start smallest element
     */
    public Discrete(int n, int start) {
        if (n <= 0) {
            throw new IllegalArgumentException("Discrete space needs n > 0, got n=" + n);
        }
        if ((long) start + n - 1 > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Discrete(" + n + ", start=" + start + ") exceeds the int range");
        }
        this.n = n;
        this.start = start;
    }

    /** The number of elements. */
    public int n() {
        return n;
    }

    /** The smallest element. */
    public int start() {
        return start;
    }

    /**
     * Whether {@code x} is an element.
     *
     * @param x candidate
     * @return {@code start <= x < start + n}
     */
    public boolean contains(long x) {
        return x >= start && x < (long) start + n;
    }

    /**
     * Validates an action for {@code Env.step(int)}.
     *
     * @param action the action
     * @throws IllegalArgumentException naming the value and the space, e.g.
     *     {@code action 3 is not in Discrete(2): expected an integer in [0, 2)}
     */
    public void checkAction(int action) {
        if (!contains(action)) {
            throw new IllegalArgumentException("action " + action + " is not in " + this
                    + ": expected an integer in [" + start + ", " + ((long) start + n) + ")");
        }
    }

    /**
     * A uniform sample with this space's own generator ({@code space.sample()}); bit-exact with Gymnasium for the
     * same {@link #seed(long)}.
     *
     * @return an element
     */
    public int sample() {
        return sample(random());
    }

    /**
     * A uniform sample drawn from {@code rng}: {@code start + rng.integers(n)}, as Gymnasium draws it.
     *
     * @param rng the generator
     * @return an element
     */
    public int sample(NumpyRandom rng) {
        return start + (int) rng.integers(n);
    }

    /**
     * A uniform sample among the elements whose mask entry is 1 ({@code space.sample(mask=mask)}), or
     * {@code start} if none is allowed, as Gymnasium does.
     *
     * @param mask {@code n} entries, each 0 or 1
     * @return an allowed element
     */
    public int sample(byte[] mask) {
        if (mask.length != n) {
            throw new IllegalArgumentException("mask has length " + mask.length + ", expected " + n + " for " + this);
        }
        int allowed = 0;
        for (int i = 0; i < n; i++) {
            if (mask[i] != 0 && mask[i] != 1) {
                throw new IllegalArgumentException("mask values must be 0 or 1, got " + mask[i] + " at index " + i);
            }
            allowed += mask[i];
        }
        if (allowed == 0) {
            return start;
        }
        // np_random.choice(np.where(mask)[0]) draws integers(0, len(candidates)).
        long pick = random().integers(allowed);
        for (int i = 0; i < n; i++) {
            if (mask[i] == 1 && pick-- == 0) {
                return start + i;
            }
        }
        throw new AssertionError("unreachable");
    }

    @Override
    public long seed(long seed) {
        random = NumpyRandom.seeded(seed);
        return seed;
    }

    @Override
    public long seed() {
        return seed(NumpyRandom.randomSeed());
    }

    @Override
    public NumpyRandom random() {
        if (random == null) {
            random = NumpyRandom.fromEntropy();
        }
        return random;
    }

    @Override
    public int[] shape() {
        return new int[0];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Discrete d && d.n == n && d.start == start;
    }

    @Override
    public int hashCode() {
        return 31 * n + start;
    }

    @Override
    public String toString() {
        return start == 0 ? "Discrete(" + n + ")" : "Discrete(" + n + ", start=" + start + ")";
    }
}
