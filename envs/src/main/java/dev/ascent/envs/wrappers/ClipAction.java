package dev.ascent.envs.wrappers;

import dev.ascent.envs.Env;
import dev.ascent.envs.StepResult;
import dev.ascent.envs.spaces.Box;
import dev.ascent.envs.spaces.Space;

/**
 * Clips continuous actions into the wrapped environment's action bounds before stepping
 * ({@code gymnasium/wrappers/transform_action.py}, {@code ClipAction}). The wrapper's own action space is
 * unbounded, as in Gymnasium 1.x.
 */
public final class ClipAction extends Wrapper {

    private final Box inner;
    private final Box actionSpace;

    /**
     * @param env an environment with a {@link Box} action space
     * @throws IllegalArgumentException if the action space is not a Box
     */
    public ClipAction(Env env) {
        super(env);
        if (!(env.actionSpace() instanceof Box box)) {
            throw new IllegalArgumentException("ClipAction requires a Box action space, got " + env.actionSpace());
        }
        this.inner = box;
        this.actionSpace = new Box(Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, box.dtype(), box.shape());
    }

    @Override
    public Space actionSpace() {
        return actionSpace;
    }

    @Override
    public StepResult step(float[] action) {
        actionSpace.checkAction(action);
        float[] clipped = new float[action.length];
        for (int i = 0; i < action.length; i++) {
            clipped[i] = Math.min(Math.max(action[i], inner.low(i)), inner.high(i));
        }
        return env.step(clipped);
    }
}
