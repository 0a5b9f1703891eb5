package dev.ascent.engine.backend;

/**
 * Service-provider entry for a backend, listed in {@code META-INF/services/dev.ascent.engine.backend.BackendProvider}.
 * Providers are cheap to instantiate. {@link Backends} asks {@link #isAvailable()} first, then calls
 * {@link #create()}, which is where native libraries get loaded.
 */
public interface BackendProvider {
    /** The name {@code -Dascent.backend=} selects, e.g. {@code openblas}. */
    String name();

    /** Higher wins when no backend is requested explicitly. The pure-Java backend has priority 0. */
    int priority();

    /**
     * Whether this backend can run on this machine at all, decided cheaply and without loading native code (for
     * CUDA: is there an NVIDIA driver). A provider that answers false is skipped quietly: a CPU-only machine is
     * the normal case for a GPU backend, not a problem worth a warning. The default, true, leaves the decision to
     * {@link #create()}.
     */
    default boolean isAvailable() {
        return true;
    }

    /**
     * Creates the backend. May throw anything (a missing library, another OS); {@link Backends} then logs one
     * warning naming the cause and falls back to the next provider. Only called when {@link #isAvailable()} is true.
     */
    Backend create() throws Exception;
}
