package dev.ascent.distributions;

import dev.ascent.autograd.Tensor;
import dev.ascent.engine.NDArray;
import dev.ascent.engine.Rng;
import dev.ascent.engine.Shapes;

import java.util.Arrays;

/**
 * Categorical distributions over {@code K} classes along the last axis, as
 * {@code torch.distributions.Categorical}. Built from unnormalised logits (what a policy network outputs)
 * or from probabilities.
 *
 * <p>PyTorch's exact formulas, float32 rounding included: logits are normalised as
 * {@code logits - logsumexp(logits)}; {@code probs = softmax(normalised logits)};
 * {@code entropy = -Σ clamp(logits, min = float32 min) · probs} (the clamp keeps masked {@code -inf}
 * logits from producing {@code 0 · -inf = NaN}); {@code log_prob(a) = logits[a]}. Actions are class
 * indices, given as an {@link NDArray} of whole numbers (as {@link #sample} returns) or an {@code int[]}.
 */
public final class Categorical implements Distribution {
    private final Tensor logits;
    private final int[] batchShape;
    private final int classes;
    private Tensor probs;

    private Categorical(Tensor normalisedLogits, Tensor probs) {
        int[] s = normalisedLogits.shape();
        this.logits = normalisedLogits;
        this.probs = probs;
        this.batchShape = Arrays.copyOf(s, s.length - 1);
        this.classes = s[s.length - 1];
    }

    /** From unnormalised logits of shape {@code [..., K]}; NaN or +inf is an error (as PyTorch's argument validation), -inf masks a class. */
    public static Categorical fromLogits(Tensor logits) {
        checkShape("logits", logits);
        checkLogits(logits);
        Tensor lse = logits.logsumexp(-1, true);
        checkSomeClassPossible(lse.data().data());
        return new Categorical(logits.sub(lse), null);
    }

    // The checks are methods of their own, not loops inside fromLogits: a hot loop makes the JIT compile the
    // whole enclosing method on-stack, and fromLogits inlines a good part of the autograd (0.3–0.4 s of
    // compiler time early in every training run).
    private static void checkLogits(Tensor logits) {
        float[] v = logits.data().data();
        for (int i = 0; i < v.length; i++) {
            if (Float.isNaN(v[i]) || v[i] == Float.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("Categorical: logits of shape " + Shapes.str(logits.shape()) + " hold " + v[i] + " at flat index " + i
                        + " (a diverged policy network?)");
            }
        }
    }

    private static void checkSomeClassPossible(float[] logSumExp) {
        for (int r = 0; r < logSumExp.length; r++) {
            if (logSumExp[r] == Float.NEGATIVE_INFINITY) throw new IllegalArgumentException("Categorical: every class of row " + r + " is masked (all logits -inf)");
        }
    }

    /**
     * From non-negative weights of shape {@code [..., K]}, normalised to sum to 1 along the last axis; the
     * logits are {@code log(clamp(probs, eps, 1 - eps))} with float32's eps, as PyTorch's {@code probs_to_logits}.
     */
    public static Categorical fromProbs(Tensor probs) {
        checkShape("probs", probs);
        float[] v = probs.data().data();
        int k = probs.dim(-1);
        for (int r = 0; r < v.length / k; r++) {
            double sum = 0;
            for (int i = r * k; i < (r + 1) * k; i++) {
                if (!(v[i] >= 0) || Float.isInfinite(v[i])) {
                    throw new IllegalArgumentException("Categorical: probs hold " + v[i] + " at flat index " + i + "; expected finite non-negative weights");
                }
                sum += v[i];
            }
            if (sum <= 0) throw new IllegalArgumentException("Categorical: probs of row " + r + " sum to 0");
        }
        Tensor p = probs.div(probs.sum(true, -1));
        float eps = Math.ulp(1f);
        return new Categorical(p.clamp(eps, 1f - eps).log(), p);
    }

    private static void checkShape(String what, Tensor t) {
        if (t.rank() < 1 || t.dim(-1) < 1) {
            throw new IllegalArgumentException("Categorical: " + what + " must have shape [..., K] with K >= 1, got " + Shapes.str(t.shape()));
        }
    }

    /** The normalised logits (log-probabilities), shape {@code [..., K]}. */
    public Tensor logits() {
        return logits;
    }

    /** The probabilities, shape {@code [..., K]} (computed on first use). */
    public Tensor probs() {
        if (probs == null) probs = logits.softmax(-1);
        return probs;
    }

    public int classes() {
        return classes;
    }

    @Override
    public int[] batchShape() {
        return batchShape.clone();
    }

    @Override
    public int[] eventShape() {
        return new int[0];
    }

    /** Class indices of shape {@link #batchShape()}, one draw per distribution. */
    @Override
    public NDArray sample(Rng rng) {
        int[] idx = sampleIndices(rng);
        float[] out = new float[idx.length];
        for (int i = 0; i < idx.length; i++) out[i] = idx[i];
        return NDArray.wrap(out, batchShape);
    }

    /** {@link #sample} as ints, row-major over the batch: what an environment's {@code step} takes. */
    public int[] sampleIndices(Rng rng) {
        float[] p = probabilityValues().data();
        int rows = p.length / classes;
        int[] out = new int[rows];
        for (int r = 0; r < rows; r++) out[r] = rng.categorical(p, r * classes, classes);
        return out;
    }

    @Override
    public Tensor logProb(Tensor value) {
        return logProb(value.data());
    }

    /** log p(a) for class indices {@code actions} of shape {@link #batchShape()}. */
    public Tensor logProb(NDArray actions) {
        if (!actions.hasShape(batchShape)) {
            throw new IllegalArgumentException("Categorical.logProb: actions of shape " + Shapes.str(actions.shape())
                    + " for a batch of shape " + Shapes.str(batchShape));
        }
        float[] a = actions.data();
        for (int i = 0; i < a.length; i++) {
            float v = a[i];
            if (!(v >= 0 && v < classes) || v != Math.rint(v)) {
                throw new IllegalArgumentException("Categorical.logProb: action " + v + " at index " + i + " is not a class index in [0, " + classes + ")");
            }
        }
        int[] withAxis = Arrays.copyOf(batchShape, batchShape.length + 1);
        withAxis[batchShape.length] = 1;
        return logits.gather(-1, actions.reshape(withAxis)).reshape(batchShape);
    }

    /** log p(a) for class indices given as ints (row-major over the batch). */
    public Tensor logProb(int[] actions) {
        float[] f = new float[actions.length];
        for (int i = 0; i < actions.length; i++) f[i] = actions[i];
        if (f.length != Shapes.size(batchShape)) {
            throw new IllegalArgumentException("Categorical.logProb: " + actions.length + " actions for a batch of shape " + Shapes.str(batchShape));
        }
        return logProb(NDArray.wrap(f, batchShape));
    }

    /**
     * The probabilities as plain values. Computed without touching the cached {@link #probs()}: caching a
     * tensor computed here, outside the caller's graph, would silently cut the gradient of a later entropy.
     */
    private NDArray probabilityValues() {
        return probs != null ? probs.data() : logits.data().softmax(-1);
    }

    @Override
    public Tensor entropy() {
        // The clamp only changes -inf logits (masked actions); with none present it is the identity, value and
        // gradient alike, so the common case skips a pass and a backward node.
        Tensor finite = hasNegativeInfinity(logits.data()) ? logits.clamp(-Float.MAX_VALUE, Float.POSITIVE_INFINITY) : logits;
        return finite.mul(probs()).sum(false, -1).neg();
    }

    private static boolean hasNegativeInfinity(NDArray a) {
        for (float v : a.data()) if (v == Float.NEGATIVE_INFINITY) return true;
        return false;
    }

    /**
     * The most probable class of each distribution (the first one on ties), as {@code probs.argmax(-1)}; a heap
     * array, like {@link #sample}, so that greedy actions outlive an acting loop's workspace.
     */
    @Override
    public NDArray mode() {
        return probabilityValues().argmax(-1, false).copy();
    }

    /** A Categorical over the same logits cut from the graph: the "old policy" of PPO/TRPO. */
    public Categorical detach() {
        return new Categorical(logits.detach(), probs == null ? null : probs.detach());
    }

    /** KL(this ‖ other), see {@link Kl#divergence(Categorical, Categorical)}. */
    public Tensor klDivergence(Categorical other) {
        return Kl.divergence(this, other);
    }
}
