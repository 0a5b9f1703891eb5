package dev.ascent.envs.wrappers;

import dev.ascent.envs.Env;
import dev.ascent.envs.ResetResult;
import dev.ascent.envs.StepResult;
import java.util.Map;

/**
 * Resets the environment automatically on the step <em>after</em> an episode ends ({@code common.py} lines
 * 173-221, Gymnasium 1.x next-step semantics): that step ignores its action and returns the reset observation
 * with reward 0 and both flags false.
 */
public final class Autoreset extends Wrapper {

    private boolean autoreset;

    /**
     * @param env the environment
     */
    public Autoreset(Env env) {
        super(env);
    }

    @Override
    public ResetResult reset(Long seed, Map<String, Object> options) {
        autoreset = false;
        return env.reset(seed, options);
    }

    @Override
    public StepResult step(int action) {
        StepResult r = autoreset ? fromReset() : env.step(action);
        autoreset = r.done();
        return r;
    }

    @Override
    public StepResult step(float[] action) {
        StepResult r = autoreset ? fromReset() : env.step(action);
        autoreset = r.done();
        return r;
    }

    private StepResult fromReset() {
        ResetResult reset = env.reset();
        return new StepResult(reset.observation(), 0.0, false, false, reset.info());
    }
}
