package dev.ascent.algorithms.ppo;

/**
 * CleanRL's per-minibatch diagnostics of the probability ratio r = exp(log π_new − log π_old), computed
 * without a graph: {@code old_approx_kl = mean(−log r)}, {@code approx_kl = mean((r − 1) − log r)} (the
 * low-variance estimator from http://joschu.net/blog/kl-approx.html), and the fraction of samples the
 * clip is active on, {@code |r − 1| > clip_coef}.
 *
 * <p>Its own method, not a loop inside {@link Ppo}'s update: a hot loop in the long update method made the
 * JIT compile that whole method on-stack (about 0.7 s of compiler time at the start of every run).
 */
record RatioDiagnostics(double oldApproxKl, double approxKl, double clipFraction) {
    static RatioDiagnostics of(float[] logRatio, float[] ratio, int n, float clipCoef) {
        double kl1 = 0, kl2 = 0;
        int clipped = 0;
        for (int k = 0; k < n; k++) {
            kl1 += -logRatio[k];
            kl2 += (ratio[k] - 1) - logRatio[k];
            if (Math.abs(ratio[k] - 1) > clipCoef) clipped++;
        }
        return new RatioDiagnostics(kl1 / n, kl2 / n, (double) clipped / n);
    }
}
