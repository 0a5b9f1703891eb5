package dev.ascent.engine.ops;

import dev.ascent.engine.NDArray;
import dev.ascent.engine.Workspace;
import dev.ascent.engine.Shapes;

/**
 * Reductions over one or more axes, with or without kept size-1 dims. Every reduction is expressed
 * on a view {@code (outer, n, inner)} of the input: a contiguous block of reduced axes becomes one axis
 * of length n; non-adjacent axes are reduced one block at a time. Row sums ({@code inner == 1})
 * accumulate in double, which is both more accurate than a float loop and deterministic.
 */
public final class Reductions {
    private Reductions() {}

    private enum Kind { SUM, MAX, MIN }

    public static NDArray sum(NDArray a, boolean keepDim, int... axes) {
        return reduce(Kind.SUM, "sum", a, keepDim, axes);
    }

    public static NDArray max(NDArray a, boolean keepDim, int... axes) {
        requireNonEmpty("max", a);
        return reduce(Kind.MAX, "max", a, keepDim, axes);
    }

    public static NDArray min(NDArray a, boolean keepDim, int... axes) {
        requireNonEmpty("min", a);
        return reduce(Kind.MIN, "min", a, keepDim, axes);
    }

    public static NDArray mean(NDArray a, boolean keepDim, int... axes) {
        int count = count(a, "mean", axes);
        NDArray s = sum(a, keepDim, axes);
        return s.mul(1f / count);
    }

    /** Number of elements folded into each output of a reduction over {@code axes}. */
    public static int count(NDArray a, String op, int... axes) {
        int[] shape = a.shape();
        int n = 1;
        for (int ax : Shapes.axes(op, axes, shape.length)) n *= shape[ax];
        return n;
    }

    public static NDArray var(NDArray a, int correction, boolean keepDim, int... axes) {
        int n = count(a, "var", axes);
        NDArray centered = a.sub(mean(a, true, axes));
        NDArray ss = sum(centered.mul(centered), keepDim, axes);
        return ss.mul(1f / Math.max(0, n - correction)); // n <= correction gives inf/NaN, as in PyTorch
    }

    private static void requireNonEmpty(String op, NDArray a) {
        if (a.size() == 0) throw new IllegalArgumentException(op + ": cannot reduce an empty tensor of shape " + Shapes.str(a.shape()));
    }

    private static NDArray reduce(Kind kind, String op, NDArray a, boolean keepDim, int... axesIn) {
        int[] shape = a.shape();
        int[] axes = Shapes.axes(op, axesIn, shape.length);
        int[] outShape = Shapes.reduced(shape, axes, keepDim);
        if (axes.length == 0) return NDArray.output(a.data().clone(), outShape);
        if (isContiguousRun(axes)) {
            return NDArray.output(reduceBlock(kind, a.data(), shape, axes[0], axes[axes.length - 1]), outShape);
        }
        // Non-adjacent axes: reduce each maximal run from the last to the first, keeping dims.
        NDArray cur = a;
        int end = axes.length - 1;
        while (end >= 0) {
            int start = end;
            while (start > 0 && axes[start - 1] == axes[start] - 1) start--;
            int[] s = cur.shape();
            float[] r = reduceBlock(kind, cur.data(), s, axes[start], axes[end]);
            int[] kept = s.clone();
            for (int i = axes[start]; i <= axes[end]; i++) kept[i] = 1;
            cur = NDArray.output(r, kept);
            end = start - 1;
        }
        return cur.reshape(outShape);
    }

    private static boolean isContiguousRun(int[] axes) {
        for (int i = 1; i < axes.length; i++) if (axes[i] != axes[i - 1] + 1) return false;
        return true;
    }

    /** Reduces axes {@code first..last} (inclusive) of a contiguous array. */
    private static float[] reduceBlock(Kind kind, float[] x, int[] shape, int first, int last) {
        int outer = 1, n = 1, inner = 1;
        for (int i = 0; i < first; i++) outer *= shape[i];
        for (int i = first; i <= last; i++) n *= shape[i];
        for (int i = last + 1; i < shape.length; i++) inner *= shape[i];
        float[] out = Workspace.floats(outer * inner);
        if (n == 0) { // an empty axis sums to 0 (max/min of nothing was rejected earlier)
            java.util.Arrays.fill(out, 0f);
            return out;
        }
        if (inner == 1) {
            for (int o = 0; o < outer; o++) out[o] = reduceRow(kind, x, o * n, n);
            return out;
        }
        if (kind == Kind.SUM && FastMath.AVAILABLE) {
            for (int o = 0; o < outer; o++) FastMath.columnSums(x, o * n * inner, n, inner, out, o * inner);
            return out;
        }
        for (int o = 0; o < outer; o++) {
            int ob = o * inner;
            System.arraycopy(x, o * n * inner, out, ob, inner);
            for (int r = 1; r < n; r++) {
                int xb = (o * n + r) * inner;
                switch (kind) {
                    case SUM: FastMath.addInto(out, ob, x, xb, inner); break;
                    case MAX: for (int i = 0; i < inner; i++) out[ob + i] = BinaryOp.MAXIMUM.apply(out[ob + i], x[xb + i]); break;
                    case MIN: for (int i = 0; i < inner; i++) out[ob + i] = BinaryOp.MINIMUM.apply(out[ob + i], x[xb + i]); break;
                    default: throw new AssertionError(kind);
                }
            }
        }
        return out;
    }

    private static float reduceRow(Kind kind, float[] x, int off, int n) {
        switch (kind) {
            case SUM: {
                double s = 0;
                for (int i = 0; i < n; i++) s += x[off + i];
                return (float) s;
            }
            case MAX: {
                float m = x[off];
                for (int i = 1; i < n; i++) m = BinaryOp.MAXIMUM.apply(m, x[off + i]);
                return m;
            }
            case MIN: {
                float m = x[off];
                for (int i = 1; i < n; i++) m = BinaryOp.MINIMUM.apply(m, x[off + i]);
                return m;
            }
            default: throw new AssertionError(kind);
        }
    }

    /**
     * Sums the dimensions along which {@code target} was broadcast to reach {@code a}'s shape: the adjoint
     * of broadcasting, used by every binary op's backward.
     */
    public static NDArray sumTo(NDArray a, int... target) {
        int[] s = a.shape();
        if (java.util.Arrays.equals(s, target)) return a;
        int[] check = Shapes.broadcast("sumTo", s, target);
        if (!java.util.Arrays.equals(check, s)) {
            throw new IllegalArgumentException("sumTo: shape " + Shapes.str(target) + " does not broadcast to " + Shapes.str(s));
        }
        int lead = s.length - target.length;
        int count = 0;
        int[] axes = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            if (i < lead || (target[i - lead] == 1 && s[i] != 1)) axes[count++] = i;
        }
        NDArray r = count == 0 ? a : reduce(Kind.SUM, "sumTo", a, true, java.util.Arrays.copyOf(axes, count));
        return r.reshape(target);
    }

    // ---------------------------------------------------------------- softmax family (one axis)

    private static int[] split(int[] shape, int axis) {
        int outer = 1, inner = 1;
        for (int i = 0; i < axis; i++) outer *= shape[i];
        for (int i = axis + 1; i < shape.length; i++) inner *= shape[i];
        return new int[] {outer, shape[axis], inner};
    }

    /** log(sum(exp(x))) along {@code axis}, shifted by the max so that ±1000 stays finite. */
    public static NDArray logsumexp(NDArray a, int axis, boolean keepDim) {
        int[] shape = a.shape();
        int ax = Shapes.axis("logsumexp", axis, shape.length);
        int[] d = split(shape, ax);
        int outer = d[0], n = d[1], inner = d[2];
        float[] x = a.data();
        float[] out = Workspace.floats(outer * inner);
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * n * inner + i;
                float m = Float.NEGATIVE_INFINITY;
                for (int r = 0; r < n; r++) m = Math.max(m, x[base + r * inner]);
                if (Float.isInfinite(m)) { // all -inf gives -inf, any +inf gives +inf, as torch.logsumexp
                    out[o * inner + i] = m;
                    continue;
                }
                double s = 0;
                for (int r = 0; r < n; r++) s += Math.exp(x[base + r * inner] - m);
                out[o * inner + i] = (float) (m + Math.log(s));
            }
        }
        return NDArray.output(out, Shapes.reduced(shape, new int[] {ax}, keepDim));
    }

    public static NDArray softmax(NDArray a, int axis) {
        return softmaxImpl(a, axis, false);
    }

    public static NDArray logSoftmax(NDArray a, int axis) {
        return softmaxImpl(a, axis, true);
    }

    private static NDArray softmaxImpl(NDArray a, int axis, boolean log) {
        int[] shape = a.shape();
        int ax = Shapes.axis(log ? "log_softmax" : "softmax", axis, shape.length);
        int[] d = split(shape, ax);
        int outer = d[0], n = d[1], inner = d[2];
        float[] x = a.data();
        float[] out = Workspace.floats(x.length);
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * n * inner + i;
                float m = Float.NEGATIVE_INFINITY;
                for (int r = 0; r < n; r++) m = Math.max(m, x[base + r * inner]);
                double s = 0;
                for (int r = 0; r < n; r++) s += Math.exp(x[base + r * inner] - m);
                if (log) {
                    // x - logsumexp(x), computed as PyTorch does: (x - m) - log(sum)
                    float lse = (float) Math.log(s);
                    for (int r = 0; r < n; r++) out[base + r * inner] = (x[base + r * inner] - m) - lse;
                } else {
                    double inv = 1.0 / s;
                    for (int r = 0; r < n; r++) out[base + r * inner] = (float) (Math.exp(x[base + r * inner] - m) * inv);
                }
            }
        }
        return NDArray.output(out, shape);
    }

    /**
     * The backward of log_softmax in one pass: {@code g - exp(y) * sum(g)} along {@code axis}, y being
     * log_softmax's output.
     */
    public static NDArray logSoftmaxBackward(NDArray g, NDArray y, int axis) {
        return softmaxBackwardImpl(g, y, axis, true);
    }

    /** The backward of softmax in one pass: {@code y * (g - sum(g * y))} along {@code axis}, y being softmax's output. */
    public static NDArray softmaxBackward(NDArray g, NDArray y, int axis) {
        return softmaxBackwardImpl(g, y, axis, false);
    }

    private static NDArray softmaxBackwardImpl(NDArray g, NDArray y, int axis, boolean log) {
        int[] shape = g.shape();
        if (!g.sameShape(y)) {
            throw new IllegalArgumentException((log ? "log_softmax" : "softmax") + "_backward: shapes " + Shapes.str(shape)
                    + " and " + Shapes.str(y.shape()) + " differ");
        }
        int ax = Shapes.axis(log ? "log_softmax_backward" : "softmax_backward", axis, shape.length);
        int[] d = split(shape, ax);
        int outer = d[0], n = d[1], inner = d[2];
        float[] gd = g.data(), yd = y.data();
        float[] out = Workspace.floats(gd.length);
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * n * inner + i;
                double s = 0;
                for (int r = 0; r < n; r++) {
                    int at = base + r * inner;
                    s += log ? gd[at] : (double) gd[at] * yd[at];
                }
                float sf = (float) s;
                for (int r = 0; r < n; r++) {
                    int at = base + r * inner;
                    out[at] = log ? gd[at] - (float) Math.exp(yd[at]) * sf : yd[at] * (gd[at] - sf);
                }
            }
        }
        return NDArray.output(out, shape);
    }

    /** Index of the first maximum along {@code axis}, as a float. */
    public static NDArray argmax(NDArray a, int axis, boolean keepDim) {
        int[] shape = a.shape();
        int ax = Shapes.axis("argmax", axis, shape.length);
        requireNonEmpty("argmax", a);
        int[] d = split(shape, ax);
        int outer = d[0], n = d[1], inner = d[2];
        float[] x = a.data();
        float[] out = Workspace.floats(outer * inner);
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * n * inner + i;
                int best = 0;
                float m = x[base];
                for (int r = 1; r < n && m == m; r++) {
                    float v = x[base + r * inner];
                    if (v > m || v != v) {
                        m = v;
                        best = r;
                    }
                }
                out[o * inner + i] = best;
            }
        }
        return NDArray.output(out, Shapes.reduced(shape, new int[] {ax}, keepDim));
    }
}
