package dev.ascent.algorithms.common;

import dev.ascent.algorithms.NonFiniteLossException;
import dev.ascent.engine.NDArray;
import dev.ascent.engine.Workspace;

/**
 * Small pieces of arithmetic that several algorithms' update steps share, kept here so that no algorithm
 * copies another's: gathering rows into pooled arrays, normalising a batch, the explained variance of value
 * predictions, and the non-finite check that stops training before a bad optimizer step.
 */
public final class UpdateMath {
    private UpdateMath() {}

    /** {@code source[index]} as an array of the current {@link Workspace} (pooled; heap outside a workspace). */
    public static NDArray gather(float[] source, int[] index) {
        float[] out = Workspace.floats(index.length);
        for (int k = 0; k < index.length; k++) out[k] = source[index[k]];
        return NDArray.output(out, index.length);
    }

    /** (x − mean) / (std + 1e-8) in place, with the unbiased std as {@code torch.std} (SB3's and CleanRL's advantage normalisation). */
    public static void normalize(float[] x, int n) {
        double mean = 0;
        for (int i = 0; i < n; i++) mean += x[i];
        mean /= n;
        double var = 0;
        for (int i = 0; i < n; i++) var += (x[i] - mean) * (x[i] - mean);
        float std = (float) Math.sqrt(var / Math.max(1, n - 1));
        float m = (float) mean;
        for (int i = 0; i < n; i++) x[i] = (x[i] - m) / (std + 1e-8f);
    }

    /** 1 − Var(returns − values) / Var(returns): how much of the return the value function explains (NaN if Var(returns) = 0). */
    public static double explainedVariance(float[] values, float[] returns) {
        double my = 0, md = 0;
        int n = returns.length;
        for (int i = 0; i < n; i++) {
            my += returns[i];
            md += returns[i] - values[i];
        }
        my /= n;
        md /= n;
        double vy = 0, vd = 0;
        for (int i = 0; i < n; i++) {
            vy += (returns[i] - my) * (returns[i] - my);
            double d = returns[i] - values[i] - md;
            vd += d * d;
        }
        return vy == 0 ? Double.NaN : 1 - vd / vy;
    }

    /**
     * Throws {@link NonFiniteLossException} naming {@code quantity} when {@code value} is NaN or infinite; call it
     * before the optimizer step so that the parameters stay good.
     */
    public static void requireFinite(String quantity, double value, long iteration, long globalStep) {
        if (!Double.isFinite(value)) throw new NonFiniteLossException(quantity, value, iteration, globalStep);
    }
}
