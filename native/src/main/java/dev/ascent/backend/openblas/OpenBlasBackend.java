package dev.ascent.backend.openblas;

import dev.ascent.backend.scratch.ThreadScratchPool;
import dev.ascent.engine.backend.Backend;
import dev.ascent.engine.backend.GemmChecks;
import dev.ascent.engine.backend.JavaBackend;
import dev.ascent.engine.ops.Conv2dGeometry;

/**
 * The OpenBLAS backend: gemm and convolution through {@code libopenblas} (loaded by JavaCPP from the
 * {@code org.bytedeco:openblas} platform jar), with a per-shape dispatcher that keeps the shapes where the
 * pure-Java Vector API kernel is faster, copies included, on the Java side.
 *
 * <p><b>Data path.</b> Tensors live on the Java heap. Each call copies its operands into the calling thread's
 * pooled native scratch (no allocation once warm), runs {@code cblas_sgemm}, and copies C back. The copies
 * are what the dispatcher weighs: for a batch-1 layer 1×256·(256×256)^T the 256 KiB weight copy makes OpenBLAS
 * take 11 µs against 4 µs for the whole Java matrix-vector product; at n ≥ 256 they are noise.
 *
 * <p><b>Memory.</b> Native scratch is freed deterministically: by {@link #close()}, by
 * {@link #releaseThreadScratch()}, or when a thread that used the backend has died and another thread first
 * calls in. Nothing waits for the garbage collector.
 *
 * <p><b>Threads.</b> OpenBLAS uses {@code ascent.blas.threads} threads (default 1), process-wide. The
 * backend itself may be called from any number of threads at once: each has its own scratch.
 *
 * <p>Bounds are checked in Java before any native code runs, so a bad call is an
 * {@link IllegalArgumentException}, not a crash.
 */
public final class OpenBlasBackend implements Backend, AutoCloseable {

    /** How work is split between OpenBLAS and the pure-Java kernels. */
    public enum Mode {
        /** Per operation and shape, whichever measured faster on the reference machine (the default). */
        DISPATCH,
        /** Every gemm and convolution through OpenBLAS (benchmarks, tests of the native path). */
        NATIVE_ONLY
    }

    private final Mode mode;
    private final JavaBackend javaKernels;
    private final DispatchPolicy policy;
    /** The policy's gemm table, held here to save a load on every call; null when every gemm goes native. */
    private final GemmDispatchTable gemmTable;
    private final ThreadScratchPool<NativeScratch> scratch = new ThreadScratchPool<>("this OpenBLAS backend", NativeScratch::new);

    private OpenBlasBackend(Mode mode, JavaBackend java, DispatchPolicy policy) {
        this.mode = mode;
        this.javaKernels = java;
        this.policy = policy;
        this.gemmTable = mode == Mode.DISPATCH ? policy.gemmTable() : null;
    }

    /** The dispatching backend; loads the natives on first use. */
    public static OpenBlasBackend create() throws OpenBlasUnavailableException {
        return create(Mode.DISPATCH);
    }

    public static OpenBlasBackend create(Mode mode) throws OpenBlasUnavailableException {
        OpenBlasLibrary.ensureLoaded();
        JavaBackend java = new JavaBackend();
        return new OpenBlasBackend(mode, java, DispatchPolicy.forJavaKernel(java.usesVectorApi()));
    }

    public Mode mode() {
        return mode;
    }

    /** The rules this backend dispatches by (thresholds, for logs and tests). */
    public DispatchPolicy policy() {
        return policy;
    }

    @Override
    public String name() {
        return "openblas";
    }

    @Override
    public String description() {
        int t = OpenBlasLibrary.threads();
        String base = "openblas (" + OpenBlasLibrary.version() + ", " + t + (t == 1 ? " thread" : " threads");
        return mode == Mode.NATIVE_ONLY ? base + ")" : base + "; small shapes on " + javaKernels.description() + ")";
    }

    @Override
    public String toString() {
        return description();
    }

    // ---------------------------------------------------------------- gemm

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        ensureOpen();
        // Kept tiny so the JIT inlines it whole into the caller: the Java route, without checks of our own (the Java
        // backend does them), costs a 1×2×64 policy head (35 ns in all) only the table lookup.
        if (gemmTable != null && !gemmTable.nativeFaster(transA, transB, m, n, k) && !DispatchPolicy.parallelOnNative(m, n, k)) {
            javaKernels.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            nativeSgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    private void nativeSgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        GemmChecks.check(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f) {
            scale(m, n, beta, c, cOff, ldc);
            return;
        }
        NativeScratch s = scratch.acquire();
        try {
            NativeGemm.sgemm(s, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } finally {
            s.exit();
        }
    }

    @Override
    public void sgemmBatched(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, int strideA,
                             float[] b, int bOff, int ldb, int strideB,
                             float beta, float[] c, int cOff, int ldc, int strideC, int batch) {
        ensureOpen();
        if (batch < 0) throw new IllegalArgumentException("sgemmBatched: negative batch " + batch);
        if (batch == 0) return;
        // A shared B under row-contiguous A and C is one tall gemm: more rows, one call, one B copy.
        if (!transA && strideB == 0 && batch > 1 && strideA == m * lda && strideC == m * ldc
                && (long) m * batch <= Integer.MAX_VALUE) {
            sgemm(false, transB, m * batch, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        checkBatch(transA, transB, m, n, k, a, aOff, lda, strideA, b, bOff, ldb, strideB, c, cOff, ldc, strideC, batch);
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f || (mode == Mode.DISPATCH && !policy.gemmOnNative(transA, transB, m, n, k))) {
            // Per-matrix work too small for OpenBLAS to win: the Java kernels, one matrix at a time.
            for (int i = 0; i < batch; i++) {
                if (k == 0 || alpha == 0f) scale(m, n, beta, c, cOff + i * strideC, ldc);
                else javaKernels.sgemm(transA, transB, m, n, k, alpha, a, aOff + i * strideA, lda, b, bOff + i * strideB, ldb,
                        beta, c, cOff + i * strideC, ldc);
            }
            return;
        }
        NativeScratch s = scratch.acquire();
        try {
            NativeGemm.sgemmBatched(s, transA, transB, m, n, k, alpha, a, aOff, lda, strideA, b, bOff, ldb, strideB,
                    beta, c, cOff, ldc, strideC, batch);
        } finally {
            s.exit();
        }
    }

    /** Offsets are linear in the batch index, so checking the first and last matrix checks them all. */
    private static void checkBatch(boolean transA, boolean transB, int m, int n, int k,
                                   float[] a, int aOff, int lda, int strideA, float[] b, int bOff, int ldb, int strideB,
                                   float[] c, int cOff, int ldc, int strideC, int batch) {
        GemmChecks.check(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        long last = batch - 1L;
        long la = aOff + last * strideA, lb = bOff + last * strideB, lc = cOff + last * strideC;
        if (la != (int) la || lb != (int) lb || lc != (int) lc) {
            throw new IllegalArgumentException("sgemmBatched: the offset of matrix " + last + " overflows an int");
        }
        GemmChecks.check(transA, transB, m, n, k, a, (int) la, lda, b, (int) lb, ldb, c, (int) lc, ldc);
    }

    /** C *= beta, where beta == 0 overwrites (as BLAS does: NaN in C must not survive). */
    private static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        if (beta == 1f) return;
        for (int i = 0; i < m; i++) {
            int r = cOff + i * ldc;
            if (beta == 0f) java.util.Arrays.fill(c, r, r + n, 0f);
            else for (int j = 0; j < n; j++) c[r + j] *= beta;
        }
    }

    // ---------------------------------------------------------------- convolution

    @Override
    public void conv2d(float[] x, float[] w, float[] y, Conv2dGeometry g) {
        ensureOpen();
        ConvChecks.forward(x, w, y, g);
        if (mode == Mode.DISPATCH && !policy.convOnNative(g)) {
            javaKernels.conv2d(x, w, y, g);
            return;
        }
        NativeScratch s = scratch.acquire();
        try {
            NativeConv2d.forward(s, x, w, y, g);
        } finally {
            s.exit();
        }
    }

    @Override
    public void conv2dInputGrad(float[] dy, float[] w, float[] dx, Conv2dGeometry g) {
        ensureOpen();
        ConvChecks.inputGrad(dy, w, dx, g);
        if (mode == Mode.DISPATCH && !policy.convOnNative(g)) {
            javaKernels.conv2dInputGrad(dy, w, dx, g);
            return;
        }
        NativeScratch s = scratch.acquire();
        try {
            NativeConv2d.inputGrad(s, dy, w, dx, g);
        } finally {
            s.exit();
        }
    }

    @Override
    public void conv2dWeightGrad(float[] x, float[] dy, float[] dw, Conv2dGeometry g) {
        ensureOpen();
        ConvChecks.weightGrad(x, dy, dw, g);
        if (mode == Mode.DISPATCH && !policy.convOnNative(g)) {
            javaKernels.conv2dWeightGrad(x, dy, dw, g);
            return;
        }
        NativeScratch s = scratch.acquire();
        try {
            NativeConv2d.weightGrad(s, x, dy, dw, g);
        } finally {
            s.exit();
        }
    }

    // ---------------------------------------------------------------- native memory

    /** A closed backend refuses every op, including those the dispatcher would run in Java: one rule, not two. */
    private void ensureOpen() {
        if (scratch.isClosed()) throw new IllegalStateException("this OpenBLAS backend has been closed");
    }

    /** Native bytes held as scratch by all threads right now. */
    public long scratchBytes() {
        return scratch.bytes();
    }

    /** Number of threads holding scratch (threads that died are reclaimed when a new thread first calls in). */
    public int scratchThreads() {
        return scratch.threads();
    }

    /** Frees the calling thread's scratch now, e.g. after one unusually large operation. */
    public void releaseThreadScratch() {
        scratch.releaseCurrentThread();
    }

    /**
     * Frees all native scratch. Waits for kernels in flight; any call after this throws
     * {@link IllegalStateException}. The OpenBLAS library itself stays loaded (it is per process).
     */
    @Override
    public void close() {
        scratch.close();
    }
}
