package dev.ascent.backend.openblas;

import dev.ascent.engine.ops.Conv2dGeometry;

import java.util.Arrays;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_saxpy;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

/**
 * Strided convolution without im2col: space-to-depth, then one gemm per kernel block on shifted views.
 *
 * <p>im2col copies every input pixel once per kernel window that covers it: (KH·KW)/(sH·sW) times, 4× for the
 * Atari CNN's first layer (8×8 kernel, stride 4), whose column matrix is 3.6× its input. On a 2-core machine that
 * data movement costs more than the gemm. When the kernel is a whole number of strides ({@code KH % sH == 0},
 * {@code KW % sW == 0}), the convolution can be rewritten so that every pixel is moved once:
 * <ol>
 *   <li>space-to-depth: {@code X''[(c, ry, rx), n·G + by·Ws + bx] = xpad[n, c, by·sH + ry, bx·sW + rx]}, a grid of
 *       Hs×Ws blocks (G = Hs·Ws per sample) with C·sH·sW channels;</li>
 *   <li>the convolution becomes stride 1 with a (KH/sH)×(KW/sW) kernel on that grid, i.e. a sum of KH/sH·KW/sW
 *       products {@code Y''[O, N·G] += W_q[O, C·sH·sW] · X''[:, shift_q : shift_q + N·G]}, each reading the same
 *       X'' at a column offset {@code shift_q = qi·Ws + qj}: a plain strided matrix, no copy (the forward pass
 *       computes all W_q · X'' in one gemm and adds the shifted products before copying out, see
 *       {@link #forward});</li>
 *   <li>outputs are read from the grid positions that are real output pixels; the others (the grid's last
 *       row and column, which also straddle samples) are computed and dropped.</li>
 * </ol>
 * The gradients are the same gemms transposed: {@code dW_q^T = X''_q · dY''^T} and
 * {@code dX''[:, shift_q + ...] += W_q^T · dY''}, with dY'' zero on the dropped positions so they contribute
 * nothing.
 *
 * <p>The dropped grid positions are wasted flops: G/(OH·OW), 10% for Atari conv1 (21² vs 20²), 23% for conv2.
 * {@link #suits(Conv2dGeometry)} admits a geometry only when that waste is at most 30% (stride-1 3×3 on a 9×9
 * input would waste 65%; im2col is better there).
 *
 * <p>Operands are built in per-thread heap staging arrays and bulk-copied to the native scratch; batches are cut
 * into chunks so the working set stays cache-sized.
 */
final class ShiftedGemmConvolution {
    /** Most wasted flops tolerated, as grid positions per output pixel. */
    static final double MAX_GRID_RATIO = 1.3;
    private static final ThreadLocal<float[]> STAGE_X = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<float[]> STAGE_Y = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<float[]> STAGE_W = ThreadLocal.withInitial(() -> new float[0]);

    private ShiftedGemmConvolution() {}

    private static float[] stage(ThreadLocal<float[]> tl, long size) {
        float[] s = tl.get();
        if (s.length < size) {
            s = new float[(int) size];
            tl.set(s);
        }
        return s;
    }

    /** The derived sizes of one geometry. */
    record Plan(Conv2dGeometry g, int s, int t, int hs, int ws, int cs, int kh, int kw, int grid, int maxShift) {
        static Plan of(Conv2dGeometry g) {
            int s = g.strideH(), t = g.strideW();
            int hp = g.height() + 2 * g.padH(), wp = g.width() + 2 * g.padW();
            int hs = (hp + s - 1) / s, ws = (wp + t - 1) / t;
            int kh = g.kernelH() / s, kw = g.kernelW() / t;
            return new Plan(g, s, t, hs, ws, g.inChannels() * s * t, kh, kw, hs * ws, (kh - 1) * ws + (kw - 1));
        }

        int shift(int q) {
            return (q / kw) * ws + q % kw;
        }

        int blocks() {
            return kh * kw;
        }

        /** Columns of the X'' rows for nb samples: the grid plus room for the largest shift. */
        int rowLength(int nb) {
            return nb * grid + maxShift;
        }

        /** Samples per chunk so that X'' stays under {@code maxFloats}. */
        int chunk(long maxFloats) {
            long perSample = (long) cs * grid;
            return (int) Math.max(1, Math.min(g.batch(), (maxFloats - (long) cs * maxShift) / Math.max(1, perSample)));
        }
    }

    /** Whether this geometry is a whole number of strides per kernel and wastes little on the grid. */
    static boolean suits(Conv2dGeometry g) {
        if (g.kernelH() % g.strideH() != 0 || g.kernelW() % g.strideW() != 0) return false;
        Plan p = Plan.of(g);
        return p.grid <= MAX_GRID_RATIO * g.outHeight() * g.outWidth();
    }

    /**
     * Forward as one gemm per chunk: {@code Z[(q, o), j] = W_q · X''[:, j]} for all blocks q at once (the staged weights
     * are already {@code [blocks·O, C·s·t]}), then {@code Y'' = Σ_q Z_q[:, j + shift_q]} before copying out. The
     * alternative, one gemm per block on shifted views of X'', makes OpenBLAS pack X'' once per block, and with only
     * O = 32 rows per gemm that packing costs about as much as the multiply: measured per conv1 chunk, 4 gemms of
     * 32×3969×64 took 1.24 ms against 0.85 ms for one of 128×3969×64. The shifted sums are (blocks - 1)·O saxpy
     * calls on native memory.
     */
    static void forward(NativeScratch s, float[] x, float[] w, float[] y, Conv2dGeometry g, long maxFloats) {
        Plan p = Plan.of(g);
        int o = g.outChannels(), oh = g.outHeight(), ow = g.outWidth(), mz = p.blocks() * o;
        NativeBuffer nw = s.buffer(NativeScratch.A), nx = s.buffer(NativeScratch.B), nz = s.buffer(NativeScratch.C);
        stageWeights(p, w, nw);
        int chunk = p.chunk(maxFloats);
        for (int n0 = 0; n0 < g.batch(); n0 += chunk) {
            int nb = Math.min(chunk, g.batch() - n0), cols = nb * p.grid, row = p.rowLength(nb);
            spaceToDepth(p, x, n0, nb, nx);
            nz.reserve((long) mz * row);
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, mz, row, p.cs, 1f,
                    nw.at(0), p.cs, nx.at(0), row, 0f, nz.at(0), row);
            // Z_0[:, j] += Z_q[:, j + shift_q], in place: rows of different blocks never overlap. Long contiguous
            // runs (N·G floats), so OpenBLAS's saxpy, on data still in cache, beats a Java loop over 20-pixel rows.
            for (int q = 1; q < p.blocks(); q++) {
                for (int c = 0; c < o; c++) {
                    cblas_saxpy(cols, 1f, nz.alias((long) (q * o + c) * row + p.shift(q)), 1, nz.at((long) c * row), 1);
                }
            }
            float[] out = stage(STAGE_Y, (long) o * row);
            nz.get(0, out, 0, o * row);
            for (int n = 0; n < nb; n++) {
                for (int c = 0; c < o; c++) {
                    int src = c * row + n * p.grid, dst = ((n0 + n) * o + c) * oh * ow;
                    for (int oy = 0; oy < oh; oy++) System.arraycopy(out, src + oy * p.ws, y, dst + oy * ow, ow);
                }
            }
        }
    }

    static void weightGrad(NativeScratch s, float[] x, float[] dy, float[] dw, Conv2dGeometry g, long maxFloats) {
        Plan p = Plan.of(g);
        int o = g.outChannels();
        if (g.batch() == 0) {
            Arrays.fill(dw, 0, o * g.patchSize(), 0f);
            return;
        }
        NativeBuffer ndw = s.buffer(NativeScratch.A), nx = s.buffer(NativeScratch.B), ndy = s.buffer(NativeScratch.C);
        ndw.reserve((long) p.blocks() * o * p.cs);
        int chunk = p.chunk(maxFloats);
        for (int n0 = 0; n0 < g.batch(); n0 += chunk) {
            int nb = Math.min(chunk, g.batch() - n0), cols = nb * p.grid, row = p.rowLength(nb);
            spaceToDepth(p, x, n0, nb, nx);
            stageOutputGradient(p, dy, n0, nb, ndy);
            // dW_q^T[cs, O] = X''_q · dY''^T: OpenBLAS runs this orientation about 15% faster than dW_q = dY'' · X''_q^T
            // (Atari conv1 per chunk: 64×32×3969 in 191 µs against 233 µs for 32×64×3969).
            for (int q = 0; q < p.blocks(); q++) {
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, p.cs, o, cols, 1f,
                        nx.at(p.shift(q)), row, ndy.at(0), cols, n0 == 0 ? 0f : 1f, ndw.at((long) q * o * p.cs), o);
            }
        }
        float[] wr = stage(STAGE_W, (long) p.blocks() * o * p.cs);
        ndw.get(0, wr, 0, p.blocks() * o * p.cs);
        unstageWeightGradient(p, wr, dw);
    }

    static void inputGrad(NativeScratch s, float[] dy, float[] w, float[] dx, Conv2dGeometry g, long maxFloats) {
        Plan p = Plan.of(g);
        int o = g.outChannels();
        NativeBuffer nw = s.buffer(NativeScratch.A), ndx = s.buffer(NativeScratch.B), ndy = s.buffer(NativeScratch.C);
        stageWeights(p, w, nw);
        int chunk = p.chunk(maxFloats);
        for (int n0 = 0; n0 < g.batch(); n0 += chunk) {
            int nb = Math.min(chunk, g.batch() - n0), cols = nb * p.grid, row = p.rowLength(nb);
            stageOutputGradient(p, dy, n0, nb, ndy);
            ndx.reserve((long) p.cs * row);
            // Block 0 has shift 0 and overwrites columns [0, cols); the tail beyond is only ever added to, so zero it.
            float[] zeros = stage(STAGE_W, p.maxShift);
            Arrays.fill(zeros, 0, p.maxShift, 0f);
            for (int r = 0; r < p.cs; r++) ndx.put((long) r * row + cols, zeros, 0, p.maxShift);
            for (int q = 0; q < p.blocks(); q++) {
                cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, p.cs, cols, o, 1f,
                        nw.at((long) q * o * p.cs), p.cs, ndy.at(0), cols, q == 0 ? 0f : 1f, ndx.at(p.shift(q)), row);
            }
            depthToSpace(p, ndx, n0, nb, dx);
        }
    }

    /** W[o, c, qi·s + ry, qj·t + rx] into Wr[q][o][(c, ry, rx)], staged to native. */
    private static void stageWeights(Plan p, float[] w, NativeBuffer dst) {
        Conv2dGeometry g = p.g;
        int o = g.outChannels(), size = p.blocks() * o * p.cs;
        float[] wr = stage(STAGE_W, size);
        for (int q = 0; q < p.blocks(); q++) {
            int qi = q / p.kw, qj = q % p.kw;
            for (int oc = 0; oc < o; oc++) {
                int d = (q * o + oc) * p.cs;
                for (int c = 0; c < g.inChannels(); c++) {
                    for (int ry = 0; ry < p.s; ry++) {
                        int src = ((oc * g.inChannels() + c) * g.kernelH() + qi * p.s + ry) * g.kernelW() + qj * p.t;
                        for (int rx = 0; rx < p.t; rx++) wr[d++] = w[src + rx];
                    }
                }
            }
        }
        dst.reserve(size);
        dst.put(0, wr, 0, size);
    }

    /** dW_q^T blocks Wt[q][(c, ry, rx)][o] back to dw[O, C, KH, KW] (overwritten). */
    private static void unstageWeightGradient(Plan p, float[] wt, float[] dw) {
        Conv2dGeometry g = p.g;
        int o = g.outChannels();
        for (int q = 0; q < p.blocks(); q++) {
            int qi = q / p.kw, qj = q % p.kw;
            int src = q * o * p.cs; // row (c, ry, rx) of block q
            for (int c = 0; c < g.inChannels(); c++) {
                for (int ry = 0; ry < p.s; ry++) {
                    for (int rx = 0; rx < p.t; rx++, src += o) {
                        int d = (c * g.kernelH() + qi * p.s + ry) * g.kernelW() + qj * p.t + rx;
                        for (int oc = 0; oc < o; oc++) dw[d + oc * g.patchSize()] = wt[src + oc];
                    }
                }
            }
        }
    }

    /**
     * X''[(c, ry, rx), n·G + by·Ws + bx] for samples n0.., zero-padded, with a zero tail; staged to native.
     *
     * <p>Loops run over input rows, each read once and de-interleaved into its s·t destination rows while it sits
     * in L1. (Looping over destination rows instead re-read every input row t times from L2 and took 2.6 ns per
     * element for Atari conv1.)
     */
    private static void spaceToDepth(Plan p, float[] x, int n0, int nb, NativeBuffer dst) {
        Conv2dGeometry g = p.g;
        int h = g.height(), wd = g.width(), row = p.rowLength(nb), size = p.cs * row;
        int s = p.s, t = p.t, ws = p.ws, grid = p.grid, padH = g.padH(), padW = g.padW();
        float[] xs = stage(STAGE_X, size);
        int[] lo = new int[t], hi = new int[t];
        for (int rx = 0; rx < t; rx++) {
            lo[rx] = NativeConvolution.validLow(rx - padW, t);
            hi[rx] = NativeConvolution.validHigh(rx - padW, t, wd, ws);
        }
        // The usual case (Atari conv1 and conv2): no column padding and whole blocks, so every input row splits into
        // t full destination rows, read once front to back.
        boolean wholeRows = padW == 0 && wd == ws * t;
        for (int c = 0; c < g.inChannels(); c++) {
            int rowsOfC = c * s * t;
            for (int n = 0; n < nb; n++) {
                int plane = ((n0 + n) * g.inChannels() + c) * h * wd;
                for (int by = 0; by < p.hs; by++) {
                    for (int ry = 0; ry < s; ry++) {
                        int iy = by * s + ry - padH;
                        int d0 = (rowsOfC + ry * t) * row + n * grid + by * ws;
                        boolean inside = iy >= 0 && iy < h;
                        int src0 = plane + iy * wd - padW;
                        if (inside && wholeRows && t == 4) {
                            deinterleave4(x, src0, xs, d0, row, ws);
                            continue;
                        }
                        if (inside && wholeRows && t == 2) {
                            deinterleave2(x, src0, xs, d0, row, ws);
                            continue;
                        }
                        for (int rx = 0; rx < t; rx++) {
                            int d = d0 + rx * row, l = lo[rx], e = hi[rx];
                            if (!inside || l >= e) {
                                Arrays.fill(xs, d, d + ws, 0f);
                                continue;
                            }
                            if (l > 0) Arrays.fill(xs, d, d + l, 0f);
                            int src = src0 + rx;
                            if (t == 1) {
                                System.arraycopy(x, src + l, xs, d + l, e - l);
                            } else {
                                for (int bx = l; bx < e; bx++) xs[d + bx] = x[src + bx * t];
                            }
                            if (e < ws) Arrays.fill(xs, d + e, d + ws, 0f);
                        }
                    }
                }
            }
        }
        for (int r = 0; r < p.cs; r++) Arrays.fill(xs, r * row + nb * grid, (r + 1) * row, 0f);
        dst.reserve(size);
        dst.put(0, xs, 0, size);
    }

    /** xs[d + r·row + b] = x[src + 4b + r] for r < 4, b < blocks: one input row into four destination rows. */
    private static void deinterleave4(float[] x, int src, float[] xs, int d, int row, int blocks) {
        int d1 = d + row, d2 = d1 + row, d3 = d2 + row;
        for (int b = 0; b < blocks; b++) {
            int i = src + 4 * b;
            xs[d + b] = x[i];
            xs[d1 + b] = x[i + 1];
            xs[d2 + b] = x[i + 2];
            xs[d3 + b] = x[i + 3];
        }
    }

    /** xs[d + r·row + b] = x[src + 2b + r] for r < 2, b < blocks. */
    private static void deinterleave2(float[] x, int src, float[] xs, int d, int row, int blocks) {
        int d1 = d + row;
        for (int b = 0; b < blocks; b++) {
            int i = src + 2 * b;
            xs[d + b] = x[i];
            xs[d1 + b] = x[i + 1];
        }
    }

    /** dY''[O, nb·G]: dy on the output pixels of the grid, zero on the dropped positions; staged to native. */
    private static void stageOutputGradient(Plan p, float[] dy, int n0, int nb, NativeBuffer dst) {
        Conv2dGeometry g = p.g;
        int o = g.outChannels(), oh = g.outHeight(), ow = g.outWidth(), cols = nb * p.grid;
        float[] ys = stage(STAGE_Y, (long) o * cols);
        Arrays.fill(ys, 0, o * cols, 0f);
        for (int n = 0; n < nb; n++) {
            for (int c = 0; c < o; c++) {
                int src = ((n0 + n) * o + c) * oh * ow, d = c * cols + n * p.grid;
                for (int oy = 0; oy < oh; oy++) System.arraycopy(dy, src + oy * ow, ys, d + oy * p.ws, ow);
            }
        }
        dst.reserve((long) o * cols);
        dst.put(0, ys, 0, o * cols);
    }

    /** dx[n0.., C, H, W] (overwritten) from dX''[(c, ry, rx), n·G + by·Ws + bx], dropping the padding. */
    private static void depthToSpace(Plan p, NativeBuffer src, int n0, int nb, float[] dx) {
        Conv2dGeometry g = p.g;
        int h = g.height(), wd = g.width(), row = p.rowLength(nb), size = p.cs * row;
        float[] xs = stage(STAGE_X, size);
        src.get(0, xs, 0, size);
        for (int c = 0; c < g.inChannels(); c++) {
            for (int ry = 0; ry < p.s; ry++) {
                for (int rx = 0; rx < p.t; rx++) {
                    int r = ((c * p.s + ry) * p.t + rx) * row;
                    int dxo = rx - g.padW();
                    int lo = NativeConvolution.validLow(dxo, p.t), hi = NativeConvolution.validHigh(dxo, p.t, wd, p.ws);
                    if (lo >= hi) continue;
                    for (int n = 0; n < nb; n++) {
                        int plane = ((n0 + n) * g.inChannels() + c) * h * wd;
                        for (int by = 0; by < p.hs; by++) {
                            int iy = by * p.s + ry - g.padH();
                            if (iy < 0 || iy >= h) continue;
                            int s0 = r + n * p.grid + by * p.ws, d = plane + iy * wd + dxo;
                            if (p.t == 1) System.arraycopy(xs, s0 + lo, dx, d + lo, hi - lo);
                            else for (int bx = lo; bx < hi; bx++) dx[d + bx * p.t] = xs[s0 + bx];
                        }
                    }
                }
            }
        }
    }
}
