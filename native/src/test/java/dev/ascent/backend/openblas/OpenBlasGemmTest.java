package dev.ascent.backend.openblas;

import dev.ascent.engine.Rng;
import dev.ascent.engine.backend.JavaBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the conformance suite does not reach: the native path's staging (stale scratch, padded C, batched
 * strides and broadcasts, the fused tall gemm), at sizes large enough to go native under the dispatcher.
 * The pure-Java backend, itself conformance-tested, is the reference.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenBlasGemmTest {
    private final OpenBlasBackend nativeOnly = TestBackends.create(OpenBlasBackend.Mode.NATIVE_ONLY);
    private final OpenBlasBackend dispatch = TestBackends.create(OpenBlasBackend.Mode.DISPATCH);
    private final JavaBackend java = new JavaBackend();

    @AfterAll
    void free() {
        nativeOnly.close();
        dispatch.close();
    }

    static float[] random(Rng rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = rng.uniform(-1f, 1f);
        return a;
    }

    static void assertClose(float[] want, float[] got, double tol, String what) {
        assertEquals(want.length, got.length, what + ": length");
        for (int i = 0; i < want.length; i++) {
            if (Float.isNaN(want[i]) && Float.isNaN(got[i])) continue;
            assertEquals(want[i], got[i], tol * Math.max(1, Math.abs(want[i])), what + " at " + i);
        }
    }

    @Test
    void staleNaNInScratchNeverLeaksWhenBetaIsZero() {
        int m = 17, n = 9, k = 5;
        float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
        Arrays.fill(a, Float.NaN);
        Arrays.fill(b, 1f);
        nativeOnly.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
        assertTrue(Float.isNaN(c[0]), "the first call leaves NaN in the native C buffer");
        Arrays.fill(a, 2f);
        Arrays.fill(c, Float.NaN);
        nativeOnly.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
        for (float v : c) assertEquals(2f * k, v, 0f);
    }

    @Test
    void paddedOperandsAndCAreHonouredAndPaddingIsUntouched() {
        Rng rng = new Rng(5);
        for (int t = 0; t < 4; t++) {
            boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
            int m = 70, n = 50, k = 90, pad = 7;
            int lda = (ta ? m : k) + pad, ldb = (tb ? k : n) + pad, ldc = n + pad;
            float[] a = random(rng, 3 + (ta ? k : m) * lda), b = random(rng, 5 + (tb ? n : k) * ldb);
            float[] c0 = random(rng, 2 + m * ldc);
            float[] want = c0.clone(), got = c0.clone();
            java.sgemm(ta, tb, m, n, k, 0.7f, a, 3, lda, b, 5, ldb, -0.5f, want, 2, ldc);
            nativeOnly.sgemm(ta, tb, m, n, k, 0.7f, a, 3, lda, b, 5, ldb, -0.5f, got, 2, ldc);
            assertClose(want, got, 1e-4, "padded sgemm ta=" + ta + " tb=" + tb);
            for (int i = 0; i < m; i++) {
                for (int j = n; j < ldc && 2 + i * ldc + j < got.length; j++) {
                    assertEquals(c0[2 + i * ldc + j], got[2 + i * ldc + j], 0f, "padding of C was written");
                }
            }
        }
    }

    @Test
    void batchedStridesBroadcastsAndBetaMatchJava() {
        Rng rng = new Rng(11);
        int[][] cases = { // m, n, k, batch, broadcast (0 none, 1 A, 2 B)
                {5, 6, 4, 3, 0}, {33, 17, 65, 4, 1}, {64, 64, 64, 5, 2}, {1, 64, 64, 7, 2}, {20, 1, 30, 3, 0}};
        for (int[] cs : cases) {
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                int m = cs[0], n = cs[1], k = cs[2], batch = cs[3];
                int lda = ta ? m : k, ldb = tb ? k : n, ldc = n + 2;
                int sa = cs[4] == 1 ? 0 : m * k + 3, sb = cs[4] == 2 ? 0 : k * n + 1, sc = m * ldc + 4;
                float[] a = random(rng, 1 + (batch - 1) * sa + m * k), b = random(rng, 2 + (batch - 1) * sb + k * n);
                float[] c0 = random(rng, (batch - 1) * sc + m * ldc);
                for (float beta : new float[] {0f, 1.5f}) {
                    float[] want = c0.clone(), got = c0.clone(), got2 = c0.clone();
                    java.sgemmBatched(ta, tb, m, n, k, 1.25f, a, 1, lda, sa, b, 2, ldb, sb, beta, want, 0, ldc, sc, batch);
                    nativeOnly.sgemmBatched(ta, tb, m, n, k, 1.25f, a, 1, lda, sa, b, 2, ldb, sb, beta, got, 0, ldc, sc, batch);
                    dispatch.sgemmBatched(ta, tb, m, n, k, 1.25f, a, 1, lda, sa, b, 2, ldb, sb, beta, got2, 0, ldc, sc, batch);
                    String what = "batched " + Arrays.toString(cs) + " ta=" + ta + " tb=" + tb + " beta=" + beta;
                    assertClose(want, got, 1e-4, what + " (native)");
                    assertClose(want, got2, 1e-4, what + " (dispatch)");
                }
            }
        }
    }

    @Test
    void sharedRightOperandBecomesOneTallGemm() {
        Rng rng = new Rng(12);
        int m = 3, n = 64, k = 64, batch = 100;
        for (boolean tb : new boolean[] {false, true}) {
            float[] a = random(rng, batch * m * k), b = random(rng, k * n), want = new float[batch * m * n], got = new float[batch * m * n];
            java.sgemmBatched(false, tb, m, n, k, 1f, a, 0, k, m * k, b, 0, tb ? k : n, 0, 0f, want, 0, n, m * n, batch);
            nativeOnly.sgemmBatched(false, tb, m, n, k, 1f, a, 0, k, m * k, b, 0, tb ? k : n, 0, 0f, got, 0, n, m * n, batch);
            assertClose(want, got, 1e-4, "fused batched tb=" + tb);
        }
    }

    @Test
    void degenerateSizesAndAlphaZeroFollowBlasSemantics() {
        float[] c = {Float.NaN, Float.NaN, 4f, 8f};
        nativeOnly.sgemm(false, false, 2, 2, 0, 1f, new float[0], 0, 1, new float[0], 0, 2, 0f, c, 0, 2);
        assertClose(new float[] {0, 0, 0, 0}, c, 0, "k = 0, beta = 0 zeroes C");
        float[] d = {1f, 2f, 3f, 4f};
        nativeOnly.sgemm(false, false, 2, 2, 2, 0f, new float[] {Float.NaN, 0, 0, 0}, 0, 2, new float[4], 0, 2, 2f, d, 0, 2);
        assertClose(new float[] {2, 4, 6, 8}, d, 0, "alpha = 0 scales C and reads neither A nor B");
        nativeOnly.sgemmBatched(false, false, 2, 2, 2, 1f, new float[0], 0, 2, 4, new float[0], 0, 2, 4, 0f, new float[0], 0, 2, 4, 0);
    }

    @Test
    void outOfBoundsBatchIsRejectedBeforeNativeCode() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> nativeOnly.sgemmBatched(
                false, false, 4, 4, 4, 1f, new float[16 * 3 - 1], 0, 4, 16, new float[16], 0, 4, 0, 0f, new float[48], 0, 4, 16, 3));
        assertTrue(e.getMessage().contains("A"), e.getMessage());
    }

    @Test
    void largeSquareGemmMatchesJava() {
        Rng rng = new Rng(13);
        int n = 300;
        float[] a = random(rng, n * n), b = random(rng, n * n), want = new float[n * n], got = new float[n * n];
        java.sgemm(false, true, n, n, n, 1f, a, 0, n, b, 0, n, 0f, want, 0, n);
        dispatch.sgemm(false, true, n, n, n, 1f, a, 0, n, b, 0, n, 0f, got, 0, n);
        assertClose(want, got, 1e-3, "300^3");
    }

    @Test
    void describesItself() {
        assertEquals("openblas", dispatch.name());
        assertTrue(dispatch.description().contains("OpenBLAS 0.3"), dispatch.description());
        assertTrue(nativeOnly.description().contains("thread"), nativeOnly.description());
    }
}
