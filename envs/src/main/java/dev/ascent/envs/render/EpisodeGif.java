package dev.ascent.envs.render;

import dev.ascent.envs.Env;
import dev.ascent.envs.StepResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import java.util.function.UnaryOperator;

/**
 * Plays one episode with a policy and writes it as an animated GIF at the environment's {@code renderFps()}:
 *
 * <pre>{@code
 * EpisodeGif.recordDiscrete(Envs.make("CartPole-v1"), 42, obs -> obs[2] > 0 ? 1 : 0, 500, Path.of("cartpole.gif"));
 * }</pre>
 */
public final class EpisodeGif {

    private EpisodeGif() {
    }

    /**
     * Records an episode of an environment with discrete actions.
     *
     * @param env the environment (reset with {@code seed})
     * @param seed reset seed
     * @param policy observation to action
     * @param maxSteps stop after this many steps even if the episode goes on
     * @param path the GIF to write
     * @return the episode's undiscounted return
     * @throws IOException if writing fails
     */
    public static double recordDiscrete(Env env, long seed, ToIntFunction<float[]> policy, int maxSteps, Path path)
            throws IOException {
        return record(env, seed, obs -> env.step(policy.applyAsInt(obs)), maxSteps, path);
    }

    /**
     * Records an episode of an environment with continuous actions.
     *
     * @param env the environment (reset with {@code seed})
     * @param seed reset seed
     * @param policy observation to action
     * @param maxSteps stop after this many steps even if the episode goes on
     * @param path the GIF to write
     * @return the episode's undiscounted return
     * @throws IOException if writing fails
     */
    public static double recordContinuous(Env env, long seed, UnaryOperator<float[]> policy, int maxSteps, Path path)
            throws IOException {
        return record(env, seed, obs -> env.step(policy.apply(obs)), maxSteps, path);
    }

    private interface Stepper {
        StepResult step(float[] observation);
    }

    private static double record(Env env, long seed, Stepper stepper, int maxSteps, Path path) throws IOException {
        List<RgbFrame> frames = new ArrayList<>();
        float[] obs = env.reset(seed).observation();
        frames.add(env.render());
        double total = 0;
        for (int t = 0; t < maxSteps; t++) {
            StepResult r = stepper.step(obs);
            frames.add(env.render());
            total += r.reward();
            obs = r.observation();
            if (r.done()) {
                break;
            }
        }
        GifWriter.write(path, frames, env.renderFps());
        return total;
    }
}
