package dev.ascent.envs;

import dev.ascent.envs.random.NumpyRandom;
import java.util.Map;
import java.util.Optional;

/**
 * Base class of concrete (unwrapped) environments: owns the environment's random generator with Gymnasium's
 * seeding rules ({@code gymnasium.Env.reset(seed=...)} and {@code Env.np_random}) and rejects the action overload
 * the action space does not support.
 *
 * <p>Subclasses implement {@link #resetEpisode(Map)} and override exactly one of {@link #step(int)} or
 * {@link #step(float[])}.
 */
public abstract class AbstractEnv implements Env {

    private NumpyRandom npRandom;
    private EnvSpec spec;

    /**
     * Re-seeds the generator if {@code seed} is non-null, then starts an episode with {@link #resetEpisode(Map)}.
     */
    @Override
    public final ResetResult reset(Long seed, Map<String, Object> options) {
        if (seed != null) {
            npRandom = NumpyRandom.seeded(seed);
        }
        return resetEpisode(options == null ? Map.of() : options);
    }

    /**
     * Starts a new episode, drawing the initial state from {@link #npRandom()}.
     *
     * @param options reset options, never null (empty if none were given)
     * @return the first observation and info
     */
    protected abstract ResetResult resetEpisode(Map<String, Object> options);

    /**
     * The environment's generator (Gymnasium's {@code env.np_random}); created from a nondeterministic seed on first
     * use if the environment was never reset with a seed.
     */
    public final NumpyRandom npRandom() {
        if (npRandom == null) {
            npRandom = NumpyRandom.fromEntropy();
        }
        return npRandom;
    }

    /** The seed of the current generator (Gymnasium's {@code np_random_seed}). */
    public final long npRandomSeed() {
        return npRandom().seed();
    }

    /**
     * Replaces the generator (Gymnasium's {@code env.np_random = ...}), e.g. to restore a checkpointed stream.
     *
     * @param random the new generator
     */
    public final void setNpRandom(NumpyRandom random) {
        this.npRandom = java.util.Objects.requireNonNull(random, "random");
    }

    /** Default: this environment does not take discrete actions. */
    @Override
    public StepResult step(int action) {
        throw new IllegalArgumentException(name() + " has the action space " + actionSpace()
                + ": call step(float[]), not step(int) (got action " + action + ")");
    }

    /** Default: this environment does not take continuous actions. */
    @Override
    public StepResult step(float[] action) {
        throw new IllegalArgumentException(name() + " has the action space " + actionSpace()
                + ": call step(int), not step(float[]) (got action " + java.util.Arrays.toString(action) + ")");
    }

    /**
     * The exception for stepping or rendering before the first reset.
     *
     * @param operation what was attempted, e.g. {@code "step()"}
     * @return the exception to throw
     */
    protected final IllegalStateException resetNeeded(String operation) {
        return new IllegalStateException(name() + ": cannot call " + operation + " before reset(); call reset() or "
                + "reset(seed) first");
    }

    /** The registered id if made through {@link Envs}, else the class name; used in messages. */
    protected final String name() {
        return spec != null ? spec.id() : getClass().getSimpleName();
    }

    @Override
    public Optional<EnvSpec> spec() {
        return Optional.ofNullable(spec);
    }

    /** Records the registration this instance was made from ({@link Envs#make}). */
    final void attachSpec(EnvSpec envSpec) {
        this.spec = envSpec;
    }

    @Override
    public void close() {
        // Nothing to release by default.
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "<" + name() + ">";
    }
}
