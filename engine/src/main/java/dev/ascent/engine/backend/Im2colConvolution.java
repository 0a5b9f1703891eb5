package dev.ascent.engine.backend;

import dev.ascent.engine.ops.Conv2dGeometry;

/**
 * Convolution as im2col + gemm, on top of any backend's sgemm. Per sample n:
 * <pre>
 *   cols[C*KH*KW, OH*OW] = im2col(x[n])
 *   y[n]  = W[O, CKK] · cols                  (forward)
 *   dcols = W^T · dy[n];  dx[n] = col2im(dcols) (input gradient; W^T transposed once per call)
 *   dW^T += cols · dy[n]^T                    (weight gradient, transposed into dW at the end)
 * </pre>
 * The column buffer is per thread and reused, so steady-state training allocates nothing here.
 */
public final class Im2colConvolution {
    private static final ThreadLocal<float[]> COLUMNS = ThreadLocal.withInitial(() -> new float[0]);
    /** A chunk of samples' rows side by side, [O, nb·OH·OW]: the forward pass's output, or the input gradient's dy. */
    private static final ThreadLocal<float[]> OUTPUTS = ThreadLocal.withInitial(() -> new float[0]);
    /**
     * Most floats of column matrices per gemm in the forward pass and the input gradient (1 MiB): enough samples
     * that the gemm's output is wide, few enough that the chunk stays in the 2 MiB L2 while it is packed.
     */
    static final long CHUNK_FLOATS = 1L << 18;
    /** W^T for the input gradient, or the weight gradient's transposed accumulator dW^T. */
    private static final ThreadLocal<float[]> TRANSPOSED = ThreadLocal.withInitial(() -> new float[0]);

    private Im2colConvolution() {}

    private static float[] columns(int size) {
        return scratch(COLUMNS, size);
    }

    private static float[] outputs(int size) {
        return scratch(OUTPUTS, size);
    }

    private static float[] transposed(int size) {
        return scratch(TRANSPOSED, size);
    }

    private static float[] scratch(ThreadLocal<float[]> local, int size) {
        float[] c = local.get();
        if (c.length < size) {
            c = new float[size];
            local.set(c);
        }
        return c;
    }

    /**
     * y = W · cols over chunks of samples: the column matrices of up to {@link #CHUNK_FLOATS} floats' worth of
     * samples side by side, one gemm per chunk, then each output row copied to its sample. One sample's output is
     * only OH·OW columns wide (49 for the Atari conv3), too narrow for the gemm's widest register blocks; a chunk
     * is nb·OH·OW wide. Each output is the same dot product over the same patch, so the bits do not depend on the
     * chunking.
     */
    public static void forward(Backend be, float[] x, float[] w, float[] y, Conv2dGeometry g) {
        int patch = g.patchSize(), spatial = g.outHeight() * g.outWidth(), o = g.outChannels();
        int xStride = g.inChannels() * g.height() * g.width(), yStride = o * spatial;
        int chunk = chunk(g);
        float[] cols = columns(patch * chunk * spatial);
        float[] out = chunk > 1 ? outputs(o * chunk * spatial) : null;
        for (int n0 = 0; n0 < g.batch(); n0 += chunk) {
            int nb = Math.min(chunk, g.batch() - n0), ld = nb * spatial;
            for (int n = 0; n < nb; n++) im2col(x, (n0 + n) * xStride, g, cols, n * spatial, ld);
            if (nb == 1) {
                be.sgemm(false, false, o, spatial, patch, 1f, w, 0, patch, cols, 0, spatial, 0f, y, n0 * yStride, spatial);
                continue;
            }
            be.sgemm(false, false, o, ld, patch, 1f, w, 0, patch, cols, 0, ld, 0f, out, 0, ld);
            for (int oc = 0; oc < o; oc++) {
                for (int n = 0; n < nb; n++) System.arraycopy(out, oc * ld + n * spatial, y, (n0 + n) * yStride + oc * spatial, spatial);
            }
        }
    }

    /**
     * dcols = W^T · dy, then col2im, over the same chunks of samples as {@link #forward} (each entry is the same sum
     * over the output channels whichever chunk it is in, so the bits do not depend on the chunking). W is transposed
     * once per call rather than read transposed by every gemm: the gemm copies A's rows into its panels, which for a
     * transposed A is a strided gather.
     */
    public static void inputGrad(Backend be, float[] dy, float[] w, float[] dx, Conv2dGeometry g) {
        int patch = g.patchSize(), spatial = g.outHeight() * g.outWidth(), o = g.outChannels();
        float[] cols = columns(patch * spatial), wt = transposed(patch * o);
        int xStride = g.inChannels() * g.height() * g.width(), yStride = o * spatial;
        java.util.Arrays.fill(dx, 0, g.batch() * xStride, 0f);
        if (g.batch() == 0) return;
        transpose(w, o, patch, wt);
        int chunk = chunk(g);
        if (chunk == 1) {
            for (int n = 0; n < g.batch(); n++) {
                be.sgemm(false, false, patch, spatial, o, 1f, wt, 0, o, dy, n * yStride, spatial, 0f, cols, 0, spatial);
                col2imAdd(cols, g, dx, n * xStride, 0, spatial);
            }
            return;
        }
        // As in the forward pass, several samples per gemm: dy's rows of a chunk side by side, [O, nb·OH·OW].
        cols = columns(patch * chunk * spatial);
        float[] dys = outputs(o * chunk * spatial);
        for (int n0 = 0; n0 < g.batch(); n0 += chunk) {
            int nb = Math.min(chunk, g.batch() - n0), ld = nb * spatial;
            for (int oc = 0; oc < o; oc++) {
                for (int n = 0; n < nb; n++) System.arraycopy(dy, (n0 + n) * yStride + oc * spatial, dys, oc * ld + n * spatial, spatial);
            }
            be.sgemm(false, false, patch, ld, o, 1f, wt, 0, o, dys, 0, ld, 0f, cols, 0, ld);
            for (int n = 0; n < nb; n++) col2imAdd(cols, g, dx, (n0 + n) * xStride, n * spatial, ld);
        }
    }

    /** Samples per gemm in the forward pass and the input gradient: {@link #CHUNK_FLOATS} of columns, at least one. */
    private static int chunk(Conv2dGeometry g) {
        long perSample = Math.max(1L, (long) g.patchSize() * g.outHeight() * g.outWidth());
        return (int) Math.max(1, Math.min(g.batch(), CHUNK_FLOATS / perSample));
    }

    /**
     * dW^T[CKK, O] = Σ_n cols_n · dy[n]^T, transposed into dw at the end. The same products as dW = dy · cols^T
     * (summed in the same order by the Java gemm's blocked kernels, which it uses from 16 output channels up), but
     * the transposed operand a gemm must repack is dy[n] (O × OH·OW) instead of the column matrix, which is CKK/O
     * times larger (8× for the Atari conv1): packing it was 14% of the pure-Java Atari training step.
     */
    public static void weightGrad(Backend be, float[] x, float[] dy, float[] dw, Conv2dGeometry g) {
        int patch = g.patchSize(), spatial = g.outHeight() * g.outWidth(), o = g.outChannels();
        if (g.batch() == 0) {
            java.util.Arrays.fill(dw, 0, o * patch, 0f);
            return;
        }
        float[] cols = columns(patch * spatial), dwt = transposed(patch * o);
        int xStride = g.inChannels() * g.height() * g.width(), yStride = o * spatial;
        for (int n = 0; n < g.batch(); n++) {
            im2col(x, n * xStride, g, cols);
            be.sgemm(false, true, patch, o, spatial, 1f, cols, 0, spatial, dy, n * yStride, spatial,
                    n == 0 ? 0f : 1f, dwt, 0, o);
        }
        transpose(dwt, patch, o, dw);
    }

    /** dst[c·rows + r] = src[r·cols + c]: the rows × cols matrix at the start of src, transposed. */
    private static void transpose(float[] src, int rows, int cols, float[] dst) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) dst[c * rows + r] = src[r * cols + c];
        }
    }

    /**
     * Unfolds one sample into the column matrix; out-of-image taps (padding) read as zero.
     *
     * <p>Each (kernel column, output row) is one run: the output columns whose input column lies inside the image
     * ({@link Conv2dGeometry#firstInside}, {@link Conv2dGeometry#endInside}) are copied, with {@code arraycopy}
     * at stride 1, and the padding on either side is filled. A test on every element ran at a third of the speed:
     * this was 30% of the pure-Java Atari training step.
     */
    static void im2col(float[] x, int xOff, Conv2dGeometry g, float[] cols) {
        im2col(x, xOff, g, cols, 0, g.outHeight() * g.outWidth());
    }

    /** Like {@link #im2col(float[], int, Conv2dGeometry, float[])}, into columns {@code colOff..} of rows {@code ld} apart. */
    static void im2col(float[] x, int xOff, Conv2dGeometry g, float[] cols, int colOff, int ld) {
        int oh = g.outHeight(), ow = g.outWidth(), h = g.height(), wd = g.width();
        int sh = g.strideH(), sw = g.strideW(), ph = g.padH(), pw = g.padW();
        int row = 0;
        for (int c = 0; c < g.inChannels(); c++) {
            int plane = xOff + c * h * wd;
            for (int ki = 0; ki < g.kernelH(); ki++) {
                for (int kj = 0; kj < g.kernelW(); kj++, row++) {
                    int dx = kj - pw, lo = Conv2dGeometry.firstInside(dx, sw), hi = Conv2dGeometry.endInside(dx, sw, wd, ow);
                    int dst = row * ld + colOff;
                    for (int oy = 0; oy < oh; oy++, dst += ow) {
                        int iy = oy * sh - ph + ki;
                        if (iy < 0 || iy >= h || lo >= hi) {
                            java.util.Arrays.fill(cols, dst, dst + ow, 0f);
                            continue;
                        }
                        int src = plane + iy * wd + dx;
                        if (sw > 1 && kj >= sw) {
                            // Tap kj reads at output column ox what tap kj - s read at ox + 1: copy that row shifted
                            // by one (padding included), and read only the last column. A copy beats a strided gather.
                            System.arraycopy(cols, dst - sw * ld + 1, cols, dst, ow - 1);
                            int last = ow - 1;
                            cols[dst + last] = last >= lo && last < hi ? x[src + last * sw] : 0f;
                            continue;
                        }
                        if (lo > 0) java.util.Arrays.fill(cols, dst, dst + lo, 0f);
                        if (sw == 1) {
                            System.arraycopy(x, src + lo, cols, dst + lo, hi - lo);
                        } else {
                            for (int ox = lo; ox < hi; ox++) cols[dst + ox] = x[src + ox * sw];
                        }
                        if (hi < ow) java.util.Arrays.fill(cols, dst + hi, dst + ow, 0f);
                    }
                }
            }
        }
    }

    /**
     * The adjoint of {@link #im2col}: adds every column entry back onto the pixel it was read from, in the order
     * (channel, kernel row, kernel column, output row, output column), over the same in-image runs.
     */
    static void col2imAdd(float[] cols, Conv2dGeometry g, float[] dx, int xOff) {
        col2imAdd(cols, g, dx, xOff, 0, g.outHeight() * g.outWidth());
    }

    /** Like {@link #col2imAdd(float[], Conv2dGeometry, float[], int)}, from columns {@code colOff..} of rows {@code ld} apart. */
    static void col2imAdd(float[] cols, Conv2dGeometry g, float[] dx, int xOff, int colOff, int ld) {
        int oh = g.outHeight(), ow = g.outWidth(), h = g.height(), wd = g.width();
        int sh = g.strideH(), sw = g.strideW(), ph = g.padH(), pw = g.padW();
        int row = 0;
        for (int c = 0; c < g.inChannels(); c++) {
            int plane = xOff + c * h * wd;
            for (int ki = 0; ki < g.kernelH(); ki++) {
                for (int kj = 0; kj < g.kernelW(); kj++, row++) {
                    int off = kj - pw, lo = Conv2dGeometry.firstInside(off, sw), hi = Conv2dGeometry.endInside(off, sw, wd, ow);
                    int src = row * ld + colOff;
                    for (int oy = 0; oy < oh; oy++, src += ow) {
                        int iy = oy * sh - ph + ki;
                        if (iy < 0 || iy >= h) continue;
                        int dst = plane + iy * wd + off;
                        if (sw == 1) {
                            for (int ox = lo; ox < hi; ox++) dx[dst + ox] += cols[src + ox];
                        } else {
                            for (int ox = lo; ox < hi; ox++) dx[dst + ox * sw] += cols[src + ox];
                        }
                    }
                }
            }
        }
    }
}
