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
                out.add(p.create());
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
        List<BackendProvider> providers = providers();
        if (requested != null && !requested.isBlank()) {
            for (BackendProvider p : providers) {
                if (p.name().equalsIgnoreCase(requested.trim())) {
                    try {
                        return p.create();
                    } catch (Throwable t) {
                        LOG.log(System.Logger.Level.WARNING, "ascent.backend=" + requested
                                + " could not be loaded (" + t + "); falling back to the pure-Java backend");
                        return new JavaBackend();
                    }
                }
            }
            LOG.log(System.Logger.Level.WARNING, "ascent.backend=" + requested + " is not a known backend "
                    + registeredNames() + "; using the pure-Java backend");
            return new JavaBackend();
        }
        for (BackendProvider p : providers) {
            try {
                return p.create();
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.WARNING, "backend " + p.name() + " could not be loaded (" + t
                        + "); trying the next one");
            }
        }
        return new JavaBackend();
    }
}
