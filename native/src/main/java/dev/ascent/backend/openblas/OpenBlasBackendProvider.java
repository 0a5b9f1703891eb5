package dev.ascent.backend.openblas;

import dev.ascent.engine.backend.Backend;
import dev.ascent.engine.backend.BackendProvider;

/**
 * Registers the OpenBLAS backend under the name {@code openblas}, above the pure-Java backend.
 *
 * <p>This class must stay free of JavaCPP types in its signatures and initialiser: {@code ServiceLoader}
 * instantiates it on every machine, including those where the natives (or JavaCPP itself) are missing. Only
 * {@link #create()} touches them, and a failure there becomes one warning from {@code Backends} and a
 * fallback to the Java backend.
 */
public final class OpenBlasBackendProvider implements BackendProvider {
    /** Above Java (0), below CUDA (20): a GPU, when present, wins. */
    public static final int PRIORITY = 10;
    /** {@code dispatch} (default) or {@code native}: every gemm and convolution on OpenBLAS, for comparisons. */
    public static final String MODE_PROPERTY = "ascent.openblas.mode";

    @Override
    public String name() {
        return "openblas";
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Backend create() throws OpenBlasUnavailableException {
        String mode = System.getProperty(MODE_PROPERTY, "dispatch").trim();
        return switch (mode) {
            case "dispatch" -> OpenBlasBackend.create(OpenBlasBackend.Mode.DISPATCH);
            case "native" -> OpenBlasBackend.create(OpenBlasBackend.Mode.NATIVE_ONLY);
            default -> throw new IllegalArgumentException(MODE_PROPERTY + "=" + mode + " is neither 'dispatch' nor 'native'");
        };
    }
}
