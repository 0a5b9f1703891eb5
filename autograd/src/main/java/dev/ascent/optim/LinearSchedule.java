package dev.ascent.optim;

/**
 * A value that moves linearly from {@code start} to {@code end} over {@code steps} steps and then stays at
 * {@code end}: learning-rate annealing, exploration ε, PPO's clip range. CleanRL's PPO annealing,
 * {@code lr = (1 - (update - 1) / numUpdates) · lr₀}, is {@code new LinearSchedule(lr₀, 0, numUpdates).value(update - 1)}.
 */
public record LinearSchedule(double start, double end, long steps) {
    public LinearSchedule {
        if (steps <= 0) throw new IllegalArgumentException("LinearSchedule: steps must be positive, got " + steps);
        if (!Double.isFinite(start) || !Double.isFinite(end)) {
            throw new IllegalArgumentException("LinearSchedule: start and end must be finite, got " + start + " and " + end);
        }
    }

    /** The value after {@code step} steps (clamped to [0, steps]). */
    public double value(long step) {
        double frac = Math.min(1.0, Math.max(0.0, step / (double) steps));
        return start + (end - start) * frac;
    }

    /** Sets the learning rate of every group of {@code optimizer} to {@link #value(long) value(step)}. */
    public void apply(Optimizer<?> optimizer, long step) {
        optimizer.setLearningRate(value(step));
    }
}
