package dev.ascent.envs.wrappers;

import dev.ascent.envs.Env;
import dev.ascent.envs.StepResult;

/**
 * Executes each action {@code numRepeats} times, summing the rewards and returning the last observation; stops
 * early when the episode ends ({@code stateful_action.py} {@code RepeatAction}, Gymnasium 1.3).
 */
public final class RepeatAction extends Wrapper {

    private final int numRepeats;

    /**
     * @param env the environment
     * @param numRepeats how many times to apply each action, at least 1
     */
    public RepeatAction(Env env, int numRepeats) {
        super(env);
        if (numRepeats < 1) {
            throw new IllegalArgumentException("The num_repeats value needs to be equal or greater than one, actual "
                    + "value: " + numRepeats);
        }
        this.numRepeats = numRepeats;
    }

    @Override
    public StepResult step(int action) {
        StepResult last = null;
        double total = 0;
        for (int i = 0; i < numRepeats; i++) {
            last = env.step(action);
            total += last.reward();
            if (last.done()) {
                break;
            }
        }
        return last.withReward(total);
    }

    @Override
    public StepResult step(float[] action) {
        StepResult last = null;
        double total = 0;
        for (int i = 0; i < numRepeats; i++) {
            last = env.step(action.clone());
            total += last.reward();
            if (last.done()) {
                break;
            }
        }
        return last.withReward(total);
    }
}
