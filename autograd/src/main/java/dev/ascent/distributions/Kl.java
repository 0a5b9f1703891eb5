package dev.ascent.distributions;

import dev.ascent.autograd.Tensor;
import dev.ascent.engine.NDArray;
import dev.ascent.engine.Shapes;

import java.util.Arrays;

/**
 * Closed-form Kullback–Leibler divergences KL(p ‖ q), element-wise over the batch, as
 * {@code torch.distributions.kl_divergence}. All are built from differentiable ops, so they can be
 * differentiated twice: TRPO's Fisher-vector product is the Hessian of the mean KL between the old
 * (detached) and the current policy times a vector.
 */
public final class Kl {
    private Kl() {}

    /**
     * {@code Σ_k p_k (log p_k - log q_k)} over the classes, with PyTorch's conventions: terms where
     * {@code p_k = 0} are 0, and terms where {@code q_k = 0 < p_k} are {@code +inf}.
     */
    public static Tensor divergence(Categorical p, Categorical q) {
        requireSame("Categorical", p.logits().shape(), q.logits().shape());
        Tensor pp = p.probs();
        Tensor t = pp.mul(p.logits().sub(q.logits()));
        NDArray pZero = pp.data().eq(0f);
        NDArray qZero = q.probs().data().eq(0f);
        if (anyNonZero(qZero)) t = Tensor.where(qZero, Tensor.scalar(Float.POSITIVE_INFINITY), t);
        if (anyNonZero(pZero)) t = Tensor.where(pZero, Tensor.scalar(0f), t);
        return t.sum(false, -1);
    }

    /**
     * {@code log(σq/σp) + (σp² + (μp - μq)²)/(2σq²) - ½}, computed as PyTorch does:
     * {@code ½ (r + ((μp - μq)/σq)² - 1 - log r)} with {@code r = (σp/σq)²}.
     */
    public static Tensor divergence(Normal p, Normal q) {
        requireSame("Normal", p.loc().shape(), q.loc().shape());
        Tensor varRatio = p.scale().div(q.scale()).square();
        Tensor t1 = p.loc().sub(q.loc()).div(q.scale()).square();
        return varRatio.add(t1).sub(1f).sub(varRatio.log()).mul(0.5f);
    }

    /** The sum over the action axis of the per-dimension normal KLs. */
    public static Tensor divergence(DiagonalGaussian p, DiagonalGaussian q) {
        return divergence(p.normal(), q.normal()).sum(false, -1);
    }

    private static void requireSame(String kind, int[] a, int[] b) {
        if (!Arrays.equals(a, b)) {
            throw new IllegalArgumentException("KL(" + kind + " || " + kind + "): shapes " + Shapes.str(a) + " and " + Shapes.str(b) + " differ");
        }
    }

    private static boolean anyNonZero(NDArray mask) {
        for (float v : mask.data()) if (v != 0f) return true;
        return false;
    }
}
