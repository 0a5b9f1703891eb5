package dev.ascent.engine.backend;

import dev.ascent.engine.ops.Conv2dGeometry;

/**
 * The kernels a backend may replace. Everything else (elementwise maths, reductions, indexing) is
 * cheap relative to these and stays in the engine's pure-Java code, so a new backend is small:
 * a row-major sgemm and, optionally, faster convolutions.
 *
 * <p>All arrays are row-major float32 on the Java heap; offsets and leading dimensions are in
 * elements, as in CBLAS. A backend that keeps data elsewhere (native memory, a GPU) copies in and
 * out inside these calls, and is responsible for doing so without per-call allocation.
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader} through {@link BackendProvider};
 * see {@link Backends} for the selection rules.
 */
public interface Backend {

    /** Short stable name: {@code java}, {@code openblas}, {@code cuda}. */
    String name();

    /** Human-readable detail for logs and {@code config.json}: kernel flavour, thread count, device. */
    default String description() {
        return name();
    }

    /**
     * {@code C = alpha * op(A) * op(B) + beta * C} with {@code op(X) = X} or {@code X^T}; op(A) is m×k,
     * op(B) is k×n, C is m×n. When {@code beta == 0} C is overwritten, never read, as in BLAS (so NaN
     * garbage in C does not leak through).
     */
    void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
               float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
               float beta, float[] c, int cOff, int ldc);

    /**
     * {@code batch} independent sgemms whose operands start {@code strideA/B/C} elements apart. A stride
     * of 0 broadcasts that operand over the batch.
     */
    default void sgemmBatched(boolean transA, boolean transB, int m, int n, int k, float alpha,
                              float[] a, int aOff, int lda, int strideA,
                              float[] b, int bOff, int ldb, int strideB,
                              float beta, float[] c, int cOff, int ldc, int strideC, int batch) {
        for (int i = 0; i < batch; i++) {
            sgemm(transA, transB, m, n, k, alpha, a, aOff + i * strideA, lda, b, bOff + i * strideB, ldb,
                    beta, c, cOff + i * strideC, ldc);
        }
    }

    /** y[N,O,OH,OW] = conv2d(x[N,C,H,W], w[O,C,KH,KW]) without bias. */
    default void conv2d(float[] x, float[] w, float[] y, Conv2dGeometry g) {
        Im2colConvolution.forward(this, x, w, y, g);
    }

    /** dx[N,C,H,W] = the gradient of conv2d with respect to its input, given dy[N,O,OH,OW]. Overwrites dx. */
    default void conv2dInputGrad(float[] dy, float[] w, float[] dx, Conv2dGeometry g) {
        Im2colConvolution.inputGrad(this, dy, w, dx, g);
    }

    /** dw[O,C,KH,KW] = the gradient of conv2d with respect to its weight, given x and dy. Overwrites dw. */
    default void conv2dWeightGrad(float[] x, float[] dy, float[] dw, Conv2dGeometry g) {
        Im2colConvolution.weightGrad(this, x, dy, dw, g);
    }
}
