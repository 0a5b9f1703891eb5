package dev.ascent.engine.backend;

import java.util.Arrays;

/**
 * Plain-Java sgemm, the fallback when the Vector API is absent, written so that C2's superword pass
 * vectorises its inner loops (about 5× the naive i-p-j loop at n = 256).
 *
 * <p>Structure: op(B) is packed, a panel of at most {@link #NC} columns at a time, into a per-thread
 * {@code float[][]} with <em>one array per row of the panel</em>; each row of C is accumulated in a
 * per-thread array, four panel rows per pass: {@code acc[j] = acc[j] + a0*b0[j] + a1*b1[j] + a2*b2[j] + a3*b3[j]}.
 * Why this shape: JDK 17's superword refuses to vectorise a loop that touches one array at two
 * different loop-invariant offsets (it cannot rule out overlap), which is exactly what the obvious
 * register-blocked loops over rows of one C or one B array do. Distinct arrays indexed by the loop
 * variable alone vectorise. Two rows of C per pass (two accumulators, six arrays) vectorised only without
 * loop predication ({@code -XX:-UseLoopPredicate}): with the JVM's defaults C2 left that loop scalar, at a
 * quarter of the speed, so one row per pass it is.
 *
 * <p>Determinism: every output is {@code alpha * s + beta * c} with {@code s} summed over p in ascending
 * order, one rounding per multiply and per add (Java never fuses them), whatever the blocking and
 * whether or not C2 vectorised the loop. So the bits are the same every call and at every JIT tier.
 */
final class ScalarGemm {
    /** Panel width: the accumulators (2 × NC floats) and four panel rows stay in L1. */
    private static final int NC = 512;
    /** The packed panel (k × panel width) should stay in L2; wider k gets narrower panels, down to {@link #MIN_NC}. */
    private static final int PANEL_FLOATS = 1 << 17;
    private static final int MIN_NC = 32;

    private static final class Scratch {
        float[][] panel = new float[0][];
        final float[] acc = new float[NC];

        /** At least {@code rows} rows of at least {@code width} floats; rows grow on demand, so memory stays near
         *  what the largest panels need (wide ones have few rows). */
        float[][] panel(int rows, int width) {
            if (panel.length < rows) panel = Arrays.copyOf(panel, rows);
            for (int p = 0; p < rows; p++) {
                if (panel[p] == null || panel[p].length < width) panel[p] = new float[width];
            }
            return panel;
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private ScalarGemm() {}

    static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f) {
            scale(m, n, beta, c, cOff, ldc);
            return;
        }
        // A(i,p) is a[i*ars + p*acs]: a transposed A costs nothing here, its elements are read one at a time.
        int ars = transA ? 1 : lda, acs = transA ? lda : 1;
        if (transB && m <= 2) {
            // One or two rows against B^T (batch-1 inference): dot products beat packing all of B.
            dots(m, n, k, alpha, a, aOff, ars, acs, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        Scratch s = SCRATCH.get();
        int width = Math.min(NC, Math.min(n, Math.max(MIN_NC, (PANEL_FLOATS / k) & -16)));
        float[][] panel = s.panel(k, width);
        float[] acc = s.acc;
        for (int j0 = 0; j0 < n; j0 += width) {
            int w = Math.min(width, n - j0);
            pack(transB, k, w, b, bOff + (transB ? j0 * ldb : j0), ldb, panel);
            for (int i = 0; i < m; i++) {
                accumulate(k, w, a, aOff + i * ars, acs, panel, acc);
                store(w, alpha, acc, beta, c, cOff + i * ldc + j0);
            }
        }
    }

    /** panel[p][0..w) = op(B)[p, 0..w) for the w columns starting at b[off]. */
    private static void pack(boolean transB, int k, int w, float[] b, int off, int ldb, float[][] panel) {
        if (!transB) {
            for (int p = 0; p < k; p++) System.arraycopy(b, off + p * ldb, panel[p], 0, w);
        } else {
            // op(B)[p, j] = b[j*ldb + p]: walk B's rows (contiguous) and scatter down the panel's column j.
            for (int j = 0; j < w; j++) {
                int br = off + j * ldb;
                for (int p = 0; p < k; p++) panel[p][j] = b[br + p];
            }
        }
    }

    /** acc = A(row, :)·panel over the first w columns, p ascending. */
    private static void accumulate(int k, int w, float[] a, int ar, int acs, float[][] panel, float[] acc) {
        Arrays.fill(acc, 0, w, 0f);
        int p = 0;
        for (; p + 4 <= k; p += 4) {
            int q = ar + p * acs;
            step1x4(w, a[q], a[q + acs], a[q + 2 * acs], a[q + 3 * acs], panel[p], panel[p + 1], panel[p + 2], panel[p + 3], acc);
        }
        for (; p < k; p++) step1x1(w, a[ar + p * acs], panel[p], acc);
    }

    // The step loops touch only distinct arrays at index j; left-to-right additions keep the order of p.

    private static void step1x4(int w, float a0, float a1, float a2, float a3,
                                float[] b0, float[] b1, float[] b2, float[] b3, float[] acc) {
        for (int j = 0; j < w; j++) acc[j] = acc[j] + a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
    }

    private static void step1x1(int w, float a0, float[] b0, float[] acc) {
        for (int j = 0; j < w; j++) acc[j] = acc[j] + a0 * b0[j];
    }

    /** c[cr + j] = alpha * acc[j] + beta * c[cr + j], never reading C when beta == 0. */
    private static void store(int w, float alpha, float[] acc, float beta, float[] c, int cr) {
        if (beta == 0f) {
            for (int j = 0; j < w; j++) c[cr + j] = alpha * acc[j];
        } else {
            for (int j = 0; j < w; j++) c[cr + j] = alpha * acc[j] + beta * c[cr + j];
        }
    }

    /** C[i,j] = alpha * dot(A(i,:), B[j,:]) + beta * C[i,j], four independent sums at a time. */
    private static void dots(int m, int n, int k, float alpha, float[] a, int aOff, int ars, int acs,
                             float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ar = aOff + i * ars, cr = cOff + i * ldc;
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                int b0 = bOff + j * ldb, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
                float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
                for (int p = 0; p < k; p++) {
                    float av = a[ar + p * acs];
                    s0 += av * b[b0 + p];
                    s1 += av * b[b1 + p];
                    s2 += av * b[b2 + p];
                    s3 += av * b[b3 + p];
                }
                c[cr + j] = combine(alpha, s0, beta, c[cr + j]);
                c[cr + j + 1] = combine(alpha, s1, beta, c[cr + j + 1]);
                c[cr + j + 2] = combine(alpha, s2, beta, c[cr + j + 2]);
                c[cr + j + 3] = combine(alpha, s3, beta, c[cr + j + 3]);
            }
            for (; j < n; j++) {
                int b0 = bOff + j * ldb;
                float s0 = 0f;
                for (int p = 0; p < k; p++) s0 += a[ar + p * acs] * b[b0 + p];
                c[cr + j] = combine(alpha, s0, beta, c[cr + j]);
            }
        }
    }

    private static float combine(float alpha, float s, float beta, float old) {
        return beta == 0f ? alpha * s : alpha * s + beta * old;
    }

    /** C *= beta, with beta == 0 meaning "overwrite" as in BLAS. */
    static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        if (beta == 1f) return;
        for (int i = 0; i < m; i++) {
            int r = cOff + i * ldc;
            if (beta == 0f) Arrays.fill(c, r, r + n, 0f);
            else for (int j = 0; j < n; j++) c[r + j] *= beta;
        }
    }
}
