package dev.ascent.backend.openblas;

import dev.ascent.engine.ops.Conv2dGeometry;

/**
 * Picks the native convolution algorithm for a geometry: {@link ShiftedGemmConvolution} when the kernel is a whole
 * number of strides and the shifted grid wastes little (Atari conv1 and conv2: every input pixel moved once), else
 * {@link NativeConvolution} (batched im2col). Both process the batch in chunks of at most {@link #CHUNK_FLOATS}
 * floats of staged input, so the working set stays in cache.
 *
 * <p>The staging (space-to-depth, im2col, col2im, copies) runs on the calling thread even with several BLAS threads.
 * Splitting it over a second Java thread was measured slower with {@code ascent.blas.threads=2} (all Atari conv ops,
 * 15.2-15.6 ms single-threaded against 15.9-16.5 ms split): after each call OpenBLAS's idle worker spins on the other
 * core for about 0.1 s (its thread timeout), so a staging thread there only competes with it.
 */
final class NativeConv2d {
    /**
     * 1 MiB of staged columns per chunk. Measured on the Atari layers: chunks of 256 Ki floats ran conv1 in 6.2 ms
     * against 9.5 ms for the whole batch of 32 in one 13 MiB column matrix, which streams through memory twice.
     */
    static final long CHUNK_FLOATS = 1L << 18;

    private NativeConv2d() {}

    static void forward(NativeScratch s, float[] x, float[] w, float[] y, Conv2dGeometry g) {
        if (ShiftedGemmConvolution.suits(g)) ShiftedGemmConvolution.forward(s, x, w, y, g, CHUNK_FLOATS);
        else NativeConvolution.forward(s, x, w, y, g, CHUNK_FLOATS);
    }

    static void inputGrad(NativeScratch s, float[] dy, float[] w, float[] dx, Conv2dGeometry g) {
        if (ShiftedGemmConvolution.suits(g)) ShiftedGemmConvolution.inputGrad(s, dy, w, dx, g, CHUNK_FLOATS);
        else NativeConvolution.inputGrad(s, dy, w, dx, g, CHUNK_FLOATS);
    }

    static void weightGrad(NativeScratch s, float[] x, float[] dy, float[] dw, Conv2dGeometry g) {
        if (ShiftedGemmConvolution.suits(g)) ShiftedGemmConvolution.weightGrad(s, x, dy, dw, g, CHUNK_FLOATS);
        else NativeConvolution.weightGrad(s, x, dy, dw, g, CHUNK_FLOATS);
    }
}
