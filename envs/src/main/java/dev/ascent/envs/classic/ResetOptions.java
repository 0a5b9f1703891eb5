package dev.ascent.envs.classic;

import java.util.Map;

/** Parsing of the reset options the classic-control environments accept ({@code classic_control/utils.py}). */
final class ResetOptions {

    private ResetOptions() {
    }

    /**
     * {@code maybe_parse_reset_bounds}: {@code options["low"]}/{@code options["high"]} or the defaults.
     *
     * @return {@code {low, high}}
     * @throws IllegalArgumentException if a value is not a number or low > high
     */
    static double[] bounds(Map<String, Object> options, double defaultLow, double defaultHigh) {
        double low = number(options, "low", defaultLow);
        double high = number(options, "high", defaultHigh);
        if (low > high) {
            throw new IllegalArgumentException("Lower bound (" + low + ") must be lower than higher bound (" + high + ").");
        }
        return new double[] {low, high};
    }

    /** {@code verify_number_and_cast(options.get(key))} or the default when the key is absent. */
    static double number(Map<String, Object> options, String key, double defaultValue) {
        if (!options.containsKey(key)) {
            return defaultValue;
        }
        Object value = options.get(key);
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof String s) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("An option (" + s + ") could not be converted to a float.", e);
            }
        }
        throw new IllegalArgumentException("An option (" + value + ") could not be converted to a float.");
    }

    /** Validates a state vector for {@code setState}. */
    static void checkState(String env, double[] state, int length) {
        if (state == null || state.length != length) {
            throw new IllegalArgumentException(env + " state must have " + length + " values, got "
                    + (state == null ? "null" : state.length));
        }
        for (int i = 0; i < length; i++) {
            if (Double.isNaN(state[i])) {
                throw new IllegalArgumentException(env + " state has NaN at index " + i);
            }
        }
    }
}
