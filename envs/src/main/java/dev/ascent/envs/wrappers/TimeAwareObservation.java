package dev.ascent.envs.wrappers;

import dev.ascent.envs.Env;
import dev.ascent.envs.ResetResult;
import dev.ascent.envs.StepResult;
import dev.ascent.envs.spaces.Box;
import java.util.Map;

/**
 * Appends the time step to the (flattened) observation ({@code stateful_observation.py}
 * {@code TimeAwareObservation} with {@code flatten=True}): the step count since reset, or with
 * {@code normalizeTime} the fraction {@code t / max_episode_steps} as float32. The limit comes from a
 * {@link TimeLimit} below this wrapper or the environment's spec.
 */
public final class TimeAwareObservation extends Wrapper {

    private final boolean normalizeTime;
    private final int maxTimesteps;
    private final Box observationSpace;
    private int timesteps;

    /** Appends the raw step count. */
    public TimeAwareObservation(Env env) {
        this(env, false);
    }

    /**
     * @param env the environment, wrapped in a TimeLimit or made by {@code Envs.make}
     * @param normalizeTime append {@code t / max_episode_steps} instead of {@code t}
     * @throws IllegalArgumentException if no time limit can be found
     */
    public TimeAwareObservation(Env env, boolean normalizeTime) {
        super(env);
        this.normalizeTime = normalizeTime;
        this.maxTimesteps = env.spec().filter(s -> s.maxEpisodeSteps().isPresent())
                .map(s -> s.maxEpisodeSteps().getAsInt())
                .or(() -> env.findWrapper(TimeLimit.class).map(TimeLimit::maxEpisodeSteps))
                .orElseThrow(() -> new IllegalArgumentException(
                        "The environment must be wrapped by a TimeLimit wrapper or the spec specify a `max_episode_steps`."));
        Box inner = env.observationSpace();
        int n = inner.size();
        float[] low = new float[n + 1];
        float[] high = new float[n + 1];
        System.arraycopy(inner.low(), 0, low, 0, n);
        System.arraycopy(inner.high(), 0, high, 0, n);
        low[n] = 0f;
        high[n] = normalizeTime ? 1f : maxTimesteps;
        this.observationSpace = new Box(low, high);
    }

    @Override
    public Box observationSpace() {
        return observationSpace;
    }

    @Override
    public ResetResult reset(Long seed, Map<String, Object> options) {
        timesteps = 0;
        ResetResult r = env.reset(seed, options);
        return r.withObservation(append(r.observation()));
    }

    @Override
    public StepResult step(int action) {
        timesteps++;
        StepResult r = env.step(action);
        return r.withObservation(append(r.observation()));
    }

    @Override
    public StepResult step(float[] action) {
        timesteps++;
        StepResult r = env.step(action);
        return r.withObservation(append(r.observation()));
    }

    private float[] append(float[] observation) {
        float[] out = new float[observation.length + 1];
        System.arraycopy(observation, 0, out, 0, observation.length);
        out[observation.length] = normalizeTime ? (float) ((double) timesteps / maxTimesteps) : timesteps;
        return out;
    }
}
