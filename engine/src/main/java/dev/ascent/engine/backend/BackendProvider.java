package dev.ascent.engine.backend;

/**
 * Service-provider entry for a backend, listed in {@code META-INF/services/dev.ascent.engine.backend.BackendProvider}.
 * Providers are cheap to instantiate; {@link #create()} is where native libraries get loaded, and it may
 * throw anything (a missing library, another OS): {@link Backends} then falls back and logs one warning.
 */
public interface BackendProvider {
    /** The name {@code -Dascent.backend=} selects, e.g. {@code openblas}. */
    String name();

    /** Higher wins when no backend is requested explicitly. The pure-Java backend has priority 0. */
    int priority();

    Backend create() throws Exception;
}
