package dev.ascent.envs;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A registered environment ({@code gymnasium.envs.registration.EnvSpec}): the id, how to create it, the time
 * limit {@link Envs#make(String)} applies and the return at which the task counts as solved.
 *
 * @param id {@code Name-vN}, e.g. {@code CartPole-v1}
 * @param entryPoint creates the unwrapped environment
 * @param maxEpisodeSteps the TimeLimit applied by {@code make}, if any
 * @param rewardThreshold the average return at which the task is considered solved, if defined
 * @param kwargs default keyword arguments for the entry point
 */
public record EnvSpec(String id, EnvFactory entryPoint, OptionalInt maxEpisodeSteps, OptionalDouble rewardThreshold,
                      Map<String, Object> kwargs) {

    private static final Pattern ID = Pattern.compile("^(?:(?<ns>[\\w:.-]+)/)?(?<name>[\\w:.-]+?)(?:-v(?<version>\\d+))?$");

    /** Validates the id and copies the kwargs. */
    public EnvSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(entryPoint, "entryPoint");
        Objects.requireNonNull(maxEpisodeSteps, "maxEpisodeSteps");
        Objects.requireNonNull(rewardThreshold, "rewardThreshold");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("Malformed environment ID: " + id
                    + " (currently all IDs must be of the form [namespace/](env-name)-v(version))");
        }
        if (maxEpisodeSteps.isPresent() && maxEpisodeSteps.getAsInt() <= 0) {
            throw new IllegalArgumentException("maxEpisodeSteps must be positive, got " + maxEpisodeSteps.getAsInt());
        }
        kwargs = Map.copyOf(kwargs == null ? Map.of() : kwargs);
    }

    /**
     * Starts a spec with no time limit, threshold or default kwargs.
     *
     * @param id the id
     * @param entryPoint the factory
     * @return a builder
     */
    public static Builder builder(String id, EnvFactory entryPoint) {
        return new Builder(id, entryPoint);
    }

    /** The name part of the id, e.g. {@code CartPole} for {@code CartPole-v1}. */
    public String name() {
        Matcher m = ID.matcher(id);
        m.matches();
        return m.group("name");
    }

    /** The version, e.g. 1 for {@code CartPole-v1}, or -1 if the id has none. */
    public int version() {
        Matcher m = ID.matcher(id);
        m.matches();
        String v = m.group("version");
        return v == null ? -1 : Integer.parseInt(v);
    }

    /** This spec with another time limit (what {@code TimeLimit.spec} reports). */
    public EnvSpec withMaxEpisodeSteps(int steps) {
        return new EnvSpec(id, entryPoint, OptionalInt.of(steps), rewardThreshold, kwargs);
    }

    @Override
    public String toString() {
        return "EnvSpec(id=" + id + (maxEpisodeSteps.isPresent() ? ", max_episode_steps=" + maxEpisodeSteps.getAsInt() : "")
                + (rewardThreshold.isPresent() ? ", reward_threshold=" + rewardThreshold.getAsDouble() : "")
                + (kwargs.isEmpty() ? "" : ", kwargs=" + kwargs) + ")";
    }

    /** Builds an {@link EnvSpec}. */
    public static final class Builder {
        private final String id;
        private final EnvFactory entryPoint;
        private OptionalInt maxEpisodeSteps = OptionalInt.empty();
        private OptionalDouble rewardThreshold = OptionalDouble.empty();
        private final Map<String, Object> kwargs = new LinkedHashMap<>();

        private Builder(String id, EnvFactory entryPoint) {
            this.id = id;
            this.entryPoint = entryPoint;
        }

        /** Sets the registered time limit. */
        public Builder maxEpisodeSteps(int steps) {
            this.maxEpisodeSteps = OptionalInt.of(steps);
            return this;
        }

        /** Sets the solved threshold. */
        public Builder rewardThreshold(double threshold) {
            this.rewardThreshold = OptionalDouble.of(threshold);
            return this;
        }

        /** Adds a default keyword argument. */
        public Builder kwarg(String key, Object value) {
            kwargs.put(key, value);
            return this;
        }

        /** The spec. */
        public EnvSpec build() {
            return new EnvSpec(id, entryPoint, maxEpisodeSteps, rewardThreshold, kwargs);
        }
    }
}
