package dev.ascent.backend.cuda;

import dev.ascent.engine.backend.Backend;
import dev.ascent.engine.backend.BackendProvider;

/**
 * Registers the CUDA backend under the name {@code cuda}, above OpenBLAS: a GPU, when present, wins.
 *
 * <p>Free of CUDA types, like every class {@code ServiceLoader} instantiates: the driver probe runs first, and
 * the CUDA classes are only touched inside {@link CudaBackend#create()}, which turns any {@code Throwable} into a
 * {@link CudaUnavailableException}. Without a driver {@link #isAvailable()} says so and {@code Backends} moves on
 * quietly (a CPU-only machine is normal); with one, a failing load is one warning and the next provider.
 */
public final class CudaBackendProvider implements BackendProvider {
    public static final int PRIORITY = 20;

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public boolean isAvailable() {
        return CudaDriverProbe.absenceReason() == null;
    }

    @Override
    public Backend create() throws CudaUnavailableException {
        String absent = CudaDriverProbe.absenceReason();
        if (absent != null) throw new CudaUnavailableException(absent);
        return CudaBackend.create();
    }
}
