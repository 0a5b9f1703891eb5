package dev.ascent.envs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Helpers for the read-only info maps of {@link ResetResult} and {@link StepResult}. */
public final class Infos {

    private Infos() {
    }

    /**
     * A read-only copy of {@code info} with one more entry, leaving {@code info} untouched (it may be immutable
     * and shared).
     *
     * @param info the original map
     * @param key the new key; must not already be present
     * @param value the value
     * @return the new map
     * @throws IllegalStateException if {@code key} is already present (Gymnasium asserts the same in
     *     RecordEpisodeStatistics)
     */
    public static Map<String, Object> with(Map<String, Object> info, String key, Object value) {
        if (info.containsKey(key)) {
            throw new IllegalStateException("info already contains key '" + key + "': " + info.keySet());
        }
        Map<String, Object> copy = new LinkedHashMap<>(info);
        copy.put(key, value);
        return Collections.unmodifiableMap(copy);
    }
}
