package dev.ascent.nn;

import dev.ascent.autograd.Tensor;
import dev.ascent.engine.NDArray;
import dev.ascent.engine.Shapes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A building block of a network, as {@code torch.nn.Module}: it owns named parameters, named buffers
 * and named child modules, and everything else (traversal, state dicts, deep copies, gradients, hooks)
 * follows from that registry.
 *
 * <h2>Writing a module</h2>
 * Register what the module owns in its constructor with {@link #registerParameter},
 * {@link #registerBuffer} and {@link #registerModule}, and keep the returned references in fields if
 * convenient. A module with one input and one output overrides {@link #compute(Tensor)}; callers use
 * {@link #forward(Tensor)}, which runs the forward hooks around it. Modules with several inputs or
 * outputs (an actor-critic policy) simply expose their own methods and call their children's
 * {@code forward}.
 *
 * <h2>Names</h2>
 * {@link #namedParameters()} and {@link #stateDict()} use PyTorch's dotted names: a child registered as
 * {@code "actor"} whose own child {@code "2"} has a parameter {@code "bias"} gives {@code "actor.2.bias"}.
 * A parameter or child reachable twice (weight sharing) is listed once, under its first name.
 *
 * <h2>Hooks (for K-FAC and debugging)</h2>
 * {@link #registerForwardHook} sees the input and output of every {@code forward} call of this module;
 * {@link #registerOutputGradientHook} additionally hands over the gradient of the loss with respect to
 * that output when a backward pass computes it. Together they are what ACKTR's K-FAC needs per layer:
 * the layer inputs {@code a} and the output gradients {@code g}. The tensors handed to a hook live as long
 * as the computation that made them (inside a {@code Workspace}, until it closes): accumulate statistics
 * from them in the hook, or {@code copy()} what must be kept. Hooks are not copied by
 * {@link #deepCopy()}, because they usually close over per-module statistics of the original.
 *
 * <p>Not thread-safe: a module is built and trained by one thread at a time (A3C workers each use
 * their own {@link #deepCopy()}). Hook registration itself is safe while another thread runs forward.
 */
public abstract class Module implements Cloneable {
    private Map<String, Tensor> parameters = new LinkedHashMap<>();
    private Map<String, NDArray> buffers = new LinkedHashMap<>();
    private Map<String, Module> children = new LinkedHashMap<>();
    private List<ForwardHook> forwardHooks = new CopyOnWriteArrayList<>();
    private boolean training = true;

    protected Module() {}

    // ---------------------------------------------------------------- registration

    /**
     * Registers {@code param} under {@code name} and marks it as requiring grad. The tensor must be a leaf:
     * parameters are what optimizers update in place.
     */
    protected final Tensor registerParameter(String name, Tensor param) {
        checkName(name);
        if (!param.isLeaf()) {
            throw new IllegalArgumentException(kind() + ": parameter '" + name + "' must be a leaf tensor, got the result of op '" + param.op() + "'");
        }
        param.requiresGrad(true);
        if (param.name() == null) param.named(name);
        parameters.put(name, param);
        return param;
    }

    /** Registers a non-trainable array that is part of the state (running statistics, masks). */
    protected final NDArray registerBuffer(String name, NDArray buffer) {
        checkName(name);
        buffers.put(name, buffer);
        return buffer;
    }

    /** Registers {@code child} under {@code name}; its parameters become {@code name.<param>}. */
    protected final <M extends Module> M registerModule(String name, M child) {
        checkName(name);
        if (child == this) throw new IllegalArgumentException(kind() + ": a module cannot be its own child");
        children.put(name, child);
        return child;
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(kind() + ": invalid name '" + name + "' (names are non-empty and contain no '.')");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(kind() + ": name '" + name + "' is already registered");
        }
    }

    // ---------------------------------------------------------------- forward and hooks

    /**
     * Runs this module on {@code input}: {@link #compute(Tensor)} followed by every forward hook. This is
     * PyTorch's {@code module(x)}.
     */
    public final Tensor forward(Tensor input) {
        Tensor output = compute(input);
        for (ForwardHook hook : forwardHooks) hook.afterForward(this, input, output);
        return output;
    }

    /**
     * The computation of a single-input, single-output module. Modules with another signature do not
     * override it and expose their own methods instead.
     */
    protected Tensor compute(Tensor input) {
        throw new UnsupportedOperationException(kind() + " has no single-tensor forward; call its own methods instead");
    }

    /** Calls {@code hook} after every {@link #forward} of this module (not of its children). */
    public final HookHandle registerForwardHook(ForwardHook hook) {
        forwardHooks.add(hook);
        return () -> forwardHooks.remove(hook);
    }

    /**
     * Calls {@code hook} with the gradient of the loss with respect to this module's output, each time a
     * backward pass through an output produced by {@link #forward} computes it. Outputs computed without a
     * graph (under {@code noGrad}, or from constants only) have no gradient and are skipped. The hook only
     * observes; the gradient flows on unchanged.
     */
    public final HookHandle registerOutputGradientHook(OutputGradientHook hook) {
        return registerForwardHook((module, input, output) -> {
            if (!output.requiresGrad()) return;
            output.registerHook(g -> {
                hook.onOutputGradient(module, g);
                return null;
            });
        });
    }

    // ---------------------------------------------------------------- traversal

    /** The direct children, by name, in registration order. */
    public final Map<String, Module> namedChildren() {
        return Collections.unmodifiableMap(children);
    }

    public final List<Module> children() {
        return List.copyOf(children.values());
    }

    /** This module and all its descendants with their dotted paths ({@code ""} for this one), depth first. */
    public final Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        Map<Module, Boolean> seen = new IdentityHashMap<>();
        collectModules("", this, out, seen);
        return out;
    }

    private static void collectModules(String prefix, Module m, Map<String, Module> out, Map<Module, Boolean> seen) {
        if (seen.put(m, Boolean.TRUE) != null) return;
        out.put(prefix, m);
        for (Map.Entry<String, Module> e : m.children.entrySet()) {
            collectModules(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out, seen);
        }
    }

    /** This module and all its descendants, depth first (e.g. {@code modules().forEach(...)} to re-initialise layers). */
    public final List<Module> modules() {
        return List.copyOf(namedModules().values());
    }

    /**
     * Every parameter with its dotted name, as PyTorch's {@code named_parameters()}: modules depth first
     * (a module's own parameters before its children's), registration order within a module; a shared
     * parameter is listed once, under its first name.
     */
    public final Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Map<Tensor, Boolean> seen = new IdentityHashMap<>();
        for (Map.Entry<String, Module> m : namedModules().entrySet()) {
            for (Map.Entry<String, Tensor> p : m.getValue().parameters.entrySet()) {
                if (seen.put(p.getValue(), Boolean.TRUE) == null) out.put(join(m.getKey(), p.getKey()), p.getValue());
            }
        }
        return out;
    }

    /** The parameters in {@link #namedParameters()} order: what an optimizer is built from. */
    public final List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Every buffer with its dotted name. */
    public final Map<String, NDArray> namedBuffers() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, Module> m : namedModules().entrySet()) {
            for (Map.Entry<String, NDArray> b : m.getValue().buffers.entrySet()) out.put(join(m.getKey(), b.getKey()), b.getValue());
        }
        return out;
    }

    /** This module's own parameters (not its children's), by local name. */
    protected final Map<String, Tensor> localParameters() {
        return Collections.unmodifiableMap(parameters);
    }

    private static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    /** Total number of scalar parameters. */
    public final long parameterCount() {
        long n = 0;
        for (Tensor p : parameters()) n += p.size();
        return n;
    }

    // ---------------------------------------------------------------- modes and gradients

    /** Training mode for this module and all descendants (PyTorch's {@code train()}). */
    public final Module train() {
        return train(true);
    }

    public final Module train(boolean on) {
        for (Module m : namedModules().values()) m.training = on;
        return this;
    }

    /** Evaluation mode, as {@code eval()}: equivalent to {@code train(false)}. */
    public final Module eval() {
        return train(false);
    }

    public final boolean isTraining() {
        return training;
    }

    /** Drops the gradient of every parameter (PyTorch's {@code zero_grad(set_to_none=True)}). */
    public final void zeroGrad() {
        for (Tensor p : parameters()) p.zeroGrad();
    }

    /** Turns gradient tracking on or off for every parameter (freezing a feature extractor). */
    public final Module requiresGrad(boolean on) {
        for (Tensor p : parameters()) p.requiresGrad(on);
        return this;
    }

    // ---------------------------------------------------------------- state dict

    /**
     * A snapshot of the parameters and buffers by dotted name: copies, so later training does not change
     * it (unlike PyTorch, whose state dict aliases the live tensors).
     */
    public final Map<String, NDArray> stateDict() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> p : namedParameters().entrySet()) out.put(p.getKey(), p.getValue().data().copy());
        for (Map.Entry<String, NDArray> b : namedBuffers().entrySet()) out.put(b.getKey(), b.getValue().copy());
        return out;
    }

    /**
     * Copies {@code state} into the parameters and buffers, in place, so optimizers holding the parameters
     * keep working. Every entry is validated before anything is written: on error the module is unchanged.
     *
     * @param strict when true, a key of this module missing from {@code state} or a key of {@code state}
     *               unknown to this module is an error; when false they are reported in the result
     * @throws IllegalArgumentException on a shape mismatch (always), or on missing or unexpected keys when
     *                                  strict; the message lists every offending key
     */
    public final LoadResult loadStateDict(Map<String, NDArray> state, boolean strict) {
        Map<String, NDArray> targets = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> p : namedParameters().entrySet()) targets.put(p.getKey(), p.getValue().data());
        targets.putAll(namedBuffers());

        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>(new TreeSet<>(state.keySet()));
        unexpected.removeAll(targets.keySet());
        List<String> mismatched = new ArrayList<>();
        for (Map.Entry<String, NDArray> t : targets.entrySet()) {
            NDArray v = state.get(t.getKey());
            if (v == null) missing.add(t.getKey());
            else if (!v.sameShape(t.getValue())) {
                mismatched.add(t.getKey() + ": checkpoint has " + Shapes.str(v.shape()) + ", module has " + Shapes.str(t.getValue().shape()));
            }
        }
        StringBuilder err = new StringBuilder();
        if (!mismatched.isEmpty()) err.append("\n  shape mismatch: ").append(String.join("; ", mismatched));
        if (strict && !missing.isEmpty()) err.append("\n  missing keys: ").append(missing);
        if (strict && !unexpected.isEmpty()) err.append("\n  unexpected keys: ").append(unexpected);
        if (err.length() > 0) throw new IllegalArgumentException("loadStateDict into " + kind() + " failed:" + err);

        for (Map.Entry<String, NDArray> t : targets.entrySet()) {
            NDArray v = state.get(t.getKey());
            if (v != null) t.getValue().assign(v);
        }
        return new LoadResult(List.copyOf(missing), List.copyOf(unexpected));
    }

    /** Keys a non-strict {@link #loadStateDict} skipped (PyTorch's {@code _IncompatibleKeys}). */
    public record LoadResult(List<String> missingKeys, List<String> unexpectedKeys) {
        public boolean isComplete() {
            return missingKeys.isEmpty() && unexpectedKeys.isEmpty();
        }
    }

    // ---------------------------------------------------------------- deep copy

    /**
     * An independent copy with the same structure and values: fresh parameters (no gradients, same
     * {@code requiresGrad}), copied buffers, the same training flag, no hooks. Sharing inside the module is
     * preserved (a parameter or child reachable twice is copied once). This is the old policy of TRPO/PPO,
     * the target network of DQN, the local model of an A3C worker.
     *
     * <p>Subclasses need nothing special: fields of a subclass that refer to its registered parameters or
     * children (directly, in an array or in a {@link List}) are re-pointed at the copies. A field that holds
     * a module or a parameter that is <em>not</em> registered is an error, because the copy would silently
     * share it with the original; register it, or override this method.
     */
    public Module deepCopy() {
        return ModuleCopier.copy(this);
    }

    /** {@link #deepCopy()} with the static type of the argument. */
    @SuppressWarnings("unchecked")
    public static <M extends Module> M copyOf(M module) {
        return (M) module.getClass().cast(module.deepCopy());
    }

    /** A field-for-field clone sharing everything; {@link ModuleCopier} then replaces what must not be shared. */
    final Module shallowClone() {
        try {
            return (Module) super.clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e); // Module is Cloneable
        }
    }

    /** Installs copied registries on a {@link #shallowClone()}, without the original's hooks. */
    final void setRegistries(Map<String, Tensor> params, Map<String, NDArray> bufs, Map<String, Module> kids) {
        parameters = params;
        buffers = bufs;
        children = kids;
        forwardHooks = new CopyOnWriteArrayList<>();
    }

    final Map<String, NDArray> localBuffers() {
        return buffers;
    }

    // ---------------------------------------------------------------- printing

    /** The class name, for messages. */
    protected final String kind() {
        return getClass().getSimpleName();
    }

    /** Constructor arguments worth printing, e.g. {@code "in=4, out=64"} (PyTorch's {@code extra_repr}). */
    protected String extraRepr() {
        return "";
    }

    /** A PyTorch-style tree of the module and its children. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(kind()).append('(').append(extraRepr());
        if (!children.isEmpty()) {
            sb.append('\n');
            for (Map.Entry<String, Module> e : children.entrySet()) {
                String child = e.getValue().toString().replace("\n", "\n  ");
                sb.append("  (").append(e.getKey()).append("): ").append(child).append('\n');
            }
        }
        return sb.append(')').toString();
    }
}
