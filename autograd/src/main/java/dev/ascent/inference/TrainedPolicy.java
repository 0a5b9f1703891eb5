package dev.ascent.inference;

import dev.ascent.engine.NDArray;
import dev.ascent.engine.Rng;
import dev.ascent.engine.Workspace;
import dev.ascent.io.Json;
import dev.ascent.io.Safetensors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A trained policy loaded from a run's {@code model.safetensors}, ready to act: the one class an application
 * needs to embed a policy. It uses only the {@code engine} and {@code autograd} jars (no environments, no
 * command line, no native code):
 * <pre>{@code
 * TrainedPolicy policy = TrainedPolicy.load(Path.of("runs/ppo-CartPole-v1-1/model.safetensors"));
 * float[] action = policy.act(observation);   // {1.0f} for Discrete(2); the action vector for a Box
 * }</pre>
 * It applies the observation normalisation of training, runs the exported layers (linear, conv2d, tanh,
 * relu, sigmoid, softplus, scale, flatten) and the head: argmax of a Categorical or of Q-values, or the mean
 * of a Gaussian clipped to the action bounds; {@link #sample} draws from the policy instead. Not thread-safe
 * (one instance per thread); acting allocates only the returned array.
 */
public final class TrainedPolicy {
    private final Map<String, NDArray> tensors;
    private final List<Map<String, Object>> layers;
    private final int[] observationShape;
    private final int observationSize;
    private final String headType;
    private final int classes, start;
    private final float[] low, high;
    private final boolean sigmoidMean;
    private final NDArray logStd;
    private final float[] obsMean, obsStd;
    private final float obsClip;
    private final String envId, algo;

    @SuppressWarnings("unchecked")
    private TrainedPolicy(Map<String, NDArray> tensors, Map<String, Object> d) {
        this.tensors = tensors;
        this.layers = (List<Map<String, Object>>) d.get("layers");
        List<Object> shape = (List<Object>) d.get("observation_shape");
        this.observationShape = new int[shape.size()];
        int size = 1;
        for (int i = 0; i < observationShape.length; i++) size *= observationShape[i] = ((Number) shape.get(i)).intValue();
        this.observationSize = size;
        this.envId = (String) d.get("env");
        this.algo = (String) d.get("algo");
        Map<String, Object> head = (Map<String, Object>) d.get("head");
        this.headType = (String) head.get("type");
        if (headType.equals("gaussian")) {
            this.low = floats((List<Object>) head.get("low"));
            this.high = floats((List<Object>) head.get("high"));
            this.classes = low.length;
            this.start = 0;
            this.sigmoidMean = "softplus_sigmoid".equals(head.get("parameterization"));
            this.logStd = tensor((String) head.get("log_std"));
        } else if (headType.equals("categorical") || headType.equals("q")) {
            this.classes = ((Number) head.get("classes")).intValue();
            this.start = ((Number) head.get("start")).intValue();
            this.low = this.high = null;
            this.sigmoidMean = false;
            this.logStd = null;
        } else {
            throw new IllegalArgumentException("unknown policy head '" + headType + "'");
        }
        Map<String, Object> norm = (Map<String, Object>) d.get("observation_normalization");
        if (norm != null) {
            float[] mean = tensor((String) norm.get("mean")).data();
            float[] var = tensor((String) norm.get("var")).data();
            float eps = ((Number) norm.get("epsilon")).floatValue();
            obsMean = mean.clone();
            obsStd = new float[var.length];
            // The same float arithmetic as the training wrapper: float32((obs - mean) / sqrt(var + eps)).
            for (int i = 0; i < var.length; i++) obsStd[i] = (float) Math.sqrt(var[i] + eps);
            obsClip = ((Number) norm.get("clip")).floatValue();
        } else {
            obsMean = obsStd = null;
            obsClip = 0;
        }
    }

    /**
     * Loads {@code model.safetensors} (or a run directory containing one).
     *
     * @throws IOException if the file is missing, unreadable or not a policy written by Ascent
     */
    public static TrainedPolicy load(Path path) throws IOException {
        Path file = Files.isDirectory(path) ? path.resolve("model.safetensors") : path;
        if (!Files.isRegularFile(file)) throw new IOException(file + ": no such file");
        Safetensors.Contents c = Safetensors.read(file);
        String description = c.metadata().get("ascent.policy");
        if (description == null) throw new IOException(file + ": not an Ascent policy (no 'ascent.policy' metadata)");
        try {
            return new TrainedPolicy(c.tensors(), Json.parseObject(description));
        } catch (RuntimeException e) {
            throw new IOException(file + ": malformed policy description: " + e.getMessage(), e);
        }
    }

    /** The environment id it was trained on. */
    public String envId() {
        return envId;
    }

    public String algorithm() {
        return algo;
    }

    /** Whether actions are class indices (one value) rather than a Box vector. */
    public boolean discrete() {
        return !headType.equals("gaussian");
    }

    /** Values per observation. */
    public int observationSize() {
        return observationSize;
    }

    /** The greedy action: a one-element array holding the class for Discrete spaces, else the action vector. */
    public float[] act(float[] observation) {
        return actOrSample(observation, null);
    }

    /** The greedy class index of a Discrete policy (including the space's start). */
    public int actDiscrete(float[] observation) {
        return (int) act(observation)[0];
    }

    /** An action sampled from the policy (ε-free greedy for Q-networks), using {@code rng}. */
    public float[] sample(float[] observation, Rng rng) {
        return actOrSample(observation, rng);
    }

    private float[] actOrSample(float[] observation, Rng rng) {
        if (observation.length != observationSize) {
            throw new IllegalArgumentException("expected an observation of " + observationSize + " values, got " + observation.length);
        }
        try (Workspace ws = Workspace.open()) {
            float[] x = Workspace.floats(observationSize);
            for (int i = 0; i < observationSize; i++) {
                float v = observation[i];
                if (obsMean != null) v = Math.max(-obsClip, Math.min(obsClip, (v - obsMean[i]) / obsStd[i]));
                x[i] = v;
            }
            NDArray h = NDArray.output(x, 1, observationSize);
            if (observationShape.length == 3) h = h.reshape(1, observationShape[0], observationShape[1], observationShape[2]);
            for (Map<String, Object> layer : layers) h = apply(layer, h);
            return head(h.data(), rng);
        }
    }

    private NDArray apply(Map<String, Object> layer, NDArray h) {
        String op = (String) layer.get("op");
        switch (op) {
            case "linear": {
                NDArray y = h.matmul(tensor((String) layer.get("weight")), false, true);
                return layer.containsKey("bias") ? y.add(tensor((String) layer.get("bias"))) : y;
            }
            case "conv2d": {
                NDArray w = tensor((String) layer.get("weight"));
                NDArray y = h.conv2d(w, ((Number) layer.get("stride")).intValue(), ((Number) layer.get("padding")).intValue());
                return layer.containsKey("bias") ? y.add(tensor((String) layer.get("bias")).reshape(1, w.dim(0), 1, 1)) : y;
            }
            case "scale": return h.mul(((Number) layer.get("factor")).floatValue());
            case "flatten": return h.reshape(h.dim(0), h.size() / h.dim(0));
            case "tanh": return h.tanh();
            case "relu": return h.relu();
            case "sigmoid": return h.sigmoid();
            case "softplus": return h.softplus();
            default: throw new IllegalStateException("unknown layer op '" + op + "'");
        }
    }

    private float[] head(float[] out, Rng rng) {
        if (headType.equals("gaussian")) {
            float[] a = new float[classes];
            float[] ls = logStd.data();
            for (int j = 0; j < classes; j++) {
                float mean = sigmoidMean ? low[j] + (high[j] - low[j]) * (float) (1 / (1 + Math.exp(-out[j]))) : out[j];
                float v = mean;
                if (rng != null) {
                    float std = sigmoidMean ? (float) Math.sqrt(Math.log1p(Math.exp(ls[j])) + 1e-4) : (float) Math.exp(ls[j]);
                    v = (float) (mean + std * rng.normal());
                }
                a[j] = Math.max(low[j], Math.min(high[j], v));
            }
            return a;
        }
        int best = 0;
        if (rng != null && headType.equals("categorical")) {
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < classes; j++) max = Math.max(max, out[j]);
            float[] p = new float[classes];
            for (int j = 0; j < classes; j++) p[j] = (float) Math.exp(out[j] - max);
            best = rng.categorical(p);
        } else {
            for (int j = 1; j < classes; j++) if (out[j] > out[best]) best = j;
        }
        return new float[] {best + start};
    }

    private NDArray tensor(String name) {
        NDArray t = tensors.get(name);
        if (t == null) throw new IllegalArgumentException("model file has no tensor '" + name + "'");
        return t;
    }

    private static float[] floats(List<Object> values) {
        float[] f = new float[values.size()];
        for (int i = 0; i < f.length; i++) {
            Object v = values.get(i);
            f[i] = v instanceof Number n ? n.floatValue() : ("inf".equals(v) ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY);
        }
        return f;
    }
}
