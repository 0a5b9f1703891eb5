package dev.ascent.engine.backend;

/**
 * Plain-loop sgemm, the fallback when the Vector API is absent. Loop orders keep the innermost loop
 * contiguous for every transpose combination (i-p-j for the axpy forms, dot products for A·B^T).
 */
final class ScalarGemm {
    private ScalarGemm() {}

    static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        scale(m, n, beta, c, cOff, ldc);
        if (k == 0 || alpha == 0f) return;
        if (!transB) {
            // C[i,:] += alpha * A(i,p) * B[p,:]; A(i,p) is a[i*lda+p] or, transposed, a[p*lda+i].
            int ars = transA ? 1 : lda, acs = transA ? lda : 1;
            for (int i = 0; i < m; i++) {
                int cr = cOff + i * ldc;
                for (int p = 0; p < k; p++) {
                    float av = alpha * a[aOff + i * ars + p * acs];
                    int br = bOff + p * ldb;
                    for (int j = 0; j < n; j++) c[cr + j] += av * b[br + j];
                }
            }
        } else {
            // C[i,j] += alpha * sum_p A(i,p) * B[j,p]: dot products along contiguous rows of B.
            int ars = transA ? 1 : lda, acs = transA ? lda : 1;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float s = 0f;
                    int br = bOff + j * ldb;
                    for (int p = 0; p < k; p++) s += a[aOff + i * ars + p * acs] * b[br + p];
                    c[cOff + i * ldc + j] += alpha * s;
                }
            }
        }
    }

    /** C *= beta, with beta == 0 meaning "overwrite" as in BLAS. */
    static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        if (beta == 1f) return;
        for (int i = 0; i < m; i++) {
            int r = cOff + i * ldc;
            if (beta == 0f) java.util.Arrays.fill(c, r, r + n, 0f);
            else for (int j = 0; j < n; j++) c[r + j] *= beta;
        }
    }
}
