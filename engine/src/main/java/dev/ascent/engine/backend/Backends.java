package dev.ascent.engine.backend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Chooses the active backend once, at first use:
 * <ol>
 *   <li>{@code -Dascent.backend=java|openblas|cuda} picks by name (an unknown or unloadable name falls back to
 *       Java with a warning, it never crashes);</li>
 *   <li>otherwise the highest-priority provider whose {@code create()} succeeds;</li>
 *   <li>the pure-Java backend is always there, with priority 0.</li>
 * </ol>
 * A provider that reports {@linkplain BackendProvider#isAvailable() unavailable} (CUDA without a driver) is skipped
 * without a warning, unless it was requested by name. One that is available but fails to load (OpenBLAS natives for
 * another platform) logs one warning with the cause.
 * {@link #active()} tells which one runs; {@link #setActive(Backend)} overrides it (tests, benchmarks).
 */
public final class Backends {
    private static final System.Logger LOG = System.getLogger(Backends.class.getName());
    private static volatile Backend active;

    private Backends() {}

    /** The backend every op dispatches to. */
    public static Backend active() {
        Backend b = active;
        if (b == null) {
            synchronized (Backends.class) {
                if (active == null) active = choose(System.getProperty("ascent.backend"));
                b = active;
            }
        }
        return b;
    }

    /** Replaces the active backend for the whole JVM (the previous one is returned so it can be restored). */
    public static synchronized Backend setActive(Backend backend) {
        Backend previous = active();
        active = backend;
        return previous;
    }

    /** Every backend that can be created on this machine, best first. Used by the conformance suite. */
    public static List<Backend> available() {
        List<Backend> out = new ArrayList<>();
        for (BackendProvider p : providers()) {
            try {
                if (p.isAvailable()) out.add(p.create());
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.DEBUG, "backend " + p.name() + " is not available: " + t);
            }
        }
        return out;
    }

    /** The names of all registered providers, whether or not they can load here. */
    public static List<String> registeredNames() {
        List<String> names = new ArrayList<>();
        for (BackendProvider p : providers()) names.add(p.name());
        return names;
    }

    private static List<BackendProvider> providers() {
        List<BackendProvider> list = new ArrayList<>();
        list.add(new JavaBackend.Provider());
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
            if (!p.name().equals("java")) list.add(p);
        }
        list.sort(Comparator.comparingInt(BackendProvider::priority).reversed());
        return list;
    }

    static Backend choose(String requested) {
        return choose(requested, providers());
    }

    /** The selection rules over the given providers (best first); package-private for tests. */
    static Backend choose(String requested, List<BackendProvider> providers) {
        if (requested != null && !requested.isBlank()) {
            for (BackendProvider p : providers) {
                if (p.name().equalsIgnoreCase(requested.trim())) {
                    try {
                        // Asked for by name: an unavailable backend is worth a warning here.
                        if (!p.isAvailable()) throw new IllegalStateException("the provider reports it cannot run on this machine");
                        return p.create();
                    } catch (Throwable t) {
                        LOG.log(System.Logger.Level.WARNING, "ascent.backend=" + requested
                                + " could not be loaded (" + t + "); falling back to the pure-Java backend");
                        return new JavaBackend();
                    }
                }
            }
            List<String> names = new ArrayList<>();
            for (BackendProvider p : providers) names.add(p.name());
            LOG.log(System.Logger.Level.WARNING, "ascent.backend=" + requested + " is not a known backend "
                    + names + "; using the pure-Java backend");
            return new JavaBackend();
        }
        List<String> failures = new ArrayList<>();
        Backend chosen = null;
        for (BackendProvider p : providers) {
            try {
                if (!p.isAvailable()) {
                    LOG.log(System.Logger.Level.DEBUG, "backend " + p.name() + " is not available on this machine; skipped");
                    continue;
                }
                chosen = p.create();
                break;
            } catch (Throwable t) {
                failures.add("backend " + p.name() + " could not be loaded (" + t + ")");
            }
        }
        if (chosen == null) chosen = new JavaBackend();
        // Logged once the outcome is known, so the warning says what runs instead.
        for (String f : failures) LOG.log(System.Logger.Level.WARNING, f + "; using " + chosen.name() + " instead");
        return chosen;
    }
}
