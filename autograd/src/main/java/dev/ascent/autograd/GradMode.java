package dev.ascent.autograd;

/**
 * Whether ops record the graph, per thread (so A3C workers and an evaluation thread do not interfere).
 * {@link Autograd#noGrad()} and {@link Autograd#enableGrad()} return scopes for try-with-resources.
 */
public final class GradMode implements AutoCloseable {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});
    private final boolean previous;

    GradMode(boolean enabled) {
        boolean[] flag = ENABLED.get();
        previous = flag[0];
        flag[0] = enabled;
    }

    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** Restores the mode that was in force when this scope opened. */
    @Override
    public void close() {
        ENABLED.get()[0] = previous;
    }
}
