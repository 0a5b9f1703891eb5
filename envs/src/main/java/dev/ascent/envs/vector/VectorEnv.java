package dev.ascent.envs.vector;

import dev.ascent.envs.Env;
import dev.ascent.envs.render.RgbFrame;
import dev.ascent.envs.spaces.Box;
import dev.ascent.envs.spaces.Space;
import java.util.List;

/**
 * {@code numEnvs} independent copies of an environment stepped as one batch ({@code gymnasium.vector.VectorEnv}).
 *
 * <pre>{@code
 * try (VectorEnv envs = VectorEnvs.builder("CartPole-v1", 8).async(4).build()) {
 *     VectorResetResult first = envs.reset(42);          // sub-environment i is seeded 42 + i
 *     int[] actions = new int[envs.numEnvs()];
 *     for (int t = 0; t < 1000; t++) {
 *         VectorStepResult r = envs.step(actions);       // NEXT_STEP autoreset by default
 *         float[] obs = r.observations();                // [8, 4] row-major, overwritten next step
 *         double[] rewards = r.rewards();
 *         boolean[] terminated = r.terminated(), truncated = r.truncated();
 *     }
 * }
 * }</pre>
 *
 * <p>Results alias the vector environment's buffers; see {@link VectorStepResult} for the contract. Results do
 * not depend on how many threads step the sub-environments. Not thread-safe: drive a vector environment from one
 * thread.
 */
public interface VectorEnv extends AutoCloseable {

    /** Number of sub-environments. */
    int numEnvs();

    /** The observation space of one sub-environment. */
    Box singleObservationSpace();

    /** The action space of one sub-environment. */
    Space singleActionSpace();

    /** Values per sub-environment observation. */
    default int observationSize() {
        return singleObservationSpace().size();
    }

    /** The batched observation shape {@code [numEnvs, ...singleObservationSpace().shape()]}. */
    default int[] observationShape() {
        int[] single = singleObservationSpace().shape();
        int[] shape = new int[single.length + 1];
        shape[0] = numEnvs();
        System.arraycopy(single, 0, shape, 1, single.length);
        return shape;
    }

    /** The autoreset mode. */
    AutoresetMode autoresetMode();

    /**
     * Resets sub-environments, Gymnasium's {@code reset(seed=seeds, options={"reset_mask": mask})}.
     *
     * @param seeds null to continue every generator, else one entry per sub-environment (null entries continue)
     * @param mask null to reset all, else which sub-environments to reset (at least one true); the others keep
     *     their state and their previous observation row
     * @return the batch (aliases the step buffers)
     */
    VectorResetResult reset(Long[] seeds, boolean[] mask);

    /** Resets every sub-environment, continuing their generators. */
    default VectorResetResult reset() {
        return reset(null, null);
    }

    /**
     * Resets every sub-environment with seeds {@code seed, seed + 1, ..., seed + numEnvs - 1}, as Gymnasium does.
     *
     * @param seed the first seed, non-negative
     * @return the batch
     */
    default VectorResetResult reset(long seed) {
        Long[] seeds = new Long[numEnvs()];
        for (int i = 0; i < seeds.length; i++) {
            seeds[i] = seed + i;
        }
        return reset(seeds, null);
    }

    /**
     * Steps every sub-environment with a discrete action.
     *
     * @param actions one action per sub-environment
     * @return the batch (the same instance every call; see the aliasing contract)
     * @throws IllegalArgumentException on a wrong length or an action outside the space
     */
    VectorStepResult step(int[] actions);

    /**
     * Steps every sub-environment with a continuous action.
     *
     * @param actions {@code numEnvs * actionSize} values, row-major (row {@code i} for sub-environment {@code i})
     * @return the batch (the same instance every call)
     * @throws IllegalArgumentException on a wrong length or NaN
     */
    VectorStepResult step(float[] actions);

    /** One frame per sub-environment. */
    List<RgbFrame> render();

    /**
     * Sub-environment {@code index}, for inspection (e.g. {@code env(0).unwrapped()}); stepping it directly
     * desynchronises the batch.
     */
    Env env(int index);

    /** The innermost vector environment below vector wrappers. */
    default VectorEnv unwrapped() {
        return this;
    }

    /** Closes every sub-environment and stops worker threads. Safe to call more than once. */
    @Override
    void close();
}
