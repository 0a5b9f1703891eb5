package dev.ascent.algorithms.common;

import dev.ascent.autograd.Tensor;
import dev.ascent.engine.NDArray;
import dev.ascent.envs.wrappers.RunningMeanStd;
import dev.ascent.io.Json;
import dev.ascent.io.Safetensors;
import dev.ascent.nn.Conv2d;
import dev.ascent.nn.Flatten;
import dev.ascent.nn.Identity;
import dev.ascent.nn.Linear;
import dev.ascent.nn.Module;
import dev.ascent.nn.ReLU;
import dev.ascent.nn.Sequential;
import dev.ascent.nn.Sigmoid;
import dev.ascent.nn.Softplus;
import dev.ascent.nn.Tanh;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained policy as {@code model.safetensors}: the weights of the acting path, the observation-normalisation
 * statistics, and under metadata key {@value #METADATA_KEY} a JSON description of the computation (the layer
 * list and the action head), so that {@link dev.ascent.inference.TrainedPolicy} can run it with
 * nothing but the engine and autograd jars. The layer list is the actor path: the shared trunk followed by
 * the actor (or the Q-network). Tensor names are the training module's PyTorch-style names.
 *
 * @param tensors the named arrays of the file
 * @param description the JSON-writable description
 */
public record PolicyExport(Map<String, NDArray> tensors, Map<String, Object> description) {
    /** The metadata key holding the description. */
    public static final String METADATA_KEY = "ascent.policy";

    /** Writes {@code model.safetensors} (atomically). */
    public void write(Path path) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put(METADATA_KEY, Json.write(description));
        Safetensors.write(path, tensors, meta);
    }

    /**
     * The export of an actor-critic policy (its actor path) with the observation statistics of a run.
     *
     * @param obsStats observation normalisation statistics, or null
     * @param obsClip the clip bound applied after normalisation (ignored without statistics)
     */
    public static PolicyExport of(ActorCriticPolicy policy, RunningMeanStd.State obsStats, double obsClip, Map<String, Object> info) {
        Builder b = new Builder(policy.observationShape(), info);
        if (policy.trunk() != null) b.layers("trunk", policy.trunk());
        b.layers("actor", policy.actor());
        ActionSpec a = policy.actionSpec();
        Map<String, Object> head = new LinkedHashMap<>();
        if (a.discrete()) {
            head.put("type", "categorical");
            head.put("classes", a.size());
            head.put("start", a.start());
        } else {
            head.put("type", "gaussian");
            head.put("parameterization", policy.architecture().gaussian().name().toLowerCase(java.util.Locale.ROOT));
            head.put("log_std", "log_std");
            b.tensors.put("log_std", policy.logStd().data().copy());
            head.put("low", floats(a.low()));
            head.put("high", floats(a.high()));
        }
        return b.build(head, obsStats, obsClip);
    }

    /** The export of a Q-network: greedy actions are the argmax of its outputs. */
    public static PolicyExport ofQNetwork(QNetwork q, RunningMeanStd.State obsStats, double obsClip, Map<String, Object> info) {
        Builder b = new Builder(q.observationShape(), info);
        b.layers("net", q.net());
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("type", "q");
        head.put("classes", q.actionSpec().size());
        head.put("start", q.actionSpec().start());
        return b.build(head, obsStats, obsClip);
    }

    private static List<Object> floats(float[] v) {
        List<Object> l = new ArrayList<>();
        for (float f : v) l.add(Float.isFinite(f) ? (Object) (double) f : (f > 0 ? "inf" : "-inf"));
        return l;
    }

    private static final class Builder {
        final Map<String, NDArray> tensors = new LinkedHashMap<>();
        final List<Object> layers = new ArrayList<>();
        final Map<String, Object> description = new LinkedHashMap<>();

        Builder(int[] observationShape, Map<String, Object> info) {
            description.put("format", 1);
            if (info != null) description.putAll(info);
            List<Object> shape = new ArrayList<>();
            for (int d : observationShape) shape.add(d);
            description.put("observation_shape", shape);
        }

        void layers(String prefix, Sequential seq) {
            for (Map.Entry<String, Module> e : seq.namedChildren().entrySet()) {
                String name = prefix + "." + e.getKey();
                Module m = e.getValue();
                Map<String, Object> l = new LinkedHashMap<>();
                if (m instanceof Linear lin) {
                    l.put("op", "linear");
                    l.put("weight", put(name + ".weight", lin.weight()));
                    if (lin.bias() != null) l.put("bias", put(name + ".bias", lin.bias()));
                } else if (m instanceof Conv2d conv) {
                    int[] sp = strideAndPadding(conv);
                    l.put("op", "conv2d");
                    l.put("weight", put(name + ".weight", conv.weight()));
                    if (conv.bias() != null) l.put("bias", put(name + ".bias", conv.bias()));
                    l.put("stride", sp[0]);
                    l.put("padding", sp[1]);
                } else if (m instanceof ScaleInput s) {
                    l.put("op", "scale");
                    l.put("factor", (double) s.factor());
                } else if (m instanceof Flatten) {
                    l.put("op", "flatten");
                } else if (m instanceof Tanh) {
                    l.put("op", "tanh");
                } else if (m instanceof ReLU) {
                    l.put("op", "relu");
                } else if (m instanceof Sigmoid) {
                    l.put("op", "sigmoid");
                } else if (m instanceof Softplus) {
                    l.put("op", "softplus");
                } else if (m instanceof Identity) {
                    continue;
                } else {
                    throw new IllegalArgumentException("cannot export layer " + name + " of type " + m.getClass().getSimpleName());
                }
                layers.add(l);
            }
        }

        private String put(String name, Tensor t) {
            tensors.put(name, t.data().copy());
            return name;
        }

        PolicyExport build(Map<String, Object> head, RunningMeanStd.State stats, double clip) {
            description.put("layers", layers);
            description.put("head", head);
            if (stats != null) {
                Map<String, Object> norm = new LinkedHashMap<>();
                tensors.put("obs_rms.mean", toFloat(stats.mean()));
                tensors.put("obs_rms.var", toFloat(stats.var()));
                norm.put("mean", "obs_rms.mean");
                norm.put("var", "obs_rms.var");
                norm.put("epsilon", 1e-8);
                norm.put("clip", clip);
                description.put("observation_normalization", norm);
            }
            return new PolicyExport(tensors, description);
        }

        private static NDArray toFloat(double[] v) {
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
            return NDArray.wrap(f, f.length);
        }
    }

    /**
     * {@code Conv2d} does not expose its stride and padding, so they are recovered from its output sizes
     * (unambiguous over a range of input sizes). TODO: use getters once {@code Conv2d} has them.
     */
    static int[] strideAndPadding(Conv2d conv) {
        int k = conv.weight().dim(2);
        for (int s = 1; s <= 16; s++) {
            for (int p = 0; p <= 16; p++) {
                boolean ok = true;
                for (int h = k; h < k + 48 && ok; h++) ok = conv.outputSize(h, h)[0] == (h + 2 * p - k) / s + 1;
                if (ok) return new int[] {s, p};
            }
        }
        throw new IllegalArgumentException("cannot determine the stride and padding of " + conv);
    }
}
