package dev.ascent.envs.wrappers;

import dev.ascent.envs.AbstractEnv;
import dev.ascent.envs.Env;
import dev.ascent.envs.ResetResult;
import dev.ascent.envs.StepResult;
import dev.ascent.envs.random.NumpyRandom;
import java.util.Map;

/**
 * With some probability repeats the previous action instead of the given one, for a fixed or random number of
 * steps ({@code gymnasium/wrappers/stateful_action.py} {@code StickyAction}; Machado et al. 2018). The random draws
 * come from the unwrapped environment's generator, as Gymnasium's {@code wrapper.np_random} does, so seeded
 * resets reproduce them.
 */
public final class StickyAction extends Wrapper {

    private final double repeatActionProbability;
    private final int minRepeats;
    private final int maxRepeats;
    private NumpyRandom fallbackRandom;
    private boolean hasLastAction;
    private int lastDiscrete;
    private float[] lastContinuous;
    private boolean sticky;
    private long numRepeats;
    private long repeatsTaken;

    /**
     * Repeats for exactly one step.
     *
     * @param env the environment
     * @param repeatActionProbability probability in [0, 1) of starting a repeat
     */
    public StickyAction(Env env, double repeatActionProbability) {
        this(env, repeatActionProbability, 1, 1);
    }

    /**
     * @param env the environment
     * @param repeatActionProbability probability in [0, 1) of starting a repeat
     * @param minRepeats lower bound of the repeat duration, at least 1
     * @param maxRepeats upper bound (inclusive) of the repeat duration
     */
    public StickyAction(Env env, double repeatActionProbability, int minRepeats, int maxRepeats) {
        super(env);
        if (!(repeatActionProbability >= 0 && repeatActionProbability < 1)) {
            throw new IllegalArgumentException("`repeat_action_probability` should be in the interval [0,1). Received "
                    + repeatActionProbability);
        }
        if (minRepeats < 1 || minRepeats > maxRepeats) {
            throw new IllegalArgumentException("repeat duration must satisfy 1 <= min <= max, got [" + minRepeats
                    + ", " + maxRepeats + "]");
        }
        this.repeatActionProbability = repeatActionProbability;
        this.minRepeats = minRepeats;
        this.maxRepeats = maxRepeats;
    }

    @Override
    public ResetResult reset(Long seed, Map<String, Object> options) {
        hasLastAction = false;
        lastContinuous = null;
        sticky = false;
        numRepeats = 0;
        repeatsTaken = 0;
        return env.reset(seed, options);
    }

    private NumpyRandom random() {
        if (env.unwrapped() instanceof AbstractEnv base) {
            return base.npRandom();
        }
        if (fallbackRandom == null) {
            fallbackRandom = NumpyRandom.fromEntropy();
        }
        return fallbackRandom;
    }

    /** Whether this step repeats the last action (advances the stickiness state exactly like Gymnasium). */
    private boolean repeatLast() {
        boolean repeat = false;
        if (sticky || (hasLastAction && random().uniform(0.0, 1.0) < repeatActionProbability)) {
            if (numRepeats == 0) {
                numRepeats = random().integers(minRepeats, (long) maxRepeats + 1);
            }
            repeat = true;
            sticky = true;
            repeatsTaken++;
        }
        if (sticky && numRepeats == repeatsTaken) {
            sticky = false;
            numRepeats = 0;
            repeatsTaken = 0;
        }
        return repeat;
    }

    @Override
    public StepResult step(int action) {
        int chosen = repeatLast() ? lastDiscrete : action;
        lastDiscrete = chosen;
        hasLastAction = true;
        return env.step(chosen);
    }

    @Override
    public StepResult step(float[] action) {
        float[] chosen = repeatLast() ? lastContinuous : action.clone();
        lastContinuous = chosen;
        hasLastAction = true;
        return env.step(chosen.clone());
    }
}
