package dev.ascent.nn;

import dev.ascent.autograd.Tensor;

/** Gradient clipping with {@code torch.nn.utils}' definitions. Works on the accumulated {@code .grad}s, in place. */
public final class GradClipping {
    private GradClipping() {}

    /**
     * Rescales the gradients so that their global 2-norm is at most {@code maxNorm}, as
     * {@code clip_grad_norm_(params, maxNorm)}: {@code total = ‖(‖g₁‖, …, ‖gₙ‖)‖₂},
     * {@code coef = maxNorm / (total + 1e-6)}, every gradient multiplied by {@code min(coef, 1)}.
     * Parameters without a gradient are skipped. Like PyTorch 1.13 (with {@code error_if_nonfinite=False}),
     * a non-finite norm is returned and propagates into the gradients rather than raising.
     *
     * @return the total norm before clipping
     */
    public static float clipGradNorm(Iterable<Tensor> params, double maxNorm) {
        return clipGradNorm(params, maxNorm, 2.0);
    }

    /**
     * As above for any p-norm ({@code normType} ≥ 1, or {@link Double#POSITIVE_INFINITY} for the max-norm).
     * Sums of squares accumulate in double per tensor; each per-tensor norm is rounded to float32 before
     * the global norm, as PyTorch computes per-tensor norms in the gradients' dtype.
     */
    public static float clipGradNorm(Iterable<Tensor> params, double maxNorm, double normType) {
        if (!(normType >= 1)) throw new IllegalArgumentException("clipGradNorm: normType must be >= 1 or infinity, got " + normType);
        boolean inf = Double.isInfinite(normType);
        double acc = 0;
        boolean any = false;
        for (Tensor p : params) {
            if (p.grad() == null) continue;
            any = true;
            float tensorNorm = (float) norm(p.grad().data().data(), normType);
            if (inf) acc = Math.max(acc, tensorNorm);
            else if (Float.isNaN(tensorNorm) || Double.isNaN(acc)) acc = Double.NaN;
            else acc += Math.pow(tensorNorm, normType);
        }
        if (!any) return 0f;
        float total = (float) (inf ? acc : Math.pow(acc, 1 / normType));
        float coef = (float) maxNorm / (total + 1e-6f);
        if (coef < 1f || Float.isNaN(coef)) {
            for (Tensor p : params) {
                if (p.grad() == null) continue;
                float[] g = p.grad().data().data();
                for (int i = 0; i < g.length; i++) g[i] *= coef;
            }
        }
        return total;
    }

    private static double norm(float[] g, double p) {
        if (p == 2.0) {
            // Four independent accumulators: a single double chain is latency-bound (one add per ~4 cycles).
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            int k = 0;
            for (; k + 3 < g.length; k += 4) {
                s0 += (double) g[k] * g[k];
                s1 += (double) g[k + 1] * g[k + 1];
                s2 += (double) g[k + 2] * g[k + 2];
                s3 += (double) g[k + 3] * g[k + 3];
            }
            for (; k < g.length; k++) s0 += (double) g[k] * g[k];
            return Math.sqrt((s0 + s1) + (s2 + s3));
        }
        if (Double.isInfinite(p)) {
            double m = 0;
            for (float v : g) {
                if (Float.isNaN(v)) return Double.NaN;
                m = Math.max(m, Math.abs(v));
            }
            return m;
        }
        double s = 0;
        for (float v : g) s += Math.pow(Math.abs(v), p);
        return Math.pow(s, 1 / p);
    }

    /** Clamps every gradient element into {@code [-clipValue, clipValue]}, as {@code clip_grad_value_}. */
    public static void clipGradValue(Iterable<Tensor> params, double clipValue) {
        if (!(clipValue >= 0)) throw new IllegalArgumentException("clipGradValue: clipValue must be >= 0, got " + clipValue);
        float c = (float) clipValue;
        for (Tensor p : params) {
            if (p.grad() == null) continue;
            float[] g = p.grad().data().data();
            for (int i = 0; i < g.length; i++) g[i] = g[i] < -c ? -c : (g[i] > c ? c : g[i]);
        }
    }
}
