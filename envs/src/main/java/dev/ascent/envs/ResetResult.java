package dev.ascent.envs;

import java.util.Arrays;
import java.util.Map;

/**
 * What {@link Env#reset()} returns: Gymnasium's {@code (observation, info)} pair.
 *
 * @param observation the first observation of the episode (flat, row-major; owned by the caller)
 * @param info auxiliary diagnostics; read-only, often empty
 */
public record ResetResult(float[] observation, Map<String, Object> info) {

    /** Validates non-null components. */
    public ResetResult {
        if (observation == null) {
            throw new NullPointerException("observation");
        }
        if (info == null) {
            throw new NullPointerException("info");
        }
    }

    /** A reset result with an empty info map. */
    public static ResetResult of(float[] observation) {
        return new ResetResult(observation, Map.of());
    }

    /** The same result with another observation. */
    public ResetResult withObservation(float[] newObservation) {
        return new ResetResult(newObservation, info);
    }

    /** The same result with another info map. */
    public ResetResult withInfo(Map<String, Object> newInfo) {
        return new ResetResult(observation, newInfo);
    }

    @Override
    public String toString() {
        return "ResetResult[observation=" + Arrays.toString(observation) + ", info=" + info + "]";
    }
}
