package dev.ascent.envs.spaces;

import dev.ascent.envs.random.NumpyRandom;

/**
 * The set of valid observations or actions of an environment, as in Gymnasium's {@code gymnasium.spaces}.
 *
 * <p>Two kinds exist: {@link Discrete} (integer actions, passed to {@code Env.step(int)}) and {@link Box}
 * (real-valued arrays of any shape stored flat as {@code float[]}, passed to {@code Env.step(float[])}).
 * The interface is sealed so that code can switch over the kinds exhaustively; a new kind (e.g. MultiDiscrete)
 * is added here.
 *
 * <p>Every space owns a random generator for {@code sample()}, created lazily from OS entropy unless
 * {@link #seed(long)} is called, as {@code Space.seed} does in Gymnasium. A space instance is therefore not
 * thread-safe for sampling; use {@code sample(NumpyRandom)} with a per-thread generator instead.
 */
public sealed interface Space permits Discrete, Box {

    /**
     * Re-creates this space's generator from {@code seed}, like Gymnasium's {@code space.seed(seed)}: the following
     * {@code sample()} calls reproduce Gymnasium's for the same seed.
     *
     * @param seed a non-negative seed
     * @return the seed used
     */
    long seed(long seed);

    /**
     * Re-creates this space's generator from a nondeterministic seed ({@code space.seed(None)}).
     *
     * @return the seed drawn, so the run can be replayed
     */
    long seed();

    /** The generator {@code sample()} uses, created from OS entropy on first use if never seeded. */
    NumpyRandom random();

    /** The shape of one element: {@code []} for {@link Discrete}, the array shape for {@link Box}. */
    int[] shape();

    /** Gymnasium's {@code repr} of the space, e.g. {@code Discrete(2)} or {@code Box(-2.0, 2.0, (1,), float32)}. */
    @Override
    String toString();
}
