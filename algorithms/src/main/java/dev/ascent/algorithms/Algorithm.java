package dev.ascent.algorithms;

import dev.ascent.envs.spaces.Box;
import dev.ascent.envs.spaces.Space;

/**
 * What the registry, the presets and the command line know about an algorithm: its name, its settings
 * record with defaults, which environments it can handle, and how to start it.
 *
 * <p>Every algorithm class declares one of these as a constant, e.g. {@code Ppo.ALGORITHM}, and is listed
 * once in {@link AlgorithmRegistry}.
 *
 * @param name the command-line name ({@code ppo})
 * @param summary one line for {@code ascent algos}
 * @param defaults the settings used when neither a preset nor {@code --set} says otherwise
 * @param support which spaces it handles
 * @param factory builds a learner from resolved settings
 * @param <S> the settings record
 */
public record Algorithm<S extends Record>(String name, String summary, S defaults, SpaceSupport support, Factory<S> factory) {

    /** Creates the learner of one training run. */
    @FunctionalInterface
    public interface Factory<S extends Record> {
        Learner create(S settings, TrainingSetup setup);
    }

    /** Which observation and action spaces an algorithm handles. */
    @FunctionalInterface
    public interface SpaceSupport {
        /** Null when the algorithm can train on these spaces, otherwise the reason it cannot. */
        String check(Box observationSpace, Space actionSpace);
    }

    /** Settings from the defaults with {@code values} ({@code snake_case} keys) applied. */
    public S settings(java.util.Map<String, ?> values) {
        return SettingsBinder.apply(defaults, values);
    }

    /** Starts a run with settings resolved from {@code values}. */
    public Learner create(java.util.Map<String, ?> values, TrainingSetup setup) {
        return factory.create(settings(values), setup);
    }
}
