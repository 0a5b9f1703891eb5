package dev.ascent.backend.openblas;

import dev.ascent.engine.ops.Conv2dGeometry;

import java.nio.FloatBuffer;
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
 * <p>X'' is written straight into the native scratch; the smaller operands are built in per-thread heap arrays and
 * bulk-copied. Batches are cut into chunks so the working set stays cache-sized.
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
            nx.reserve((long) p.cs * row);
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
            float[] out = stage(STAGE_Y, cols);
            for (int c = 0; c < o; c++) {
                nz.get((long) c * row, out, 0, cols);
                for (int n = 0; n < nb; n++) {
                    int src = n * p.grid, dst = ((n0 + n) * o + c) * oh * ow;
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
            nx.reserve((long) p.cs * row);
            ndy.reserve((long) o * cols);
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
            ndy.reserve((long) o * cols);
            stageOutputGradient(p, dy, n0, nb, ndy);
            ndx.reserve((long) p.cs * row);
            // Block 0 has shift 0 and overwrites columns [0, cols); the tail beyond is only ever added to, so zero it.
            for (int r = 0; r < p.cs; r++) ndx.zero((long) r * row + cols, p.maxShift);
            for (int q = 0; q < p.blocks(); q++) {
                cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, p.cs, cols, o, 1f,
                        nw.at((long) q * o * p.cs), p.cs, ndy.at(0), cols, q == 0 ? 0f : 1f, ndx.at(p.shift(q)), row);
            }
            depthToSpace(p, ndx, n0, nb, dx);
        }
    }

    /**
     * Where kernel tap (ki, kj) of one (o, c) goes in the staged layout Wr[q][o][(c, ry, rx)], relative to
     * {@code o·cs + c·s·t}, with {@code scale} as the stride of the (ry, rx) index: 1 for Wr, O for the transposed
     * weight gradient Wt[q][(c, ry, rx)][o]. One table lookup per tap: the nested loops over (qi, ry, qj, rx) this
     * replaces ran 2-4 iterations deep and took 2-3 ns a float on Atari conv2.
     */
    private static int[] tapOffsets(Plan p, int scale) {
        Conv2dGeometry g = p.g;
        int kwFull = g.kernelW(), block = g.outChannels() * p.cs;
        int[] off = new int[g.kernelH() * kwFull];
        for (int ki = 0; ki < g.kernelH(); ki++) {
            for (int kj = 0; kj < kwFull; kj++) {
                int q = (ki / p.s) * p.kw + kj / p.t, r = (ki % p.s) * p.t + kj % p.t;
                off[ki * kwFull + kj] = q * block + r * scale;
            }
        }
        return off;
    }

    /** W[o, c, qi·s + ry, qj·t + rx] into Wr[q][o][(c, ry, rx)], staged to native. */
    private static void stageWeights(Plan p, float[] w, NativeBuffer dst) {
        Conv2dGeometry g = p.g;
        int o = g.outChannels(), ci = g.inChannels(), size = p.blocks() * o * p.cs, st = p.s * p.t;
        int[] off = tapOffsets(p, 1);
        float[] wr = stage(STAGE_W, size);
        int src = 0;
        for (int oc = 0; oc < o; oc++) {
            for (int c = 0; c < ci; c++) {
                int base = oc * p.cs + c * st;
                for (int k = 0; k < off.length; k++) wr[base + off[k]] = w[src++];
            }
        }
        dst.reserve(size);
        dst.put(0, wr, 0, size);
    }

    /** dW_q^T blocks Wt[q][(c, ry, rx)][o] back to dw[O, C, KH, KW] (overwritten), written front to back. */
    private static void unstageWeightGradient(Plan p, float[] wt, float[] dw) {
        Conv2dGeometry g = p.g;
        int o = g.outChannels(), ci = g.inChannels(), st = p.s * p.t;
        int[] off = tapOffsets(p, o);
        int d = 0;
        for (int oc = 0; oc < o; oc++) {
            for (int c = 0; c < ci; c++) {
                int base = c * st * o + oc;
                for (int k = 0; k < off.length; k++) dw[d++] = wt[base + off[k]];
            }
        }
    }

    /**
     * X''[(c, ry, rx), n·G + by·Ws + bx] for samples n0.., zero-padded, with a zero tail.
     *
     * <p>Loops run over input rows, each read once and de-interleaved into its s·t destination rows while it sits
     * in L1. (Looping over destination rows instead re-read every input row t times from L2 and took 2.6 ns per
     * element for Atari conv1.)
     *
     * <p>The usual case (whole rows, t = 2 or 4: Atari conv1 and conv2) de-interleaves one input plane (c, n) into a
     * small heap array, s·t runs of G floats (28 KiB for conv1, so it stays in L1), and moves each run to native
     * memory in one bulk copy. Storing element by element into the native buffer went through a bounds-checked
     * buffer store per float, which made this 13% of the Atari training step. (Staging a whole chunk on the heap
     * instead was 20% slower than either: the second 1 MiB buffer pushed the working set out of L2.)
     */
    private static void spaceToDepth(Plan p, float[] x, int n0, int nb, NativeBuffer dst) {
        Conv2dGeometry g = p.g;
        int h = g.height(), wd = g.width(), row = p.rowLength(nb);
        int s = p.s, t = p.t, ws = p.ws, grid = p.grid, padH = g.padH(), padW = g.padW();
        FloatBuffer xs = dst.floats();
        int[] lo = new int[t], hi = new int[t];
        for (int rx = 0; rx < t; rx++) {
            lo[rx] = Conv2dGeometry.firstInside(rx - padW, t);
            hi[rx] = Conv2dGeometry.endInside(rx - padW, t, wd, ws);
        }
        // The usual case (Atari conv1 and conv2): no column padding and whole blocks, so every input row splits into
        // t full destination rows, read once front to back.
        boolean wholeRows = padW == 0 && wd == ws * t;
        boolean viaPlane = wholeRows && (t == 2 || t == 4);
        float[] planeRuns = viaPlane ? stage(STAGE_X, (long) s * t * grid) : null;
        for (int c = 0; c < g.inChannels(); c++) {
            int rowsOfC = c * s * t;
            for (int n = 0; n < nb; n++) {
                int plane = ((n0 + n) * g.inChannels() + c) * h * wd;
                if (viaPlane) {
                    planeToRuns(p, x, plane, planeRuns);
                    for (int r = 0; r < s * t; r++) xs.put((rowsOfC + r) * row + n * grid, planeRuns, r * grid, grid);
                    continue;
                }
                for (int by = 0; by < p.hs; by++) {
                    for (int ry = 0; ry < s; ry++) {
                        int iy = by * s + ry - padH;
                        int d0 = (rowsOfC + ry * t) * row + n * grid + by * ws;
                        int src0 = plane + iy * wd - padW;
                        if (iy < 0 || iy >= h) {
                            for (int rx = 0; rx < t; rx++) dst.zero(d0 + (long) rx * row, ws);
                        } else {
                            for (int rx = 0; rx < t; rx++) {
                                int d = d0 + rx * row, l = lo[rx], e = hi[rx];
                                if (l >= e) {
                                    dst.zero(d, ws);
                                    continue;
                                }
                                if (l > 0) dst.zero(d, l);
                                int src = src0 + rx;
                                if (t == 1) {
                                    xs.put(d + l, x, src + l, e - l);
                                } else {
                                    for (int bx = l; bx < e; bx++) xs.put(d + bx, x[src + bx * t]);
                                }
                                if (e < ws) dst.zero(d + e, ws - e);
                            }
                        }
                    }
                }
            }
            for (int r = rowsOfC; r < rowsOfC + s * t; r++) dst.zero((long) r * row + nb * grid, p.maxShift);
        }
    }

    /**
     * One input plane (whole rows, no column padding, t = 2 or 4) as its s·t runs of the space-to-depth grid:
     * {@code runs[(ry·t + rx)·G + by·Ws + bx] = plane[(by·s + ry - padH)·W + bx·t + rx]}, zero where the row is padding.
     */
    private static void planeToRuns(Plan p, float[] x, int plane, float[] runs) {
        Conv2dGeometry g = p.g;
        int h = g.height(), wd = g.width(), s = p.s, t = p.t, ws = p.ws, grid = p.grid;
        for (int by = 0; by < p.hs; by++) {
            for (int ry = 0; ry < s; ry++) {
                int iy = by * s + ry - g.padH(), d = ry * t * grid + by * ws;
                if (iy < 0 || iy >= h) {
                    for (int rx = 0; rx < t; rx++) Arrays.fill(runs, d + rx * grid, d + rx * grid + ws, 0f);
                } else if (t == 4) {
                    deinterleave4(x, plane + iy * wd, runs, d, grid, ws);
                } else {
                    deinterleave2(x, plane + iy * wd, runs, d, grid, ws);
                }
            }
        }
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

    /**
     * dY''[O, nb·G]: dy on the output pixels of the grid, zero on the dropped positions.
     * Each channel's row is built in a heap array that stays in L1 and copied to native memory in one piece.
     */
    private static void stageOutputGradient(Plan p, float[] dy, int n0, int nb, NativeBuffer dst) {
        Conv2dGeometry g = p.g;
        int o = g.outChannels(), oh = g.outHeight(), ow = g.outWidth(), cols = nb * p.grid;
        float[] ys = stage(STAGE_Y, cols);
        Arrays.fill(ys, 0, cols, 0f);
        for (int c = 0; c < o; c++) {
            for (int n = 0; n < nb; n++) {
                int src = ((n0 + n) * o + c) * oh * ow, d = n * p.grid;
                for (int oy = 0; oy < oh; oy++) System.arraycopy(dy, src + oy * ow, ys, d + oy * p.ws, ow);
            }
            dst.put((long) c * cols, ys, 0, cols); // the zeros between the copied rows are never overwritten
        }
    }

    /**
     * dx[n0.., C, H, W] (overwritten) from dX''[(c, ry, rx), n·G + by·Ws + bx], dropping
     * the padding. The usual case (no column padding, whole blocks, t = 2 or 4: Atari conv2) copies one plane's s·t
     * runs of G floats to a small heap array and interleaves the t runs of one ry into contiguous rows of dx; the
     * general case copies each row of dX'' to a heap array once and scatters it from there.
     */
    private static void depthToSpace(Plan p, NativeBuffer src, int n0, int nb, float[] dx) {
        Conv2dGeometry g = p.g;
        int h = g.height(), wd = g.width(), row = p.rowLength(nb), cols = nb * p.grid;
        boolean wholeRows = g.padW() == 0 && wd == p.ws * p.t;
        if (wholeRows && (p.t == 2 || p.t == 4)) {
            int st = p.s * p.t;
            float[] runs = stage(STAGE_X, (long) st * p.grid);
            for (int c = 0; c < g.inChannels(); c++) {
                for (int n = 0; n < nb; n++) {
                    // The plane's s·t runs of G floats, one bulk copy each, then interleaved on the heap (see spaceToDepth).
                    for (int r = 0; r < st; r++) src.get((long) (c * st + r) * row + n * p.grid, runs, r * p.grid, p.grid);
                    int plane = ((n0 + n) * g.inChannels() + c) * h * wd;
                    for (int by = 0; by < p.hs; by++) {
                        for (int ry = 0; ry < p.s; ry++) {
                            int iy = by * p.s + ry - g.padH();
                            if (iy < 0 || iy >= h) continue;
                            int s0 = ry * p.t * p.grid + by * p.ws, d = plane + iy * wd;
                            if (p.t == 2) interleave2(runs, s0, p.grid, dx, d, p.ws);
                            else interleave4(runs, s0, p.grid, dx, d, p.ws);
                        }
                    }
                }
            }
            return;
        }
        float[] xs = stage(STAGE_X, cols);
        for (int c = 0; c < g.inChannels(); c++) {
            for (int ry = 0; ry < p.s; ry++) {
                for (int rx = 0; rx < p.t; rx++) {
                    int dxo = rx - g.padW();
                    int lo = Conv2dGeometry.firstInside(dxo, p.t), hi = Conv2dGeometry.endInside(dxo, p.t, wd, p.ws);
                    if (lo >= hi) continue;
                    src.get((long) ((c * p.s + ry) * p.t + rx) * row, xs, 0, cols);
                    for (int n = 0; n < nb; n++) {
                        int plane = ((n0 + n) * g.inChannels() + c) * h * wd;
                        for (int by = 0; by < p.hs; by++) {
                            int iy = by * p.s + ry - g.padH();
                            if (iy < 0 || iy >= h) continue;
                            int s0 = n * p.grid + by * p.ws, d = plane + iy * wd + dxo;
                            if (p.t == 1) System.arraycopy(xs, s0 + lo, dx, d + lo, hi - lo);
                            else for (int bx = lo; bx < hi; bx++) dx[d + bx * p.t] = xs[s0 + bx];
                        }
                    }
                }
            }
        }
    }

    /** dx[d + 2b + r] = xs[s + r·row + b] for r < 2, b < blocks: the inverse of {@link #deinterleave2}. */
    private static void interleave2(float[] xs, int s, int row, float[] dx, int d, int blocks) {
        int s1 = s + row;
        for (int b = 0; b < blocks; b++) {
            dx[d + 2 * b] = xs[s + b];
            dx[d + 2 * b + 1] = xs[s1 + b];
        }
    }

    /** dx[d + 4b + r] = xs[s + r·row + b] for r < 4, b < blocks: the inverse of {@link #deinterleave4}. */
    private static void interleave4(float[] xs, int s, int row, float[] dx, int d, int blocks) {
        int s1 = s + row, s2 = s1 + row, s3 = s2 + row;
        for (int b = 0; b < blocks; b++) {
            int i = d + 4 * b;
            dx[i] = xs[s + b];
            dx[i + 1] = xs[s1 + b];
            dx[i + 2] = xs[s2 + b];
            dx[i + 3] = xs[s3 + b];
        }
    }
}
