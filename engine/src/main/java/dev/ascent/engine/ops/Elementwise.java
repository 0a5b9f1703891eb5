package dev.ascent.engine.ops;

import dev.ascent.engine.NDArray;
import dev.ascent.engine.Workspace;
import dev.ascent.engine.Shapes;

/**
 * Elementwise kernels with NumPy broadcasting. Broadcasting is reduced to runs along the last
 * output axis in which each operand is either contiguous (stride 1) or constant (stride 0), so one
 * small loop per op and stride pattern serves every shape, and the same-shape case is a plain
 * zero-offset loop that C2 vectorises.
 */
public final class Elementwise {
    private Elementwise() {}

    public static NDArray unary(UnaryOp op, NDArray a) {
        float[] x = a.data();
        float[] o = Workspace.floats(x.length);
        unaryInto(op, x, o);
        return NDArray.output(o, a.shape());
    }

    /** Applies {@code op} to every element of {@code x}, writing {@code o} (which may be {@code x}). */
    public static void unaryInto(UnaryOp op, float[] x, float[] o) {
        int n = x.length;
        if (FastMath.AVAILABLE && FastMath.supports(op)) {
            FastMath.apply(op, x, o, n);
            return;
        }
        switch (op) {
            case NEG: for (int i = 0; i < n; i++) o[i] = -x[i]; break;
            case ABS: for (int i = 0; i < n; i++) o[i] = Math.abs(x[i]); break;
            case SQUARE: for (int i = 0; i < n; i++) o[i] = x[i] * x[i]; break;
            case SQRT: for (int i = 0; i < n; i++) o[i] = (float) Math.sqrt(x[i]); break;
            case RELU: for (int i = 0; i < n; i++) o[i] = UnaryOp.RELU.apply(x[i]); break;
            case EXP: for (int i = 0; i < n; i++) o[i] = (float) Math.exp(x[i]); break;
            case LOG: for (int i = 0; i < n; i++) o[i] = (float) Math.log(x[i]); break;
            case TANH: for (int i = 0; i < n; i++) o[i] = UnaryOp.tanh(x[i]); break;
            case SIGMOID: for (int i = 0; i < n; i++) o[i] = UnaryOp.sigmoid(x[i]); break;
            case RECIPROCAL: for (int i = 0; i < n; i++) o[i] = 1f / x[i]; break;
            default: for (int i = 0; i < n; i++) o[i] = op.apply(x[i]);
        }
    }

    /** s * x + t, one pass (scalar add, sub and mul). */
    public static NDArray affine(NDArray a, float s, float t) {
        float[] x = a.data();
        float[] o = Workspace.floats(x.length);
        if (t == 0f) for (int i = 0; i < o.length; i++) o[i] = s * x[i];
        else if (s == 1f) for (int i = 0; i < o.length; i++) o[i] = x[i] + t;
        else for (int i = 0; i < o.length; i++) o[i] = s * x[i] + t;
        return NDArray.output(o, a.shape());
    }

    /** x^p for a scalar exponent, with exact fast paths for the common small powers. */
    public static NDArray pow(NDArray a, float p) {
        float[] x = a.data();
        float[] o = Workspace.floats(x.length);
        if (p == 2f) for (int i = 0; i < o.length; i++) o[i] = x[i] * x[i];
        else if (p == 1f) System.arraycopy(x, 0, o, 0, o.length);
        else if (p == 0.5f) for (int i = 0; i < o.length; i++) o[i] = (float) Math.sqrt(x[i]);
        else if (p == -1f) for (int i = 0; i < o.length; i++) o[i] = 1f / x[i];
        else for (int i = 0; i < o.length; i++) o[i] = (float) Math.pow(x[i], p);
        return NDArray.output(o, a.shape());
    }

    public static NDArray clamp(NDArray a, float min, float max) {
        if (min > max) throw new IllegalArgumentException("clamp: min " + min + " is greater than max " + max);
        float[] x = a.data();
        float[] o = Workspace.floats(x.length);
        for (int i = 0; i < o.length; i++) {
            float v = x[i];
            o[i] = v < min ? min : (v > max ? max : v); // NaN passes through, as in torch.clamp
        }
        return NDArray.output(o, a.shape());
    }

    public static NDArray insideMask(NDArray a, float min, float max) {
        float[] x = a.data();
        float[] o = Workspace.floats(x.length);
        for (int i = 0; i < o.length; i++) o[i] = (x[i] >= min && x[i] <= max) ? 1f : 0f;
        return NDArray.output(o, a.shape());
    }

    public static NDArray binary(BinaryOp op, NDArray a, NDArray b) {
        int[] as = a.shape(), bs = b.shape();
        float[] x = a.data(), y = b.data();
        if (java.util.Arrays.equals(as, bs)) {
            float[] o = Workspace.floats(x.length);
            run(op, x, 0, 1, y, 0, 1, o, 0, o.length);
            return NDArray.output(o, as);
        }
        int[] out = Shapes.broadcast(op.opName(), as, bs);
        float[] o = Workspace.floats(Shapes.size(out));
        if (y.length == 1 && as.length >= bs.length) {
            run(op, x, 0, 1, y, 0, 0, o, 0, o.length);
        } else if (x.length == 1 && bs.length >= as.length) {
            run(op, x, 0, 0, y, 0, 1, o, 0, o.length);
        } else {
            broadcastRuns(op, x, as, y, bs, o, out);
        }
        return NDArray.output(o, out);
    }

    /**
     * Walks the output one last-axis run at a time, tracking each operand's offset with its broadcast strides.
     * Adjacent axes that both operands walk the same way (each contiguous across them, or each broadcast along
     * both) are merged first, so a bias add {@code [N, C, H, W] + [1, C, 1, 1]} runs over H·W floats per step
     * instead of W (7 floats for the Atari CNN's last conv: the per-run bookkeeping cost more than the adds).
     */
    private static void broadcastRuns(BinaryOp op, float[] x, int[] as, float[] y, int[] bs, float[] o, int[] shape) {
        if (shape.length == 0) {
            o[0] = op.apply(x[0], y[0]);
            return;
        }
        int[] fullX = Shapes.broadcastStrides(as, shape), fullY = Shapes.broadcastStrides(bs, shape);
        int[] out = new int[shape.length], sx = new int[shape.length], sy = new int[shape.length];
        int rank = 0;
        for (int d = 0; d < shape.length; d++) {
            if (rank > 0 && fullX[d - 1] == fullX[d] * shape[d] && fullY[d - 1] == fullY[d] * shape[d]) {
                out[rank - 1] *= shape[d]; // merge axis d into the previous one: both operands step through it evenly
                sx[rank - 1] = fullX[d];
                sy[rank - 1] = fullY[d];
            } else {
                out[rank] = shape[d];
                sx[rank] = fullX[d];
                sy[rank] = fullY[d];
                rank++;
            }
        }
        int run = out[rank - 1];
        int rows = o.length / Math.max(run, 1);
        int[] idx = new int[rank];
        int xo = 0, yo = 0;
        for (int r = 0; r < rows; r++) {
            run(op, x, xo, sx[rank - 1], y, yo, sy[rank - 1], o, r * run, run);
            for (int d = rank - 2; d >= 0; d--) {
                idx[d]++;
                xo += sx[d];
                yo += sy[d];
                if (idx[d] < out[d]) break;
                xo -= sx[d] * out[d];
                yo -= sy[d] * out[d];
                idx[d] = 0;
            }
        }
    }

    /** o[oo+i] = x[xo+i*xs] op y[yo+i*ys] for i < n, where xs and ys are 0 or 1. */
    private static void run(BinaryOp op, float[] x, int xo, int xs, float[] y, int yo, int ys, float[] o, int oo, int n) {
        switch (op) {
            case ADD:
                if (xs == 1 && ys == 1) { for (int i = 0; i < n; i++) o[oo + i] = x[xo + i] + y[yo + i]; return; }
                if (ys == 0 && xs == 1) { float c = y[yo]; for (int i = 0; i < n; i++) o[oo + i] = x[xo + i] + c; return; }
                if (xs == 0 && ys == 1) { float c = x[xo]; for (int i = 0; i < n; i++) o[oo + i] = c + y[yo + i]; return; }
                break;
            case SUB:
                if (xs == 1 && ys == 1) { for (int i = 0; i < n; i++) o[oo + i] = x[xo + i] - y[yo + i]; return; }
                if (ys == 0 && xs == 1) { float c = y[yo]; for (int i = 0; i < n; i++) o[oo + i] = x[xo + i] - c; return; }
                if (xs == 0 && ys == 1) { float c = x[xo]; for (int i = 0; i < n; i++) o[oo + i] = c - y[yo + i]; return; }
                break;
            case MUL:
                if (xs == 1 && ys == 1) { for (int i = 0; i < n; i++) o[oo + i] = x[xo + i] * y[yo + i]; return; }
                if (ys == 0 && xs == 1) { float c = y[yo]; for (int i = 0; i < n; i++) o[oo + i] = x[xo + i] * c; return; }
                if (xs == 0 && ys == 1) { float c = x[xo]; for (int i = 0; i < n; i++) o[oo + i] = c * y[yo + i]; return; }
                break;
            case DIV:
                if (xs == 1 && ys == 1) { for (int i = 0; i < n; i++) o[oo + i] = x[xo + i] / y[yo + i]; return; }
                if (ys == 0 && xs == 1) { float c = y[yo]; for (int i = 0; i < n; i++) o[oo + i] = x[xo + i] / c; return; }
                if (xs == 0 && ys == 1) { float c = x[xo]; for (int i = 0; i < n; i++) o[oo + i] = c / y[yo + i]; return; }
                break;
            default:
                break;
        }
        for (int i = 0; i < n; i++) o[oo + i] = op.apply(x[xo + i * xs], y[yo + i * ys]);
    }

    /** g * (1 - y^2): tanh's backward in one pass (y is tanh's output). */
    public static NDArray tanhBackward(NDArray g, NDArray y) {
        requireSame("tanh_backward", g, y);
        float[] gd = g.data(), yd = y.data();
        float[] o = Workspace.floats(gd.length);
        for (int i = 0; i < o.length; i++) o[i] = gd[i] * (1f - yd[i] * yd[i]);
        return NDArray.output(o, g.shape());
    }

    /** g * y * (1 - y): sigmoid's backward in one pass (y is sigmoid's output). */
    public static NDArray sigmoidBackward(NDArray g, NDArray y) {
        requireSame("sigmoid_backward", g, y);
        float[] gd = g.data(), yd = y.data();
        float[] o = Workspace.floats(gd.length);
        for (int i = 0; i < o.length; i++) o[i] = gd[i] * yd[i] * (1f - yd[i]);
        return NDArray.output(o, g.shape());
    }

    /**
     * g where y > 0, else 0: ReLU's backward in one pass (y is ReLU's output, or its input: both are positive at
     * the same places). A select rather than {@code g * mask}, so that an infinite g stays infinite where the
     * unit is on and never turns into NaN where it is off; NaN in y selects 0, as {@code NaN > 0} is false.
     */
    public static NDArray reluBackward(NDArray g, NDArray y) {
        requireSame("relu_backward", g, y);
        float[] gd = g.data(), yd = y.data();
        float[] o = Workspace.floats(gd.length);
        FastMath.reluBackward(gd, yd, o, o.length);
        return NDArray.output(o, g.shape());
    }

    private static void requireSame(String op, NDArray a, NDArray b) {
        if (!a.sameShape(b)) {
            throw new IllegalArgumentException(op + ": shapes " + Shapes.str(a.shape()) + " and " + Shapes.str(b.shape()) + " differ");
        }
    }

    /** {@code cond != 0 ? a : b} with broadcasting; NaN or infinity in the branch not taken never leaks. */
    public static NDArray where(NDArray cond, NDArray a, NDArray b) {
        int[] out = Shapes.broadcast("where", Shapes.broadcast("where", cond.shape(), a.shape()), b.shape());
        float[] c = expanded(cond, out), x = expanded(a, out), y = expanded(b, out);
        float[] o = Workspace.floats(c.length);
        for (int i = 0; i < o.length; i++) o[i] = c[i] != 0f ? x[i] : y[i];
        return NDArray.output(o, out);
    }

    private static float[] expanded(NDArray a, int[] shape) {
        return a.hasShape(shape) ? a.data() : Layout.expand(a, shape).data();
    }
}
