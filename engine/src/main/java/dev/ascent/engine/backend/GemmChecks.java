package dev.ascent.engine.backend;

/** Bounds checks shared by every backend's sgemm, so a bad call fails in Java, not in native code. */
public final class GemmChecks {
    private GemmChecks() {}

    public static void check(boolean transA, boolean transB, int m, int n, int k,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) throw new IllegalArgumentException("sgemm: negative size m=" + m + " n=" + n + " k=" + k);
        int aRows = transA ? k : m, aCols = transA ? m : k;
        int bRows = transB ? n : k, bCols = transB ? k : n;
        operand("A", a, aOff, lda, aRows, aCols);
        operand("B", b, bOff, ldb, bRows, bCols);
        operand("C", c, cOff, ldc, m, n);
    }

    private static void operand(String name, float[] x, int off, int ld, int rows, int cols) {
        if (rows == 0 || cols == 0) return;
        if (ld < cols) throw new IllegalArgumentException("sgemm: leading dimension of " + name + " is " + ld + " but it has " + cols + " columns");
        long last = off + (long) (rows - 1) * ld + cols;
        if (off < 0 || last > x.length) {
            throw new IllegalArgumentException("sgemm: " + name + " (" + rows + "x" + cols + ", offset " + off + ", ld " + ld
                    + ") needs " + last + " elements but the array has " + x.length);
        }
    }
}
