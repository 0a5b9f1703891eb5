package dev.ascent.envs.wrappers;

import dev.ascent.envs.Env;
import dev.ascent.envs.StepResult;
import dev.ascent.envs.spaces.Box;
import dev.ascent.envs.spaces.Discrete;
import dev.ascent.envs.spaces.Space;
import java.util.function.IntUnaryOperator;
import java.util.function.UnaryOperator;

/**
 * Applies a function to each action before it reaches the environment ({@code transform_action.py}
 * {@code TransformAction}). Create it with {@link #continuous} or {@link #discrete}.
 */
public final class TransformAction extends Wrapper {

    private final UnaryOperator<float[]> continuousFunc;
    private final IntUnaryOperator discreteFunc;
    private final Space actionSpace;

    private TransformAction(Env env, UnaryOperator<float[]> continuousFunc, IntUnaryOperator discreteFunc,
                            Space actionSpace) {
        super(env);
        this.continuousFunc = continuousFunc;
        this.discreteFunc = discreteFunc;
        this.actionSpace = actionSpace == null ? env.actionSpace() : actionSpace;
    }

    /**
     * Transforms {@code float[]} actions.
     *
     * @param env the environment
     * @param func maps a wrapper action to an environment action; must not modify its argument
     * @param actionSpace the wrapper's action space, or null to keep the environment's
     * @return the wrapper
     */
    public static TransformAction continuous(Env env, UnaryOperator<float[]> func, Box actionSpace) {
        return new TransformAction(env, func, null, actionSpace);
    }

    /**
     * Transforms integer actions.
     *
     * @param env the environment
     * @param func maps a wrapper action to an environment action
     * @param actionSpace the wrapper's action space, or null to keep the environment's
     * @return the wrapper
     */
    public static TransformAction discrete(Env env, IntUnaryOperator func, Discrete actionSpace) {
        return new TransformAction(env, null, func, actionSpace);
    }

    @Override
    public Space actionSpace() {
        return actionSpace;
    }

    @Override
    public StepResult step(int action) {
        if (discreteFunc == null) {
            return env.step(action);
        }
        if (actionSpace instanceof Discrete d) {
            d.checkAction(action);
        }
        return env.step(discreteFunc.applyAsInt(action));
    }

    @Override
    public StepResult step(float[] action) {
        if (continuousFunc == null) {
            return env.step(action);
        }
        if (actionSpace instanceof Box b) {
            b.checkAction(action);
        }
        return env.step(continuousFunc.apply(action));
    }
}
