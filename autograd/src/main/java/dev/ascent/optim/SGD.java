package dev.ascent.optim;

import dev.ascent.autograd.Tensor;
import dev.ascent.engine.NDArray;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with momentum, as PyTorch 1.13's {@code torch.optim.SGD}:
 * <pre>
 *   d ← g + weight_decay · p
 *   b ← d                           (first step)
 *   b ← μ b + (1 - dampening) d      (later steps)
 *   d ← nesterov ? d + μ b : b       (when μ ≠ 0)
 *   p ← p - lr · d
 * </pre>
 * The state is PyTorch's {@code momentum_buffer} (only with momentum).
 */
public final class SGD extends Optimizer<SGD.Config> {
    /** SGD's settings. The learning rate has no default, as in PyTorch; the rest default to 0/false. */
    public record Config(double lr, double momentum, double dampening, double weightDecay, boolean nesterov)
            implements Hyperparameters<Config> {
        public Config {
            if (!(lr >= 0)) throw new IllegalArgumentException("Invalid learning rate: " + lr);
            if (!(momentum >= 0)) throw new IllegalArgumentException("Invalid momentum value: " + momentum);
            if (!(weightDecay >= 0)) throw new IllegalArgumentException("Invalid weight_decay value: " + weightDecay);
            if (!Double.isFinite(dampening)) throw new IllegalArgumentException("Invalid dampening value: " + dampening);
            if (nesterov && (momentum <= 0 || dampening != 0)) {
                throw new IllegalArgumentException("Nesterov momentum requires a momentum and zero dampening");
            }
        }

        /** Plain SGD with learning rate {@code lr}. */
        public static Config of(double lr) {
            return new Config(lr, 0, 0, 0, false);
        }

        @Override
        public Config withLr(double v) {
            return new Config(v, momentum, dampening, weightDecay, nesterov);
        }

        public Config withMomentum(double v) {
            return new Config(lr, v, dampening, weightDecay, nesterov);
        }

        public Config withDampening(double v) {
            return new Config(lr, momentum, v, weightDecay, nesterov);
        }

        public Config withWeightDecay(double v) {
            return new Config(lr, momentum, dampening, v, nesterov);
        }

        public Config withNesterov(boolean v) {
            return new Config(lr, momentum, dampening, weightDecay, v);
        }

        @Override
        public Map<String, Double> values() {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("lr", lr);
            m.put("momentum", momentum);
            m.put("dampening", dampening);
            m.put("weight_decay", weightDecay);
            m.put("nesterov", nesterov ? 1.0 : 0.0);
            return m;
        }

        @Override
        public Config withValues(Map<String, Double> v) {
            for (String k : v.keySet()) if (!values().containsKey(k)) throw new IllegalArgumentException("SGD has no hyperparameter '" + k + "'");
            return new Config(v.getOrDefault("lr", lr), v.getOrDefault("momentum", momentum), v.getOrDefault("dampening", dampening),
                    v.getOrDefault("weight_decay", weightDecay),
                    v.containsKey("nesterov") ? Hyperparameters.flag("nesterov", v.get("nesterov")) : nesterov);
        }
    }

    private final float[][] momentumBuffer;

    public SGD(List<Tensor> params, Config config) {
        this(single(params, config));
    }

    public SGD(List<ParamGroup<Config>> groups) {
        super(groups);
        momentumBuffer = new float[parameters().size()][];
    }

    @Override
    protected void update(int i, float[] p, float[] g, Config c) {
        int n = p.length;
        float wd = (float) c.weightDecay(), mu = (float) c.momentum(), negLr = (float) -c.lr();
        float oneMinusDampening = (float) (1 - c.dampening());
        if (mu == 0f) {
            for (int k = 0; k < n; k++) {
                float d = wd != 0f ? g[k] + wd * p[k] : g[k];
                p[k] = p[k] + negLr * d;
            }
            return;
        }
        boolean first = momentumBuffer[i] == null;
        if (first) momentumBuffer[i] = new float[n];
        float[] b = momentumBuffer[i];
        boolean nesterov = c.nesterov();
        for (int k = 0; k < n; k++) {
            float d = wd != 0f ? g[k] + wd * p[k] : g[k];
            float bk = first ? d : b[k] * mu + oneMinusDampening * d;
            b[k] = bk;
            d = nesterov ? d + mu * bk : bk;
            p[k] = p[k] + negLr * d;
        }
    }

    @Override
    protected Map<String, NDArray> parameterState(int i) {
        Map<String, NDArray> s = new LinkedHashMap<>();
        if (momentumBuffer[i] != null) s.put("momentum_buffer", NDArray.of(momentumBuffer[i], parameters().get(i).shape()));
        return s;
    }

    @Override
    protected Runnable prepareLoad(int i, Map<String, NDArray> saved, int[] shape, Config c) {
        onlyKnown(saved, "momentum_buffer");
        float[] b = saved.isEmpty() ? null : require(saved, "momentum_buffer", shape).data();
        return () -> momentumBuffer[i] = b;
    }
}
