package dev.ascent.envs.classic;

import dev.ascent.envs.EnvSpec;
import java.util.List;

/**
 * The registrations of the classic-control environments, with Gymnasium's ids, time limits and reward
 * thresholds ({@code gymnasium/envs/__init__.py} lines 18-59) and constructor keywords.
 */
public final class ClassicControl {

    private ClassicControl() {
    }

    /** The specs {@link dev.ascent.envs.Envs} registers at start-up. */
    public static List<EnvSpec> specs() {
        return List.of(
                // Lines 18-24 and 26-32: the same class, different limits.
                EnvSpec.builder("CartPole-v0", k -> new CartPole(k.getBoolean("sutton_barto_reward", false)))
                        .maxEpisodeSteps(200).rewardThreshold(195.0).build(),
                EnvSpec.builder("CartPole-v1", k -> new CartPole(k.getBoolean("sutton_barto_reward", false)))
                        .maxEpisodeSteps(500).rewardThreshold(475.0).build(),
                // Lines 34-39.
                EnvSpec.builder("MountainCar-v0", k -> new MountainCar(k.getDouble("goal_velocity", 0)))
                        .maxEpisodeSteps(200).rewardThreshold(-110.0).build(),
                // Lines 41-46.
                EnvSpec.builder("MountainCarContinuous-v0",
                                k -> new ContinuousMountainCar(k.getDouble("goal_velocity", 0)))
                        .maxEpisodeSteps(999).rewardThreshold(90.0).build(),
                // Lines 48-52: no reward threshold.
                EnvSpec.builder("Pendulum-v1", k -> new Pendulum(k.getDouble("g", Pendulum.DEFAULT_G)))
                        .maxEpisodeSteps(200).build(),
                // Lines 54-59.
                EnvSpec.builder("Acrobot-v1", k -> new Acrobot())
                        .maxEpisodeSteps(500).rewardThreshold(-100.0).build());
    }
}
