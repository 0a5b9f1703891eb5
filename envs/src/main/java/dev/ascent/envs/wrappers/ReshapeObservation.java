package dev.ascent.envs.wrappers;

import dev.ascent.envs.Env;
import dev.ascent.envs.spaces.Box;

/**
 * Gives observations another shape with the same number of elements ({@code transform_observation.py}
 * {@code ReshapeObservation}); the flat data is unchanged, only {@link #observationSpace()} differs.
 */
public final class ReshapeObservation extends ObservationWrapper {

    private final Box observationSpace;

    /**
     * @param env the environment
     * @param shape the new shape; its product must equal the observation size
     */
    public ReshapeObservation(Env env, int... shape) {
        super(env);
        Box inner = env.observationSpace();
        long size = 1;
        for (int d : shape) {
            size *= d;
        }
        if (size != inner.size()) {
            throw new IllegalArgumentException("cannot reshape " + inner + " to " + Box.shapeString(shape));
        }
        this.observationSpace = new Box(inner.low(), inner.high(), shape, inner.dtype());
    }

    @Override
    public Box observationSpace() {
        return observationSpace;
    }

    @Override
    protected float[] observation(float[] observation) {
        return observation;
    }
}
