package dev.ascent.backend.openblas;

import dev.ascent.engine.ops.Conv2dGeometry;

import java.util.Arrays;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

/**
 * Convolution as im2col + one OpenBLAS gemm per batch chunk (the general algorithm; {@link NativeConv2d} picks
 * {@link ShiftedGemmConvolution} instead where it applies).
 *
 * <p>The engine's generic {@code Im2colConvolution} runs one gemm per sample ([O, C·KH·KW] × [C·KH·KW, OH·OW]).
 * For the Atari CNN those gemms are small and oddly shaped (conv3: 64×49×576), where OpenBLAS runs far below
 * its peak. Here the columns of all samples of a chunk sit side by side,
 * {@code cols[C·KH·KW, N·OH·OW]}, so each layer is one large gemm:
 * <pre>
 *   forward:      Y'[O, N·S]      = W[O, P] · cols[P, N·S]        then y[n,o,:] = Y'[o, n·S : (n+1)·S]
 *   input grad:   dcols[P, N·S]   = W^T · dY'[O, N·S]              then dx = col2im(dcols)
 *   weight grad:  dW^T[P, O]     += cols[P, N·S] · dY'^T           (K = N·S: the long, efficient side)
 * </pre>
 * (S = OH·OW, P = C·KH·KW.) The permutation between {@code [N, O, S]} and {@code [O, N·S]} is folded into the
 * copies in and out, as N·O bulk transfers of S floats.
 *
 * <p>im2col is built one row of {@code cols} at a time in a heap row buffer that stays in cache, then bulk-copied
 * to native memory: one tight gather loop per row and no per-element native writes. Batches are cut into chunks
 * so the column matrix stays cache-sized (see {@link NativeConv2d#CHUNK_FLOATS}).
 */
final class NativeConvolution {
    private static final ThreadLocal<float[]> ROW = ThreadLocal.withInitial(() -> new float[0]);

    private NativeConvolution() {}

    private static float[] row(int size) {
        float[] r = ROW.get();
        if (r.length < size) {
            r = new float[size];
            ROW.set(r);
        }
        return r;
    }

    /** Samples per chunk so that cols[P, chunk·S] stays under {@code maxColumnFloats} (at least one sample). */
    static int chunk(Conv2dGeometry g, long maxColumnFloats) {
        long perSample = (long) g.patchSize() * g.outHeight() * g.outWidth();
        return (int) Math.max(1, Math.min(g.batch(), maxColumnFloats / Math.max(1, perSample)));
    }

    static void forward(NativeScratch s, float[] x, float[] w, float[] y, Conv2dGeometry g, long maxColumnFloats) {
        int o = g.outChannels(), p = g.patchSize(), sp = g.outHeight() * g.outWidth();
        int chunk = chunk(g, maxColumnFloats);
        NativeBuffer nw = s.buffer(NativeScratch.A), ncols = s.buffer(NativeScratch.B), ny = s.buffer(NativeScratch.C);
        nw.reserve((long) o * p);
        nw.put(0, w, 0, o * p);
        for (int n0 = 0; n0 < g.batch(); n0 += chunk) {
            int nb = Math.min(chunk, g.batch() - n0);
            int cols = nb * sp;
            ncols.reserve((long) p * cols);
            ny.reserve((long) o * cols);
            im2col(x, n0, nb, g, ncols);
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, o, cols, p, 1f,
                    nw.at(0), p, ncols.at(0), cols, 0f, ny.at(0), cols);
            for (int n = 0; n < nb; n++) {
                for (int c = 0; c < o; c++) ny.get((long) c * cols + (long) n * sp, y, ((n0 + n) * o + c) * sp, sp);
            }
        }
    }

    static void inputGrad(NativeScratch s, float[] dy, float[] w, float[] dx, Conv2dGeometry g, long maxColumnFloats) {
        int o = g.outChannels(), p = g.patchSize(), sp = g.outHeight() * g.outWidth();
        int chunk = chunk(g, maxColumnFloats);
        NativeBuffer nw = s.buffer(NativeScratch.A), ndcols = s.buffer(NativeScratch.B), ndy = s.buffer(NativeScratch.C);
        nw.reserve((long) o * p);
        nw.put(0, w, 0, o * p);
        for (int n0 = 0; n0 < g.batch(); n0 += chunk) {
            int nb = Math.min(chunk, g.batch() - n0);
            int cols = nb * sp;
            ndcols.reserve((long) p * cols);
            ndy.reserve((long) o * cols);
            putPermuted(dy, n0, nb, o, sp, ndy);
            cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, p, cols, o, 1f,
                    nw.at(0), p, ndy.at(0), cols, 0f, ndcols.at(0), cols);
            col2im(ndcols, n0, nb, g, dx);
        }
    }

    static void weightGrad(NativeScratch s, float[] x, float[] dy, float[] dw, Conv2dGeometry g, long maxColumnFloats) {
        int o = g.outChannels(), p = g.patchSize(), sp = g.outHeight() * g.outWidth();
        if (g.batch() == 0) {
            Arrays.fill(dw, 0, o * p, 0f);
            return;
        }
        int chunk = chunk(g, maxColumnFloats);
        NativeBuffer ndw = s.buffer(NativeScratch.A), ncols = s.buffer(NativeScratch.B), ndy = s.buffer(NativeScratch.C);
        ndw.reserve((long) o * p);
        for (int n0 = 0; n0 < g.batch(); n0 += chunk) {
            int nb = Math.min(chunk, g.batch() - n0);
            int cols = nb * sp;
            ncols.reserve((long) p * cols);
            ndy.reserve((long) o * cols);
            im2col(x, n0, nb, g, ncols);
            putPermuted(dy, n0, nb, o, sp, ndy);
            // dW^T[P, O] = cols · dY'^T rather than dW = dY' · cols^T: the same product, but OpenBLAS runs the
            // orientation with the long P side as rows 15-18% faster on the Atari layers (64×576×1568: 0.94 vs 1.14 ms).
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, p, o, cols, 1f,
                    ncols.at(0), cols, ndy.at(0), cols, n0 == 0 ? 0f : 1f, ndw.at(0), o);
        }
        float[] wt = row(o * p);
        ndw.get(0, wt, 0, o * p);
        transpose(wt, p, o, dw);
    }

    /** dst[c, r] = src[r, c] for a rows×cols src (both packed). */
    static void transpose(float[] src, int rows, int cols, float[] dst) {
        for (int r = 0; r < rows; r++) {
            int s = r * cols;
            for (int c = 0; c < cols; c++) dst[c * rows + r] = src[s + c];
        }
    }

    /** dy[n0.., O, S] into native [O, nb·S]. */
    private static void putPermuted(float[] dy, int n0, int nb, int o, int sp, NativeBuffer dst) {
        long cols = (long) nb * sp;
        for (int n = 0; n < nb; n++) {
            for (int c = 0; c < o; c++) dst.put(c * cols + (long) n * sp, dy, ((n0 + n) * o + c) * sp, sp);
        }
    }

    /** cols[P, nb·S] for samples n0 .. n0+nb-1, written row by row into {@code dst}. */
    static void im2col(float[] x, int n0, int nb, Conv2dGeometry g, NativeBuffer dst) {
        int oh = g.outHeight(), ow = g.outWidth(), h = g.height(), wd = g.width(), sp = oh * ow;
        int sh = g.strideH(), sw = g.strideW();
        int plane = h * wd, sampleStride = g.inChannels() * plane;
        int cols = nb * sp;
        float[] row = row(cols);
        long at = 0;
        for (int c = 0; c < g.inChannels(); c++) {
            for (int ki = 0; ki < g.kernelH(); ki++) {
                for (int kj = 0; kj < g.kernelW(); kj++, at += cols) {
                    int dx = kj - g.padW();
                    int lo = Conv2dGeometry.firstInside(dx, sw), hi = Conv2dGeometry.endInside(dx, sw, wd, ow);
                    for (int n = 0; n < nb; n++) {
                        int base = (n0 + n) * sampleStride + c * plane;
                        int dst0 = n * sp;
                        for (int oy = 0; oy < oh; oy++) {
                            int iy = oy * sh - g.padH() + ki;
                            int d = dst0 + oy * ow;
                            if (iy < 0 || iy >= h || lo >= hi) {
                                Arrays.fill(row, d, d + ow, 0f);
                                continue;
                            }
                            if (lo > 0) Arrays.fill(row, d, d + lo, 0f);
                            int src = base + iy * wd + dx;
                            if (sw == 1) {
                                System.arraycopy(x, src + lo, row, d + lo, hi - lo);
                            } else {
                                for (int ox = lo; ox < hi; ox++) row[d + ox] = x[src + ox * sw];
                            }
                            if (hi < ow) Arrays.fill(row, d + hi, d + ow, 0f);
                        }
                    }
                    dst.put(at, row, 0, cols);
                }
            }
        }
    }

    /**
     * The adjoint of {@link #im2col}: dx[n0 .. n0+nb-1] (overwritten) is the sum of the column entries taken from
     * each pixel, added in (ki, kj) order. Each channel's planes are zeroed just before its sums, while they are
     * about to be in cache anyway, instead of in a separate pass over all of dx.
     */
    static void col2im(NativeBuffer src, int n0, int nb, Conv2dGeometry g, float[] dxOut) {
        int oh = g.outHeight(), ow = g.outWidth(), h = g.height(), wd = g.width(), sp = oh * ow;
        int sh = g.strideH(), sw = g.strideW();
        int plane = h * wd, sampleStride = g.inChannels() * plane;
        int cols = nb * sp;
        float[] row = row(cols);
        for (int c = 0; c < g.inChannels(); c++) {
            for (int n = 0; n < nb; n++) {
                int base = (n0 + n) * sampleStride + c * plane;
                Arrays.fill(dxOut, base, base + plane, 0f);
            }
            long at = (long) c * g.kernelH() * g.kernelW() * cols;
            for (int ki = 0; ki < g.kernelH(); ki++) {
                for (int kj = 0; kj < g.kernelW(); kj++, at += cols) {
                    int dx = kj - g.padW();
                    int lo = Conv2dGeometry.firstInside(dx, sw), hi = Conv2dGeometry.endInside(dx, sw, wd, ow);
                    if (lo >= hi) continue;
                    src.get(at, row, 0, cols);
                    for (int n = 0; n < nb; n++) {
                        int base = (n0 + n) * sampleStride + c * plane;
                        int s0 = n * sp;
                        for (int oy = 0; oy < oh; oy++) {
                            int iy = oy * sh - g.padH() + ki;
                            if (iy < 0 || iy >= h) continue;
                            int d = base + iy * wd + dx, r = s0 + oy * ow;
                            if (sw == 1) {
                                for (int ox = lo; ox < hi; ox++) dxOut[d + ox] += row[r + ox];
                            } else {
                                for (int ox = lo; ox < hi; ox++) dxOut[d + ox * sw] += row[r + ox];
                            }
                        }
                    }
                }
            }
        }
    }
}
