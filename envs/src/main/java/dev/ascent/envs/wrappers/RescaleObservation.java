package dev.ascent.envs.wrappers;

import dev.ascent.envs.Env;
import dev.ascent.envs.spaces.Box;

/**
 * Affinely maps observations from the environment's finite bounds onto {@code [min, max]}
 * ({@code transform_observation.py} {@code RescaleObservation}, {@code rescale_box} forward direction:
 * {@code gradient * obs + intercept} in float32).
 */
public final class RescaleObservation extends ObservationWrapper {

    private final Box observationSpace;
    private final float[] gradient;
    private final float[] intercept;

    /**
     * @param env an environment whose observation bounds are finite
     * @param min new lower bound of every element
     * @param max new upper bound of every element
     */
    public RescaleObservation(Env env, float min, float max) {
        super(env);
        Box inner = env.observationSpace();
        if (!inner.isBounded()) {
            throw new IllegalArgumentException("RescaleObservation needs finite observation bounds, got " + inner);
        }
        if (!(min < max)) {
            throw new IllegalArgumentException("min must be < max, got " + min + " and " + max);
        }
        int n = inner.size();
        gradient = new float[n];
        intercept = new float[n];
        float[] low = new float[n];
        float[] high = new float[n];
        for (int i = 0; i < n; i++) {
            gradient[i] = (float) (((double) max - min) / ((double) inner.high(i) - inner.low(i)));
            intercept[i] = (float) ((double) (gradient[i] * -inner.low(i)) + min);
            low[i] = min;
            high[i] = max;
        }
        this.observationSpace = new Box(low, high, inner.shape(), inner.dtype());
    }

    @Override
    public Box observationSpace() {
        return observationSpace;
    }

    @Override
    protected float[] observation(float[] observation) {
        float[] out = new float[observation.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = gradient[i] * observation[i] + intercept[i];
        }
        return out;
    }
}
