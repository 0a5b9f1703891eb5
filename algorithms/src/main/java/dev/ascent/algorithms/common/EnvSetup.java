package dev.ascent.algorithms.common;

/**
 * How a learner's vector environment is built around {@code Envs.make(id)}. The wrappers are CleanRL's
 * {@code ppo_continuous_action.py} stack, with statistics shared by all sub-environments as in SB3's
 * {@code VecNormalize} (so one set of statistics goes into {@code model.safetensors}):
 * raw env → episode statistics (raw returns for logging) → observation normalisation → clip to
 * ±{@code clipObservation} → reward normalisation (by the std of the discounted return) → clip to
 * ±{@code clipReward}. Box actions are clipped to the bounds before stepping (CleanRL's {@code ClipAction});
 * the buffers keep the unclipped sample, whose log-probability the policy computed.
 *
 * @param numEnvs sub-environments stepped in lockstep
 * @param normalizeObservation running mean/std normalisation of observations
 * @param normalizeReward scaling of rewards by the running std of the discounted return
 * @param gamma the discount of that return
 * @param clipObservation bound of the normalised observations (CleanRL: 10); ignored without normalisation
 * @param clipReward bound of the normalised rewards (CleanRL: 10); ignored without normalisation
 */
public record EnvSetup(int numEnvs, boolean normalizeObservation, boolean normalizeReward, double gamma,
                       double clipObservation, double clipReward) {
    public EnvSetup {
        if (numEnvs < 1) throw new IllegalArgumentException("num_envs must be at least 1, got " + numEnvs);
        if (!(clipObservation > 0) || !(clipReward > 0)) throw new IllegalArgumentException("clip bounds must be positive");
    }

    /** Plain environments, no normalisation (discrete control, Atari). */
    public static EnvSetup plain(int numEnvs) {
        return new EnvSetup(numEnvs, false, false, 0.99, 10, 10);
    }
}
