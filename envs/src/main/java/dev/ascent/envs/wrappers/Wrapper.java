package dev.ascent.envs.wrappers;

import dev.ascent.envs.Env;
import dev.ascent.envs.EnvSpec;
import dev.ascent.envs.ResetResult;
import dev.ascent.envs.StepResult;
import dev.ascent.envs.render.RgbFrame;
import dev.ascent.envs.spaces.Box;
import dev.ascent.envs.spaces.Space;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Base class of wrappers ({@code gymnasium.Wrapper}): forwards everything to the wrapped environment; subclasses
 * override what they change. {@link #unwrapped()} reaches the innermost environment and
 * {@link Env#findWrapper(Class)} any layer.
 */
public abstract class Wrapper implements Env {

    /** The wrapped environment. */
    protected final Env env;

    /**
     * @param env the environment to wrap
     */
    protected Wrapper(Env env) {
        this.env = Objects.requireNonNull(env, "env");
    }

    /** The directly wrapped environment (Gymnasium's {@code wrapper.env}). */
    public final Env env() {
        return env;
    }

    @Override
    public ResetResult reset(Long seed, Map<String, Object> options) {
        return env.reset(seed, options);
    }

    @Override
    public StepResult step(int action) {
        return env.step(action);
    }

    @Override
    public StepResult step(float[] action) {
        return env.step(action);
    }

    @Override
    public Box observationSpace() {
        return env.observationSpace();
    }

    @Override
    public Space actionSpace() {
        return env.actionSpace();
    }

    @Override
    public RgbFrame render() {
        return env.render();
    }

    @Override
    public int renderFps() {
        return env.renderFps();
    }

    @Override
    public void close() {
        env.close();
    }

    @Override
    public Env unwrapped() {
        return env.unwrapped();
    }

    @Override
    public Optional<EnvSpec> spec() {
        return env.spec();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "<" + env + ">";
    }
}
