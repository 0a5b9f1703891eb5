package dev.ascent.envs.wrappers;

import dev.ascent.envs.Env;
import dev.ascent.envs.ResetResult;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * Returns each observation {@code delay} steps late, zeros before that ({@code stateful_observation.py}
 * {@code DelayObservation}).
 */
public final class DelayObservation extends ObservationWrapper {

    private final int delay;
    private final Deque<float[]> queue = new ArrayDeque<>();
    private final float[] zero;

    /**
     * @param env the environment
     * @param delay number of steps, at least 0
     */
    public DelayObservation(Env env, int delay) {
        super(env);
        if (delay < 0) {
            throw new IllegalArgumentException("The delay needs to be greater than zero, actual value: " + delay);
        }
        this.delay = delay;
        this.zero = new float[env.observationSpace().size()];
        for (int i = 0; i < zero.length; i++) {
            // create_zero_array: zero clamped into the space
            zero[i] = Math.min(Math.max(0f, env.observationSpace().low(i)), env.observationSpace().high(i));
        }
    }

    @Override
    public ResetResult reset(Long seed, Map<String, Object> options) {
        queue.clear();
        return super.reset(seed, options);
    }

    @Override
    protected float[] observation(float[] observation) {
        queue.addLast(observation.clone());
        if (queue.size() > delay) {
            return queue.removeFirst();
        }
        return zero.clone();
    }
}
