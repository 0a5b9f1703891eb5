package dev.ascent.engine;

import dev.ascent.engine.backend.Backend;
import dev.ascent.engine.backend.Backends;
import dev.ascent.engine.ops.Conv2dGeometry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The op conformance suite every backend runs (DJL's pattern): subclass it, return the backend, and the
 * same checks run against that backend's kernels. References are computed here in double precision with
 * naive loops that share no code with any backend.
 */
public abstract class BackendConformance {
    private Backend previous;

    protected abstract Backend backend();

    @BeforeEach
    void activate() {
        previous = Backends.setActive(backend());
    }

    @AfterEach
    void restore() {
        Backends.setActive(previous);
    }

    static float[] random(Rng rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = rng.uniform(-1f, 1f);
        return a;
    }

    /** C = alpha op(A) op(B) + beta C in double. */
    static double[] referenceGemm(boolean ta, boolean tb, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                                  float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        double[] out = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double av = ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    double bv = tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    s += av * bv;
                }
                double prior = beta == 0f ? 0 : beta * (double) c[cOff + i * ldc + j];
                out[i * n + j] = alpha * s + prior;
            }
        }
        return out;
    }

    private void checkGemm(boolean ta, boolean tb, int m, int n, int k, float alpha, float beta, int pad, long seed) {
        Rng rng = new Rng(seed);
        int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
        int lda = aCols + pad, ldb = bCols + pad, ldc = n + pad;
        int off = pad;
        float[] a = random(rng, off + Math.max(1, aRows) * lda);
        float[] b = random(rng, off + Math.max(1, bRows) * ldb);
        float[] c = random(rng, off + Math.max(1, m) * ldc);
        if (beta == 0f) java.util.Arrays.fill(c, Float.NaN); // beta = 0 must not read C
        float[] before = c.clone();
        double[] ref = referenceGemm(ta, tb, m, n, k, alpha, a, off, lda, b, off, ldb, beta, before, off, ldc);
        backend().sgemm(ta, tb, m, n, k, alpha, a, off, lda, b, off, ldb, beta, c, off, ldc);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double want = ref[i * n + j];
                float got = c[off + i * ldc + j];
                assertEquals(want, got, 1e-5 * Math.max(1, k) + 1e-5 * Math.abs(want),
                        () -> backend().name() + " sgemm ta=" + ta + " tb=" + tb + " m=" + m + " n=" + n + " k=" + k);
            }
            for (int j = n; j < ldc; j++) {
                int at = off + i * ldc + j;
                if (at < c.length) assertEquals(before[at], c[at], 0f, "sgemm wrote outside C's columns");
            }
        }
    }

    @Test
    void sgemmAllTransposesAndShapes() {
        int[][] shapes = {{1, 1, 1}, {1, 64, 64}, {1, 2, 64}, {3, 5, 7}, {4, 33, 17}, {5, 64, 4}, {64, 64, 64},
                {65, 2, 64}, {64, 4, 100}, {100, 1, 64}, {37, 70, 90}, {130, 35, 300}, {8, 8, 8}, {2, 3, 0}};
        long seed = 1;
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                checkGemm((t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], 1f, 0f, 0, seed++);
                checkGemm((t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], 0.5f, 1f, 3, seed++);
                checkGemm((t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], -2f, 0.25f, 1, seed++);
            }
        }
    }

    @Test
    void sgemmAroundKernelAndBlockEdges() {
        // Sizes on both sides of the Java kernels' edges: vector width (8/16 lanes), the two- and four-vector
        // strips, the 4-row micro-kernels, the k-panel (128), the row block (128), short k (1 to 4: the first
        // layer, the backward of a 2-action head), B read in place or packed, and the skinny
        // transposed-output path (n below one vector).
        int[][] shapes = {{13, 47, 2}, {9, 33, 1}, {16, 17, 31}, {12, 48, 257}, {17, 49, 256}, {8, 32, 255},
                {129, 40, 9}, {131, 64, 64}, {40, 3, 5}, {33, 15, 70}, {128, 2, 64}, {64, 64, 2}, {7, 31, 513},
                {20, 1040, 3}, {2, 64, 300}, {6, 100, 64}, {10, 64, 129}, {5, 70, 128}, {9, 65, 20}, {6, 112, 9},
                {12, 96, 130}, {5, 63, 33}, {11, 70, 3}, {7, 20, 4}, {8, 64, 300}, {20, 64, 300}};
        checkShapesAllTransposes(shapes, 500);
    }

    @Test
    void sgemmWithManyColumnsAroundBlockEdges() {
        // C at least 256 columns wide, A at least 64 rows (the Java backend's 6-row kernel over packed B): rows past
        // the last group of 6 and past a 120-row block, a last strip of one column, of 44 columns and of exactly one
        // vector, and k-panels of 128 with a short last one.
        int[][] shapes = {{67, 257, 129}, {125, 300, 70}, {64, 320, 5}, {70, 272, 140}, {241, 256, 20}};
        checkShapesAllTransposes(shapes, 800);
    }

    /** Each {m, n, k} under all four transpose pairs, once overwriting C and once with alpha, beta and padded rows. */
    private void checkShapesAllTransposes(int[][] shapes, long seed) {
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                checkGemm((t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], 1f, 0f, 0, seed++);
                checkGemm((t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], 0.75f, -1.5f, 2, seed++);
            }
        }
    }

    @Test
    void sgemmWithShortInnerDimensionAndUnitAlpha() {
        // k <= 4 with alpha = 1 and whole strips of columns (multiples of 64): the Java backend keeps op(B) in
        // registers across the rows; every k, both layouts of B, C overwritten and accumulated.
        long seed = 700;
        for (int k = 1; k <= 4; k++) {
            for (int n : new int[] {64, 128, 192}) {
                for (int t = 0; t < 4; t++) {
                    checkGemm((t & 1) != 0, (t & 2) != 0, 37, n, k, 1f, 0f, 0, seed++);
                    checkGemm((t & 1) != 0, (t & 2) != 0, 9, n, k, 1f, 1f, 2, seed++);
                }
            }
        }
    }

    @Test
    void sgemmAtTheShapesOfAPpoUpdate() {
        // Batch B, hidden 64, 4 observations, 2 actions: forward x·W^T, input gradients dY·W, weight
        // gradients dY^T·X, and acting on 4 environments.
        long seed = 900;
        for (int batch : new int[] {4, 64, 128}) {
            int[][] nt = {{batch, 64, 4}, {batch, 64, 64}, {batch, 2, 64}, {batch, 1, 64}};
            int[][] nn = {{batch, 64, 64}, {batch, 64, 2}, {batch, 64, 1}};
            int[][] tn = {{64, 64, batch}, {64, 4, batch}, {2, 64, batch}, {1, 64, batch}};
            for (int[] s : nt) checkGemm(false, true, s[0], s[1], s[2], 1f, 1f, 0, seed++);
            for (int[] s : nn) checkGemm(false, false, s[0], s[1], s[2], 1f, 0f, 0, seed++);
            for (int[] s : tn) checkGemm(true, false, s[0], s[1], s[2], 1f, 1f, 0, seed++);
        }
    }

    @Test
    void sgemmGivesTheSameBitsEveryCall() {
        // Reproducibility: a fixed summation order per output, whatever the JIT has compiled so far. The
        // repetitions push the kernels from the interpreter through C1 to C2.
        int[][] shapes = {{24, 40, 20, 2}, {13, 37, 21, 1}, {4, 40, 36, 2}, {40, 4, 30, 0}};
        Rng rng = new Rng(77);
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2];
            boolean ta = (s[3] & 1) != 0, tb = (s[3] & 2) != 0;
            float[] a = random(rng, m * k), b = random(rng, k * n), c = new float[m * n];
            int lda = ta ? m : k, ldb = tb ? k : n;
            backend().sgemm(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
            float[] first = c.clone();
            for (int rep = 0; rep < 2000; rep++) {
                backend().sgemm(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
                if (!java.util.Arrays.equals(first, c)) {
                    throw new AssertionError(backend().description() + ": sgemm " + java.util.Arrays.toString(s)
                            + " changed its result at repetition " + rep);
                }
            }
        }
    }

    @Test
    void sgemmSeesInPlaceChangesToItsOperandsBetweenCalls() {
        // Backends may cache packed operands: they must never return stale results.
        Rng rng = new Rng(21);
        int m = 8, n = 64, k = 64;
        float[] a = random(rng, m * k), b = random(rng, n * k), c = new float[m * n];
        for (int round = 0; round < 4; round++) {
            backend().sgemm(false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, c, 0, n);
            double[] ref = referenceGemm(false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, c, 0, n);
            for (int i = 0; i < m * n; i++) assertEquals(ref[i], c[i], 1e-4, "round " + round);
            b[rng.nextInt(b.length)] += 1f; // an optimizer step, in place
            if (round == 2) b[5] = -0.0f * b[5];
        }
    }

    @Test
    void sgemmBatchedWithBroadcastOperand() {
        Rng rng = new Rng(7);
        int batch = 3, m = 5, n = 6, k = 4;
        float[] a = random(rng, batch * m * k), b = random(rng, k * n), c = new float[batch * m * n];
        backend().sgemmBatched(false, false, m, n, k, 1f, a, 0, k, m * k, b, 0, n, 0, 0f, c, 0, n, m * n, batch);
        for (int q = 0; q < batch; q++) {
            double[] ref = referenceGemm(false, false, m, n, k, 1f, a, q * m * k, k, b, 0, n, 0f, c, 0, n);
            for (int i = 0; i < m * n; i++) assertEquals(ref[i], c[q * m * n + i], 1e-5);
        }
    }

    @Test
    void sgemmRejectsOutOfBoundsOperands() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> backend().sgemm(false, false, 4, 4, 4, 1f, new float[15], 0, 4, new float[16], 0, 4, 0f, new float[16], 0, 4));
        assertTrue(e.getMessage().contains("A"), e.getMessage());
    }

    /** Direct 7-loop convolution in double. */
    static double[] referenceConv(float[] x, float[] w, Conv2dGeometry g) {
        int oh = g.outHeight(), ow = g.outWidth();
        double[] y = new double[g.batch() * g.outChannels() * oh * ow];
        for (int n = 0; n < g.batch(); n++)
            for (int o = 0; o < g.outChannels(); o++)
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++) {
                        double s = 0;
                        for (int c = 0; c < g.inChannels(); c++)
                            for (int ki = 0; ki < g.kernelH(); ki++)
                                for (int kj = 0; kj < g.kernelW(); kj++) {
                                    int iy = i * g.strideH() - g.padH() + ki, ix = j * g.strideW() - g.padW() + kj;
                                    if (iy < 0 || iy >= g.height() || ix < 0 || ix >= g.width()) continue;
                                    s += (double) x[((n * g.inChannels() + c) * g.height() + iy) * g.width() + ix]
                                            * w[((o * g.inChannels() + c) * g.kernelH() + ki) * g.kernelW() + kj];
                                }
                        y[((n * g.outChannels() + o) * oh + i) * ow + j] = s;
                    }
        return y;
    }

    @Test
    void conv2dForwardAndBothGradientsMatchDirectLoops() {
        int[][] cases = { // N, C, H, W, O, KH, KW, stride, pad
                {2, 3, 7, 6, 4, 3, 3, 1, 1}, {1, 2, 9, 9, 3, 4, 4, 2, 0}, {2, 4, 20, 20, 5, 8, 8, 4, 0}, {1, 1, 5, 5, 2, 3, 2, 2, 2},
                // Kernels a whole number of strides on grids that waste little: what OpenBLAS's shifted-gemm path
                // takes (the Atari conv1 and conv2 shapes, scaled down), with and without padding.
                {2, 3, 44, 44, 4, 8, 8, 4, 0}, {2, 2, 20, 20, 3, 4, 4, 2, 0}, {1, 2, 18, 18, 3, 4, 4, 2, 1}};
        long seed = 100;
        for (int[] t : cases) {
            Conv2dGeometry g = new Conv2dGeometry(t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], t[7], t[8], t[8]);
            Rng rng = new Rng(seed++);
            float[] x = random(rng, t[0] * t[1] * t[2] * t[3]);
            float[] w = random(rng, t[4] * t[1] * t[5] * t[6]);
            float[] y = new float[t[0] * t[4] * g.outHeight() * g.outWidth()];
            backend().conv2d(x, w, y, g);
            double[] ref = referenceConv(x, w, g);
            for (int i = 0; i < y.length; i++) assertEquals(ref[i], y[i], 1e-4, "conv2d forward " + java.util.Arrays.toString(t));

            // Gradients of L = <conv(x, w), dy> are inputGrad(dy, w) and weightGrad(x, dy); check them
            // against the derivative of the reference, entry by entry (the reference is linear in x and w).
            float[] dy = random(rng, y.length);
            float[] dx = new float[x.length], dw = new float[w.length];
            java.util.Arrays.fill(dx, Float.NaN);
            java.util.Arrays.fill(dw, Float.NaN);
            backend().conv2dInputGrad(dy, w, dx, g);
            backend().conv2dWeightGrad(x, dy, dw, g);
            for (int probe = 0; probe < 12; probe++) {
                int xi = rng.nextInt(x.length);
                float[] unit = new float[x.length];
                unit[xi] = 1f;
                assertEquals(dotProduct(referenceConv(unit, w, g), dy), dx[xi], 1e-4, "conv2d input grad");
                int wi = rng.nextInt(w.length);
                float[] wunit = new float[w.length];
                wunit[wi] = 1f;
                assertEquals(dotProduct(referenceConv(x, wunit, g), dy), dw[wi], 1e-4, "conv2d weight grad");
            }
        }
    }

    private static double dotProduct(double[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    @Test
    void matmulAndLinearThroughTheActiveBackend() {
        Rng rng = new Rng(3);
        NDArray a = NDArray.uniform(rng, -1, 1, 2, 3, 4);
        NDArray b = NDArray.uniform(rng, -1, 1, 2, 4, 5);
        NDArray c = a.matmul(b);
        assertTrue(c.hasShape(2, 3, 5));
        for (int q = 0; q < 2; q++)
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 5; j++) {
                    double s = 0;
                    for (int p = 0; p < 4; p++) s += a.get(q, i, p) * b.get(q, p, j);
                    assertEquals(s, c.get(q, i, j), 1e-5);
                }
        // Shared 2-D right operand with a transpose flag.
        NDArray w = NDArray.uniform(rng, -1, 1, 5, 4);
        NDArray d = a.matmul(w, false, true);
        for (int q = 0; q < 2; q++)
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 5; j++) {
                    double s = 0;
                    for (int p = 0; p < 4; p++) s += a.get(q, i, p) * w.get(j, p);
                    assertEquals(s, d.get(q, i, j), 1e-5);
                }
        NDArray bias = NDArray.uniform(rng, -1, 1, 5);
        NDArray lin = dev.ascent.engine.ops.LinAlg.linear(a, w, bias);
        for (int i = 0; i < lin.size(); i++) assertEquals(d.data()[i] + bias.data()[i % 5], lin.data()[i], 1e-5);
    }
}
