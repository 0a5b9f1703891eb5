package dev.ascent.algorithms.common;

import dev.ascent.nn.Activation;

/**
 * The shape of an actor-critic or Q network, shared by the settings records of every algorithm.
 *
 * @param hidden widths of the hidden layers of the MLP (after the CNN for images)
 * @param activation between hidden layers (CleanRL: tanh for classic control, ReLU in Q-networks)
 * @param sharedTrunk one MLP feeding both heads instead of separate actor and critic MLPs
 * @param gaussian how a Box head is parameterised
 * @param logStdInit initial value of the state-independent log-std parameter (LOG_STD)
 * @param orthogonalInit CleanRL's orthogonal init (√2 hidden, 0.01 policy head, 1.0 value head, zero biases);
 *                       false keeps PyTorch's default init
 */
public record PolicyArchitecture(int[] hidden, Activation activation, boolean sharedTrunk,
                                 GaussianParameterization gaussian, double logStdInit, boolean orthogonalInit) {
    public PolicyArchitecture {
        hidden = hidden.clone();
        for (int h : hidden) if (h <= 0) throw new IllegalArgumentException("hidden layer widths must be positive, got " + java.util.Arrays.toString(hidden));
    }

    /** CleanRL's PPO agent: separate 64-64 tanh MLPs, orthogonal init, state-independent log-std 0. */
    public static PolicyArchitecture cleanRl() {
        return new PolicyArchitecture(new int[] {64, 64}, Activation.TANH, false, GaussianParameterization.LOG_STD, 0.0, true);
    }
}
