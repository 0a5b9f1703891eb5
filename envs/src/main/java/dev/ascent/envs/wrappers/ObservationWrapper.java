package dev.ascent.envs.wrappers;

import dev.ascent.envs.Env;
import dev.ascent.envs.ResetResult;
import dev.ascent.envs.StepResult;
import java.util.Map;

/**
 * A wrapper that transforms every observation, from {@code reset} and {@code step}
 * ({@code gymnasium.ObservationWrapper}). Subclasses implement {@link #observation(float[])} and, if the shape or
 * bounds change, {@link #observationSpace()}.
 */
public abstract class ObservationWrapper extends Wrapper {

    /**
     * @param env the environment to wrap
     */
    protected ObservationWrapper(Env env) {
        super(env);
    }

    /**
     * Transforms one observation.
     *
     * @param observation the wrapped environment's observation; must not be modified
     * @return the transformed observation, a new array
     */
    protected abstract float[] observation(float[] observation);

    @Override
    public ResetResult reset(Long seed, Map<String, Object> options) {
        ResetResult r = env.reset(seed, options);
        return r.withObservation(observation(r.observation()));
    }

    @Override
    public StepResult step(int action) {
        StepResult r = env.step(action);
        return r.withObservation(observation(r.observation()));
    }

    @Override
    public StepResult step(float[] action) {
        StepResult r = env.step(action);
        return r.withObservation(observation(r.observation()));
    }
}
