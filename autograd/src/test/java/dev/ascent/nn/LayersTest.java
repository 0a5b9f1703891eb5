package dev.ascent.nn;

import dev.ascent.autograd.Tensor;
import dev.ascent.engine.NDArray;
import dev.ascent.engine.Rng;
import org.junit.jupiter.api.Test;

import static dev.ascent.nn.Approx.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Layers: shapes, values against hand computations, and PyTorch's default initialisation. */
class LayersTest {
    /** Checks that {@code values} look like U(-bound, bound): inside it, mean ≈ 0, variance ≈ bound²/3. */
    static void assertUniform(String what, float[] values, double bound) {
        double sum = 0, sq = 0, max = 0;
        for (float v : values) {
            sum += v;
            sq += v * (double) v;
            max = Math.max(max, Math.abs(v));
        }
        int n = values.length;
        double mean = sum / n, var = sq / n - mean * mean, wantVar = bound * bound / 3;
        assertTrue(max <= bound, what + ": |value| " + max + " exceeds the bound " + bound);
        assertTrue(max > 0.9 * bound, what + ": values do not reach the bound " + bound + " (max " + max + ")");
        // Standard errors: mean bound/√(3n), variance ≈ 0.9·wantVar/√n; allow 5 of them.
        assertTrue(Math.abs(mean) < 5 * bound / Math.sqrt(3.0 * n), what + ": mean " + mean);
        assertTrue(Math.abs(var - wantVar) < 5 * 0.9 * wantVar / Math.sqrt(n), what + ": variance " + var + " vs " + wantVar);
    }

    @Test
    void linearComputesXWTransposedPlusB() {
        Linear l = new Linear(3, 2, new Rng(1));
        l.weight().data().assign(NDArray.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        l.bias().data().assign(NDArray.vector(0.5f, -1));
        Tensor y = l.forward(Tensor.of(NDArray.of(new float[] {1, 0, -1, 2, 1, 0}, 2, 3)));
        assertArrayEquals(new float[] {1 - 3 + 0.5f, 4 - 6 - 1, 2 + 2 + 0.5f, 8 + 5 - 1}, y.data().data());
        Tensor batched = l.forward(Tensor.of(NDArray.ones(4, 5, 3)));
        assertArrayEquals(new int[] {4, 5, 2}, batched.shape());
        Linear noBias = new Linear(3, 2, false, new Rng(1));
        assertNull(noBias.bias());
        assertEquals(1, noBias.parameters().size());
    }

    @Test
    void linearDefaultInitIsPyTorchs() {
        Linear l = new Linear(256, 128, new Rng(2));
        double bound = 1 / Math.sqrt(256);
        assertUniform("weight", l.weight().data().data(), bound);
        float[] b = l.bias().data().data();
        for (float v : b) assertTrue(Math.abs(v) <= bound);
        assertArrayEquals(new Linear(256, 128, new Rng(2)).weight().data().data(), l.weight().data().data(), "same seed, same init");
    }

    @Test
    void conv2dMatchesADirectLoopAndInitsLikePyTorch() {
        Rng rng = new Rng(3);
        Conv2d conv = new Conv2d(2, 3, 3, 2, 1, rng);
        assertArrayEquals(new int[] {3, 2, 3, 3}, conv.weight().shape());
        NDArray x = NDArray.normal(rng, 0, 1, 2, 2, 5, 5);
        Tensor y = conv.forward(Tensor.of(x));
        int[] hw = conv.outputSize(5, 5);
        assertArrayEquals(new int[] {2, 3, hw[0], hw[1]}, y.shape());
        float[] w = conv.weight().data().data(), b = conv.bias().data().data(), xd = x.data();
        for (int n = 0; n < 2; n++) for (int o = 0; o < 3; o++) for (int i = 0; i < hw[0]; i++) for (int j = 0; j < hw[1]; j++) {
            double acc = b[o];
            for (int c = 0; c < 2; c++) for (int ki = 0; ki < 3; ki++) for (int kj = 0; kj < 3; kj++) {
                int r = i * 2 - 1 + ki, s = j * 2 - 1 + kj;
                if (r < 0 || r >= 5 || s < 0 || s >= 5) continue;
                acc += (double) w[((o * 2 + c) * 3 + ki) * 3 + kj] * xd[((n * 2 + c) * 5 + r) * 5 + s];
            }
            assertClose("y[" + n + "," + o + "," + i + "," + j + "]", acc, y.data().get(n, o, i, j), 1e-5, 1e-6);
        }
        Conv2d big = new Conv2d(32, 64, 4, 2, 0, new Rng(4));
        assertUniform("conv weight", big.weight().data().data(), 1 / Math.sqrt(32 * 16));
        assertThrows(IllegalArgumentException.class, () -> conv.forward(Tensor.zeros(1, 3, 5, 5)));
        assertTrue(conv.toString().contains("kernel_size=(3, 3), stride=(2, 2), padding=(1, 1)"), conv.toString());
    }

    @Test
    void flattenIdentityAndActivations() {
        Tensor x = Tensor.of(NDArray.of(new float[] {-2, -0.5f, 0, 0.5f, 2, 30}, 2, 3));
        assertArrayEquals(new int[] {2, 3}, new Flatten().forward(Tensor.zeros(2, 1, 3)).shape());
        assertArrayEquals(new int[] {6}, new Flatten(0).forward(Tensor.zeros(2, 1, 3)).shape());
        assertArrayEquals(x.data().data(), new Identity().forward(x).data().data());
        float[] v = x.data().data();
        float[] relu = new ReLU().forward(x).data().data(), tanh = new Tanh().forward(x).data().data(),
                sig = new Sigmoid().forward(x).data().data(), sp = new Softplus().forward(x).data().data();
        for (int i = 0; i < v.length; i++) {
            assertEquals(Math.max(0, v[i]), relu[i]);
            assertClose("tanh", Math.tanh(v[i]), tanh[i], 1e-6, 1e-7);
            assertClose("sigmoid", 1 / (1 + Math.exp(-v[i])), sig[i], 1e-6, 1e-7);
            assertClose("softplus", v[i] > 20 ? v[i] : Math.log1p(Math.exp(v[i])), sp[i], 1e-6, 1e-7);
        }
        float[] sm = new Softmax().forward(x).data().data();
        assertClose("softmax rows sum to 1", 1, sm[0] + sm[1] + sm[2], 1e-6, 0);
        assertClose("softmax", Math.exp(-0.5) / (Math.exp(-2) + Math.exp(-0.5) + 1), sm[1], 1e-6, 0);
    }

    @Test
    void mlpBuilderLayoutAndInit() {
        Sequential m = Mlp.builder(4, 64, 64, 2).activation(Activation.RELU).outputActivation(Activation.SOFTPLUS)
                .hiddenInit(LayerInit.orthogonal(Math.sqrt(2))).outputInit(LayerInit.orthogonal(0.01, 0.5)).build(new Rng(5));
        assertEquals(6, m.size());
        assertTrue(m.get(1) instanceof ReLU && m.get(3) instanceof ReLU && m.get(5) instanceof Softplus);
        Linear out = (Linear) m.get(4);
        for (float b : out.bias().data().data()) assertEquals(0.5f, b);
        for (float b : ((Linear) m.get(0)).bias().data().data()) assertEquals(0f, b);
        assertThrows(IllegalArgumentException.class, () -> Mlp.builder(4));
        assertThrows(IllegalArgumentException.class, () -> Mlp.builder(4, 0, 2));
        assertEquals(Nonlinearity.TANH, Activation.TANH.nonlinearity());
    }
}
