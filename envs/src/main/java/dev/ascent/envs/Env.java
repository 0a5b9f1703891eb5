package dev.ascent.envs;

import dev.ascent.envs.render.RgbFrame;
import dev.ascent.envs.spaces.Box;
import dev.ascent.envs.spaces.Space;
import dev.ascent.envs.wrappers.Wrapper;
import java.util.Map;
import java.util.Optional;

/**
 * A reinforcement-learning environment with Gymnasium's API ({@code gymnasium.Env}), in Java idioms.
 *
 * <pre>{@code
 * Env env = Envs.make("CartPole-v1");          // wrapped in TimeLimit(500) like gym.make
 * ResetResult first = env.reset(42);           // seeded: same numbers as Gymnasium's reset(seed=42)
 * float[] obs = first.observation();
 * StepResult r;
 * do {
 *     r = env.step(policy(obs));                // Discrete action space: step(int)
 *     obs = r.observation();
 * } while (!r.done());
 * }</pre>
 *
 * <p>Observations are always flat {@code float[]} described by a {@link Box} of any shape. Actions are either
 * integers ({@link dev.ascent.envs.spaces.Discrete} spaces, {@link #step(int)}) or {@code float[]} ({@code Box}
 * spaces, {@link #step(float[])}); calling the other overload throws {@link IllegalArgumentException}, as does an
 * action outside a Discrete space or a Box action of the wrong length or containing NaN. Stepping before the first
 * reset throws {@link IllegalStateException}.
 *
 * <p>Seeding follows Gymnasium: {@link #reset(long)} re-creates the environment's generator from the seed,
 * {@link #reset()} continues it, and the first reset without a seed draws a nondeterministic seed. An environment
 * is not thread-safe; vector environments give each worker thread its own instances.
 */
public interface Env extends AutoCloseable {

    /**
     * Starts a new episode, Gymnasium's {@code reset(seed=seed, options=options)}.
     *
     * @param seed if non-null, re-seeds the environment's generator (non-negative); if null, keeps using it
     * @param options environment-specific reset options (e.g. {@code "low"}/{@code "high"} for CartPole's initial
     *     state range), or null for none
     * @return the first observation and info
     */
    ResetResult reset(Long seed, Map<String, Object> options);

    /** Starts a new episode continuing the current generator ({@code reset()}). */
    default ResetResult reset() {
        return reset(null, null);
    }

    /**
     * Starts a new episode with a freshly seeded generator ({@code reset(seed=seed)}).
     *
     * @param seed a non-negative seed
     * @return the first observation and info
     */
    default ResetResult reset(long seed) {
        return reset(Long.valueOf(seed), null);
    }

    /**
     * Advances the environment with a discrete action.
     *
     * @param action an element of the {@link dev.ascent.envs.spaces.Discrete} action space
     * @return the transition
     * @throws IllegalArgumentException if the action is not in the action space or the space is not Discrete
     * @throws IllegalStateException if called before {@link #reset()}
     */
    StepResult step(int action);

    /**
     * Advances the environment with a continuous action.
     *
     * @param action values for the {@link Box} action space (flat); values outside the bounds are handled as the
     *     environment defines (clipped by Pendulum, for instance). The caller may reuse the array after the call
     *     returns (vector environments do), so implementations must copy it if they keep it.
     * @return the transition
     * @throws IllegalArgumentException if the length is wrong, a value is NaN, or the space is not a Box
     * @throws IllegalStateException if called before {@link #reset()}
     */
    StepResult step(float[] action);

    /** The space every observation belongs to. */
    Box observationSpace();

    /** The space of valid actions. */
    Space actionSpace();

    /**
     * Draws the current state as an RGB image (Gymnasium's {@code render_mode="rgb_array"}).
     *
     * @return the frame
     * @throws UnsupportedOperationException if the environment cannot render
     * @throws IllegalStateException if there is nothing to draw yet (before reset)
     */
    RgbFrame render();

    /** Frames per second at which rendered episodes play back in real time (Gymnasium's {@code render_fps}). */
    default int renderFps() {
        return 30;
    }

    /** Releases resources. Safe to call more than once. */
    @Override
    void close();

    /** The innermost environment below all wrappers (Gymnasium's {@code env.unwrapped}). */
    default Env unwrapped() {
        return this;
    }

    /** The registration this environment was made from, if it came from {@link Envs#make(String)}. */
    default Optional<EnvSpec> spec() {
        return Optional.empty();
    }

    /**
     * The outermost environment in the wrapper chain (this one included) that is an instance of {@code type},
     * e.g. {@code env.findWrapper(NormalizeObservation.class)} or {@code env.findWrapper(CartPole.class)}.
     *
     * @param type the class to look for
     * @param <T> the type
     * @return the match, if any
     */
    default <T> Optional<T> findWrapper(Class<T> type) {
        Env current = this;
        while (true) {
            if (type.isInstance(current)) {
                return Optional.of(type.cast(current));
            }
            if (current instanceof Wrapper wrapper) {
                current = wrapper.env();
            } else {
                return Optional.empty();
            }
        }
    }
}
