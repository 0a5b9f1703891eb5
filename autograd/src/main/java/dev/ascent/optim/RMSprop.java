package dev.ascent.optim;

import dev.ascent.autograd.Tensor;
import dev.ascent.engine.NDArray;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RMSprop as PyTorch 1.13's {@code torch.optim.RMSprop} (the A2C/ACKTR-era optimizer):
 * <pre>
 *   g ← g + weight_decay · p
 *   s ← α s + (1 - α) g²
 *   centered:  ḡ ← α ḡ + (1 - α) g;   avg = √(s - ḡ²) + eps
 *   otherwise: avg = √s + eps
 *   momentum:  b ← μ b + g / avg;  p ← p - lr · b
 *   otherwise: p ← p - lr · g / avg
 * </pre>
 * Note that eps is added outside the square root, unlike TensorFlow's RMSProp (which Stable Baselines'
 * A2C emulates with {@code eps} inside); state names are PyTorch's: {@code step}, {@code square_avg},
 * {@code momentum_buffer}, {@code grad_avg}.
 */
public final class RMSprop extends Optimizer<RMSprop.Config> {
    /** RMSprop's settings; {@link #defaults()} are PyTorch's: lr 1e-2, alpha 0.99, eps 1e-8, no decay, no momentum, not centered. */
    public record Config(double lr, double alpha, double eps, double weightDecay, double momentum, boolean centered)
            implements Hyperparameters<Config> {
        public Config {
            if (!(lr >= 0)) throw new IllegalArgumentException("Invalid learning rate: " + lr);
            if (!(eps >= 0)) throw new IllegalArgumentException("Invalid epsilon value: " + eps);
            if (!(momentum >= 0)) throw new IllegalArgumentException("Invalid momentum value: " + momentum);
            if (!(weightDecay >= 0)) throw new IllegalArgumentException("Invalid weight_decay value: " + weightDecay);
            if (!(alpha >= 0)) throw new IllegalArgumentException("Invalid alpha value: " + alpha);
        }

        public static Config defaults() {
            return new Config(1e-2, 0.99, 1e-8, 0, 0, false);
        }

        @Override
        public Config withLr(double v) {
            return new Config(v, alpha, eps, weightDecay, momentum, centered);
        }

        public Config withAlpha(double v) {
            return new Config(lr, v, eps, weightDecay, momentum, centered);
        }

        public Config withEps(double v) {
            return new Config(lr, alpha, v, weightDecay, momentum, centered);
        }

        public Config withWeightDecay(double v) {
            return new Config(lr, alpha, eps, v, momentum, centered);
        }

        public Config withMomentum(double v) {
            return new Config(lr, alpha, eps, weightDecay, v, centered);
        }

        public Config withCentered(boolean v) {
            return new Config(lr, alpha, eps, weightDecay, momentum, v);
        }

        @Override
        public Map<String, Double> values() {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("lr", lr);
            m.put("alpha", alpha);
            m.put("eps", eps);
            m.put("weight_decay", weightDecay);
            m.put("momentum", momentum);
            m.put("centered", centered ? 1.0 : 0.0);
            return m;
        }

        @Override
        public Config withValues(Map<String, Double> v) {
            for (String k : v.keySet()) if (!values().containsKey(k)) throw new IllegalArgumentException("RMSprop has no hyperparameter '" + k + "'");
            return new Config(v.getOrDefault("lr", lr), v.getOrDefault("alpha", alpha), v.getOrDefault("eps", eps),
                    v.getOrDefault("weight_decay", weightDecay), v.getOrDefault("momentum", momentum),
                    v.containsKey("centered") ? Hyperparameters.flag("centered", v.get("centered")) : centered);
        }
    }

    private final long[] steps;
    private final float[][] squareAvg, gradAvg, momentumBuffer;

    public RMSprop(List<Tensor> params, Config config) {
        this(single(params, config));
    }

    public RMSprop(List<ParamGroup<Config>> groups) {
        super(groups);
        int n = parameters().size();
        steps = new long[n];
        squareAvg = new float[n][];
        gradAvg = new float[n][];
        momentumBuffer = new float[n][];
    }

    @Override
    protected void update(int i, float[] p, float[] g, Config c) {
        int n = p.length;
        if (squareAvg[i] == null) squareAvg[i] = new float[n];
        if (c.centered() && gradAvg[i] == null) gradAvg[i] = new float[n];
        if (c.momentum() > 0 && momentumBuffer[i] == null) momentumBuffer[i] = new float[n];
        steps[i]++;
        float[] s = squareAvg[i], ga = c.centered() ? gradAvg[i] : null, b = c.momentum() > 0 ? momentumBuffer[i] : null;
        float alpha = (float) c.alpha(), oneMinusAlpha = (float) (1 - c.alpha());
        float wd = (float) c.weightDecay(), eps = (float) c.eps(), mu = (float) c.momentum(), negLr = (float) -c.lr();
        for (int k = 0; k < n; k++) {
            float gk = wd != 0f ? g[k] + wd * p[k] : g[k];
            float sk = s[k] * alpha + oneMinusAlpha * gk * gk;
            s[k] = sk;
            float avg;
            if (ga != null) {
                float gak = ga[k] * alpha + oneMinusAlpha * gk;
                ga[k] = gak;
                avg = (float) Math.sqrt(sk + -1f * gak * gak);
            } else {
                avg = (float) Math.sqrt(sk);
            }
            avg += eps;
            if (b != null) {
                float bk = b[k] * mu + gk / avg;
                b[k] = bk;
                p[k] = p[k] + negLr * bk;
            } else {
                p[k] = p[k] + negLr * gk / avg;
            }
        }
    }

    @Override
    protected Map<String, NDArray> parameterState(int i) {
        Map<String, NDArray> s = new LinkedHashMap<>();
        if (squareAvg[i] == null) return s;
        int[] shape = parameters().get(i).shape();
        s.put("step", stepArray(steps[i]));
        s.put("square_avg", NDArray.of(squareAvg[i], shape));
        if (momentumBuffer[i] != null) s.put("momentum_buffer", NDArray.of(momentumBuffer[i], shape));
        if (gradAvg[i] != null) s.put("grad_avg", NDArray.of(gradAvg[i], shape));
        return s;
    }

    @Override
    protected Runnable prepareLoad(int i, Map<String, NDArray> saved, int[] shape, Config c) {
        if (saved.isEmpty()) {
            return () -> {
                steps[i] = 0;
                squareAvg[i] = gradAvg[i] = momentumBuffer[i] = null;
            };
        }
        onlyKnown(saved, "step", "square_avg", "momentum_buffer", "grad_avg");
        long step = readStep(saved);
        float[] s = require(saved, "square_avg", shape).data();
        float[] b = saved.containsKey("momentum_buffer") ? require(saved, "momentum_buffer", shape).data() : null;
        float[] ga = saved.containsKey("grad_avg") ? require(saved, "grad_avg", shape).data() : null;
        if (c.momentum() > 0 && b == null) throw new IllegalArgumentException("missing 'momentum_buffer' (momentum is on)");
        if (c.centered() && ga == null) throw new IllegalArgumentException("missing 'grad_avg' (centered is on)");
        return () -> {
            steps[i] = step;
            squareAvg[i] = s;
            momentumBuffer[i] = b;
            gradAvg[i] = ga;
        };
    }
}
