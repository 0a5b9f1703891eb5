package dev.ascent.engine.backend;

import dev.ascent.engine.Rng;
import dev.ascent.engine.ops.Conv2dGeometry;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class Im2colConvolutionTest {
    @Test
    void im2colAndItsAdjointMatchTheirDefinitionsBitForBit() {
        Rng rng = new Rng(7);
        for (int i = 0; i < 200; i++) {
            int sh = 1 + rng.nextInt(4), sw = 1 + rng.nextInt(4), kh = 1 + rng.nextInt(5), kw = 1 + rng.nextInt(5);
            int ph = rng.nextInt(kh + 2), pw = rng.nextInt(kw + 2); // padding up to wider than the kernel
            int h = Math.max(1, kh - 2 * ph) + rng.nextInt(9), w = Math.max(1, kw - 2 * pw) + rng.nextInt(9);
            Conv2dGeometry g = new Conv2dGeometry(2, 1 + rng.nextInt(3), h, w, 1, kh, kw, sh, sw, ph, pw);
            int plane = g.inChannels() * h * w, spatial = g.outHeight() * g.outWidth();
            float[] x = new float[2 * plane];
            for (int j = 0; j < x.length; j++) x[j] = rng.uniform(-1f, 1f);

            // Sample 1 of 2: the offset into x must be honoured.
            float[] cols = new float[g.patchSize() * spatial];
            Arrays.fill(cols, Float.NaN); // every entry must be written, padding included
            Im2colConvolution.im2col(x, plane, g, cols);
            assertArrayEquals(definitionIm2col(x, plane, g), cols, "im2col " + g);

            float[] dcols = new float[cols.length];
            for (int j = 0; j < dcols.length; j++) dcols[j] = rng.uniform(-1f, 1f);
            float[] dx = new float[2 * plane], expected = new float[2 * plane];
            for (int j = 0; j < dx.length; j++) dx[j] = expected[j] = rng.uniform(-1f, 1f); // it adds onto dx
            Im2colConvolution.col2imAdd(dcols, g, dx, plane);
            definitionCol2imAdd(dcols, g, expected, plane);
            assertArrayEquals(expected, dx, "col2im " + g);
        }
    }

    @Test
    void chunkedBatchesGiveEachSampleItsResultAloneBitForBit() {
        // The forward pass and the input gradient run in chunks of up to CHUNK_FLOATS column floats, then copy to
        // their places. Each sample's output and input gradient must come out as if it were alone, whichever chunk it
        // fell in: the Atari conv1 at batch 3 (chunks of 2 and 1), conv3 at batch 13 (9 and 4), and a small layer
        // whose whole batch is one chunk.
        Rng rng = new Rng(11);
        JavaBackend be = new JavaBackend();
        Conv2dGeometry[] cases = {
                new Conv2dGeometry(3, 4, 84, 84, 32, 8, 8, 4, 4, 0, 0),
                new Conv2dGeometry(13, 64, 9, 9, 64, 3, 3, 1, 1, 0, 0),
                new Conv2dGeometry(5, 3, 7, 6, 4, 3, 3, 1, 1, 1, 1)};
        for (Conv2dGeometry g : cases) {
            int plane = g.inChannels() * g.height() * g.width(), out = g.outChannels() * g.outHeight() * g.outWidth();
            float[] x = new float[g.batch() * plane], w = new float[g.outChannels() * g.patchSize()];
            for (int j = 0; j < x.length; j++) x[j] = rng.uniform(-1f, 1f);
            for (int j = 0; j < w.length; j++) w[j] = rng.uniform(-1f, 1f);
            float[] y = new float[g.batch() * out], dy = new float[g.batch() * out], dx = new float[x.length];
            for (int j = 0; j < dy.length; j++) dy[j] = rng.uniform(-1f, 1f);
            Arrays.fill(y, Float.NaN);
            Arrays.fill(dx, Float.NaN);
            Im2colConvolution.forward(be, x, w, y, g);
            Im2colConvolution.inputGrad(be, dy, w, dx, g);
            Conv2dGeometry one = new Conv2dGeometry(1, g.inChannels(), g.height(), g.width(), g.outChannels(),
                    g.kernelH(), g.kernelW(), g.strideH(), g.strideW(), g.padH(), g.padW());
            for (int n = 0; n < g.batch(); n++) {
                float[] alone = new float[out];
                Im2colConvolution.forward(be, Arrays.copyOfRange(x, n * plane, (n + 1) * plane), w, alone, one);
                assertArrayEquals(alone, Arrays.copyOfRange(y, n * out, (n + 1) * out), "forward, sample " + n + " of " + g);
                float[] dxAlone = new float[plane];
                Im2colConvolution.inputGrad(be, Arrays.copyOfRange(dy, n * out, (n + 1) * out), w, dxAlone, one);
                assertArrayEquals(dxAlone, Arrays.copyOfRange(dx, n * plane, (n + 1) * plane), "input gradient, sample " + n + " of " + g);
            }
        }
    }

    /** cols[(c, ki, kj), (oy, ox)] = x[c, oy·sh - ph + ki, ox·sw - pw + kj], zero outside the image. */
    private static float[] definitionIm2col(float[] x, int xOff, Conv2dGeometry g) {
        float[] cols = new float[g.patchSize() * g.outHeight() * g.outWidth()];
        forEachTap(g, (col, pixel) -> cols[col] = pixel < 0 ? 0f : x[xOff + pixel]);
        return cols;
    }

    /** The adjoint, adding in the same (c, ki, kj, oy, ox) order, so the sums round identically. */
    private static void definitionCol2imAdd(float[] cols, Conv2dGeometry g, float[] dx, int xOff) {
        forEachTap(g, (col, pixel) -> {
            if (pixel >= 0) dx[xOff + pixel] += cols[col];
        });
    }

    private interface Tap {
        /** Column-matrix entry {@code col} reads input pixel {@code pixel} of the sample, or padding when it is -1. */
        void visit(int col, int pixel);
    }

    /** Every entry of the column matrix in (c, ki, kj, oy, ox) order, with the pixel it reads. */
    private static void forEachTap(Conv2dGeometry g, Tap tap) {
        int oh = g.outHeight(), ow = g.outWidth(), col = 0;
        for (int c = 0; c < g.inChannels(); c++)
            for (int ki = 0; ki < g.kernelH(); ki++)
                for (int kj = 0; kj < g.kernelW(); kj++)
                    for (int oy = 0; oy < oh; oy++)
                        for (int ox = 0; ox < ow; ox++, col++) {
                            int iy = oy * g.strideH() - g.padH() + ki, ix = ox * g.strideW() - g.padW() + kj;
                            boolean inside = iy >= 0 && iy < g.height() && ix >= 0 && ix < g.width();
                            tap.visit(col, inside ? (c * g.height() + iy) * g.width() + ix : -1);
                        }
    }
}
