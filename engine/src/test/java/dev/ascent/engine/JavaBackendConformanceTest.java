package dev.ascent.engine;

import dev.ascent.engine.backend.Backend;
import dev.ascent.engine.backend.JavaBackend;
import dev.ascent.engine.backend.VectorSupport;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The conformance suite against both flavours of the pure-Java backend. */
class JavaBackendConformanceTest {

    @Nested
    class Scalar extends BackendConformance {
        @Override
        protected Backend backend() {
            return new JavaBackend(false);
        }
    }

    @Nested
    class Vector extends BackendConformance {
        @Override
        protected Backend backend() {
            return new JavaBackend(true);
        }

        @Test
        void vectorApiIsActiveInTheTestJvm() {
            // Surefire runs with --add-modules jdk.incubator.vector, so this suite must exercise the SIMD kernels.
            assertTrue(VectorSupport.AVAILABLE, "the Vector API should be available in the test JVM");
            assertTrue(((JavaBackend) backend()).usesVectorApi());
        }

        @Test
        void eachElementOfAProductGetsTheSameBitsWhicheverKernelComputesIt() {
            // The training goldens rely on each element of C being one FMA chain per k-panel, whatever kernel the
            // shape selects: a whole product (6-row kernel over packed B) must match its rows computed one at a
            // time (the one-row kernels, B in place), bit for bit, with or without alpha and beta.
            int[][] shapes = {{67, 257, 300}, {130, 320, 129}, {64, 256, 64}};
            Rng rng = new Rng(31);
            Backend backend = backend();
            for (int[] s : shapes) {
                int m = s[0], n = s[1], k = s[2];
                for (boolean transA : new boolean[] {false, true}) {
                    for (float beta : new float[] {0f, 0.5f}) {
                        float alpha = beta == 0f ? 1f : -0.75f;
                        float[] a = random(rng, m * k), b = random(rng, k * n), c0 = random(rng, m * n);
                        int lda = transA ? m : k;
                        float[] whole = c0.clone();
                        backend.sgemm(transA, false, m, n, k, alpha, a, 0, lda, b, 0, n, beta, whole, 0, n);
                        float[] rows = c0.clone();
                        for (int i = 0; i < m; i++) {
                            backend.sgemm(transA, false, 1, n, k, alpha, a, transA ? i : i * k, lda, b, 0, n, beta, rows, i * n, n);
                        }
                        for (int i = 0; i < m * n; i++) {
                            if (Float.floatToRawIntBits(whole[i]) != Float.floatToRawIntBits(rows[i])) {
                                throw new AssertionError("m=" + m + " n=" + n + " k=" + k + " transA=" + transA + " beta=" + beta
                                        + ": C[" + i / n + "," + i % n + "] is " + whole[i] + " for the whole product, " + rows[i]
                                        + " row by row");
                            }
                        }
                    }
                }
            }
        }
    }
}
