package dev.ascent.envs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keyword arguments for an environment's constructor, Gymnasium's {@code gym.make(id, **kwargs)}: typed getters
 * with defaults that remember which keys were read, so {@link Envs} can reject misspelled keys.
 */
public final class Kwargs {

    private final Map<String, Object> values;
    private final Set<String> used = new LinkedHashSet<>();

    /**
     * @param values the keyword arguments (copied)
     */
    public Kwargs(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** All values, read-only. */
    public Map<String, Object> asMap() {
        return values;
    }

    /**
     * A numeric argument.
     *
     * @param key the keyword
     * @param defaultValue value when absent
     * @return the value
     * @throws IllegalArgumentException if present but not a number
     */
    public double getDouble(String key, double defaultValue) {
        used.add(key);
        Object v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("keyword '" + key + "' must be a number, got " + v);
    }

    /**
     * An integer argument.
     *
     * @param key the keyword
     * @param defaultValue value when absent
     * @return the value
     * @throws IllegalArgumentException if present but not an integral number
     */
    public int getInt(String key, int defaultValue) {
        used.add(key);
        Object v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.intValue();
        }
        throw new IllegalArgumentException("keyword '" + key + "' must be an integer, got " + v);
    }

    /**
     * A boolean argument.
     *
     * @param key the keyword
     * @param defaultValue value when absent
     * @return the value
     * @throws IllegalArgumentException if present but not a boolean
     */
    public boolean getBoolean(String key, boolean defaultValue) {
        used.add(key);
        Object v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException("keyword '" + key + "' must be a boolean, got " + v);
    }

    /**
     * A string argument.
     *
     * @param key the keyword
     * @param defaultValue value when absent
     * @return the value
     */
    public String getString(String key, String defaultValue) {
        used.add(key);
        Object v = values.get(key);
        return v == null ? defaultValue : v.toString();
    }

    /**
     * Throws if a key was passed that the environment never read.
     *
     * @param envId for the message
     * @throws IllegalArgumentException naming the unexpected keys and the accepted ones
     */
    void requireAllUsed(String envId) {
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(used);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(envId + " got unexpected keyword argument(s) " + unknown
                    + (used.isEmpty() ? "; it takes none" : "; it accepts " + new TreeSet<>(used)));
        }
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
