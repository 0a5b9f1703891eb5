package dev.ascent.algorithms.run;

import dev.ascent.algorithms.Algorithm;
import dev.ascent.algorithms.AlgorithmRegistry;
import dev.ascent.algorithms.Presets;
import dev.ascent.algorithms.SettingsBinder;
import dev.ascent.engine.backend.Backends;
import dev.ascent.envs.Env;
import dev.ascent.envs.Envs;
import dev.ascent.envs.spaces.Box;
import dev.ascent.envs.spaces.Space;
import dev.ascent.io.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every resolved setting of a run, as written to {@code config.json}: algorithm, environment, seed, budget
 * and the algorithm's settings (record defaults ← preset ← {@code --set}).
 *
 * @param algo algorithm name
 * @param envId environment id
 * @param seed the run's seed
 * @param totalTimesteps step budget
 * @param settings the algorithm's resolved settings ({@code snake_case} keys)
 */
public record RunConfig(String algo, String envId, long seed, long totalTimesteps, Map<String, Object> settings) {

    /** The Ascent version recorded in run directories. */
    public static final String ASCENT_VERSION = "0.1.0-SNAPSHOT";

    /**
     * Resolves a run from what the user typed.
     *
     * @param steps the budget, or null for the preset's
     * @param overrides {@code --set} values by key
     * @throws InvalidRunException naming what is wrong
     */
    public static RunConfig resolve(String algoName, String envId, Long steps, long seed, Map<String, String> overrides) {
        Algorithm<?> algo;
        try {
            algo = AlgorithmRegistry.get(algoName);
        } catch (IllegalArgumentException e) {
            throw new InvalidRunException(e.getMessage());
        }
        Box obs;
        Space act;
        try (Env env = Envs.make(envId)) {
            obs = env.observationSpace();
            act = env.actionSpace();
        } catch (IllegalArgumentException e) {
            throw new InvalidRunException(e.getMessage());
        }
        String unsupported = algo.support().check(obs, act);
        if (unsupported != null) throw new InvalidRunException(algo.name() + " cannot train on " + envId + ": " + unsupported);
        if (seed < 0) throw new InvalidRunException("--seed must be non-negative, got " + seed);
        Map<String, Object> values = new LinkedHashMap<>(Presets.resolve(algo.name(), envId, obs, act));
        long total = 100_000;
        Object presetSteps = values.remove(Presets.TOTAL_TIMESTEPS);
        if (presetSteps instanceof Number n) total = n.longValue();
        Map<String, Object> sets = new LinkedHashMap<>(overrides);
        Object setSteps = sets.remove(Presets.TOTAL_TIMESTEPS);
        if (setSteps != null) total = parseSteps(setSteps.toString());
        if (steps != null) total = steps;
        if (total <= 0) throw new InvalidRunException("the number of steps must be positive, got " + total);
        values.putAll(sets);
        Record settings;
        try {
            settings = algo.settings(values);
        } catch (IllegalArgumentException e) {
            throw new InvalidRunException(e.getMessage());
        }
        return new RunConfig(algo.name(), envId, seed, total, SettingsBinder.toMap(settings));
    }

    private static long parseSteps(String s) {
        try {
            double d = Double.parseDouble(s.replace("_", ""));
            if (d != Math.rint(d)) throw new NumberFormatException();
            return (long) d;
        } catch (NumberFormatException e) {
            throw new InvalidRunException("setting 'total_timesteps': '" + s + "' is not a valid whole number");
        }
    }

    /** The algorithm. */
    public Algorithm<?> algorithm() {
        return AlgorithmRegistry.get(algo);
    }

    /** The contents of {@code config.json}. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("algo", algo);
        m.put("env", envId);
        m.put("seed", seed);
        m.put("total_timesteps", totalTimesteps);
        m.put("settings", settings);
        m.put("ascent_version", ASCENT_VERSION);
        m.put("backend", Backends.active().description());
        m.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
        return m;
    }

    /** Writes {@code config.json} into {@code dir}. */
    public void write(Path dir) throws IOException {
        byte[] bytes = Json.writePretty(toJson()).getBytes(StandardCharsets.UTF_8);
        dev.ascent.io.AtomicFiles.write(dir.resolve("config.json"), ch -> ch.write(java.nio.ByteBuffer.wrap(bytes)));
    }

    /** Reads {@code dir/config.json}. */
    @SuppressWarnings("unchecked")
    public static RunConfig read(Path dir) {
        Path file = dir.resolve("config.json");
        if (!Files.isRegularFile(file)) throw new InvalidRunException(dir + " is not a run directory: it has no config.json");
        try {
            Map<String, Object> m = Json.parseObject(Files.readString(file, StandardCharsets.UTF_8));
            String algo = (String) m.get("algo");
            String env = (String) m.get("env");
            Number seed = (Number) m.get("seed"), total = (Number) m.get("total_timesteps");
            Map<String, Object> settings = (Map<String, Object>) m.get("settings");
            if (algo == null || env == null || seed == null || total == null || settings == null) {
                throw new InvalidRunException(file + " is incomplete: it needs algo, env, seed, total_timesteps and settings");
            }
            return new RunConfig(algo, env, seed.longValue(), total.longValue(), settings);
        } catch (IOException | IllegalArgumentException | ClassCastException e) {
            throw new InvalidRunException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
