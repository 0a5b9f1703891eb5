package dev.ascent.optim;

import dev.ascent.autograd.Tensor;
import dev.ascent.engine.NDArray;
import dev.ascent.engine.Shapes;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The common machinery of the optimizers: parameter groups, the step loop, and the state dict. A
 * subclass implements the update of one parameter ({@link #update}) and the encoding of its per-parameter
 * state ({@link #parameterState}, {@link #prepareLoad}).
 *
 * <p>Parameters are updated in place on their data (no graph is recorded); parameters whose gradient is
 * null are skipped, as in PyTorch.
 *
 * <h2>Threads (A3C)</h2>
 * An optimizer keeps no global state. {@link #step()}, {@link #step(List)}, {@link #stateDict()} and
 * {@link #loadStateDict} are {@code synchronized} on the optimizer, so workers sharing one optimizer over
 * shared parameters may call {@link #step(List)} concurrently with their own locally computed gradients
 * (nothing is written to the shared parameters' {@code .grad}); a worker that copies the shared parameters
 * into its local model and wants a consistent snapshot synchronizes on the optimizer while copying.
 *
 * <h2>State dict</h2>
 * {@link #stateDict()} returns named arrays that go into the same safetensors checkpoint as the model:
 * {@code state.<i>.<name>} for parameter {@code i} (its index over all groups, in order; PyTorch's state
 * names such as {@code exp_avg}, {@code step}), {@code param_groups.<g>.<setting>} for each hyperparameter
 * and {@code param_groups.<g>.params} with the group's parameter indices. Scalars are 0-d float32 arrays.
 *
 * @param <H> the hyperparameter record of this optimizer
 */
public abstract class Optimizer<H extends Hyperparameters<H>> {
    private final List<ParamGroup<H>> groups;
    private final Tensor[] params;
    private final int[] groupOf;

    protected Optimizer(List<ParamGroup<H>> groups) {
        if (groups.isEmpty()) throw new IllegalArgumentException(kind() + ": optimizer got an empty list of parameter groups");
        this.groups = List.copyOf(groups);
        List<Tensor> all = new ArrayList<>();
        List<Integer> owner = new ArrayList<>();
        Map<Tensor, Integer> seen = new IdentityHashMap<>();
        for (int g = 0; g < groups.size(); g++) {
            ParamGroup<H> group = groups.get(g);
            for (Tensor p : group.params()) {
                if (!p.isLeaf()) throw new IllegalArgumentException(kind() + ": can't optimize a non-leaf tensor (made by op '" + p.op() + "')");
                Integer before = seen.put(p, g);
                if (before != null) {
                    throw new IllegalArgumentException(kind() + ": a parameter appears more than once (groups " + before + " and " + g
                            + (p.name() != null ? ", '" + p.name() + "'" : "") + ")");
                }
                all.add(p);
                owner.add(g);
            }
        }
        if (all.isEmpty()) throw new IllegalArgumentException(kind() + ": optimizer got an empty parameter list");
        this.params = all.toArray(new Tensor[0]);
        this.groupOf = owner.stream().mapToInt(Integer::intValue).toArray();
    }

    /** One group holding every parameter. */
    protected static <H extends Hyperparameters<H>> List<ParamGroup<H>> single(List<Tensor> params, H h) {
        return List.of(ParamGroup.of(params, h));
    }

    // ---------------------------------------------------------------- subclass contract

    /**
     * Updates parameter {@code index} in place from its gradient.
     *
     * @param param the parameter's data (row-major, written in place)
     * @param grad  its gradient (read only: weight decay and the like must not modify it)
     */
    protected abstract void update(int index, float[] param, float[] grad, H h);

    /** The state of parameter {@code index} by PyTorch name (copies), or an empty map before its first step. */
    protected abstract Map<String, NDArray> parameterState(int index);

    /**
     * Validates the saved state of parameter {@code index} (an empty map means "no state yet") and returns the
     * action that installs it. Nothing may be changed before the returned action runs: the base class first
     * validates every parameter, then commits, so a failed load leaves the optimizer as it was.
     */
    protected abstract Runnable prepareLoad(int index, Map<String, NDArray> saved, int[] shape, H h);

    // ---------------------------------------------------------------- stepping

    /** Applies one update to every parameter that has a gradient. */
    public final synchronized void step() {
        for (int i = 0; i < params.length; i++) {
            Tensor g = params[i].grad();
            if (g == null) continue;
            update(i, params[i].data().data(), g.data().data(), groups.get(groupOf[i]).hyperparameters());
        }
    }

    /**
     * Applies one update using {@code gradients} instead of the parameters' {@code .grad}, one per parameter
     * in {@link #parameters()} order (null to skip a parameter). This is how A3C workers apply gradients
     * computed on their local copies to the shared parameters.
     */
    public final synchronized void step(List<NDArray> gradients) {
        if (gradients.size() != params.length) {
            throw new IllegalArgumentException(kind() + ".step: " + gradients.size() + " gradients for " + params.length + " parameters");
        }
        for (int i = 0; i < params.length; i++) {
            NDArray g = gradients.get(i);
            if (g != null && !g.sameShape(params[i].data())) {
                throw new IllegalArgumentException(kind() + ".step: gradient " + i + " has shape " + Shapes.str(g.shape())
                        + ", parameter has " + Shapes.str(params[i].shape()));
            }
        }
        for (int i = 0; i < params.length; i++) {
            NDArray g = gradients.get(i);
            if (g != null) update(i, params[i].data().data(), g.data(), groups.get(groupOf[i]).hyperparameters());
        }
    }

    /**
     * Applies one update using the {@code .grad} of {@code sources} (the parameters of a local copy of the
     * model, in {@link #parameters()} order) for the corresponding parameters: an A3C worker's
     * {@code shared.stepFrom(local.parameters())}. Sources without a gradient are skipped.
     */
    public final void stepFrom(List<Tensor> sources) {
        List<NDArray> grads = new ArrayList<>(sources.size());
        for (Tensor t : sources) grads.add(t.grad() == null ? null : t.grad().data());
        step(grads);
    }

    /** Drops the gradient of every parameter (PyTorch's {@code zero_grad(set_to_none=True)}). */
    public final void zeroGrad() {
        for (Tensor p : params) p.zeroGrad();
    }

    // ---------------------------------------------------------------- groups and learning rate

    public final List<ParamGroup<H>> paramGroups() {
        return groups;
    }

    /** Every parameter, over all groups, in the order of the state dict's indices. */
    public final List<Tensor> parameters() {
        return List.of(params);
    }

    /** Sets the learning rate of every group (annealing; see {@link LinearSchedule}). */
    public final void setLearningRate(double lr) {
        for (ParamGroup<H> g : groups) g.setLearningRate(lr);
    }

    /** The learning rate of the first group. */
    public final double learningRate() {
        return groups.get(0).learningRate();
    }

    // ---------------------------------------------------------------- state dict

    /** The optimizer state as named arrays (see the class comment for the names). */
    public final synchronized Map<String, NDArray> stateDict() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i++) {
            for (Map.Entry<String, NDArray> e : parameterState(i).entrySet()) out.put("state." + i + "." + e.getKey(), e.getValue());
        }
        for (int g = 0; g < groups.size(); g++) {
            for (Map.Entry<String, Double> e : groups.get(g).hyperparameters().values().entrySet()) {
                out.put("param_groups." + g + "." + e.getKey(), NDArray.scalar(e.getValue().floatValue()));
            }
            out.put("param_groups." + g + ".params", NDArray.wrap(groupIndices(g), groupSize(g)));
        }
        return out;
    }

    /**
     * Restores a state saved by {@link #stateDict()} from an optimizer of the same kind over parameters of the
     * same shapes, grouped the same way. Every key must be understood and every group setting present.
     * Hyperparameters are stored as float32: a saved value equal to the current setting at float32
     * precision keeps the current (double) setting, so resuming with the same configuration is exact.
     *
     * @throws IllegalArgumentException naming the offending key if anything does not match; the optimizer is
     *                                  then unchanged
     */
    public final synchronized void loadStateDict(Map<String, NDArray> state) {
        Map<Integer, Map<String, NDArray>> perParam = new TreeMap<>();
        Map<Integer, Map<String, NDArray>> perGroup = new TreeMap<>();
        for (Map.Entry<String, NDArray> e : state.entrySet()) {
            String key = e.getKey();
            String[] parts = key.split("\\.", 3);
            if (parts.length != 3 || !(parts[0].equals("state") || parts[0].equals("param_groups"))) {
                throw new IllegalArgumentException(kind() + ".loadStateDict: unexpected key '" + key + "' (expected state.<i>.<name> or param_groups.<g>.<name>)");
            }
            int idx = index(key, parts[1], parts[0].equals("state") ? params.length : groups.size());
            (parts[0].equals("state") ? perParam : perGroup).computeIfAbsent(idx, k -> new LinkedHashMap<>()).put(parts[2], e.getValue());
        }
        List<Runnable> commits = new ArrayList<>();
        List<H> restored = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            Map<String, NDArray> saved = perGroup.getOrDefault(g, Map.of());
            NDArray idx = saved.get("params");
            if (idx == null) throw new IllegalArgumentException(kind() + ".loadStateDict: missing key 'param_groups." + g + ".params'");
            if (!java.util.Arrays.equals(idx.data(), groupIndices(g)) || idx.rank() != 1) {
                throw new IllegalArgumentException(kind() + ".loadStateDict: 'param_groups." + g + ".params' lists parameters "
                        + java.util.Arrays.toString(idx.data()) + ", this optimizer's group " + g + " has " + java.util.Arrays.toString(groupIndices(g)));
            }
            restored.add(restoreHyperparameters(g, saved));
        }
        for (int i = 0; i < params.length; i++) {
            try {
                commits.add(prepareLoad(i, perParam.getOrDefault(i, Map.of()), params[i].shape(), restored.get(groupOf[i])));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(kind() + ".loadStateDict: state." + i + ": " + e.getMessage(), e);
            }
        }
        for (Runnable c : commits) c.run();
        for (int g = 0; g < groups.size(); g++) groups.get(g).setHyperparameters(restored.get(g));
    }

    private H restoreHyperparameters(int g, Map<String, NDArray> saved) {
        H current = groups.get(g).hyperparameters();
        Map<String, Double> updates = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : current.values().entrySet()) {
            NDArray v = saved.get(e.getKey());
            String key = "param_groups." + g + "." + e.getKey();
            if (v == null) throw new IllegalArgumentException(kind() + ".loadStateDict: missing key '" + key + "'");
            if (v.size() != 1) throw new IllegalArgumentException(kind() + ".loadStateDict: '" + key + "' must be a scalar, got shape " + Shapes.str(v.shape()));
            float f = v.data()[0];
            if (Float.compare(f, e.getValue().floatValue()) != 0) updates.put(e.getKey(), (double) f);
        }
        for (String name : saved.keySet()) {
            if (!name.equals("params") && !current.values().containsKey(name)) {
                throw new IllegalArgumentException(kind() + ".loadStateDict: unexpected key 'param_groups." + g + "." + name + "'");
            }
        }
        try {
            return updates.isEmpty() ? current : current.withValues(updates); // the record validates itself
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(kind() + ".loadStateDict: param_groups." + g + ": " + e.getMessage(), e);
        }
    }

    private int index(String key, String s, int bound) {
        int i;
        try {
            i = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(kind() + ".loadStateDict: key '" + key + "' has a non-numeric index '" + s + "'");
        }
        if (i < 0 || i >= bound || !Integer.toString(i).equals(s)) {
            throw new IllegalArgumentException(kind() + ".loadStateDict: key '" + key + "' has index " + s + " outside [0, " + bound + ")");
        }
        return i;
    }

    private int groupSize(int g) {
        return groups.get(g).params().size();
    }

    private float[] groupIndices(int g) {
        float[] idx = new float[groupSize(g)];
        int k = 0;
        for (int i = 0; i < params.length; i++) if (groupOf[i] == g) idx[k++] = i;
        return idx;
    }

    // ---------------------------------------------------------------- helpers for subclasses

    /** A 0-d array holding a step count (exact up to 2^24; beyond, bias corrections are 1 to float precision anyway). */
    protected static NDArray stepArray(long step) {
        return NDArray.scalar((float) step);
    }

    /** Reads a saved step count, which must be a non-negative whole number. */
    protected static long readStep(Map<String, NDArray> saved) {
        NDArray s = require(saved, "step", new int[0]);
        float v = s.data()[0];
        if (!(v >= 0) || v != Math.rint(v) || Float.isInfinite(v)) throw new IllegalArgumentException("step must be a non-negative whole number, got " + v);
        return (long) v;
    }

    /** The saved array {@code name}, which must exist and have {@code shape}; returns a private copy of its values. */
    protected static NDArray require(Map<String, NDArray> saved, String name, int[] shape) {
        NDArray a = saved.get(name);
        if (a == null) throw new IllegalArgumentException("missing '" + name + "'");
        if (!a.hasShape(shape) && !(shape.length == 0 && a.size() == 1)) {
            throw new IllegalArgumentException("'" + name + "' has shape " + Shapes.str(a.shape()) + ", expected " + Shapes.str(shape));
        }
        return a.copy();
    }

    /** Fails on a saved entry this optimizer does not know. */
    protected static void onlyKnown(Map<String, NDArray> saved, String... known) {
        for (String k : saved.keySet()) {
            if (!java.util.Arrays.asList(known).contains(k)) {
                throw new IllegalArgumentException("unexpected entry '" + k + "' (expected " + java.util.Arrays.toString(known) + ")");
            }
        }
    }

    protected final String kind() {
        return getClass().getSimpleName();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(kind()).append(" (");
        for (int g = 0; g < groups.size(); g++) {
            sb.append("\n  group ").append(g).append(": ").append(groupSize(g)).append(" params, ").append(groups.get(g).hyperparameters());
        }
        return sb.append("\n)").toString();
    }
}
