package dev.ascent.io;

import dev.ascent.engine.NDArray;
import dev.ascent.engine.Rng;
import dev.ascent.nn.Module;
import dev.ascent.optim.Optimizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A training checkpoint in one safetensors file: the state dicts of any number of modules and optimizers,
 * extra arrays (observation-normalisation statistics, …), byte arrays (a replay buffer's pixel frames, as
 * U8: a quarter of their size as floats) and string metadata (step counts, config, RNG states), each under a
 * prefix so that they share one namespace:
 * <pre>{@code
 * Checkpoint.builder()
 *         .module("policy", policy)             // policy.0.weight, ...
 *         .optimizer("optimizer", adam)         // optimizer.state.0.exp_avg, optimizer.param_groups.0.lr, ...
 *         .tensor("obs_rms.mean", mean)
 *         .metadata("global_step", Long.toString(step))
 *         .rng("rng", rng)
 *         .build()
 *         .write(path);                         // atomic
 *
 * Checkpoint c = Checkpoint.read(path);
 * c.restore("policy", policy);
 * c.restore("optimizer", adam);
 * long step = Long.parseLong(c.metadata("global_step"));
 * c.restoreRng("rng", rng);
 * }</pre>
 * The file is an ordinary safetensors file: {@code safetensors.torch.load_file} gives the same named tensors.
 */
public final class Checkpoint {
    private final Map<String, NDArray> tensors;
    private final Map<String, ByteTensor> byteTensors;
    private final Map<String, String> metadata;

    private Checkpoint(Map<String, NDArray> tensors, Map<String, ByteTensor> byteTensors, Map<String, String> metadata) {
        this.tensors = Collections.unmodifiableMap(tensors);
        this.byteTensors = Collections.unmodifiableMap(byteTensors);
        this.metadata = Collections.unmodifiableMap(metadata);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Reads and validates a checkpoint file. */
    public static Checkpoint read(Path path) throws IOException {
        Safetensors.Contents c = Safetensors.read(path);
        return new Checkpoint(new LinkedHashMap<>(c.tensors()), new LinkedHashMap<>(c.byteTensors()), new LinkedHashMap<>(c.metadata()));
    }

    /** Writes the checkpoint atomically (a crash leaves the previous file intact). */
    public void write(Path path) throws IOException {
        Safetensors.write(path, tensors, byteTensors, metadata);
    }

    /** Every tensor by its full name. */
    public Map<String, NDArray> tensors() {
        return tensors;
    }

    /** Every U8 tensor by its full name. */
    public Map<String, ByteTensor> byteTensors() {
        return byteTensors;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    /** The tensor {@code name}, or an {@link IllegalArgumentException} listing what the checkpoint has. */
    public NDArray tensor(String name) {
        NDArray a = tensors.get(name);
        if (a == null) throw new IllegalArgumentException("checkpoint has no tensor '" + name + "'; it has " + new TreeMap<>(tensors).keySet());
        return a;
    }

    /** The U8 tensor {@code name}, or an {@link IllegalArgumentException} listing the U8 tensors the checkpoint has. */
    public ByteTensor byteTensor(String name) {
        ByteTensor b = byteTensors.get(name);
        if (b == null) throw new IllegalArgumentException("checkpoint has no U8 tensor '" + name + "'; it has " + new TreeMap<>(byteTensors).keySet());
        return b;
    }

    /** The metadata value {@code key}, or an {@link IllegalArgumentException}. */
    public String metadata(String key) {
        String v = metadata.get(key);
        if (v == null) throw new IllegalArgumentException("checkpoint has no metadata '" + key + "'; it has " + new TreeMap<>(metadata).keySet());
        return v;
    }

    /** The entries under {@code prefix.}, with the prefix removed: one module's or optimizer's state dict. */
    public Map<String, NDArray> section(String prefix) {
        String p = prefix + ".";
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
            if (e.getKey().startsWith(p)) out.put(e.getKey().substring(p.length()), e.getValue());
        }
        return out;
    }

    /** Loads section {@code prefix} into {@code module}, strictly (every key must match, see {@link Module#loadStateDict}). */
    public void restore(String prefix, Module module) {
        Map<String, NDArray> s = section(prefix);
        if (s.isEmpty()) throw new IllegalArgumentException("checkpoint has no module state under '" + prefix + ".'");
        module.loadStateDict(s, true);
    }

    /** Loads section {@code prefix} into {@code optimizer} (see {@link Optimizer#loadStateDict}). */
    public void restore(String prefix, Optimizer<?> optimizer) {
        Map<String, NDArray> s = section(prefix);
        if (s.isEmpty()) throw new IllegalArgumentException("checkpoint has no optimizer state under '" + prefix + ".'");
        optimizer.loadStateDict(s);
    }

    /** Sets {@code rng} to the state saved under metadata {@code key} by {@link Builder#rng}. */
    public void restoreRng(String key, Rng rng) {
        String v = metadata(key);
        String[] parts = v.split(",");
        long[] state = new long[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) state[i] = Long.parseLong(parts[i].trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("checkpoint metadata '" + key + "' is not an Rng state: " + v, e);
        }
        rng.setState(state);
    }

    /** Collects the parts of a checkpoint; names must not collide. */
    public static final class Builder {
        private final Map<String, NDArray> tensors = new LinkedHashMap<>();
        private final Map<String, ByteTensor> byteTensors = new LinkedHashMap<>();
        private final Map<String, String> metadata = new LinkedHashMap<>();

        private Builder() {
            metadata.put("format", "pt"); // what Hugging Face loaders expect of a PyTorch-layout file
        }

        /** The module's state dict under {@code prefix.} (a snapshot: later training does not change it). */
        public Builder module(String prefix, Module module) {
            return tensors(prefix, module.stateDict());
        }

        /** The optimizer's state dict under {@code prefix.}. */
        public Builder optimizer(String prefix, Optimizer<?> optimizer) {
            return tensors(prefix, optimizer.stateDict());
        }

        /** Every entry of {@code state} under {@code prefix.}. */
        public Builder tensors(String prefix, Map<String, NDArray> state) {
            if (prefix == null || prefix.isEmpty()) throw new IllegalArgumentException("checkpoint: a prefix must be non-empty");
            for (Map.Entry<String, NDArray> e : state.entrySet()) tensor(prefix + "." + e.getKey(), e.getValue());
            return this;
        }

        /** One array (copied). */
        public Builder tensor(String name, NDArray value) {
            requireUnused(name);
            tensors.put(name, value.copy());
            return this;
        }

        /** One byte array, stored as U8 (taken as it is: copy it first if the caller goes on writing to it). */
        public Builder byteTensor(String name, ByteTensor value) {
            requireUnused(name);
            byteTensors.put(name, value);
            return this;
        }

        private void requireUnused(String name) {
            if (tensors.containsKey(name) || byteTensors.containsKey(name)) {
                throw new IllegalArgumentException("checkpoint: tensor name '" + name + "' is used twice");
            }
        }

        public Builder metadata(String key, String value) {
            if (key == null || value == null) throw new IllegalArgumentException("checkpoint: metadata keys and values must be non-null");
            metadata.put(key, value);
            return this;
        }

        /** The generator's full state as metadata {@code key} (six comma-separated longs), for bit-exact resumption. */
        public Builder rng(String key, Rng rng) {
            long[] s = rng.state();
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < s.length; i++) sb.append(i == 0 ? "" : ",").append(s[i]);
            return metadata(key, sb.toString());
        }

        public Checkpoint build() {
            return new Checkpoint(new LinkedHashMap<>(tensors), new LinkedHashMap<>(byteTensors), new LinkedHashMap<>(metadata));
        }
    }

    @Override
    public String toString() {
        return "Checkpoint(" + tensors.size() + " F32 and " + byteTensors.size() + " U8 tensors, metadata " + new TreeMap<>(metadata).keySet() + ")";
    }
}
