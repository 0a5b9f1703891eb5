package dev.ascent.backend.cuda;

/** A CUDA, cuBLAS or cuDNN call returned an error status. */
public final class CudaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CudaException(String message) {
        super(message);
    }
}
