package dev.ascent.distributions;

import dev.ascent.autograd.Autograd;
import dev.ascent.autograd.GradCheck;
import dev.ascent.autograd.Tensor;
import dev.ascent.engine.NDArray;
import dev.ascent.engine.Rng;
import org.junit.jupiter.api.Test;

import static dev.ascent.nn.Approx.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Closed-form KL divergences: values, zero at equality with zero gradient, second derivatives (TRPO). */
class KlTest {
    private final Rng rng = new Rng(11);

    @Test
    void categoricalAgainstTheDefinition() {
        NDArray lp = NDArray.normal(rng, 0, 1, 4, 3), lq = NDArray.normal(rng, 0, 1, 4, 3);
        float[] kl = Kl.divergence(Categorical.fromLogits(Tensor.of(lp)), Categorical.fromLogits(Tensor.of(lq))).data().data();
        for (int r = 0; r < 4; r++) {
            double[] p = softmax(lp, r), q = softmax(lq, r);
            double want = 0;
            for (int k = 0; k < 3; k++) want += p[k] * Math.log(p[k] / q[k]);
            assertClose("KL row " + r, want, kl[r], 1e-5, 1e-6);
            assertTrue(kl[r] > 0);
        }
    }

    private static double[] softmax(NDArray logits, int row) {
        int k = logits.dim(1);
        double[] p = new double[k];
        double s = 0;
        for (int i = 0; i < k; i++) s += p[i] = Math.exp(logits.get(row, i));
        for (int i = 0; i < k; i++) p[i] /= s;
        return p;
    }

    @Test
    void categoricalZeroProbabilityConventions() {
        Categorical p = Categorical.fromProbs(Tensor.of(NDArray.vector(0.5f, 0.5f, 0f)));
        Categorical q = Categorical.fromLogits(Tensor.of(NDArray.vector(0f, Float.NEGATIVE_INFINITY, 0f)));
        assertEquals(Float.POSITIVE_INFINITY, Kl.divergence(p, q).item(), "q = 0 where p > 0");
        Categorical r = Categorical.fromProbs(Tensor.of(NDArray.vector(0.25f, 0.25f, 0.5f)));
        assertClose("p = 0 terms vanish", 0.5 * Math.log(2) * 2, p.klDivergence(r).item(), 1e-6, 0);
    }

    @Test
    void normalAgainstTheDefinition() {
        NDArray mp = NDArray.normal(rng, 0, 1, 5), sp = NDArray.uniform(rng, 0.3f, 2f, 5), mq = NDArray.normal(rng, 0, 1, 5), sq = NDArray.uniform(rng, 0.3f, 2f, 5);
        float[] kl = Kl.divergence(new Normal(Tensor.of(mp), Tensor.of(sp)), new Normal(Tensor.of(mq), Tensor.of(sq))).data().data();
        for (int i = 0; i < 5; i++) {
            double a = mp.data()[i], s = sp.data()[i], b = mq.data()[i], t = sq.data()[i];
            double want = Math.log(t / s) + (s * s + (a - b) * (a - b)) / (2 * t * t) - 0.5;
            assertClose("KL[" + i + "]", want, kl[i], 1e-5, 1e-6);
        }
        DiagonalGaussian p = new DiagonalGaussian(Tensor.of(mp.reshape(1, 5)), Tensor.of(sp.reshape(1, 5)));
        DiagonalGaussian q = new DiagonalGaussian(Tensor.of(mq.reshape(1, 5)), Tensor.of(sq.reshape(1, 5)));
        double sum = 0;
        for (float v : kl) sum += v;
        assertClose("diagonal KL sums the dimensions", sum, p.klDivergence(q).item(), 1e-6, 1e-6);
    }

    @Test
    void klOfADistributionWithItselfIsZeroWithZeroGradient() {
        // The same tensors on both sides, and TRPO's form: the old policy detached, the new one live.
        Tensor logits = Tensor.param(NDArray.normal(rng, 0, 1, 8, 4));
        Categorical c = Categorical.fromLogits(logits);
        assertZeroWithZeroGradient("Categorical(p‖p)", Kl.divergence(c, c).mean(), logits);
        assertZeroWithZeroGradient("Categorical(old‖new)", Kl.divergence(c.detach(), Categorical.fromLogits(logits)).mean(), logits);

        Tensor mean = Tensor.param(NDArray.normal(rng, 0, 1, 8, 2)), logStd = Tensor.param(NDArray.vector(-0.3f, 0.2f));
        DiagonalGaussian g = DiagonalGaussian.fromLogStd(mean, logStd);
        assertZeroWithZeroGradient("Gaussian(p‖p)", Kl.divergence(g, g).mean(), mean, logStd);
        assertZeroWithZeroGradient("Gaussian(old‖new)", Kl.divergence(g.detach(), DiagonalGaussian.fromLogStd(mean, logStd)).mean(), mean, logStd);
    }

    private static void assertZeroWithZeroGradient(String what, Tensor kl, Tensor... params) {
        assertEquals(0.0, kl.item(), 1e-7, what);
        for (Tensor g : Autograd.grad(new Tensor[] {kl}, params, null, false, true, false)) {
            for (float v : g.data().data()) assertEquals(0.0, v, 1e-7, what + " gradient");
        }
    }

    @Test
    void secondOrderGradcheckOfBothKls() {
        Tensor lp = Tensor.param(NDArray.normal(rng, 0, 1, 2, 3)), lq = Tensor.param(NDArray.normal(rng, 0, 1, 2, 3));
        GradCheck.check(x -> Kl.divergence(Categorical.fromLogits(x[0]), Categorical.fromLogits(x[1])), lp, lq);
        GradCheck.checkSecondOrder(x -> Kl.divergence(Categorical.fromLogits(x[0]), Categorical.fromLogits(x[1])), lp, lq);

        Tensor mp = Tensor.param(NDArray.normal(rng, 0, 1, 2, 2)), sp = Tensor.param(NDArray.uniform(rng, 0.6f, 1.5f, 2, 2));
        Tensor mq = Tensor.param(NDArray.normal(rng, 0, 1, 2, 2)), sq = Tensor.param(NDArray.uniform(rng, 0.6f, 1.5f, 2, 2));
        GradCheck.check(x -> Kl.divergence(new Normal(x[0], x[1]), new Normal(x[2], x[3])), mp, sp, mq, sq);
        GradCheck.checkSecondOrder(x -> Kl.divergence(new Normal(x[0], x[1]), new Normal(x[2], x[3])), mp, sp, mq, sq);
        GradCheck.checkSecondOrder(x -> Kl.divergence(new DiagonalGaussian(x[0], x[1]), new DiagonalGaussian(x[2], x[3])), mp, sp, mq, sq);
    }

    @Test
    void hessianOfCategoricalKlIsTheFisherMatrix() {
        // At θ = θ_old, ∇²_θ KL(softmax(θ_old) ‖ softmax(θ)) = diag(p) - p pᵀ: the Fisher information of the
        // logits. TRPO's Fisher-vector product is this Hessian times v, by double backward.
        Tensor theta = Tensor.param(NDArray.vector(0.2f, -0.4f, 1.0f, 0.1f));
        Categorical cur = Categorical.fromLogits(theta);
        Tensor kl = Kl.divergence(cur.detach(), cur);
        Tensor g = Autograd.grad(kl, new Tensor[] {theta}, true)[0];
        float[] v = {1f, -2f, 0.5f, 3f};
        Tensor hv = Autograd.grad(g.mul(Tensor.of(v, 4)).sum(), new Tensor[] {theta}, false)[0];
        double[] p = softmax(theta.data().reshape(1, 4), 0);
        double pv = 0;
        for (int i = 0; i < 4; i++) pv += p[i] * v[i];
        for (int i = 0; i < 4; i++) assertClose("Fv[" + i + "]", p[i] * v[i] - p[i] * pv, hv.data().data()[i], 1e-5, 1e-6);
    }
}
