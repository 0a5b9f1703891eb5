package dev.ascent.envs.vector;

/**
 * When a vector environment resets a sub-environment whose episode ended ({@code gymnasium.vector.AutoresetMode},
 * https://farama.org/Vector-Autoreset-Mode).
 */
public enum AutoresetMode {
    /**
     * Gymnasium 1.x's default: the step that ends an episode returns its last observation; the <em>next</em> step
     * ignores that sub-environment's action, resets it and returns the reset observation with reward 0 and both
     * flags false. Bootstrapping on truncation uses the observation of the ending step directly.
     */
    NEXT_STEP,
    /**
     * Stable-Baselines3 style: the ending step resets immediately and returns the reset observation; the ending
     * episode's last observation and info are in {@link VectorStepResult#finalObservations()} and
     * {@link VectorStepResult#finalInfo(int)}.
     */
    SAME_STEP,
    /** No automatic reset: reset ended sub-environments yourself with a masked reset before stepping them again. */
    DISABLED
}
