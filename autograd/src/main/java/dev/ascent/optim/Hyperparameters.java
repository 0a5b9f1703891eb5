package dev.ascent.optim;

import java.util.Map;

/**
 * The settings of one parameter group, as an immutable value (each optimizer's {@code Config} record).
 * The learning rate is singled out because schedules change it; every value is also exposed by name
 * so that it can be saved in, and restored from, a state dict.
 *
 * @param <H> the implementing record type
 */
public interface Hyperparameters<H extends Hyperparameters<H>> {
    /** The learning rate. */
    double lr();

    /** A copy with another learning rate. */
    H withLr(double lr);

    /** Every setting by its PyTorch name ({@code lr}, {@code beta1}, {@code eps}, …); booleans are 0 or 1. */
    Map<String, Double> values();

    /** A copy with the named settings replaced; an unknown name is an {@link IllegalArgumentException}. */
    H withValues(Map<String, Double> values);

    /** Reads a boolean setting stored as 0/1. */
    static boolean flag(String name, double v) {
        if (v != 0 && v != 1) throw new IllegalArgumentException("hyperparameter " + name + " is a flag and must be 0 or 1, got " + v);
        return v == 1;
    }
}
