package dev.ascent.backend.scratch;

import java.nio.FloatBuffer;

/**
 * Copies between Java {@code float[]} matrices and a direct {@link FloatBuffer} over native memory. Internal to
 * the native backends.
 *
 * <p>The NIO bulk copies used here are JIT intrinsics (a plain memcpy, no JNI transition), cheaper than JavaCPP's
 * {@code FloatPointer.put(float[], ...)}, which is a JNI call per copy. Matrices are packed on the native side
 * (leading dimension = column count): padding between rows is never copied in, and never written back out.
 */
public final class HostCopies {
    private HostCopies() {}

    /** Copies a rows×cols matrix with leading dimension {@code ld} to element {@code index} of {@code dst}, packed. */
    public static void putMatrix(FloatBuffer dst, long index, float[] src, int off, int ld, int rows, int cols) {
        int at = checkedIndex(dst, index, (long) rows * cols);
        if (ld == cols) {
            dst.put(at, src, off, rows * cols);
        } else {
            for (int r = 0; r < rows; r++, at += cols) dst.put(at, src, off + r * ld, cols);
        }
    }

    /** Copies a packed rows×cols matrix at element {@code index} of {@code src} into {@code dst} (leading dimension {@code ld}). */
    public static void getMatrix(FloatBuffer src, long index, float[] dst, int off, int ld, int rows, int cols) {
        int at = checkedIndex(src, index, (long) rows * cols);
        if (ld == cols) {
            src.get(at, dst, off, rows * cols);
        } else {
            for (int r = 0; r < rows; r++, at += cols) src.get(at, dst, off + r * ld, cols);
        }
    }

    private static int checkedIndex(FloatBuffer buffer, long index, long length) {
        if (index < 0 || index + length > buffer.capacity()) {
            throw new IndexOutOfBoundsException("native copy of " + length + " floats at " + index + " exceeds the buffer of " + buffer.capacity());
        }
        return (int) index;
    }
}
