package dev.ascent.envs;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Options of {@link Envs#make(String, MakeOptions)}, the keyword arguments of {@code gym.make}.
 *
 * @param maxEpisodeSteps overrides the registered time limit if present
 * @param orderEnforce apply {@link dev.ascent.envs.wrappers.OrderEnforcing} (Gymnasium's default: true)
 * @param envChecker apply {@link dev.ascent.envs.wrappers.PassiveEnvChecker} (Gymnasium's default: true, i.e.
 *     {@code disable_env_checker=False})
 * @param kwargs keyword arguments for the environment's constructor, e.g. {@code g} for Pendulum
 */
public record MakeOptions(OptionalInt maxEpisodeSteps, boolean orderEnforce, boolean envChecker,
                          Map<String, Object> kwargs) {

    /** Copies the kwargs. */
    public MakeOptions {
        kwargs = Map.copyOf(kwargs);
    }

    /** Gymnasium's defaults: registered time limit, order enforcing and the passive checker on, no kwargs. */
    public static MakeOptions defaults() {
        return new MakeOptions(OptionalInt.empty(), true, true, Map.of());
    }

    /** These options with another time limit ({@code max_episode_steps=}). */
    public MakeOptions withMaxEpisodeSteps(int steps) {
        return new MakeOptions(OptionalInt.of(steps), orderEnforce, envChecker, kwargs);
    }

    /** These options with order enforcing switched on or off ({@code order_enforce=}). */
    public MakeOptions withOrderEnforce(boolean enabled) {
        return new MakeOptions(maxEpisodeSteps, enabled, envChecker, kwargs);
    }

    /** These options with the passive checker switched on or off ({@code disable_env_checker=!enabled}). */
    public MakeOptions withEnvChecker(boolean enabled) {
        return new MakeOptions(maxEpisodeSteps, orderEnforce, enabled, kwargs);
    }

    /** These options with one more constructor keyword argument. */
    public MakeOptions withKwarg(String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(kwargs);
        copy.put(key, value);
        return new MakeOptions(maxEpisodeSteps, orderEnforce, envChecker, copy);
    }
}
