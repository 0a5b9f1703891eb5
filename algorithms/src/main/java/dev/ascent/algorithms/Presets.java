package dev.ascent.algorithms;

import dev.ascent.envs.spaces.Box;
import dev.ascent.envs.spaces.Space;
import dev.ascent.io.Json;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hyperparameter presets per algorithm and environment, in the spirit of rl-baselines3-zoo: the resource
 * {@code dev/ascent/algorithms/presets/<algo>.json} holds
 * <pre>{@code
 * {
 *   "default":            { ...settings for any environment... },
 *   "default_continuous": { ...for Box action spaces... },
 *   "default_image":      { ...for image observations (C, H, W)... },
 *   "envs": { "CartPole-v1": { ... }, ... }
 * }
 * }</pre>
 * Sections apply in that order, later ones overriding earlier ones, on top of the settings record's defaults;
 * {@code --set} overrides them all. The run-level key {@value #TOTAL_TIMESTEPS} gives the default budget.
 */
public final class Presets {
    /** The run-level key for the step budget. */
    public static final String TOTAL_TIMESTEPS = "total_timesteps";

    private Presets() {}

    /** The merged preset for {@code algo} on an environment with these spaces (may contain {@value #TOTAL_TIMESTEPS}). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> resolve(String algo, String envId, Box observationSpace, Space actionSpace) {
        Map<String, Object> file = load(algo);
        Map<String, Object> out = new LinkedHashMap<>();
        merge(out, file.get("default"));
        if (actionSpace instanceof Box) merge(out, file.get("default_continuous"));
        if (observationSpace.shape().length == 3) merge(out, file.get("default_image"));
        Object envs = file.get("envs");
        if (envs instanceof Map<?, ?> m) merge(out, m.get(envId));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> into, Object section) {
        if (section instanceof Map<?, ?> m) into.putAll((Map<String, Object>) m);
    }

    private static Map<String, Object> load(String algo) {
        String path = "/dev/ascent/algorithms/presets/" + algo + ".json";
        try (InputStream in = Presets.class.getResourceAsStream(path)) {
            if (in == null) return Map.of();
            return Json.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read preset " + path, e);
        }
    }
}
