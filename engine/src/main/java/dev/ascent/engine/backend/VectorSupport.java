package dev.ascent.engine.backend;

/**
 * Whether the incubating Vector API can be used. The check never touches {@code jdk.incubator.vector}
 * classes unless the module is in the boot layer, so a JVM started without the flag simply gets the
 * scalar kernels instead of a {@code NoClassDefFoundError}.
 */
public final class VectorSupport {
    public static final boolean AVAILABLE = detect();

    private VectorSupport() {}

    private static boolean detect() {
        if ("false".equalsIgnoreCase(System.getProperty("ascent.vector"))) return false;
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return false;
        try {
            // Loading the kernel class initialises the species; anything odd (an exotic CPU) falls back.
            return VectorGemm.lanes() >= 4;
        } catch (Throwable t) {
            return false;
        }
    }

    public static String speciesName() {
        return AVAILABLE ? VectorGemm.lanes() * 32 + "-bit" : "none";
    }
}
