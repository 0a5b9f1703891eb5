package dev.ascent.distributions;

import dev.ascent.autograd.Autograd;
import dev.ascent.autograd.GradCheck;
import dev.ascent.autograd.Tensor;
import dev.ascent.engine.NDArray;
import dev.ascent.engine.Rng;
import org.junit.jupiter.api.Test;

import static dev.ascent.nn.Approx.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Normal} and {@link DiagonalGaussian}: closed forms, sampling, the reparameterisation gradient. */
class NormalTest {
    private static final double LOG_SQRT_2PI = Math.log(Math.sqrt(2 * Math.PI));

    @Test
    void logProbAndEntropyAgainstClosedForms() {
        Rng rng = new Rng(1);
        NDArray mu = NDArray.normal(rng, 0, 2, 4, 3), sigma = NDArray.uniform(rng, 0.1f, 3f, 4, 3), x = NDArray.normal(rng, 0, 3, 4, 3);
        Normal d = new Normal(Tensor.of(mu), Tensor.of(sigma));
        float[] lp = d.logProb(x).data().data(), h = d.entropy().data().data();
        for (int i = 0; i < 12; i++) {
            double m = mu.data()[i], s = sigma.data()[i], v = x.data()[i];
            assertClose("log_prob[" + i + "]", -(v - m) * (v - m) / (2 * s * s) - Math.log(s) - LOG_SQRT_2PI, lp[i], 1e-6, 1e-6);
            assertClose("entropy[" + i + "]", 0.5 + 0.5 * Math.log(2 * Math.PI) + Math.log(s), h[i], 1e-6, 1e-6);
        }
        assertArrayEquals(mu.data(), d.mode().data());
        assertClose("variance", sigma.data()[0] * (double) sigma.data()[0], d.variance().data().data()[0], 1e-6, 0);
    }

    @Test
    void locAndScaleBroadcast() {
        Tensor mean = Tensor.of(NDArray.zeros(5, 2));
        Tensor logStd = Tensor.param(NDArray.vector(0f, (float) Math.log(2)));
        Normal d = Normal.fromLogScale(mean, logStd);
        assertArrayEquals(new int[] {5, 2}, d.batchShape());
        assertArrayEquals(new int[] {5, 2}, d.scale().shape());
        d.entropy().sum().backward();
        assertArrayEquals(new float[] {5, 5}, logStd.grad().data().data(), "each of the 5 rows contributes d log σ / d logStd = 1");
        assertThrows(IllegalArgumentException.class, () -> new Normal(Tensor.zeros(3), Tensor.ones(2)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Normal(Tensor.zeros(2), Tensor.of(NDArray.vector(1, 0))));
        assertTrue(e.getMessage().contains("positive") && e.getMessage().contains("index 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Normal(Tensor.of(NDArray.vector(Float.NaN)), Tensor.ones(1)));
    }

    @Test
    void samplesHaveTheRightMomentsAndRsampleIsReparameterised() {
        int n = 20_000;
        Normal d = new Normal(Tensor.of(NDArray.full(1.5f, n)), Tensor.of(NDArray.full(0.5f, n)));
        float[] s = d.sample(new Rng(2)).data();
        double sum = 0, sq = 0;
        for (float v : s) {
            sum += v;
            sq += (double) v * v;
        }
        double mean = sum / n, sd = Math.sqrt(sq / n - mean * mean);
        assertTrue(Math.abs(mean - 1.5) < 5 * 0.5 / Math.sqrt(n), "mean " + mean);
        assertTrue(Math.abs(sd - 0.5) < 5 * 0.5 / Math.sqrt(2.0 * n), "std " + sd);

        Tensor loc = Tensor.param(NDArray.vector(0.3f, -1f, 2f)), scale = Tensor.param(NDArray.vector(0.5f, 1f, 2f));
        Normal q = new Normal(loc, scale);
        Tensor x = q.rsample(new Rng(3));
        assertTrue(x.requiresGrad());
        Tensor[] g = Autograd.grad(x.sum(), new Tensor[] {loc, scale}, false);
        assertArrayEquals(new float[] {1, 1, 1}, g[0].data().data());
        for (int i = 0; i < 3; i++) {
            double eps = (x.data().data()[i] - loc.data().data()[i]) / scale.data().data()[i];
            assertClose("d x / d σ = ε", eps, g[1].data().data()[i], 1e-5, 1e-6);
        }
        assertArrayEquals(q.sample(new Rng(3)).data(), x.data().data(), "sample and rsample draw the same ε from the same seed");
        assertTrue(!q.detach().loc().requiresGrad());
    }

    @Test
    void diagonalGaussianSumsOverTheActionAxis() {
        Rng rng = new Rng(4);
        Tensor mean = Tensor.param(NDArray.normal(rng, 0, 1, 6, 3));
        Tensor logStd = Tensor.param(NDArray.vector(-0.5f, 0f, 0.4f));
        DiagonalGaussian pi = DiagonalGaussian.fromLogStd(mean, logStd);
        assertArrayEquals(new int[] {6}, pi.batchShape());
        assertArrayEquals(new int[] {3}, pi.eventShape());
        NDArray a = pi.sample(rng);
        assertArrayEquals(new int[] {6, 3}, a.shape());
        float[] lp = pi.logProb(a).data().data(), h = pi.entropy().data().data();
        float[] perDim = pi.normal().logProb(a).data().data(), hDim = pi.normal().entropy().data().data();
        for (int r = 0; r < 6; r++) {
            assertClose("log_prob row " + r, (double) perDim[3 * r] + perDim[3 * r + 1] + perDim[3 * r + 2], lp[r], 1e-6, 1e-6);
            assertClose("entropy row " + r, (double) hDim[3 * r] + hDim[3 * r + 1] + hDim[3 * r + 2], h[r], 1e-6, 1e-6);
        }
        assertClose("entropy = Σ(½ + ½ log 2π + log σ)", 3 * (0.5 + 0.5 * Math.log(2 * Math.PI)) + (-0.5 + 0 + 0.4), h[0], 1e-6, 1e-6);
        assertArrayEquals(mean.data().data(), pi.mode().data());
        assertArrayEquals(new int[] {6, 3}, pi.rsample(rng).shape());
        assertThrows(IllegalArgumentException.class, () -> pi.logProb(NDArray.zeros(6)));
        assertThrows(IllegalArgumentException.class, () -> new DiagonalGaussian(Tensor.zeros(3), Tensor.ones(2, 3)));

        GradCheck.check(x -> DiagonalGaussian.fromLogStd(x[0], x[1]).logProb(a), mean, logStd);
        GradCheck.checkSecondOrder(x -> DiagonalGaussian.fromLogStd(x[0], x[1]).logProb(a), mean, logStd);
    }
}
