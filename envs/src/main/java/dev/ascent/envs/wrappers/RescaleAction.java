package dev.ascent.envs.wrappers;

import dev.ascent.envs.Env;
import dev.ascent.envs.StepResult;
import dev.ascent.envs.spaces.Box;
import dev.ascent.envs.spaces.Space;
import java.util.Arrays;

/**
 * Affinely maps actions from {@code [minAction, maxAction]} onto the wrapped environment's Box bounds
 * ({@code transform_action.py} {@code RescaleAction} with {@code wrappers/utils.py} {@code rescale_box}), e.g. a
 * policy acting in [-1, 1] on Pendulum's [-2, 2]. As in Gymnasium the slope and intercept are float32 and the
 * mapping {@code (a - intercept) / gradient} is evaluated in float32.
 */
public final class RescaleAction extends Wrapper {

    private final Box actionSpace;
    private final float[] gradient;
    private final float[] intercept;

    /**
     * The same range for every action dimension.
     *
     * @param env an environment with a bounded Box action space
     * @param minAction the new lower bound
     * @param maxAction the new upper bound, greater than {@code minAction}
     */
    public RescaleAction(Env env, float minAction, float maxAction) {
        this(env, filled(env, minAction), filled(env, maxAction));
    }

    /**
     * Per-dimension ranges.
     *
     * @param env an environment with a Box action space
     * @param minAction new lower bounds (flat)
     * @param maxAction new upper bounds (flat), each greater than the lower bound
     * @throws IllegalArgumentException if the space is not a Box, lengths differ, a bound pair is not increasing,
     *     or infinite bounds do not match the environment's
     */
    public RescaleAction(Env env, float[] minAction, float[] maxAction) {
        super(env);
        Box box = requireBox(env);
        int n = box.size();
        if (minAction.length != n || maxAction.length != n) {
            throw new IllegalArgumentException("RescaleAction bounds need " + n + " values for " + box + ", got "
                    + minAction.length + " and " + maxAction.length);
        }
        gradient = new float[n];
        intercept = new float[n];
        for (int i = 0; i < n; i++) {
            float lo = box.low(i);
            float hi = box.high(i);
            float newMin = minAction[i];
            float newMax = maxAction[i];
            if (!(newMin < newMax)) {
                throw new IllegalArgumentException("Min action (" + Arrays.toString(minAction)
                        + ") must be strictly smaller than max action (" + Arrays.toString(maxAction) + ") at index " + i);
            }
            boolean minFinite = Float.isFinite(newMin);
            boolean maxFinite = Float.isFinite(newMax);
            if ((!minFinite || Float.isInfinite(lo)) && newMin != lo
                    || (!maxFinite || Float.isInfinite(hi)) && newMax != hi) {
                throw new IllegalArgumentException("For unbounded components, the target bounds must match the "
                        + "original infinity bounds (index " + i + ")");
            }
            // rescale_box: gradient = (new_max - new_min) / (high - low) in extended precision, stored as float32.
            float g = 1f;
            if (minFinite && maxFinite) {
                g = (float) (((double) newMax - newMin) / ((double) hi - lo));
            }
            float b = 0f;
            if (maxFinite) {
                b = (float) ((double) newMax - hi);
            }
            if (minFinite) {
                // The float32 product gradient * -low, then the float64 new_min added, stored as float32.
                b = (float) ((double) (g * -lo) + newMin);
            }
            gradient[i] = g;
            intercept[i] = b;
        }
        this.actionSpace = new Box(minAction.clone(), maxAction.clone(), box.shape(), box.dtype());
    }

    private static Box requireBox(Env env) {
        if (!(env.actionSpace() instanceof Box box)) {
            throw new IllegalArgumentException("RescaleAction requires a Box action space, got " + env.actionSpace());
        }
        return box;
    }

    private static float[] filled(Env env, float v) {
        float[] a = new float[requireBox(env).size()];
        Arrays.fill(a, v);
        return a;
    }

    @Override
    public Space actionSpace() {
        return actionSpace;
    }

    /**
     * The environment action for a wrapper action, {@code (a - intercept) / gradient}.
     *
     * @param action wrapper action
     * @return environment action, a new array
     */
    public float[] toEnvAction(float[] action) {
        actionSpace.checkAction(action);
        float[] out = new float[action.length];
        for (int i = 0; i < action.length; i++) {
            out[i] = (action[i] - intercept[i]) / gradient[i];
        }
        return out;
    }

    @Override
    public StepResult step(float[] action) {
        return env.step(toEnvAction(action));
    }
}
