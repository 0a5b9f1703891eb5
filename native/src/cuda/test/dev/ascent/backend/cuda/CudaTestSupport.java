package dev.ascent.backend.cuda;

/**
 * Whether the GPU tests can run here. Used by {@code @EnabledIf} on every {@code gpu}-tagged class, so on a machine
 * without a device they are reported as skipped (with this reason), never as passed.
 */
public final class CudaTestSupport {
    private static volatile Boolean available;

    private CudaTestSupport() {}

    /** True when a CUDA backend can be created on this machine. */
    public static boolean deviceAvailable() {
        Boolean a = available;
        if (a == null) {
            a = probe();
            available = a;
        }
        return a;
    }

    private static boolean probe() {
        if (CudaDriverProbe.absenceReason() != null) return false;
        try {
            CudaBackend.create().close();
            return true;
        } catch (Throwable t) {
            return false;
        }
    }

    static CudaBackend create() {
        try {
            return CudaBackend.create();
        } catch (CudaUnavailableException e) {
            throw new AssertionError("a device was detected but the CUDA backend failed to start", e);
        }
    }
}
