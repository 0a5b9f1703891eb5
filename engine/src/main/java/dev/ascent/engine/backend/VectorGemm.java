package dev.ascent.engine.backend;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD sgemm on the incubating Vector API. Only {@link VectorSupport} loads this class, and only when
 * the module is present.
 *
 * <p>Strategy, by shape (RL nets are mostly skinny):
 * <ul>
 *   <li>The core is a 4-row × 2-vector register-blocked micro-kernel over {@code C += A·B} with B
 *       contiguous along its rows, blocked over k (KC) and n (NC) so the B panel stays in L2.
 *       A may be read with any strides, so a transposed A costs nothing.</li>
 *   <li>{@code A·B^T} with few rows of A or few columns of C (batch-1 inference, value and logit heads)
 *       is a set of vectorised dot products: no packing.</li>
 *   <li>Other {@code A·B^T} packs B^T once into a per-thread buffer (k·n copies against m·n·k FMAs).</li>
 *   <li>A C narrower than one vector but tall (the first layer's weight gradient, [64,4]) is computed
 *       transposed, {@code C^T = op(B)^T op(A)^T}, so the vectors run along the long side.</li>
 * </ul>
 */
final class VectorGemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /**
     * Dot products end in a horizontal reduction, which is markedly cheaper on 256-bit vectors than on
     * 512-bit ones (measured here: 64 dots of length 64 take 350 ns against 480 ns).
     */
    private static final VectorSpecies<Float> D = S.length() > 8 ? FloatVector.SPECIES_256 : S;
    private static final int DL = D.length();
    private static final int KC = 256;
    private static final int NC = 1024;
    private static final ThreadLocal<float[]> PACK_A = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<float[]> SWAP_C = ThreadLocal.withInitial(() -> new float[0]);

    private VectorGemm() {}

    static int lanes() {
        return L;
    }

    static float[] scratch(ThreadLocal<float[]> tl, int size) {
        float[] s = tl.get();
        if (s.length < size) {
            s = new float[size];
            tl.set(s);
        }
        return s;
    }

    static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f) {
            ScalarGemm.scale(m, n, beta, c, cOff, ldc);
            return;
        }
        if (transB && !transA && (m < 4 || n < L)) {
            ScalarGemm.scale(m, n, beta, c, cOff, ldc);
            dots(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
            return;
        }
        if (n < L && m >= 2 * L) {
            ScalarGemm.scale(m, n, beta, c, cOff, ldc);
            swapped(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
            return;
        }
        // beta == 0: the first k-panel stores into C instead of adding to a zero-filled C (one pass less).
        boolean overwrite = beta == 0f;
        if (!overwrite) ScalarGemm.scale(m, n, beta, c, cOff, ldc);
        if (transB) {
            b = TransposeCache.transposed(b, bOff, ldb, n, k);
            bOff = 0;
            ldb = n;
        }
        int ars = transA ? 1 : lda, acs = transA ? lda : 1;
        blocked(m, n, k, alpha, a, aOff, ars, acs, b, bOff, ldb, c, cOff, ldc, overwrite);
    }

    /** dst[cols, rows] = src[rows, cols]^T (src with leading dimension ld). */
    static void transpose(float[] src, int off, int ld, int rows, int cols, float[] dst) {
        for (int r = 0; r < rows; r++) {
            int s = off + r * ld;
            for (int q = 0; q < cols; q++) dst[q * rows + r] = src[s + q];
        }
    }

    /** C^T[n,m] = op(B)^T · op(A)^T, then added into C. */
    private static void swapped(boolean transA, boolean transB, int m, int n, int k, float alpha,
                                float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                float[] c, int cOff, int ldc) {
        // Left operand: op(B)^T, element (j,p) = op(B)(p,j).
        int lrs = transB ? ldb : 1, lcs = transB ? 1 : ldb;
        // Right operand: op(A)^T [k,m], must be contiguous along m.
        float[] r;
        int rOff, ldr;
        if (transA) {
            r = a;
            rOff = aOff;
            ldr = lda;
        } else {
            r = scratch(PACK_A, k * m);
            transpose(a, aOff, lda, m, k, r);
            rOff = 0;
            ldr = m;
        }
        float[] ct = scratch(SWAP_C, n * m);
        blocked(n, m, k, alpha, b, bOff, lrs, lcs, r, rOff, ldr, ct, 0, m, true);
        for (int i = 0; i < m; i++) {
            int cr = cOff + i * ldc;
            for (int j = 0; j < n; j++) c[cr + j] += ct[j * m + i];
        }
    }

    /** C[i,j] += alpha * dot(A[i,:], B[j,:]) with both rows contiguous. */
    private static void dots(int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                             float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        int kv = k - k % DL;
        for (int i = 0; i < m; i++) {
            int ar = aOff + i * lda, cr = cOff + i * ldc;
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                int b0 = bOff + j * ldb, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
                float t0 = 0f, t1 = 0f, t2 = 0f, t3 = 0f;
                if (kv > 0) { // short rows (the 4 inputs of CartPole) skip the vector part and its reductions
                    FloatVector s0 = FloatVector.zero(D), s1 = s0, s2 = s0, s3 = s0;
                    for (int p = 0; p < kv; p += DL) {
                        FloatVector av = FloatVector.fromArray(D, a, ar + p);
                        s0 = FloatVector.fromArray(D, b, b0 + p).fma(av, s0);
                        s1 = FloatVector.fromArray(D, b, b1 + p).fma(av, s1);
                        s2 = FloatVector.fromArray(D, b, b2 + p).fma(av, s2);
                        s3 = FloatVector.fromArray(D, b, b3 + p).fma(av, s3);
                    }
                    t0 = s0.reduceLanes(VectorOperators.ADD);
                    t1 = s1.reduceLanes(VectorOperators.ADD);
                    t2 = s2.reduceLanes(VectorOperators.ADD);
                    t3 = s3.reduceLanes(VectorOperators.ADD);
                }
                for (int p = kv; p < k; p++) {
                    float av = a[ar + p];
                    t0 += av * b[b0 + p];
                    t1 += av * b[b1 + p];
                    t2 += av * b[b2 + p];
                    t3 += av * b[b3 + p];
                }
                c[cr + j] += alpha * t0;
                c[cr + j + 1] += alpha * t1;
                c[cr + j + 2] += alpha * t2;
                c[cr + j + 3] += alpha * t3;
            }
            for (; j < n; j++) {
                int b0 = bOff + j * ldb;
                float t0 = 0f;
                if (kv > 0) {
                    FloatVector s0 = FloatVector.zero(D);
                    for (int p = 0; p < kv; p += DL) {
                        s0 = FloatVector.fromArray(D, b, b0 + p).fma(FloatVector.fromArray(D, a, ar + p), s0);
                    }
                    t0 = s0.reduceLanes(VectorOperators.ADD);
                }
                for (int p = kv; p < k; p++) t0 += a[ar + p] * b[b0 + p];
                c[cr + j] += alpha * t0;
            }
        }
    }

    /** C += alpha · A·B with A(i,p) = a[aOff + i*ars + p*acs] and B row-major with leading dimension ldb. */
    private static void blocked(int m, int n, int k, float alpha, float[] a, int aOff, int ars, int acs,
                                float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean overwrite) {
        for (int p0 = 0; p0 < k; p0 += KC) {
            int p1 = Math.min(k, p0 + KC);
            boolean first = overwrite && p0 == 0;
            for (int j0 = 0; j0 < n; j0 += NC) {
                int j1 = Math.min(n, j0 + NC);
                int i = 0;
                for (; i + 4 <= m; i += 4) {
                    int j = j0;
                    for (; j + 2 * L <= j1; j += 2 * L) kernel4x2(i, j, p0, p1, alpha, a, aOff, ars, acs, b, bOff, ldb, c, cOff, ldc, first);
                    for (; j + L <= j1; j += L) kernel4x1(i, j, p0, p1, alpha, a, aOff, ars, acs, b, bOff, ldb, c, cOff, ldc, first);
                    for (int r = i; r < i + 4; r++) tail(r, j, j1, p0, p1, alpha, a, aOff, ars, acs, b, bOff, ldb, c, cOff, ldc, first);
                }
                for (; i < m; i++) {
                    int j = j0;
                    for (; j + L <= j1; j += L) kernel1x1(i, j, p0, p1, alpha, a, aOff, ars, acs, b, bOff, ldb, c, cOff, ldc, first);
                    tail(i, j, j1, p0, p1, alpha, a, aOff, ars, acs, b, bOff, ldb, c, cOff, ldc, first);
                }
            }
        }
    }

    private static void kernel4x2(int i, int j, int p0, int p1, float alpha, float[] a, int aOff, int ars, int acs,
                                  float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean first) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        int a0 = aOff + i * ars, a1 = a0 + ars, a2 = a1 + ars, a3 = a2 + ars;
        for (int p = p0; p < p1; p++) {
            int br = bOff + p * ldb + j, ap = p * acs;
            FloatVector b0 = FloatVector.fromArray(S, b, br);
            FloatVector b1 = FloatVector.fromArray(S, b, br + L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + ap]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(S, a[a1 + ap]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(S, a[a2 + ap]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(S, a[a3 + ap]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
        }
        FloatVector al = FloatVector.broadcast(S, alpha);
        int r = cOff + i * ldc + j;
        store(c00, al, c, r, first);
        store(c01, al, c, r + L, first);
        r += ldc;
        store(c10, al, c, r, first);
        store(c11, al, c, r + L, first);
        r += ldc;
        store(c20, al, c, r, first);
        store(c21, al, c, r + L, first);
        r += ldc;
        store(c30, al, c, r, first);
        store(c31, al, c, r + L, first);
    }

    private static void kernel4x1(int i, int j, int p0, int p1, float alpha, float[] a, int aOff, int ars, int acs,
                                  float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean first) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        int a0 = aOff + i * ars, a1 = a0 + ars, a2 = a1 + ars, a3 = a2 + ars;
        for (int p = p0; p < p1; p++) {
            int ap = p * acs;
            FloatVector b0 = FloatVector.fromArray(S, b, bOff + p * ldb + j);
            c0 = b0.fma(FloatVector.broadcast(S, a[a0 + ap]), c0);
            c1 = b0.fma(FloatVector.broadcast(S, a[a1 + ap]), c1);
            c2 = b0.fma(FloatVector.broadcast(S, a[a2 + ap]), c2);
            c3 = b0.fma(FloatVector.broadcast(S, a[a3 + ap]), c3);
        }
        FloatVector al = FloatVector.broadcast(S, alpha);
        int r = cOff + i * ldc + j;
        store(c0, al, c, r, first);
        store(c1, al, c, r + ldc, first);
        store(c2, al, c, r + 2 * ldc, first);
        store(c3, al, c, r + 3 * ldc, first);
    }

    private static void kernel1x1(int i, int j, int p0, int p1, float alpha, float[] a, int aOff, int ars, int acs,
                                  float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean first) {
        FloatVector c0 = FloatVector.zero(S);
        int a0 = aOff + i * ars;
        for (int p = p0; p < p1; p++) {
            c0 = FloatVector.fromArray(S, b, bOff + p * ldb + j).fma(FloatVector.broadcast(S, a[a0 + p * acs]), c0);
        }
        store(c0, FloatVector.broadcast(S, alpha), c, cOff + i * ldc + j, first);
    }

    /** Columns left over after the vector blocks, one row at a time. */
    private static void tail(int i, int j0, int j1, int p0, int p1, float alpha, float[] a, int aOff, int ars, int acs,
                             float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean first) {
        if (j0 >= j1) return;
        int a0 = aOff + i * ars, cr = cOff + i * ldc;
        for (int j = j0; j < j1; j++) {
            float s = 0f;
            for (int p = p0; p < p1; p++) s += a[a0 + p * acs] * b[bOff + p * ldb + j];
            c[cr + j] = first ? alpha * s : c[cr + j] + alpha * s;
        }
    }

    private static void store(FloatVector acc, FloatVector alpha, float[] c, int off, boolean first) {
        if (first) acc.mul(alpha).intoArray(c, off);
        else acc.fma(alpha, FloatVector.fromArray(S, c, off)).intoArray(c, off);
    }
}
