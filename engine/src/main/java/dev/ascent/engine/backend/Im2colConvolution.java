package dev.ascent.engine.backend;

import dev.ascent.engine.ops.Conv2dGeometry;

/**
 * Convolution as im2col + gemm, on top of any backend's sgemm. Per sample n:
 * <pre>
 *   cols[C*KH*KW, OH*OW] = im2col(x[n])
 *   y[n]  = W[O, CKK] · cols                  (forward)
 *   dcols = W^T · dy[n];  dx[n] = col2im(dcols) (input gradient)
 *   dW   += dy[n] · cols^T                    (weight gradient)
 * </pre>
 * The column buffer is per thread and reused, so steady-state training allocates nothing here.
 */
public final class Im2colConvolution {
    private static final ThreadLocal<float[]> COLUMNS = ThreadLocal.withInitial(() -> new float[0]);

    private Im2colConvolution() {}

    private static float[] columns(int size) {
        float[] c = COLUMNS.get();
        if (c.length < size) {
            c = new float[size];
            COLUMNS.set(c);
        }
        return c;
    }

    public static void forward(Backend be, float[] x, float[] w, float[] y, Conv2dGeometry g) {
        int patch = g.patchSize(), spatial = g.outHeight() * g.outWidth();
        float[] cols = columns(patch * spatial);
        int xStride = g.inChannels() * g.height() * g.width(), yStride = g.outChannels() * spatial;
        for (int n = 0; n < g.batch(); n++) {
            im2col(x, n * xStride, g, cols);
            be.sgemm(false, false, g.outChannels(), spatial, patch, 1f, w, 0, patch, cols, 0, spatial, 0f, y, n * yStride, spatial);
        }
    }

    public static void inputGrad(Backend be, float[] dy, float[] w, float[] dx, Conv2dGeometry g) {
        int patch = g.patchSize(), spatial = g.outHeight() * g.outWidth();
        float[] cols = columns(patch * spatial);
        int xStride = g.inChannels() * g.height() * g.width(), yStride = g.outChannels() * spatial;
        java.util.Arrays.fill(dx, 0, g.batch() * xStride, 0f);
        for (int n = 0; n < g.batch(); n++) {
            be.sgemm(true, false, patch, spatial, g.outChannels(), 1f, w, 0, patch, dy, n * yStride, spatial, 0f, cols, 0, spatial);
            col2imAdd(cols, g, dx, n * xStride);
        }
    }

    public static void weightGrad(Backend be, float[] x, float[] dy, float[] dw, Conv2dGeometry g) {
        int patch = g.patchSize(), spatial = g.outHeight() * g.outWidth();
        float[] cols = columns(patch * spatial);
        int xStride = g.inChannels() * g.height() * g.width(), yStride = g.outChannels() * spatial;
        for (int n = 0; n < g.batch(); n++) {
            im2col(x, n * xStride, g, cols);
            be.sgemm(false, true, g.outChannels(), patch, spatial, 1f, dy, n * yStride, spatial, cols, 0, spatial,
                    n == 0 ? 0f : 1f, dw, 0, patch);
        }
        if (g.batch() == 0) java.util.Arrays.fill(dw, 0, g.outChannels() * patch, 0f);
    }

    /** Unfolds one sample into the column matrix; out-of-image taps (padding) read as zero. */
    static void im2col(float[] x, int xOff, Conv2dGeometry g, float[] cols) {
        int oh = g.outHeight(), ow = g.outWidth(), h = g.height(), wd = g.width();
        int row = 0;
        for (int c = 0; c < g.inChannels(); c++) {
            int plane = xOff + c * h * wd;
            for (int ki = 0; ki < g.kernelH(); ki++) {
                for (int kj = 0; kj < g.kernelW(); kj++, row++) {
                    int dst = row * oh * ow;
                    for (int oy = 0; oy < oh; oy++) {
                        int iy = oy * g.strideH() - g.padH() + ki;
                        if (iy < 0 || iy >= h) {
                            java.util.Arrays.fill(cols, dst, dst + ow, 0f);
                            dst += ow;
                            continue;
                        }
                        int src = plane + iy * wd;
                        for (int ox = 0; ox < ow; ox++) {
                            int ix = ox * g.strideW() - g.padW() + kj;
                            cols[dst++] = (ix >= 0 && ix < wd) ? x[src + ix] : 0f;
                        }
                    }
                }
            }
        }
    }

    /** The adjoint of {@link #im2col}: adds every column entry back onto the pixel it was read from. */
    static void col2imAdd(float[] cols, Conv2dGeometry g, float[] dx, int xOff) {
        int oh = g.outHeight(), ow = g.outWidth(), h = g.height(), wd = g.width();
        int row = 0;
        for (int c = 0; c < g.inChannels(); c++) {
            int plane = xOff + c * h * wd;
            for (int ki = 0; ki < g.kernelH(); ki++) {
                for (int kj = 0; kj < g.kernelW(); kj++, row++) {
                    int src = row * oh * ow;
                    for (int oy = 0; oy < oh; oy++) {
                        int iy = oy * g.strideH() - g.padH() + ki;
                        if (iy < 0 || iy >= h) {
                            src += ow;
                            continue;
                        }
                        int dst = plane + iy * wd;
                        for (int ox = 0; ox < ow; ox++, src++) {
                            int ix = ox * g.strideW() - g.padW() + kj;
                            if (ix >= 0 && ix < wd) dx[dst + ix] += cols[src];
                        }
                    }
                }
            }
        }
    }
}
