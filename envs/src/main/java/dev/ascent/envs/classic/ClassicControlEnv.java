package dev.ascent.envs.classic;

import dev.ascent.envs.Env;

/**
 * A classic-control environment whose whole dynamic state is a small vector of doubles, exposed like Gymnasium's
 * {@code env.unwrapped.state} so that the pure transition function can be tested and states can be saved and
 * restored. Reach it through wrappers with {@code env.unwrapped()} or
 * {@code env.findWrapper(ClassicControlEnv.class)}.
 */
public interface ClassicControlEnv extends Env {

    /**
     * A copy of the current state in Gymnasium's order (e.g. CartPole: {@code x, x_dot, theta, theta_dot}).
     *
     * @throws IllegalStateException before the first reset or {@link #setState(double[])}
     */
    double[] state();

    /**
     * Overwrites the state (Gymnasium's {@code env.unwrapped.state = ...}). Other episode bookkeeping (e.g.
     * CartPole's steps-beyond-termination counter) is left as is, exactly as assigning the attribute does.
     *
     * @param state values in {@link #state()} order
     * @throws IllegalArgumentException if the length is wrong or a value is NaN
     */
    void setState(double[] state);
}
