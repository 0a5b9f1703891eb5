package dev.ascent.backend.openblas;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Loads the OpenBLAS natives bundled in the {@code org.bytedeco:openblas} platform jar, once per JVM,
 * and owns the process-wide BLAS thread count.
 *
 * <p>Only {@code openblas_nolapack} is loaded: it is all of BLAS, and it extracts one library instead
 * of the LAPACK-bearing ones. The thread count defaults to 1 ({@code -Dascent.blas.threads=N} changes it):
 * RL networks are small, and environment workers want the other cores; letting OpenBLAS spawn a thread
 * per core on top of them is the oversubscription that makes DL4J slow on small nets.
 *
 * <p>A load failure (another OS, missing glibc, a classifier jar left out) is remembered and rethrown as
 * an {@link OpenBlasUnavailableException} on every later attempt, so the caller sees the original cause
 * and not the {@code NoClassDefFoundError} the JVM reports the second time round.
 */
public final class OpenBlasLibrary {
    /** System property for the BLAS thread count. */
    public static final String THREADS_PROPERTY = "ascent.blas.threads";

    private static final System.Logger LOG = System.getLogger(OpenBlasLibrary.class.getName());
    private static final Object LOCK = new Object();
    private static volatile boolean loaded;
    private static volatile Throwable failure;
    /** The count last set through {@link #setThreads}, readable without a native call on every gemm. */
    private static volatile int threadsSet = 1;

    private OpenBlasLibrary() {}

    /**
     * Makes sure the natives are loaded and the thread count is applied. Cheap after the first call.
     *
     * @throws OpenBlasUnavailableException if the natives cannot be loaded on this machine
     */
    public static void ensureLoaded() throws OpenBlasUnavailableException {
        if (loaded) return;
        synchronized (LOCK) {
            if (loaded) return;
            if (failure != null) throw unavailable(failure);
            try {
                Loader.load(openblas_nolapack.class);
                setThreads(configuredThreads());
                loaded = true;
            } catch (Throwable t) {
                // UnsatisfiedLinkError, NoClassDefFoundError (javacpp missing), ExceptionInInitializerError...
                failure = t;
                throw unavailable(t);
            }
        }
    }

    private static OpenBlasUnavailableException unavailable(Throwable cause) {
        return new OpenBlasUnavailableException("OpenBLAS natives for " + platform() + " could not be loaded: " + cause, cause);
    }

    /** The JavaCPP platform name of this JVM, or the OS/arch pair if JavaCPP itself is missing. */
    static String platform() {
        try {
            return Loader.getPlatform();
        } catch (Throwable t) {
            return System.getProperty("os.name") + "-" + System.getProperty("os.arch");
        }
    }

    /** Sets the number of threads every subsequent BLAS call may use. Process-wide, as OpenBLAS itself is. */
    public static void setThreads(int threads) {
        if (threads < 1) throw new IllegalArgumentException("BLAS thread count must be >= 1, got " + threads);
        org.bytedeco.openblas.presets.openblas_nolapack.blas_set_num_threads(threads);
        threadsSet = threads;
    }

    /** The thread count last set through {@link #setThreads} (1 before the natives are loaded). */
    static int threadsSet() {
        return threadsSet;
    }

    /** The thread count OpenBLAS reports now. */
    public static int threads() {
        return org.bytedeco.openblas.presets.openblas_nolapack.blas_get_num_threads();
    }

    /** OpenBLAS's version string, e.g. {@code OpenBLAS 0.3.31}. */
    public static String version() {
        return openblas_nolapack.OPENBLAS_VERSION.trim();
    }

    /** {@value #THREADS_PROPERTY}, or 1; an unparsable or non-positive value is reported and ignored. */
    static int configuredThreads() {
        String s = System.getProperty(THREADS_PROPERTY);
        if (s == null || s.isBlank()) return 1;
        try {
            int n = Integer.parseInt(s.trim());
            if (n >= 1) return n;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        LOG.log(System.Logger.Level.WARNING, THREADS_PROPERTY + "=" + s + " is not a positive integer; using 1 BLAS thread");
        return 1;
    }
}
