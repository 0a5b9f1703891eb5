package dev.ascent.envs.wrappers;

import dev.ascent.envs.Env;
import dev.ascent.envs.EnvSpec;
import dev.ascent.envs.ResetResult;
import dev.ascent.envs.StepResult;
import java.util.Map;
import java.util.Optional;

/**
 * Truncates episodes after a fixed number of steps ({@code gymnasium/wrappers/common.py} lines 42-170):
 * {@code truncated} becomes true on the step where the elapsed count reaches {@code maxEpisodeSteps}, whatever
 * {@code terminated} says (both can be true). {@link dev.ascent.envs.Envs#make(String)} applies it with each
 * environment's registered limit.
 */
public final class TimeLimit extends Wrapper {

    private final int maxEpisodeSteps;
    private int elapsedSteps;

    /**
     * @param env the environment to wrap
     * @param maxEpisodeSteps the step on which to truncate, positive
     */
    public TimeLimit(Env env, int maxEpisodeSteps) {
        super(env);
        if (maxEpisodeSteps <= 0) {
            throw new IllegalArgumentException("Expect the `max_episode_steps` to be positive, actually: "
                    + maxEpisodeSteps);
        }
        this.maxEpisodeSteps = maxEpisodeSteps;
    }

    /** The step count at which episodes are truncated. */
    public int maxEpisodeSteps() {
        return maxEpisodeSteps;
    }

    /** Steps taken since the last reset. */
    public int elapsedSteps() {
        return elapsedSteps;
    }

    @Override
    public ResetResult reset(Long seed, Map<String, Object> options) {
        elapsedSteps = 0;
        return env.reset(seed, options);
    }

    @Override
    public StepResult step(int action) {
        return limit(env.step(action));
    }

    @Override
    public StepResult step(float[] action) {
        return limit(env.step(action));
    }

    private StepResult limit(StepResult r) {
        elapsedSteps++;
        if (elapsedSteps >= maxEpisodeSteps && !r.truncated()) { // lines 130-133
            return r.withTruncated(true);
        }
        return r;
    }

    /** The wrapped spec with {@code maxEpisodeSteps} set to this wrapper's limit. */
    @Override
    public Optional<EnvSpec> spec() {
        return env.spec().map(s -> s.withMaxEpisodeSteps(maxEpisodeSteps));
    }
}
