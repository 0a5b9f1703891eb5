package dev.ascent.backend.openblas;

import dev.ascent.backend.scratch.ThreadScratchPool;
import dev.ascent.engine.Rng;
import dev.ascent.engine.backend.JavaBackend;
import dev.ascent.engine.ops.Conv2dGeometry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Arrays;

import static dev.ascent.backend.openblas.OpenBlasGemmTest.assertClose;
import static dev.ascent.backend.openblas.OpenBlasGemmTest.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The batched-im2col convolution against the engine's per-sample one (conformance-tested against direct loops),
 * on the Atari CNN's layers, on padded and strided shapes, and with the batch cut into chunks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NativeConvolutionTest {
    private final OpenBlasBackend backend = TestBackends.create(OpenBlasBackend.Mode.NATIVE_ONLY);
    private final JavaBackend java = new JavaBackend();
    private final ThreadScratchPool<NativeScratch> pool = new ThreadScratchPool<>("test pool", NativeScratch::new);

    @AfterAll
    void free() {
        backend.close();
        pool.close();
    }

    private static final int[][] CASES = { // N, C, H, W, O, KH, KW, strideH, strideW, padH, padW
            {3, 4, 84, 84, 32, 8, 8, 4, 4, 0, 0},   // Atari conv1
            {3, 32, 20, 20, 64, 4, 4, 2, 2, 0, 0},  // conv2
            {3, 64, 9, 9, 64, 3, 3, 1, 1, 0, 0},    // conv3
            {2, 3, 11, 7, 5, 3, 3, 1, 1, 1, 1},     // same-padding
            {2, 2, 9, 10, 3, 4, 3, 3, 2, 2, 1},     // unequal strides and padding
            {1, 1, 5, 5, 2, 5, 5, 1, 1, 3, 3},      // padding wider than half the kernel: rows and columns of zeros
            {2, 3, 6, 6, 4, 1, 1, 1, 1, 0, 0}};     // 1x1

    private static Conv2dGeometry geometry(int[] t) {
        return new Conv2dGeometry(t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], t[8], t[9], t[10]);
    }

    @Test
    void forwardAndGradientsMatchThePerSampleJavaConvolution() {
        Rng rng = new Rng(21);
        for (int[] t : CASES) {
            Conv2dGeometry g = geometry(t);
            check(rng, g, Long.MAX_VALUE, Arrays.toString(t));
        }
    }

    @Test
    void batchesCutIntoChunksGiveTheSameResults() {
        Rng rng = new Rng(22);
        for (int[] t : CASES) {
            Conv2dGeometry g = geometry(new int[] {5, t[1], t[2], t[3], t[4], t[5], t[6], t[7], t[8], t[9], t[10]});
            long perSample = (long) g.patchSize() * g.outHeight() * g.outWidth();
            check(rng, g, 2 * perSample, "chunks of 2, " + Arrays.toString(t)); // 5 = 2 + 2 + 1
            check(rng, g, 1, "chunks of 1, " + Arrays.toString(t));
        }
    }

    @Test
    void shiftedGemmMatchesJavaOnStridedKernelsWithPaddingAndChunks() {
        Rng rng = new Rng(24);
        // The Atari layers it is chosen for, then random geometries whose kernel is a whole number of strides.
        check(rng, geometry(CASES[0]), Long.MAX_VALUE, "shifted conv1", true);
        check(rng, geometry(CASES[1]), Long.MAX_VALUE, "shifted conv2", true);
        check(rng, geometry(CASES[2]), Long.MAX_VALUE, "shifted conv3 (stride 1)", true);
        for (int i = 0; i < 60; i++) {
            int sh = 1 + rng.nextInt(4), sw = 1 + rng.nextInt(4);
            int kh = sh * (1 + rng.nextInt(3)), kw = sw * (1 + rng.nextInt(3));
            int ph = rng.nextInt(3), pw = rng.nextInt(3);
            int h = Math.max(1, kh - 2 * ph) + rng.nextInt(12), w = Math.max(1, kw - 2 * pw) + rng.nextInt(12);
            Conv2dGeometry g = new Conv2dGeometry(1 + rng.nextInt(4), 1 + rng.nextInt(4), h, w, 1 + rng.nextInt(5), kh, kw, sh, sw, ph, pw);
            long chunkCap = rng.nextInt(2) == 0 ? Long.MAX_VALUE : 1; // every other one sample per chunk
            check(rng, g, chunkCap, "shifted random " + g, true);
        }
    }

    @Test
    void wholeRowPlanesWithPaddedAndPartialRowBlocksMatchJava() {
        // Column stride 2 or 4 with whole rows (no column padding, width a multiple of the stride) takes the
        // plane-at-a-time staging path; row padding and a height that is not a multiple of the stride give it
        // zero rows at both ends of the grid. The random geometries above hit this path only by chance.
        Rng rng = new Rng(31);
        int[][] cases = {
                // batch, inC, h, w, outC, kh, kw, sh, sw, ph, pw
                {3, 2, 9, 8, 3, 4, 4, 2, 2, 1, 0},
                {2, 3, 11, 12, 2, 8, 8, 4, 4, 3, 0},
                {4, 1, 10, 16, 2, 4, 8, 2, 4, 0, 0},
                {2, 2, 7, 6, 3, 3, 4, 3, 2, 2, 0},
        };
        for (int[] t : cases) {
            Conv2dGeometry g = geometry(t);
            check(rng, g, Long.MAX_VALUE, "whole-row planes " + g, true);
            check(rng, g, 1, "whole-row planes, one sample per chunk, " + g, true);
        }
    }

    @Test
    void theShiftedPathIsChosenOnlyWhereItWastesLittle() {
        assertEquals(true, ShiftedGemmConvolution.suits(geometry(CASES[0])));   // 21x21 grid for 20x20 outputs
        assertEquals(true, ShiftedGemmConvolution.suits(geometry(CASES[1])));   // 10x10 for 9x9
        assertEquals(false, ShiftedGemmConvolution.suits(geometry(CASES[2])));  // 9x9 for 7x7: 65% waste
        assertEquals(false, ShiftedGemmConvolution.suits(geometry(CASES[4])));  // kernel 3 with stride 2
    }

    private void check(Rng rng, Conv2dGeometry g, long maxColumns, String what) {
        check(rng, g, maxColumns, what, false);
    }

    private void check(Rng rng, Conv2dGeometry g, long maxColumns, String what, boolean shifted) {
        int xs = (int) ConvChecks.inputSize(g), ws = (int) ConvChecks.weightSize(g), ys = (int) ConvChecks.outputSize(g);
        float[] x = random(rng, xs), w = random(rng, ws), dy = random(rng, ys);
        float[] y0 = new float[ys], dx0 = new float[xs], dw0 = new float[ws];
        java.conv2d(x, w, y0, g);
        java.conv2dInputGrad(dy, w, dx0, g);
        java.conv2dWeightGrad(x, dy, dw0, g);
        float[][] got = run(x, w, dy, g, maxColumns, shifted);
        assertClose(y0, got[0], 1e-4, "forward " + what);
        assertClose(dx0, got[1], 1e-4, "input grad " + what);
        assertClose(dw0, got[2], 1e-3, "weight grad " + what);
    }

    /** y, dx and dw of one native algorithm; the outputs start as NaN, so an entry left unwritten fails. */
    private float[][] run(float[] x, float[] w, float[] dy, Conv2dGeometry g, long maxColumns, boolean shifted) {
        float[] y = new float[(int) ConvChecks.outputSize(g)], dx = new float[x.length], dw = new float[w.length];
        Arrays.fill(y, Float.NaN);
        Arrays.fill(dx, Float.NaN);
        Arrays.fill(dw, Float.NaN);
        NativeScratch s = pool.acquire();
        try {
            if (shifted) {
                ShiftedGemmConvolution.forward(s, x, w, y, g, maxColumns);
                ShiftedGemmConvolution.inputGrad(s, dy, w, dx, g, maxColumns);
                ShiftedGemmConvolution.weightGrad(s, x, dy, dw, g, maxColumns);
            } else {
                NativeConvolution.forward(s, x, w, y, g, maxColumns);
                NativeConvolution.inputGrad(s, dy, w, dx, g, maxColumns);
                NativeConvolution.weightGrad(s, x, dy, dw, g, maxColumns);
            }
        } finally {
            s.exit();
        }
        return new float[][] {y, dx, dw};
    }

    @Test
    void theBackendRunsTheNativeConvolution() {
        Rng rng = new Rng(23);
        Conv2dGeometry g = geometry(CASES[0]);
        float[] x = random(rng, (int) ConvChecks.inputSize(g)), w = random(rng, (int) ConvChecks.weightSize(g));
        float[] y0 = new float[(int) ConvChecks.outputSize(g)], y1 = y0.clone();
        java.conv2d(x, w, y0, g);
        backend.conv2d(x, w, y1, g);
        assertClose(y0, y1, 1e-4, "backend conv2d");
    }

    @Test
    void repeatedCallsGiveIdenticalBits() {
        // For a fixed BLAS thread count the backend must be deterministic per call: scratch reused from the previous
        // call (stale contents, other sizes in between) must not change a single bit of any of the three kernels.
        Rng rng = new Rng(25);
        for (int[] t : new int[][] {CASES[0], CASES[1], CASES[2]}) {
            Conv2dGeometry g = geometry(t);
            float[] x = random(rng, (int) ConvChecks.inputSize(g)), w = random(rng, (int) ConvChecks.weightSize(g));
            float[] dy = random(rng, (int) ConvChecks.outputSize(g));
            float[][] first = runAll(g, x, w, dy);
            runAll(geometry(CASES[3]), random(rng, (int) ConvChecks.inputSize(geometry(CASES[3]))),
                    random(rng, (int) ConvChecks.weightSize(geometry(CASES[3]))),
                    random(rng, (int) ConvChecks.outputSize(geometry(CASES[3])))); // dirties the scratch
            float[][] second = runAll(g, x, w, dy);
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(first[i], second[i], "kernel " + i + " of " + Arrays.toString(t));
            }
        }
    }

    private float[][] runAll(Conv2dGeometry g, float[] x, float[] w, float[] dy) {
        float[] y = new float[(int) ConvChecks.outputSize(g)], dx = new float[x.length], dw = new float[w.length];
        Arrays.fill(y, Float.NaN);
        Arrays.fill(dx, Float.NaN);
        Arrays.fill(dw, Float.NaN);
        backend.conv2d(x, w, y, g);
        backend.conv2dInputGrad(dy, w, dx, g);
        backend.conv2dWeightGrad(x, dy, dw, g);
        return new float[][] {y, dx, dw};
    }

    @Test
    void shortArraysAreRejectedBeforeNativeCode() {
        Conv2dGeometry g = geometry(CASES[3]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> backend.conv2d(
                new float[(int) ConvChecks.inputSize(g)], new float[(int) ConvChecks.weightSize(g) - 1],
                new float[(int) ConvChecks.outputSize(g)], g));
        assertEquals(true, e.getMessage().contains("weight"), e.getMessage());
    }
}
