package dev.ascent.backend.openblas;

import org.bytedeco.javacpp.FloatPointer;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

/**
 * {@code cblas_sgemm} on Java-heap operands, staged through a thread's {@link NativeScratch}.
 *
 * <p>Each operand is copied in packed (leading dimension = its column count), so padding between rows is
 * never copied and never written back; C is copied in only when {@code beta != 0} (with {@code beta == 0}
 * BLAS overwrites C without reading it, so stale scratch contents cannot leak into the result), and copied
 * out row by row when the caller's C has padding, so entries outside C's columns are never touched.
 *
 * <p>Why copies rather than JavaCPP's {@code float[]} overloads: those pin or copy every array in and
 * <em>out</em> through JNI (A and B are written back too), which measured 1.3-2× slower than staging at
 * small and medium sizes and never faster; the staged copies cost about 13% of the native time at n = 256 and 7%
 * at n = 2048. See the README.
 *
 * <p>Callers have checked bounds ({@code GemmChecks}) and excluded empty problems (m, n or k zero).
 */
final class NativeGemm {
    private NativeGemm() {}

    static int op(boolean trans) {
        return trans ? CblasTrans : CblasNoTrans;
    }

    static void sgemm(NativeScratch s, boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        int aRows = transA ? k : m, aCols = transA ? m : k;
        int bRows = transB ? n : k, bCols = transB ? k : n;
        NativeBuffer na = s.buffer(NativeScratch.A), nb = s.buffer(NativeScratch.B), nc = s.buffer(NativeScratch.C);
        FloatPointer pa = na.reserve((long) aRows * aCols);
        FloatPointer pb = nb.reserve((long) bRows * bCols);
        FloatPointer pc = nc.reserve((long) m * n);
        na.putMatrix(0, a, aOff, lda, aRows, aCols);
        nb.putMatrix(0, b, bOff, ldb, bRows, bCols);
        if (beta != 0f) nc.putMatrix(0, c, cOff, ldc, m, n);
        cblas_sgemm(CblasRowMajor, op(transA), op(transB), m, n, k, alpha,
                pa.position(0), aCols, pb.position(0), bCols, beta, pc.position(0), n);
        nc.getMatrix(0, c, cOff, ldc, m, n);
    }

    /**
     * {@code batch} gemms with operands {@code stride} elements apart on the heap. Every distinct operand
     * is staged once (a stride of 0 means one shared copy), then the gemms run back to back on native
     * memory, so the copies are as many bulk transfers as there are operands.
     */
    static void sgemmBatched(NativeScratch s, boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, int strideA,
                             float[] b, int bOff, int ldb, int strideB,
                             float beta, float[] c, int cOff, int ldc, int strideC, int batch) {
        int aRows = transA ? k : m, aCols = transA ? m : k;
        int bRows = transB ? n : k, bCols = transB ? k : n;
        long aSize = (long) aRows * aCols, bSize = (long) bRows * bCols, cSize = (long) m * n;
        int aCopies = strideA == 0 ? 1 : batch, bCopies = strideB == 0 ? 1 : batch;
        NativeBuffer na = s.buffer(NativeScratch.A), nb = s.buffer(NativeScratch.B), nc = s.buffer(NativeScratch.C);
        FloatPointer pa = na.reserve(aSize * aCopies);
        FloatPointer pb = nb.reserve(bSize * bCopies);
        FloatPointer pc = nc.reserve(cSize * batch);
        for (int i = 0; i < aCopies; i++) na.putMatrix(i * aSize, a, aOff + i * strideA, lda, aRows, aCols);
        for (int i = 0; i < bCopies; i++) nb.putMatrix(i * bSize, b, bOff + i * strideB, ldb, bRows, bCols);
        if (beta != 0f) {
            for (int i = 0; i < batch; i++) nc.putMatrix(i * cSize, c, cOff + i * strideC, ldc, m, n);
        }
        int opA = op(transA), opB = op(transB);
        for (int i = 0; i < batch; i++) {
            cblas_sgemm(CblasRowMajor, opA, opB, m, n, k, alpha,
                    pa.position(strideA == 0 ? 0 : i * aSize), aCols,
                    pb.position(strideB == 0 ? 0 : i * bSize), bCols, beta,
                    pc.position(i * cSize), n);
        }
        for (int i = 0; i < batch; i++) nc.getMatrix(i * cSize, c, cOff + i * strideC, ldc, m, n);
    }
}
