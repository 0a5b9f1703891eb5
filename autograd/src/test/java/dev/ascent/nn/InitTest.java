package dev.ascent.nn;

import dev.ascent.autograd.Tensor;
import dev.ascent.engine.NDArray;
import dev.ascent.engine.Rng;
import org.junit.jupiter.api.Test;

import static dev.ascent.nn.Approx.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Initialisers against their definitions in {@code torch.nn.init}. */
class InitTest {
    private static Tensor weight(int... shape) {
        return Tensor.param(NDArray.zeros(shape));
    }

    /** Max |(A Aᵀ)_ij - gain² δ_ij| over the rows of a [rows, cols] matrix, in double. */
    private static double rowGramError(float[] w, int rows, int cols, double gain) {
        double worst = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < rows; j++) {
                double d = 0;
                for (int k = 0; k < cols; k++) d += (double) w[i * cols + k] * w[j * cols + k];
                worst = Math.max(worst, Math.abs(d - (i == j ? gain * gain : 0)));
            }
        }
        return worst;
    }

    private static float[] transpose(float[] w, int rows, int cols) {
        float[] t = new float[w.length];
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) t[c * rows + r] = w[r * cols + c];
        return t;
    }

    @Test
    void orthogonalWideTallSquareAndConv() {
        Rng rng = new Rng(1);
        double g = Math.sqrt(2);
        // Wide [64, 256]: the rows are orthonormal (times gain): W Wᵀ = g² I.
        Tensor wide = Init.orthogonal(weight(64, 256), g, rng);
        assertTrue(rowGramError(wide.data().data(), 64, 256, g) < 1e-5, "wide W Wᵀ");
        // Tall [256, 64]: the columns are: Wᵀ W = g² I.
        Tensor tall = Init.orthogonal(weight(256, 64), 0.01, rng);
        assertTrue(rowGramError(transpose(tall.data().data(), 256, 64), 64, 256, 0.01) < 1e-9, "tall Wᵀ W");
        // Square: both.
        Tensor sq = Init.orthogonal(weight(64, 64), 1, rng);
        assertTrue(rowGramError(sq.data().data(), 64, 64, 1) < 1e-5, "square W Wᵀ");
        assertTrue(rowGramError(transpose(sq.data().data(), 64, 64), 64, 64, 1) < 1e-5, "square Wᵀ W");
        // Conv weight [32, 4, 8, 8] is viewed as [32, 256] (wide).
        Tensor conv = Init.orthogonal(weight(32, 4, 8, 8), g, rng);
        assertTrue(rowGramError(conv.data().data(), 32, 256, g) < 1e-5, "conv as [32, 256]");
        // A wide matrix's rows span only a 64-dim subspace: W W^T = I does not make Wᵀ W = I.
        assertTrue(rowGramError(transpose(wide.data().data(), 64, 256), 256, 64, g) > 0.5);
        // Reproducible from the seed, different across seeds.
        assertArrayEquals(Init.orthogonal(weight(8, 3), 1, new Rng(7)).data().data(), Init.orthogonal(weight(8, 3), 1, new Rng(7)).data().data());
        assertThrows(IllegalArgumentException.class, () -> Init.orthogonal(weight(5), 1, rng));
    }

    @Test
    void orthogonalIsNotBiasedTowardsPositiveDiagonals() {
        // Without the sign correction, Gram–Schmidt / QR of a normal matrix has a deterministic sign pattern
        // relative to the draw; with it the result is Haar distributed: diagonal entries have mean ≈ 0.
        Rng rng = new Rng(2);
        double sum = 0;
        int n = 400;
        for (int i = 0; i < n; i++) sum += Init.orthogonal(weight(4, 4), 1, rng).data().data()[0];
        assertTrue(Math.abs(sum / n) < 0.1, "mean of W[0,0] over draws: " + sum / n);
    }

    @Test
    void gainsAndFans() {
        assertEquals(1.0, Init.calculateGain(Nonlinearity.LINEAR));
        assertEquals(1.0, Init.calculateGain(Nonlinearity.SIGMOID));
        assertEquals(1.0, Init.calculateGain(Nonlinearity.CONV2D));
        assertEquals(5.0 / 3, Init.calculateGain(Nonlinearity.TANH));
        assertEquals(Math.sqrt(2), Init.calculateGain(Nonlinearity.RELU));
        assertEquals(Math.sqrt(2 / (1 + 0.01 * 0.01)), Init.calculateGain(Nonlinearity.LEAKY_RELU));
        assertEquals(Math.sqrt(1.0 / 3), Init.calculateGain(Nonlinearity.LEAKY_RELU, Math.sqrt(5)), 1e-15);
        assertEquals(0.75, Init.calculateGain(Nonlinearity.SELU));
        assertEquals(new Init.Fans(4 * 9, 8 * 9), Init.fans(8, 4, 3, 3));
        assertEquals(new Init.Fans(64, 2), Init.fans(2, 64));
        assertThrows(IllegalArgumentException.class, () -> Init.fans(3));
    }

    @Test
    void kaimingAndXavierHaveTheirVariances() {
        Rng rng = new Rng(3);
        // kaiming_uniform(a=0, fan_in, relu) on [200, 300]: bound = √2·√3/√300.
        LayersTest.assertUniform("kaiming uniform", Init.kaimingUniform(weight(200, 300), 0, FanMode.FAN_IN, Nonlinearity.RELU, rng)
                .data().data(), Math.sqrt(6.0 / 300));
        LayersTest.assertUniform("kaiming uniform fan_out", Init.kaimingUniform(weight(200, 300), 0, FanMode.FAN_OUT, Nonlinearity.RELU, rng)
                .data().data(), Math.sqrt(6.0 / 200));
        LayersTest.assertUniform("xavier uniform", Init.xavierUniform(weight(200, 300), 1, rng).data().data(), Math.sqrt(6.0 / 500));
        assertStd("kaiming normal", Init.kaimingNormal(weight(200, 300), 0, FanMode.FAN_IN, Nonlinearity.RELU, rng).data().data(), Math.sqrt(2.0 / 300));
        assertStd("xavier normal", Init.xavierNormal(weight(200, 300), 2, rng).data().data(), 2 * Math.sqrt(2.0 / 500));
        Tensor c = Init.constant(weight(3), 0.25);
        assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f}, c.data().data());
        assertArrayEquals(new float[3], Init.zeros(c).data().data());
    }

    private static void assertStd(String what, float[] v, double std) {
        double s = 0, sq = 0;
        for (float x : v) {
            s += x;
            sq += (double) x * x;
        }
        double mean = s / v.length, sd = Math.sqrt(sq / v.length - mean * mean);
        assertClose(what + " std", std, sd, 0.02, 0); // standard error of the std is std/√(2n) ≈ 0.3%
        assertTrue(Math.abs(mean) < 5 * std / Math.sqrt(v.length), what + " mean " + mean);
    }
}
