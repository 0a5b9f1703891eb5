package dev.ascent.envs;

import dev.ascent.envs.classic.ClassicControl;
import dev.ascent.envs.wrappers.OrderEnforcing;
import dev.ascent.envs.wrappers.PassiveEnvChecker;
import dev.ascent.envs.wrappers.TimeLimit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * The environment registry and {@code gym.make} ({@code gymnasium/envs/registration.py}).
 *
 * <p>{@link #make(String)} creates the registered environment and wraps it as Gymnasium does, innermost first:
 * {@link PassiveEnvChecker}, {@link OrderEnforcing}, then {@link TimeLimit} with the registered
 * {@code max_episode_steps}. Built in: CartPole-v0/v1, MountainCar-v0, MountainCarContinuous-v0, Pendulum-v1,
 * Acrobot-v1 (see {@link ClassicControl}). More environments are added with {@link #register(EnvSpec)} or by an
 * {@link EnvRegistrar} service on the class path. Thread-safe.
 */
public final class Envs {

    private static final Map<String, EnvSpec> REGISTRY = new LinkedHashMap<>();
    private static boolean pluginsLoaded;

    static {
        for (EnvSpec spec : ClassicControl.specs()) {
            REGISTRY.put(spec.id(), spec);
        }
    }

    private Envs() {
    }

    /**
     * Adds an environment to the registry.
     *
     * @param spec the registration
     * @throws IllegalArgumentException if the id is already registered
     */
    public static synchronized void register(EnvSpec spec) {
        loadPlugins();
        if (REGISTRY.containsKey(spec.id())) {
            throw new IllegalArgumentException("Environment " + spec.id() + " is already registered");
        }
        REGISTRY.put(spec.id(), spec);
    }

    /** All registered ids, sorted. */
    public static synchronized List<String> ids() {
        loadPlugins();
        return List.copyOf(new TreeSet<>(REGISTRY.keySet()));
    }

    /**
     * The registration of {@code id}.
     *
     * @param id e.g. {@code CartPole-v1}
     * @return the spec
     * @throws IllegalArgumentException if unknown, with the known ids and a suggestion in the message
     */
    public static synchronized EnvSpec spec(String id) {
        loadPlugins();
        EnvSpec spec = REGISTRY.get(id);
        if (spec == null) {
            throw new IllegalArgumentException(unknownIdMessage(id));
        }
        return spec;
    }

    /**
     * {@code gym.make(id)}: the environment wrapped in PassiveEnvChecker, OrderEnforcing and TimeLimit.
     *
     * @param id e.g. {@code CartPole-v1}
     * @return a new environment, not yet reset
     * @throws IllegalArgumentException if the id is unknown
     */
    public static Env make(String id) {
        return make(id, MakeOptions.defaults());
    }

    /**
     * {@code gym.make(id, max_episode_steps=..., disable_env_checker=..., **kwargs)}.
     *
     * @param id e.g. {@code Pendulum-v1}
     * @param options time-limit override, wrapper switches and constructor keyword arguments
     * @return a new environment, not yet reset
     * @throws IllegalArgumentException if the id is unknown or a keyword argument is not accepted
     */
    public static Env make(String id, MakeOptions options) {
        EnvSpec spec = spec(id);
        Map<String, Object> kwargs = new LinkedHashMap<>(spec.kwargs());
        kwargs.putAll(options.kwargs());
        Kwargs args = new Kwargs(kwargs);
        Env env = spec.entryPoint().create(args);
        args.requireAllUsed(id);
        OptionalInt steps = options.maxEpisodeSteps().isPresent() ? options.maxEpisodeSteps() : spec.maxEpisodeSteps();
        if (env instanceof AbstractEnv base) {
            base.attachSpec(new EnvSpec(spec.id(), spec.entryPoint(), steps, spec.rewardThreshold(), kwargs));
        }
        if (options.envChecker()) {
            env = new PassiveEnvChecker(env);
        }
        if (options.orderEnforce()) {
            env = new OrderEnforcing(env);
        }
        if (steps.isPresent()) {
            env = new TimeLimit(env, steps.getAsInt());
        }
        return env;
    }

    private static void loadPlugins() {
        if (pluginsLoaded) {
            return;
        }
        pluginsLoaded = true;
        for (EnvRegistrar registrar : ServiceLoader.load(EnvRegistrar.class)) {
            for (EnvSpec spec : registrar.specs()) {
                if (REGISTRY.containsKey(spec.id())) {
                    throw new IllegalStateException("Environment " + spec.id() + " registered twice (by "
                            + registrar.getClass().getName() + ")");
                }
                REGISTRY.put(spec.id(), spec);
            }
        }
    }

    /** Gymnasium-style message: wrong version, or a close name, and the list of known ids. */
    private static String unknownIdMessage(String id) {
        String name = id.replaceFirst("-v\\d+$", "");
        List<String> versions = new ArrayList<>();
        for (EnvSpec spec : REGISTRY.values()) {
            if (spec.name().equals(name) && spec.version() >= 0) {
                versions.add("`v" + spec.version() + "`");
            }
        }
        StringBuilder msg = new StringBuilder();
        if (!versions.isEmpty() && !name.equals(id)) {
            msg.append("Environment version `").append(id.substring(name.length() + 1)).append("` for environment `")
                    .append(name).append("` doesn't exist. It provides versioned environments: [ ")
                    .append(String.join(", ", versions)).append(" ].");
        } else {
            msg.append("Environment `").append(id).append("` doesn't exist.");
            String suggestion = closestId(id);
            if (suggestion != null) {
                msg.append(" Did you mean: `").append(suggestion).append("`?");
            }
        }
        msg.append(" Known ids: ").append(String.join(", ", new TreeSet<>(REGISTRY.keySet())));
        return msg.toString();
    }

    private static String closestId(String id) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String known : REGISTRY.keySet()) {
            int d = editDistance(id.toLowerCase(Locale.ROOT), known.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = known;
            }
        }
        return bestDistance <= Math.max(2, id.length() / 3) ? best : null;
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
