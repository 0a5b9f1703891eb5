package dev.ascent.backend.openblas;

import dev.ascent.engine.ops.Conv2dGeometry;

/**
 * Picks the native convolution algorithm for a geometry: {@link ShiftedGemmConvolution} when the kernel is a whole
 * number of strides and the shifted grid wastes little (Atari conv1 and conv2: every input pixel moved once), else
 * {@link NativeConvolution} (batched im2col). Both process the batch in chunks of at most {@link #CHUNK_FLOATS}
 * floats of staged input, so the working set stays in cache.
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
