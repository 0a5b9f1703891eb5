package dev.ascent.engine.backend;

/**
 * The pure-Java backend: always available, the default, and the one whose results are bit-identical
 * run to run for a given JVM configuration. When the JVM was started with
 * {@code --add-modules jdk.incubator.vector} its gemm uses {@link VectorGemm} (SIMD through the
 * incubating Vector API); otherwise, or with {@code -Dascent.vector=false}, the scalar loops of
 * {@link ScalarGemm}. Each flavour gives the same bits on every call (a fixed summation order per
 * output, independent of the JIT tier); the two agree to float32 rounding but not bit for bit (the
 * vector kernel uses fused multiply-add).
 */
public final class JavaBackend implements Backend {
    private final boolean vector;

    /** The best flavour this JVM offers. */
    public JavaBackend() {
        this(VectorSupport.AVAILABLE);
    }

    /** Forces a flavour; asking for the vector kernels on a JVM without the Vector API falls back to scalar. */
    public JavaBackend(boolean useVector) {
        this.vector = useVector && VectorSupport.AVAILABLE;
    }

    public boolean usesVectorApi() {
        return vector;
    }

    @Override
    public String name() {
        return "java";
    }

    @Override
    public String description() {
        return vector ? "java (Vector API, " + VectorSupport.speciesName() + ")" : "java (scalar)";
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        GemmChecks.check(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (vector) VectorGemm.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        else ScalarGemm.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    @Override
    public String toString() {
        return description();
    }

    /** Registered first, always; other providers outrank it by priority. */
    public static final class Provider implements BackendProvider {
        @Override
        public String name() {
            return "java";
        }

        @Override
        public int priority() {
            return 0;
        }

        @Override
        public Backend create() {
            return new JavaBackend();
        }
    }
}
