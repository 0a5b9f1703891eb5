package dev.ascent.algorithms;

import dev.ascent.algorithms.a2c.A2c;
import dev.ascent.algorithms.dqn.Dqn;
import dev.ascent.algorithms.ppo.Ppo;
import dev.ascent.algorithms.reinforce.Reinforce;
import dev.ascent.algorithms.vpg.Vpg;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every algorithm the command line knows. Adding one: write its class (settings record, {@code ALGORITHM}
 * constant, {@link Learner} implementation), add {@code presets/<name>.json}, and list it here.
 */
public final class AlgorithmRegistry {
    private static final List<Algorithm<?>> ALGORITHMS = List.of(
            Ppo.ALGORITHM,
            A2c.ALGORITHM,
            Dqn.ALGORITHM,
            Reinforce.ALGORITHM,
            Vpg.ALGORITHM
    );

    private AlgorithmRegistry() {}

    public static List<Algorithm<?>> all() {
        return ALGORITHMS;
    }

    /** The algorithm named {@code name} (case-insensitive). */
    public static Algorithm<?> get(String name) {
        for (Algorithm<?> a : ALGORITHMS) if (a.name().equalsIgnoreCase(name)) return a;
        List<String> names = new ArrayList<>();
        for (Algorithm<?> a : ALGORITHMS) names.add(a.name());
        throw new IllegalArgumentException("unknown algorithm '" + name.toLowerCase(Locale.ROOT) + "'; available: " + String.join(", ", names));
    }
}
