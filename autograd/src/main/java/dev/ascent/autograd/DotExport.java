package dev.ascent.autograd;

import dev.ascent.engine.Shapes;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Writes a tensor's graph as Graphviz DOT: ops as boxes, leaves as ellipses, edges from inputs to outputs. */
final class DotExport {
    private DotExport() {}

    static String toDot(Tensor root) {
        StringBuilder sb = new StringBuilder("digraph autograd {\n  rankdir=BT;\n  node [fontname=\"Helvetica\"];\n");
        Map<Tensor, String> ids = new IdentityHashMap<>();
        List<Tensor> order = Autograd.topologicalOrder(new Tensor[] {root});
        if (order.isEmpty() || !root.requiresGrad()) order = List.of(root);
        for (Tensor t : order) {
            String id = "n" + ids.size();
            ids.put(t, id);
            String shape = Shapes.str(t.shape());
            if (t.isLeaf()) {
                String label = (t.name() != null ? t.name() + "\\n" : "") + shape + (t.requiresGrad() ? "\\nrequires_grad" : "");
                sb.append("  ").append(id).append(" [shape=ellipse, label=\"").append(label).append("\"];\n");
            } else {
                sb.append("  ").append(id).append(" [shape=box, label=\"").append(t.op()).append("\\n").append(shape).append("\"];\n");
            }
        }
        for (Tensor t : order) {
            for (Tensor in : t.inputs()) {
                String from = ids.get(in);
                if (from == null) { // a constant input: draw it too, so the picture is complete
                    from = "n" + ids.size();
                    ids.put(in, from);
                    sb.append("  ").append(from).append(" [shape=ellipse, style=dashed, label=\"const\\n").append(Shapes.str(in.shape())).append("\"];\n");
                }
                sb.append("  ").append(from).append(" -> ").append(ids.get(t)).append(";\n");
            }
        }
        return sb.append("}\n").toString();
    }
}
