package dev.ascent.envs.wrappers;

import dev.ascent.envs.Env;
import dev.ascent.envs.StepResult;
import java.util.Map;

/**
 * Repeats each action {@code skip} times, sums the rewards and returns the element-wise maximum of the last two
 * observations ({@code stateful_observation.py} {@code MaxAndSkipObservation}, after SB3's Atari
 * {@code MaxAndSkipEnv}). Stops early when the episode ends; like Gymnasium, the two-frame buffer then keeps
 * the frames of the earlier call where they were not overwritten.
 */
public final class MaxAndSkipObservation extends Wrapper {

    private final int skip;
    private final float[][] buffer;

    /** Skips 4 frames, Gymnasium's default. */
    public MaxAndSkipObservation(Env env) {
        this(env, 4);
    }

    /**
     * @param env the environment
     * @param skip actions repeats per step, at least 2
     */
    public MaxAndSkipObservation(Env env, int skip) {
        super(env);
        if (skip < 2) {
            throw new IllegalArgumentException("The skip value needs to be equal or greater than two, actual value: "
                    + skip);
        }
        this.skip = skip;
        int n = env.observationSpace().size();
        this.buffer = new float[][] {new float[n], new float[n]};
    }

    @Override
    public StepResult step(int action) {
        return run(action, null);
    }

    @Override
    public StepResult step(float[] action) {
        return run(0, action);
    }

    private StepResult run(int discrete, float[] continuous) {
        double total = 0.0;
        boolean terminated = false;
        boolean truncated = false;
        Map<String, Object> info = Map.of();
        for (int i = 0; i < skip; i++) {
            StepResult r = continuous == null ? env.step(discrete) : env.step(continuous.clone());
            if (i == skip - 2) {
                System.arraycopy(r.observation(), 0, buffer[0], 0, buffer[0].length);
            }
            if (i == skip - 1) {
                System.arraycopy(r.observation(), 0, buffer[1], 0, buffer[1].length);
            }
            total += r.reward();
            terminated = r.terminated();
            truncated = r.truncated();
            info = r.info();
            if (terminated || truncated) {
                break;
            }
        }
        float[] max = new float[buffer[0].length];
        for (int j = 0; j < max.length; j++) {
            max[j] = Math.max(buffer[0][j], buffer[1][j]);
        }
        return new StepResult(max, total, terminated, truncated, info);
    }
}
