package dev.ascent.envs.wrappers;

import dev.ascent.envs.Env;
import dev.ascent.envs.ResetResult;
import dev.ascent.envs.StepResult;
import dev.ascent.envs.render.RgbFrame;
import java.util.Map;

/**
 * Throws {@link IllegalStateException} if {@code step} or {@code render} is called before {@code reset}
 * ({@code gymnasium/wrappers/common.py} lines 344-438, Gymnasium's {@code ResetNeeded}).
 */
public final class OrderEnforcing extends Wrapper {

    private final boolean disableRenderOrderEnforcing;
    private boolean hasReset;

    /**
     * @param env the environment to wrap
     */
    public OrderEnforcing(Env env) {
        this(env, false);
    }

    /**
     * @param env the environment to wrap
     * @param disableRenderOrderEnforcing allow {@code render()} before the first reset
     */
    public OrderEnforcing(Env env, boolean disableRenderOrderEnforcing) {
        super(env);
        this.disableRenderOrderEnforcing = disableRenderOrderEnforcing;
    }

    /** Whether {@code reset} has been called. */
    public boolean hasReset() {
        return hasReset;
    }

    @Override
    public ResetResult reset(Long seed, Map<String, Object> options) {
        hasReset = true;
        return env.reset(seed, options);
    }

    @Override
    public StepResult step(int action) {
        requireReset("env.step()");
        return env.step(action);
    }

    @Override
    public StepResult step(float[] action) {
        requireReset("env.step()");
        return env.step(action);
    }

    @Override
    public RgbFrame render() {
        if (!disableRenderOrderEnforcing) {
            requireReset("env.render()");
        }
        return env.render();
    }

    private void requireReset(String what) {
        if (!hasReset) {
            throw new IllegalStateException("Cannot call " + what + " before calling env.reset()");
        }
    }
}
