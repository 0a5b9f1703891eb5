package dev.ascent.engine.ops;

/**
 * The per-element loops of optimizers, here so that they can use the Vector API (C2 in JDK 17 does not
 * vectorise Adam's loop: it carries a square root and a division over four arrays). The vector and scalar
 * paths perform the same IEEE operations in the same order, so results are bit-identical either way.
 */
public final class OptimizerKernels {
    private OptimizerKernels() {}

    /**
     * Adam's update without weight decay or amsgrad, in PyTorch's rounding order for element k:
     * {@code m = m·b1 + c1·g; v = v·b2 + (c2·g)·g; p = p + (negStep·m) / (√v / bc2Sqrt + eps)}.
     */
    public static void adam(float[] p, float[] g, float[] m, float[] v, int n, float b1, float c1, float b2, float c2,
                            float negStep, float bc2Sqrt, float eps) {
        if (FastMath.AVAILABLE) {
            VectorMath.adam(p, g, m, v, n, b1, c1, b2, c2, negStep, bc2Sqrt, eps);
        } else {
            adamScalar(p, g, m, v, 0, n, b1, c1, b2, c2, negStep, bc2Sqrt, eps);
        }
    }

    static void adamScalar(float[] p, float[] g, float[] m, float[] v, int from, int n, float b1, float c1, float b2, float c2,
                           float negStep, float bc2Sqrt, float eps) {
        for (int k = from; k < n; k++) {
            float gk = g[k];
            float mk = m[k] * b1 + c1 * gk;
            float vk = v[k] * b2 + c2 * gk * gk;
            m[k] = mk;
            v[k] = vk;
            p[k] = p[k] + negStep * mk / ((float) Math.sqrt(vk) / bc2Sqrt + eps);
        }
    }
}
