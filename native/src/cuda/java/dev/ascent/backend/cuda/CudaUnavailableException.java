package dev.ascent.backend.cuda;

/** No usable CUDA device on this machine (no driver, no device, or the CUDA libraries failed to load). */
public final class CudaUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public CudaUnavailableException(String message) {
        super(message);
    }

    public CudaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
