package dev.ascent.envs.wrappers;

import dev.ascent.envs.Env;

/** Clips rewards into {@code [minReward, maxReward]} ({@code transform_reward.py} {@code ClipReward}). */
public final class ClipReward extends RewardWrapper {

    private final double minReward;
    private final double maxReward;

    /**
     * @param env the environment
     * @param minReward lower bound ({@code Double.NEGATIVE_INFINITY} for none)
     * @param maxReward upper bound ({@code Double.POSITIVE_INFINITY} for none)
     */
    public ClipReward(Env env, double minReward, double maxReward) {
        super(env);
        if (minReward == Double.NEGATIVE_INFINITY && maxReward == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("Both `min_reward` and `max_reward` cannot be None");
        }
        if (!(minReward <= maxReward)) {
            throw new IllegalArgumentException("Min reward (" + minReward + ") must be smaller than max reward ("
                    + maxReward + ")");
        }
        this.minReward = minReward;
        this.maxReward = maxReward;
    }

    @Override
    protected double reward(double reward) {
        return Math.min(Math.max(reward, minReward), maxReward);
    }
}
