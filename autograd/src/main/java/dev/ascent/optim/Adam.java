package dev.ascent.optim;

import dev.ascent.autograd.Tensor;
import dev.ascent.engine.NDArray;
import dev.ascent.engine.ops.OptimizerKernels;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma and Ba), exactly as PyTorch 1.13's single-tensor implementation computes it, for step t:
 * <pre>
 *   g ← g + weight_decay · p                         (if weight_decay ≠ 0; L2, not AdamW)
 *   m ← β₁ m + (1 - β₁) g
 *   v ← β₂ v + (1 - β₂) g²
 *   v̂ ← max(v̂, v)                                   (amsgrad only; v̂ replaces v below)
 *   denom = √v / √(1 - β₂ᵗ) + eps                    (eps added after the bias correction)
 *   p ← p - (lr / (1 - β₁ᵗ)) · m / denom
 * </pre>
 * Scalars are computed in double and applied in float32, as PyTorch does. State names follow PyTorch:
 * {@code step}, {@code exp_avg}, {@code exp_avg_sq}, {@code max_exp_avg_sq}.
 */
public final class Adam extends Optimizer<Adam.Config> {
    /**
     * Adam's settings; {@link #defaults()} are PyTorch's (lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight
     * decay, no amsgrad). CleanRL's PPO uses {@code defaults().withLr(2.5e-4).withEps(1e-5)}.
     */
    public record Config(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad)
            implements Hyperparameters<Config> {
        public Config {
            if (!(lr >= 0)) throw new IllegalArgumentException("Invalid learning rate: " + lr);
            if (!(eps >= 0)) throw new IllegalArgumentException("Invalid epsilon value: " + eps);
            if (!(beta1 >= 0 && beta1 < 1)) throw new IllegalArgumentException("Invalid beta parameter at index 0: " + beta1);
            if (!(beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("Invalid beta parameter at index 1: " + beta2);
            if (!(weightDecay >= 0)) throw new IllegalArgumentException("Invalid weight_decay value: " + weightDecay);
        }

        public static Config defaults() {
            return new Config(1e-3, 0.9, 0.999, 1e-8, 0, false);
        }

        @Override
        public Config withLr(double v) {
            return new Config(v, beta1, beta2, eps, weightDecay, amsgrad);
        }

        public Config withBetas(double b1, double b2) {
            return new Config(lr, b1, b2, eps, weightDecay, amsgrad);
        }

        public Config withEps(double v) {
            return new Config(lr, beta1, beta2, v, weightDecay, amsgrad);
        }

        public Config withWeightDecay(double v) {
            return new Config(lr, beta1, beta2, eps, v, amsgrad);
        }

        public Config withAmsgrad(boolean v) {
            return new Config(lr, beta1, beta2, eps, weightDecay, v);
        }

        @Override
        public Map<String, Double> values() {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("lr", lr);
            m.put("beta1", beta1);
            m.put("beta2", beta2);
            m.put("eps", eps);
            m.put("weight_decay", weightDecay);
            m.put("amsgrad", amsgrad ? 1.0 : 0.0);
            return m;
        }

        @Override
        public Config withValues(Map<String, Double> v) {
            for (String k : v.keySet()) if (!values().containsKey(k)) throw new IllegalArgumentException("Adam has no hyperparameter '" + k + "'");
            return new Config(v.getOrDefault("lr", lr), v.getOrDefault("beta1", beta1), v.getOrDefault("beta2", beta2),
                    v.getOrDefault("eps", eps), v.getOrDefault("weight_decay", weightDecay),
                    v.containsKey("amsgrad") ? Hyperparameters.flag("amsgrad", v.get("amsgrad")) : amsgrad);
        }
    }

    private final long[] steps;
    private final float[][] expAvg, expAvgSq, maxExpAvgSq;

    /** One group with {@code config}. */
    public Adam(List<Tensor> params, Config config) {
        this(single(params, config));
    }

    public Adam(List<ParamGroup<Config>> groups) {
        super(groups);
        int n = parameters().size();
        steps = new long[n];
        expAvg = new float[n][];
        expAvgSq = new float[n][];
        maxExpAvgSq = new float[n][];
    }

    @Override
    protected void update(int i, float[] p, float[] g, Config c) {
        int n = p.length;
        if (expAvg[i] == null) {
            expAvg[i] = new float[n];
            expAvgSq[i] = new float[n];
        }
        if (c.amsgrad() && maxExpAvgSq[i] == null) maxExpAvgSq[i] = new float[n];
        long t = ++steps[i];
        float[] m = expAvg[i], v = expAvgSq[i];
        float b1 = (float) c.beta1(), b2 = (float) c.beta2();
        float oneMinusB1 = (float) (1 - c.beta1()), oneMinusB2 = (float) (1 - c.beta2());
        float wd = (float) c.weightDecay(), eps = (float) c.eps();
        double biasCorrection1 = 1 - Math.pow(c.beta1(), t);
        float bc2Sqrt = (float) Math.sqrt(1 - Math.pow(c.beta2(), t));
        float negStepSize = (float) -(c.lr() / biasCorrection1);
        if (wd == 0f && !c.amsgrad()) { // the common case, vectorised
            OptimizerKernels.adam(p, g, m, v, n, b1, oneMinusB1, b2, oneMinusB2, negStepSize, bc2Sqrt, eps);
            return;
        }
        float[] vMax = c.amsgrad() ? maxExpAvgSq[i] : null;
        for (int k = 0; k < n; k++) {
            float gk = g[k] + wd * p[k];
            float mk = m[k] * b1 + oneMinusB1 * gk;
            float vk = v[k] * b2 + oneMinusB2 * gk * gk;
            m[k] = mk;
            v[k] = vk;
            if (vMax != null) {
                if (vk > vMax[k] || vk != vk) vMax[k] = vk; // torch.maximum propagates NaN
                vk = vMax[k];
            }
            p[k] = p[k] + negStepSize * mk / ((float) Math.sqrt(vk) / bc2Sqrt + eps);
        }
    }

    @Override
    protected Map<String, NDArray> parameterState(int i) {
        Map<String, NDArray> s = new LinkedHashMap<>();
        if (expAvg[i] == null) return s;
        int[] shape = parameters().get(i).shape();
        s.put("step", stepArray(steps[i]));
        s.put("exp_avg", NDArray.of(expAvg[i], shape));
        s.put("exp_avg_sq", NDArray.of(expAvgSq[i], shape));
        if (maxExpAvgSq[i] != null) s.put("max_exp_avg_sq", NDArray.of(maxExpAvgSq[i], shape));
        return s;
    }

    @Override
    protected Runnable prepareLoad(int i, Map<String, NDArray> saved, int[] shape, Config c) {
        if (saved.isEmpty()) {
            return () -> {
                steps[i] = 0;
                expAvg[i] = expAvgSq[i] = maxExpAvgSq[i] = null;
            };
        }
        onlyKnown(saved, "step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq");
        long step = readStep(saved);
        float[] m = require(saved, "exp_avg", shape).data();
        float[] v = require(saved, "exp_avg_sq", shape).data();
        float[] vMax = saved.containsKey("max_exp_avg_sq") ? require(saved, "max_exp_avg_sq", shape).data() : null;
        if (c.amsgrad() && vMax == null) throw new IllegalArgumentException("missing 'max_exp_avg_sq' (amsgrad is on)");
        return () -> {
            steps[i] = step;
            expAvg[i] = m;
            expAvgSq[i] = v;
            maxExpAvgSq[i] = vMax;
        };
    }

    /** Number of steps taken by parameter {@code i} (0 before its first gradient). */
    public long stepCount(int i) {
        return steps[i];
    }
}
