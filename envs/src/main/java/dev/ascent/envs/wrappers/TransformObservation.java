package dev.ascent.envs.wrappers;

import dev.ascent.envs.Env;
import dev.ascent.envs.spaces.Box;
import java.util.function.UnaryOperator;

/**
 * Applies a function to every observation ({@code transform_observation.py} {@code TransformObservation}), e.g.
 * clipping normalised observations: {@code new TransformObservation(env, o -> clip(o, -10, 10), null)}.
 */
public final class TransformObservation extends ObservationWrapper {

    private final UnaryOperator<float[]> func;
    private final Box observationSpace;

    /**
     * @param env the environment
     * @param func maps an observation to a new array; must not modify its argument
     * @param observationSpace the transformed observations' space, or null to keep the environment's
     */
    public TransformObservation(Env env, UnaryOperator<float[]> func, Box observationSpace) {
        super(env);
        this.func = func;
        this.observationSpace = observationSpace == null ? env.observationSpace() : observationSpace;
    }

    /**
     * Clips every observation value into {@code [low, high]}.
     *
     * @param env the environment
     * @param low lower bound
     * @param high upper bound
     * @return the wrapper
     */
    public static TransformObservation clip(Env env, float low, float high) {
        if (!(low <= high)) {
            throw new IllegalArgumentException("low must be <= high, got " + low + " and " + high);
        }
        Box inner = env.observationSpace();
        float[] lo = new float[inner.size()];
        float[] hi = new float[inner.size()];
        for (int i = 0; i < lo.length; i++) {
            lo[i] = Math.max(low, inner.low(i));
            hi[i] = Math.min(high, inner.high(i));
        }
        return new TransformObservation(env, o -> {
            float[] out = new float[o.length];
            for (int i = 0; i < o.length; i++) {
                out[i] = Math.min(Math.max(o[i], low), high);
            }
            return out;
        }, new Box(lo, hi, inner.shape(), inner.dtype()));
    }

    @Override
    public Box observationSpace() {
        return observationSpace;
    }

    @Override
    protected float[] observation(float[] observation) {
        return func.apply(observation);
    }
}
