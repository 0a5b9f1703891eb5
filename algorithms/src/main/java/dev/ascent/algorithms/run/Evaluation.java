package dev.ascent.algorithms.run;

import dev.ascent.algorithms.common.Seeding;
import dev.ascent.inference.TrainedPolicy;
import dev.ascent.engine.Rng;
import dev.ascent.envs.Env;
import dev.ascent.envs.Envs;
import dev.ascent.envs.StepResult;
import dev.ascent.envs.render.RgbFrame;

import java.util.function.Consumer;

/**
 * Runs a trained policy for whole episodes on a fresh environment and reports mean ± std of the return
 * (SB3's {@code evaluate_policy}). Episode {@code k} is reset with {@code seed + Seeding.EVAL_OFFSET + k}, so an
 * evaluation is reproducible and does not reuse the training seeds.
 *
 * @param meanReturn mean undiscounted return
 * @param stdReturn population standard deviation of the returns (numpy's default, as SB3 reports)
 * @param returns each episode's return
 * @param lengths each episode's length
 */
public record Evaluation(double meanReturn, double stdReturn, double[] returns, int[] lengths) {

    /** Evaluates {@code policy} on {@code envId} for {@code episodes} episodes. */
    public static Evaluation run(TrainedPolicy policy, String envId, int episodes, boolean deterministic, long seed) {
        return run(policy, envId, episodes, deterministic, seed, null);
    }

    /** As {@link #run}, handing every rendered frame (first frame included) to {@code frames} when non-null. */
    public static Evaluation run(TrainedPolicy policy, String envId, int episodes, boolean deterministic, long seed, Consumer<RgbFrame> frames) {
        if (episodes < 1) throw new IllegalArgumentException("episodes must be positive, got " + episodes);
        double[] returns = new double[episodes];
        int[] lengths = new int[episodes];
        Rng rng = new Rng(seed + Seeding.EVAL_OFFSET);
        try (Env env = Envs.make(envId)) {
            for (int k = 0; k < episodes; k++) {
                float[] obs = env.reset(seed + Seeding.EVAL_OFFSET + k).observation();
                if (frames != null) frames.accept(env.render());
                double ret = 0;
                int len = 0;
                while (true) {
                    float[] a = deterministic ? policy.act(obs) : policy.sample(obs, rng);
                    StepResult r = policy.discrete() ? env.step((int) a[0]) : env.step(a);
                    ret += r.reward();
                    len++;
                    if (frames != null) frames.accept(env.render());
                    obs = r.observation();
                    if (r.done()) break;
                }
                returns[k] = ret;
                lengths[k] = len;
            }
        }
        double mean = 0;
        for (double r : returns) mean += r;
        mean /= episodes;
        double var = 0;
        for (double r : returns) var += (r - mean) * (r - mean);
        return new Evaluation(mean, Math.sqrt(var / episodes), returns, lengths);
    }

    /** {@code 500.00 ± 0.00 over 10 episodes}. */
    public String summary() {
        return String.format(java.util.Locale.ROOT, "%.2f ± %.2f over %d episodes", meanReturn, stdReturn, returns.length);
    }

}
