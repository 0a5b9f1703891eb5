package dev.ascent.autograd;

import dev.ascent.engine.Shapes;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The reverse-mode engine. The whole algorithm:
 * <ol>
 *   <li>sort the graph below the outputs topologically (inputs before the ops that use them);</li>
 *   <li>seed each output with its gradient and walk the order backwards: a node's gradient is complete
 *       once every op that used it has been visited, so apply its hooks, then its {@link BackwardRule}, and
 *       add the results into its inputs' gradients;</li>
 *   <li>at the leaves, accumulate into {@code .grad} ({@link #backward}) or hand the gradients back
 *       ({@link #grad}).</li>
 * </ol>
 * With {@code createGraph} the rules run with recording on, so the gradients are themselves graph
 * nodes and can be differentiated again (Hessian-vector products, TRPO's Fisher-vector products).
 * Without {@code retainGraph} each rule is released after use, freeing what it captured, and a second
 * backward through the same graph fails loudly.
 */
public final class Autograd {
    private Autograd() {}

    /** A scope in which ops record no graph: {@code try (var g = Autograd.noGrad()) { ... }}. */
    public static GradMode noGrad() {
        return new GradMode(false);
    }

    /** A scope in which recording is on again (inside a noGrad scope). */
    public static GradMode enableGrad() {
        return new GradMode(true);
    }

    /**
     * Gradients of {@code outputs} (weighted by {@code gradOutputs}; null entries mean ones, for scalar
     * outputs) with respect to {@code inputs}, like {@code torch.autograd.grad}. Leaves' {@code .grad} are
     * not touched.
     *
     * @param createGraph record the backward computation so the results can be differentiated again
     * @param retainGraph keep the graph for another backward (implied by createGraph in PyTorch; pass both)
     * @param allowUnused return null for an input the outputs do not depend on instead of failing
     */
    public static Tensor[] grad(Tensor[] outputs, Tensor[] inputs, Tensor[] gradOutputs,
                                boolean createGraph, boolean retainGraph, boolean allowUnused) {
        for (Tensor in : inputs) {
            if (!in.requiresGrad()) throw new IllegalArgumentException("grad: an input does not require grad (shape " + Shapes.str(in.shape()) + ")");
        }
        Map<Tensor, Tensor> captured = new IdentityHashMap<>();
        for (Tensor in : inputs) captured.put(in, null);
        run(outputs, gradOutputs, retainGraph, createGraph, captured);
        Tensor[] out = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            out[i] = captured.get(inputs[i]);
            if (out[i] == null && !allowUnused) {
                throw new IllegalArgumentException("grad: input " + i + " (shape " + Shapes.str(inputs[i].shape())
                        + ") was not used to compute the outputs; pass allowUnused=true if this is intended");
            }
        }
        return out;
    }

    /** Shorthand: gradient of one scalar with respect to {@code inputs}. */
    public static Tensor[] grad(Tensor output, Tensor[] inputs, boolean createGraph) {
        return grad(new Tensor[] {output}, inputs, null, createGraph, createGraph, false);
    }

    /** Backpropagates into the {@code .grad} of every leaf that requires it. */
    public static void backward(Tensor[] outputs, Tensor[] gradOutputs, boolean retainGraph, boolean createGraph) {
        run(outputs, gradOutputs, retainGraph, createGraph, null);
    }

    private static void run(Tensor[] outputs, Tensor[] gradOutputs, boolean retainGraph, boolean createGraph,
                            Map<Tensor, Tensor> captured) {
        if (gradOutputs != null && gradOutputs.length != outputs.length) {
            throw new IllegalArgumentException("backward: " + outputs.length + " outputs but " + gradOutputs.length + " gradients");
        }
        Map<Tensor, Tensor> grads = new IdentityHashMap<>();
        for (int i = 0; i < outputs.length; i++) {
            Tensor out = outputs[i];
            if (!out.requiresGrad()) {
                throw new IllegalStateException("backward: output " + i + " does not require grad and has no graph"
                        + " (was it computed under noGrad(), or from tensors that do not require grad?)");
            }
            Tensor g = gradOutputs == null ? null : gradOutputs[i];
            if (g == null) {
                if (out.size() != 1) {
                    throw new IllegalStateException("backward: a gradient can be implied only for scalar outputs; output " + i
                            + " has shape " + Shapes.str(out.shape()));
                }
                g = Tensor.ones(out.shape());
            } else if (!Arrays.equals(g.shape(), out.shape())) {
                throw new IllegalArgumentException("backward: gradient shape " + Shapes.str(g.shape())
                        + " does not match output shape " + Shapes.str(out.shape()));
            }
            grads.merge(out, g, Tensor::add);
        }

        List<Tensor> order = topologicalOrder(outputs);
        Set<Tensor> wanted = captured == null ? null : relevant(order, captured.keySet());
        try (GradMode mode = new GradMode(createGraph)) {
            for (int n = order.size() - 1; n >= 0; n--) {
                Tensor node = order.get(n);
                Tensor g = grads.remove(node);
                if (g == null) continue;
                if (node.hooks() != null) {
                    for (UnaryOperator<Tensor> hook : node.hooks()) {
                        Tensor replaced = hook.apply(g);
                        if (replaced != null) g = replaced;
                    }
                }
                if (captured != null && captured.containsKey(node)) captured.put(node, g);
                if (node.isLeaf()) {
                    if (captured == null) node.accumulateGrad(g, createGraph);
                    continue;
                }
                if (wanted != null && !wanted.contains(node)) continue;
                if (node.isReleased()) {
                    throw new IllegalStateException("backward: trying to backward through the graph a second time (op '" + node.op()
                            + "'): its saved values were released by the first backward. Pass retainGraph=true the first time"
                            + " if you need to backward twice.");
                }
                Tensor[] inputGrads = node.rule().apply(g, node);
                List<Tensor> inputs = node.inputs();
                for (int i = 0; i < inputs.size(); i++) {
                    Tensor in = inputs.get(i);
                    Tensor gi = i < inputGrads.length ? inputGrads[i] : null;
                    if (gi == null || !in.requiresGrad()) continue;
                    if (!Arrays.equals(gi.shape(), in.shape())) {
                        throw new IllegalStateException("backward rule of '" + node.op() + "' returned a gradient of shape "
                                + Shapes.str(gi.shape()) + " for input " + i + " of shape " + Shapes.str(in.shape()));
                    }
                    grads.merge(in, gi, Tensor::add);
                }
                if (!retainGraph) node.release();
            }
        }
    }

    /** Post-order depth-first walk (iterative, so long graphs cannot overflow the stack). */
    static List<Tensor> topologicalOrder(Tensor[] roots) {
        List<Tensor> order = new ArrayList<>();
        // Sized for a typical update's graph (a few hundred nodes), so that it is not rehashed several times per backward.
        Map<Tensor, Boolean> visited = new IdentityHashMap<>(256);
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        for (Tensor root : roots) {
            if (visited.containsKey(root)) continue;
            visited.put(root, Boolean.TRUE);
            stack.push(new Object[] {root, 0});
            while (!stack.isEmpty()) {
                Object[] frame = stack.peek();
                Tensor t = (Tensor) frame[0];
                int next = (Integer) frame[1];
                List<Tensor> in = t.inputs();
                if (next < in.size()) {
                    frame[1] = next + 1;
                    Tensor child = in.get(next);
                    if (child.requiresGrad() && !visited.containsKey(child)) {
                        visited.put(child, Boolean.TRUE);
                        stack.push(new Object[] {child, 0});
                    }
                } else {
                    stack.pop();
                    order.add(t);
                }
            }
        }
        return order;
    }

    /** The nodes from which some target can be reached: only their rules need to run for {@link #grad}. */
    private static Set<Tensor> relevant(List<Tensor> order, Set<Tensor> targets) {
        Set<Tensor> leads = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Tensor t : order) { // inputs come first in this order
            boolean hit = targets.contains(t);
            for (Tensor in : t.inputs()) if (leads.contains(in)) hit = true;
            if (hit) leads.add(t);
        }
        return leads;
    }
}
