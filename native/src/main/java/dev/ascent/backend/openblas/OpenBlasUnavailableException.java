package dev.ascent.backend.openblas;

/** The OpenBLAS natives cannot be used on this machine; the cause says why. */
public final class OpenBlasUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public OpenBlasUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
