package dev.ascent.envs.wrappers;

import dev.ascent.envs.Env;
import java.util.function.DoubleUnaryOperator;

/**
 * Applies a function to every reward ({@code transform_reward.py} {@code TransformReward}), e.g. sign clipping
 * for Atari: {@code TransformReward.sign(env)}.
 */
public final class TransformReward extends RewardWrapper {

    private final DoubleUnaryOperator func;

    /**
     * @param env the environment
     * @param func the reward transformation
     */
    public TransformReward(Env env, DoubleUnaryOperator func) {
        super(env);
        this.func = func;
    }

    /** Rewards replaced by their sign, -1, 0 or +1 ({@code np.sign}). */
    public static TransformReward sign(Env env) {
        return new TransformReward(env, Math::signum);
    }

    @Override
    protected double reward(double reward) {
        return func.applyAsDouble(reward);
    }
}
