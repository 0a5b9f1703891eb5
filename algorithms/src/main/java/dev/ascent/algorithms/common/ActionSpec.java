package dev.ascent.algorithms.common;

import dev.ascent.envs.spaces.Box;
import dev.ascent.envs.spaces.Discrete;
import dev.ascent.envs.spaces.Space;

/**
 * The action space as the networks see it: {@code n} classes for a Discrete space, or {@code n} bounded
 * (or unbounded) values for a Box. Discrete spaces with a non-zero {@code start} are shifted: the networks
 * always output class {@code 0..n-1} and {@link #envAction} adds the start.
 *
 * @param discrete whether actions are class indices
 * @param size classes (discrete) or action dimensions (continuous)
 * @param start the first discrete action (Gymnasium's {@code Discrete(n, start)})
 * @param low lower bounds of a Box (null for Discrete)
 * @param high upper bounds of a Box (null for Discrete)
 */
public record ActionSpec(boolean discrete, int size, int start, float[] low, float[] high) {

    /** The spec of a Gymnasium space; throws for spaces the networks cannot act in. */
    public static ActionSpec of(Space space) {
        if (space instanceof Discrete d) return new ActionSpec(true, (int) d.n(), (int) d.start(), null, null);
        if (space instanceof Box b) {
            if (b.shape().length != 1) throw new IllegalArgumentException("only 1-D Box action spaces are supported, got shape " + java.util.Arrays.toString(b.shape()));
            return new ActionSpec(false, b.size(), 0, b.low().clone(), b.high().clone());
        }
        throw new IllegalArgumentException("unsupported action space " + space);
    }

    /** Values stored per action in buffers: 1 for a class index, {@code size} for a Box. */
    public int width() {
        return discrete ? 1 : size;
    }

    /** Whether every Box bound is finite (needed by the sigmoid-scaled Gaussian mean). */
    public boolean bounded() {
        if (discrete) return true;
        for (int i = 0; i < size; i++) if (!Float.isFinite(low[i]) || !Float.isFinite(high[i])) return false;
        return true;
    }

    /** The environment's action for network class {@code index}. */
    public int envAction(int index) {
        return index + start;
    }
}
