package dev.ascent.algorithms;

/**
 * Training produced a NaN or an infinity. Raised before the optimizer step that would have written it into the
 * parameters, so the model and the last checkpoint stay good.
 */
public final class NonFiniteLossException extends RuntimeException {
    private final String quantity;
    private final long iteration;

    public NonFiniteLossException(String quantity, double value, long iteration, long globalStep) {
        super(quantity + " became " + value + " at update " + iteration + " (step " + globalStep + ")");
        this.quantity = quantity;
        this.iteration = iteration;
    }

    /** The quantity that was not finite ({@code value_loss}, {@code grad_norm}, …). */
    public String quantity() {
        return quantity;
    }

    /** The update (1-based iteration) at which it happened. */
    public long iteration() {
        return iteration;
    }
}
