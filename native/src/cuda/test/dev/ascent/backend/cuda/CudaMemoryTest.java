package dev.ascent.backend.cuda;

import dev.ascent.engine.Rng;
import dev.ascent.engine.backend.JavaBackend;
import dev.ascent.engine.ops.Conv2dGeometry;
import org.bytedeco.javacpp.SizeTPointer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import static org.bytedeco.cuda.global.cudart.cudaMemGetInfo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Device memory is bounded under repeated calls, returned on close, and results match the Java backend on the Atari shapes. */
@Tag("gpu")
@EnabledIf(value = "dev.ascent.backend.cuda.CudaTestSupport#deviceAvailable", disabledReason = "no CUDA device")
class CudaMemoryTest {

    private static long freeDeviceBytes() {
        try (SizeTPointer free = new SizeTPointer(1); SizeTPointer total = new SizeTPointer(1)) {
            CudaStatus.cuda(cudaMemGetInfo(free, total), "cudaMemGetInfo");
            return free.get();
        }
    }

    @Test
    void repeatedCallsDoNotGrowDeviceMemoryAndCloseReturnsIt() {
        long before = freeDeviceBytes();
        CudaBackend be = CudaTestSupport.create();
        float[] a = new float[64 * 64], c = new float[64 * 64];
        for (int i = 0; i < 1000; i++) be.sgemm(false, true, 64, 64, 64, 1f, a, 0, 64, a, 0, 64, 0f, c, 0, 64);
        long warm = freeDeviceBytes(), held = be.scratchBytes();
        for (int i = 0; i < 100_000; i++) be.sgemm(i % 2 == 0, true, 64, 64, 64, 1f, a, 0, 64, a, 0, 64, 0f, c, 0, 64);
        assertEquals(held, be.scratchBytes(), "scratch grew over 100k calls of one shape");
        assertTrue(Math.abs(warm - freeDeviceBytes()) < (4L << 20), "device memory changed by more than 4 MiB");
        be.close();
        assertEquals(0, be.scratchBytes());
        assertTrue(freeDeviceBytes() >= before - (64L << 20), "close did not return the device memory");
        assertThrows(IllegalStateException.class, () -> be.sgemm(false, false, 1, 1, 1, 1f, a, 0, 1, a, 0, 1, 0f, c, 0, 1));
    }

    @Test
    void atariConvolutionsMatchJava() {
        JavaBackend java = new JavaBackend();
        Rng rng = new Rng(4);
        int[][] layers = {{8, 4, 84, 84, 32, 8, 4}, {8, 32, 20, 20, 64, 4, 2}, {8, 64, 9, 9, 64, 3, 1}};
        try (CudaBackend be = CudaTestSupport.create()) {
            for (int[] l : layers) {
                Conv2dGeometry g = new Conv2dGeometry(l[0], l[1], l[2], l[3], l[4], l[5], l[5], l[6], l[6], 0, 0);
                float[] x = new float[l[0] * l[1] * l[2] * l[3]], w = new float[l[4] * g.patchSize()];
                for (int i = 0; i < x.length; i++) x[i] = rng.uniform(-1, 1);
                for (int i = 0; i < w.length; i++) w[i] = rng.uniform(-1, 1);
                int ys = g.batch() * g.outChannels() * g.outHeight() * g.outWidth();
                float[] y0 = new float[ys], y1 = new float[ys], dy = new float[ys];
                for (int i = 0; i < ys; i++) dy[i] = rng.uniform(-1, 1);
                java.conv2d(x, w, y0, g);
                be.conv2d(x, w, y1, g);
                for (int i = 0; i < ys; i++) assertEquals(y0[i], y1[i], 1e-3 * Math.max(1, Math.abs(y0[i])));
                float[] dw0 = new float[w.length], dw1 = new float[w.length];
                java.conv2dWeightGrad(x, dy, dw0, g);
                be.conv2dWeightGrad(x, dy, dw1, g);
                for (int i = 0; i < w.length; i++) assertEquals(dw0[i], dw1[i], 1e-2 * Math.max(1, Math.abs(dw0[i])));
                float[] dx0 = new float[x.length], dx1 = new float[x.length];
                java.conv2dInputGrad(dy, w, dx0, g);
                be.conv2dInputGrad(dy, w, dx1, g);
                for (int i = 0; i < x.length; i++) assertEquals(dx0[i], dx1[i], 1e-3 * Math.max(1, Math.abs(dx0[i])));
            }
        }
    }
}
