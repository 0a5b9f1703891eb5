package dev.ascent.algorithms.common;

/** How a diagonal-Gaussian policy head turns network outputs into a mean and a standard deviation. */
public enum GaussianParameterization {
    /** CleanRL/SB3: mean = network output, std = exp(log_std) with a state-independent parameter log_std. */
    LOG_STD,
    /**
     * The seeds' variant: mean = low + (high − low)·sigmoid(network output), so the mean stays inside the action
     * bounds; std = √(softplus(s) + 1e-4) with a state-independent parameter s. Needs finite bounds.
     */
    SOFTPLUS_SIGMOID
}
