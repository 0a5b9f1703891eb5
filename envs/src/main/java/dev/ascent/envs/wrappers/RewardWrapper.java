package dev.ascent.envs.wrappers;

import dev.ascent.envs.Env;
import dev.ascent.envs.StepResult;

/** A wrapper that transforms every reward ({@code gymnasium.RewardWrapper}). */
public abstract class RewardWrapper extends Wrapper {

    /**
     * @param env the environment to wrap
     */
    protected RewardWrapper(Env env) {
        super(env);
    }

    /**
     * Transforms one reward.
     *
     * @param reward the wrapped environment's reward
     * @return the new reward
     */
    protected abstract double reward(double reward);

    @Override
    public StepResult step(int action) {
        StepResult r = env.step(action);
        return r.withReward(reward(r.reward()));
    }

    @Override
    public StepResult step(float[] action) {
        StepResult r = env.step(action);
        return r.withReward(reward(r.reward()));
    }
}
