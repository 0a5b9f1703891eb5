package dev.ascent.distributions;

import dev.ascent.autograd.GradCheck;
import dev.ascent.autograd.Reference;
import dev.ascent.autograd.Tensor;
import dev.ascent.engine.NDArray;
import dev.ascent.engine.Rng;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.ascent.autograd.Reference.at;
import static dev.ascent.autograd.Reference.floats;
import static dev.ascent.autograd.Reference.map;
import static dev.ascent.nn.Approx.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Categorical}: PyTorch goldens on ±1000 logits, closed forms, sampling frequencies, errors. */
class CategoricalTest {
    /** The 99.9% quantile of χ² with 3 and 4 degrees of freedom. */
    private static final double CHI2_3_999 = 16.266, CHI2_4_999 = 18.467;

    @Test
    void largeLogitsMatchPyTorchFloat32IncludingItsRounding() {
        Map<String, Object> root = Reference.autograd();
        Map<String, Object> want = map(at(root, "float32", "misc", "softmax_big"));
        float[] raw = floats(at(root, "inputs", "misc", "big_logits"));
        float[] actions = floats(at(root, "inputs", "misc", "big_actions"));
        Tensor x = Tensor.param(NDArray.wrap(raw, raw.length / 3, 3));
        Categorical d = Categorical.fromLogits(x);
        assertClose("probs", floats(want.get("softmax")), d.probs().data().data(), 1e-6);
        Tensor logp = d.logProb(NDArray.wrap(actions, actions.length));
        assertClose("log_prob", floats(want.get("categorical_log_prob")), logp.data().data(), 1e-6);
        Tensor ent = d.entropy();
        float[] wantEnt = floats(want.get("categorical_entropy"));
        assertClose("entropy", wantEnt, ent.data().data(), 1e-6);
        // PyTorch's float32 entropy of [1000, 1000, 1000] is 1.0986328, not ln 3 = 1.0986123: reproduced exactly.
        assertEquals(1.0986328f, wantEnt[1]);
        assertEquals(wantEnt[1], ent.data().data()[1]);

        logp.sum().backward();
        assertClose("d Σ log_prob", floats(want.get("grad_sum_log_prob_wrt_logits")), x.grad().data().data(), 1e-6);
        x.zeroGrad();
        Categorical.fromLogits(x).entropy().sum().backward();
        float[] ge = x.grad().data().data(), we = floats(want.get("grad_sum_entropy_wrt_logits"));
        for (int i = 0; i < we.length; i++) assertEquals(we[i], ge[i], 2e-5, "d Σ entropy [" + i + "]"); // float32 noise around 0 at ±1000
    }

    @Test
    void logProbAndEntropyAgainstClosedForms() {
        Rng rng = new Rng(1);
        NDArray logits = NDArray.normal(rng, 0, 2, 6, 5);
        Categorical d = Categorical.fromLogits(Tensor.of(logits));
        assertArrayEquals(new int[] {6}, d.batchShape());
        assertArrayEquals(new int[0], d.eventShape());
        assertEquals(5, d.classes());
        int[] a = {0, 4, 2, 2, 1, 3};
        float[] lp = d.logProb(a).data().data(), ent = d.entropy().data().data();
        for (int r = 0; r < 6; r++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0, h = 0;
            for (int k = 0; k < 5; k++) max = Math.max(max, logits.get(r, k));
            for (int k = 0; k < 5; k++) sum += Math.exp(logits.get(r, k) - max);
            double lse = max + Math.log(sum);
            for (int k = 0; k < 5; k++) {
                double lpk = logits.get(r, k) - lse;
                h -= Math.exp(lpk) * lpk;
            }
            assertClose("log_prob row " + r, logits.get(r, a[r]) - lse, lp[r], 1e-6, 1e-6);
            assertClose("entropy row " + r, h, ent[r], 1e-6, 1e-6);
        }
        // Mode: the argmax of the probabilities.
        float[] mode = d.mode().data();
        for (int r = 0; r < 6; r++) {
            int best = 0;
            for (int k = 1; k < 5; k++) if (logits.get(r, k) > logits.get(r, best)) best = k;
            assertEquals(best, (int) mode[r]);
        }
    }

    @Test
    void fromProbsNormalisesAndAgreesWithLogits() {
        Categorical d = Categorical.fromProbs(Tensor.of(NDArray.of(new float[] {2, 3, 5, 1, 1, 2}, 2, 3)));
        assertClose("probs", new float[] {0.2f, 0.3f, 0.5f, 0.25f, 0.25f, 0.5f}, d.probs().data().data(), 1e-6);
        assertClose("log_prob", new float[] {(float) Math.log(0.5), (float) Math.log(0.25)}, d.logProb(new int[] {2, 0}).data().data(), 1e-6);
        Categorical e = Categorical.fromLogits(Tensor.of(NDArray.of(new float[] {(float) Math.log(2), (float) Math.log(3), (float) Math.log(5)}, 3)));
        assertClose("entropy", e.entropy().data().data(), Categorical.fromProbs(Tensor.of(NDArray.vector(0.2f, 0.3f, 0.5f))).entropy().data().data(), 1e-6);
        assertArrayEquals(new int[0], e.batchShape());
    }

    @Test
    void samplingFrequenciesMatchTheProbabilities() {
        // One distribution sampled many times, in a batch of identical rows: Pearson's χ² with K-1 dof.
        float[] p = {0.1f, 0.2f, 0.3f, 0.4f};
        int n = 20_000;
        float[] logits = new float[n * 4];
        for (int i = 0; i < n; i++) for (int k = 0; k < 4; k++) logits[i * 4 + k] = (float) Math.log(p[k]);
        Categorical d = Categorical.fromLogits(Tensor.of(NDArray.wrap(logits, n, 4)));
        int[] counts = new int[4];
        for (int s : d.sampleIndices(new Rng(42))) counts[s]++;
        assertTrue(chiSquare(counts, p, n) < CHI2_3_999, "χ² = " + chiSquare(counts, p, n) + " counts " + java.util.Arrays.toString(counts));

        // Distinct distributions per row: each row's draws follow its own probabilities.
        Categorical two = Categorical.fromProbs(Tensor.of(NDArray.of(new float[] {0.7f, 0.2f, 0.1f, 0, 0, 0.05f, 0.05f, 0.3f, 0.6f, 0}, 2, 5)));
        int[][] c = new int[2][5];
        Rng rng = new Rng(7);
        int draws = 10_000;
        for (int i = 0; i < draws; i++) {
            NDArray s = two.sample(rng);
            assertArrayEquals(new int[] {2}, s.shape());
            c[0][(int) s.data()[0]]++;
            c[1][(int) s.data()[1]]++;
        }
        assertEquals(0, c[0][3] + c[0][4] + c[1][4], "zero-probability classes are never drawn");
        assertTrue(chiSquare(java.util.Arrays.copyOf(c[0], 3), new float[] {0.7f, 0.2f, 0.1f}, draws) < 13.816); // χ²₂ 99.9%
        assertTrue(chiSquare(java.util.Arrays.copyOf(c[1], 4), new float[] {0.05f, 0.05f, 0.3f, 0.6f}, draws) < CHI2_3_999);
        assertTrue(CHI2_4_999 > CHI2_3_999);

        // The same seed gives the same actions.
        assertArrayEquals(d.sampleIndices(new Rng(5)), d.sampleIndices(new Rng(5)));
    }

    private static double chiSquare(int[] counts, float[] p, int n) {
        double chi = 0;
        for (int k = 0; k < counts.length; k++) {
            double e = n * (double) p[k];
            chi += (counts[k] - e) * (counts[k] - e) / e;
        }
        return chi;
    }

    @Test
    void samplingDoesNotCutTheEntropyGraph() {
        // probs() is cached; a sample taken first must not leave a graph-less cache behind.
        Tensor logits = Tensor.param(NDArray.vector(0.1f, 0.5f, -0.3f));
        Categorical d = Categorical.fromLogits(logits);
        d.sample(new Rng(1));
        d.mode();
        d.entropy().backward();
        assertTrue(logits.grad() != null && Math.abs(logits.grad().data().data()[0]) > 1e-4);
    }

    @Test
    void maskedLogitsGiveFiniteEntropyAndGradients() {
        Tensor logits = Tensor.param(NDArray.vector(0.3f, Float.NEGATIVE_INFINITY, -0.2f));
        Categorical d = Categorical.fromLogits(logits);
        Tensor h = d.entropy();
        double p0 = Math.exp(0.3) / (Math.exp(0.3) + Math.exp(-0.2)), p2 = 1 - p0;
        assertClose("entropy over the two allowed actions", -(p0 * Math.log(p0) + p2 * Math.log(p2)), h.item(), 1e-6, 0);
        h.backward();
        for (float g : logits.grad().data().data()) assertTrue(Float.isFinite(g), java.util.Arrays.toString(logits.grad().data().data()));
        for (int i = 0; i < 200; i++) assertTrue(d.sampleIndices(new Rng(i))[0] != 1);
    }

    @Test
    void twiceDifferentiable() {
        Tensor logits = Tensor.param(NDArray.normal(new Rng(3), 0, 1, 3, 4));
        NDArray a = NDArray.vector(1, 3, 0);
        GradCheck.check(x -> Categorical.fromLogits(x[0]).logProb(a), logits);
        GradCheck.checkSecondOrder(x -> Categorical.fromLogits(x[0]).logProb(a), logits);
        GradCheck.check(x -> Categorical.fromLogits(x[0]).entropy(), logits);
        GradCheck.checkSecondOrder(x -> Categorical.fromLogits(x[0]).entropy(), logits);
    }

    @Test
    void invalidActionsAndShapes() {
        Categorical d = Categorical.fromLogits(Tensor.zeros(2, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.logProb(new int[] {0, 3}));
        assertTrue(e.getMessage().contains("action 3.0 at index 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> d.logProb(NDArray.vector(0.5f, 1)));
        assertThrows(IllegalArgumentException.class, () -> d.logProb(NDArray.vector(Float.NaN, 1)));
        assertThrows(IllegalArgumentException.class, () -> d.logProb(new int[] {0, 1, 2}));
        assertThrows(IllegalArgumentException.class, () -> d.logProb(NDArray.zeros(2, 1)));
        assertThrows(IllegalArgumentException.class, () -> Categorical.fromLogits(Tensor.scalar(1f)));
        assertThrows(IllegalArgumentException.class, () -> Categorical.fromLogits(Tensor.zeros(2, 0)));
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () -> Categorical.fromLogits(Tensor.of(NDArray.vector(0, Float.NaN))));
        assertTrue(nan.getMessage().contains("NaN at flat index 1"), nan.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Categorical.fromProbs(Tensor.of(NDArray.vector(0.5f, -0.1f))));
        assertThrows(IllegalArgumentException.class, () -> Categorical.fromProbs(Tensor.of(NDArray.vector(0, 0))));
    }
}
