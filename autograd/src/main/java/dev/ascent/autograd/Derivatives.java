package dev.ascent.autograd;

import dev.ascent.engine.NDArray;
import dev.ascent.engine.Shapes;
import dev.ascent.engine.ops.Conv2dGeometry;

/**
 * The backward rule of every op, one method per op name, in the order of {@link Tensor}'s op list.
 * This is Ascent's {@code derivatives.yaml}: to learn how an op is differentiated, find its name here.
 *
 * <p>Each rule gets {@code g}, the gradient of the loss with respect to the op's output {@code out}, and
 * returns the gradient with respect to each input ({@code out.input(i)}), or null for an input that does
 * not require one. Rules use only differentiable Tensor ops, so running them with recording on
 * ({@code createGraph}) builds the graph of the gradient itself: double backward for free.
 * Broadcasting ops reduce their gradient back to each input's shape with {@code sumTo}.
 */
final class Derivatives {
    private Derivatives() {}

    private static boolean needs(Tensor t) {
        return t.requiresGrad();
    }

    private static Tensor[] grads(Tensor... g) {
        return g;
    }

    private static Tensor constant(NDArray a) {
        return Tensor.of(a);
    }

    // ---------------------------------------------------------------- elementwise

    /** d(a+b) = (g, g), each summed back to its input's shape. */
    static Tensor[] add(Tensor g, Tensor out) {
        Tensor a = out.input(0), b = out.input(1);
        return grads(needs(a) ? g.sumTo(a.shape()) : null, needs(b) ? g.sumTo(b.shape()) : null);
    }

    /** d(a-b) = (g, -g). */
    static Tensor[] sub(Tensor g, Tensor out) {
        Tensor a = out.input(0), b = out.input(1);
        return grads(needs(a) ? g.sumTo(a.shape()) : null, needs(b) ? g.neg().sumTo(b.shape()) : null);
    }

    /** d(a*b) = (g*b, g*a). */
    static Tensor[] mul(Tensor g, Tensor out) {
        Tensor a = out.input(0), b = out.input(1);
        return grads(needs(a) ? g.mul(b).sumTo(a.shape()) : null, needs(b) ? g.mul(a).sumTo(b.shape()) : null);
    }

    /** d(a/b) = (g/b, -g*a/b^2). */
    static Tensor[] div(Tensor g, Tensor out) {
        Tensor a = out.input(0), b = out.input(1);
        return grads(needs(a) ? g.div(b).sumTo(a.shape()) : null,
                needs(b) ? g.neg().mul(a).div(b.square()).sumTo(b.shape()) : null);
    }

    /** d(a^b) = (g*b*a^(b-1), g*a^b*log a); the second is 0 where a == 0, as in PyTorch. */
    static Tensor[] pow(Tensor g, Tensor out) {
        Tensor a = out.input(0), b = out.input(1);
        Tensor ga = needs(a) ? g.mul(b).mul(a.pow(b.sub(1f))).sumTo(a.shape()) : null;
        Tensor gb = null;
        if (needs(b)) {
            NDArray zero = a.data().eq(0f);
            Tensor safeLog = Tensor.where(zero, Tensor.zeros(1), a.log());
            gb = g.mul(out).mul(safeLog).sumTo(b.shape());
        }
        return grads(ga, gb);
    }

    /** Where a > b all of g goes to a; where they tie, half to each (torch.maximum). */
    static Tensor[] maximum(Tensor g, Tensor out) {
        return extremumPair(g, out, true);
    }

    static Tensor[] minimum(Tensor g, Tensor out) {
        return extremumPair(g, out, false);
    }

    private static Tensor[] extremumPair(Tensor g, Tensor out, boolean max) {
        Tensor a = out.input(0), b = out.input(1);
        NDArray ties = a.data().eq(b.data()).mul(0.5f);
        NDArray aWins = (max ? a.data().gt(b.data()) : a.data().lt(b.data())).add(ties);
        NDArray bWins = (max ? b.data().gt(a.data()) : b.data().lt(a.data())).add(ties);
        return grads(needs(a) ? g.mul(constant(aWins)).sumTo(a.shape()) : null,
                needs(b) ? g.mul(constant(bWins)).sumTo(b.shape()) : null);
    }

    /** d(x+s) = g. */
    static Tensor[] addScalar(Tensor g, Tensor out) {
        return grads(g);
    }

    /** d(s*x) = s*g. */
    static Tensor[] mulScalar(Tensor g, float s) {
        return grads(g.mul(s));
    }

    /** d(x^p) = g*p*x^(p-1). */
    static Tensor[] powScalar(Tensor g, Tensor out, float p) {
        Tensor x = out.input(0);
        if (p == 0f) return grads(g.mul(0f));
        if (p == 1f) return grads(g);
        if (p == 2f) return grads(g.mul(x).mul(2f));
        return grads(g.mul(x.pow(p - 1f)).mul(p));
    }

    static Tensor[] neg(Tensor g, Tensor out) {
        return grads(g.neg());
    }

    /** d(e^x) = g*e^x: the output is reused. */
    static Tensor[] exp(Tensor g, Tensor out) {
        return grads(g.mul(out));
    }

    static Tensor[] log(Tensor g, Tensor out) {
        return grads(g.div(out.input(0)));
    }

    static Tensor[] log1p(Tensor g, Tensor out) {
        return grads(g.div(out.input(0).add(1f)));
    }

    /** d(tanh x) = g*(1 - tanh^2 x), fused into one op: tanh_backward(g, y). */
    static Tensor[] tanh(Tensor g, Tensor out) {
        return grads(Tensor.tanhBackward(g, out));
    }

    /** tanh_backward(g, y) = g*(1-y^2) is linear in g: d g = h*(1-y^2); d y = -2*h*g*y. */
    static Tensor[] tanhBackward(Tensor h, Tensor out) {
        Tensor g = out.input(0), y = out.input(1);
        return grads(needs(g) ? Tensor.tanhBackward(h, y) : null, needs(y) ? h.mul(g).mul(y).mul(-2f) : null);
    }

    /** d(sigmoid x) = g*s*(1-s), fused into one op: sigmoid_backward(g, s). */
    static Tensor[] sigmoid(Tensor g, Tensor out) {
        return grads(Tensor.sigmoidBackward(g, out));
    }

    /** sigmoid_backward(g, s) = g*s*(1-s): d g = h*s*(1-s); d s = h*g*(1-2s). */
    static Tensor[] sigmoidBackward(Tensor h, Tensor out) {
        Tensor g = out.input(0), s = out.input(1);
        return grads(needs(g) ? Tensor.sigmoidBackward(h, s) : null, needs(s) ? h.mul(g).mul(s.mul(-2f).add(1f)) : null);
    }

    /** d(relu x) = g where x > 0, fused into one op: relu_backward(g, y) with y the output (positive where x is). */
    static Tensor[] relu(Tensor g, Tensor out) {
        return grads(Tensor.reluBackward(g, out));
    }

    /**
     * relu_backward(g, y) = g where y > 0 is linear in g: d g = relu_backward(h, y). It is piecewise constant in y
     * (the mask), so y gets a zero gradient, as in PyTorch's threshold_backward.
     */
    static Tensor[] reluBackward(Tensor h, Tensor out) {
        Tensor g = out.input(0), y = out.input(1);
        return grads(needs(g) ? Tensor.reluBackward(h, y) : null, needs(y) ? Tensor.zeros(y.shape()) : null);
    }

    /** d(softplus x) = g*sigmoid(x), and g itself above the threshold where softplus is the identity. */
    static Tensor[] softplus(Tensor g, Tensor out) {
        Tensor x = out.input(0);
        NDArray linear = x.data().gt(dev.ascent.engine.ops.UnaryOp.SOFTPLUS_THRESHOLD);
        return grads(g.mul(Tensor.where(linear, Tensor.ones(1), x.sigmoid())));
    }

    /** d(sqrt x) = g / (2 sqrt x). */
    static Tensor[] sqrt(Tensor g, Tensor out) {
        return grads(g.div(out.mul(2f)));
    }

    /** d|x| = g*sign(x) (0 at 0, as PyTorch). */
    static Tensor[] abs(Tensor g, Tensor out) {
        return grads(g.mul(constant(out.input(0).data().sign())));
    }

    static Tensor[] sign(Tensor g, Tensor out) {
        return grads(Tensor.zeros(out.shape()));
    }

    static Tensor[] square(Tensor g, Tensor out) {
        return grads(g.mul(out.input(0)).mul(2f));
    }

    /** d(1/x) = -g/x^2 = -g*out^2. */
    static Tensor[] reciprocal(Tensor g, Tensor out) {
        return grads(g.neg().mul(out.square()));
    }

    /** Gradient passes where min <= x <= max (inclusive, as torch.clamp). */
    static Tensor[] clamp(Tensor g, Tensor out, float min, float max) {
        return grads(g.mul(constant(out.input(0).data().insideMask(min, max))));
    }

    /** where(c, a, b): g flows to a where c holds, to b elsewhere. */
    static Tensor[] where(Tensor g, Tensor out, NDArray cond) {
        Tensor a = out.input(0), b = out.input(1);
        Tensor zero = Tensor.zeros(1);
        return grads(needs(a) ? Tensor.where(cond, g, zero).sumTo(a.shape()) : null,
                needs(b) ? Tensor.where(cond, zero, g).sumTo(b.shape()) : null);
    }

    // ---------------------------------------------------------------- reductions

    /** The reduced axes come back as size-1 dims, then g is broadcast over them. */
    private static Tensor keepDims(Tensor g, int[] inShape, boolean keepDim, int[] axes) {
        if (keepDim) return g;
        return g.reshape(Shapes.reduced(inShape, Shapes.axes("sum", axes, inShape.length), true));
    }

    /** d sum(x) = g broadcast back over the summed axes. */
    static Tensor[] sum(Tensor g, Tensor out, boolean keepDim, int[] axes) {
        int[] s = out.input(0).shape();
        return grads(keepDims(g, s, keepDim, axes).expand(s));
    }

    /** d mean(x) = g / n broadcast back. */
    static Tensor[] mean(Tensor g, Tensor out, boolean keepDim, int[] axes) {
        Tensor x = out.input(0);
        int n = dev.ascent.engine.ops.Reductions.count(x.data(), "mean", axes);
        return grads(keepDims(g, x.shape(), keepDim, axes).expand(x.shape()).mul(1f / n));
    }

    /** max/min: g goes to the positions holding the extremum, split equally between ties. */
    static Tensor[] extremum(Tensor g, Tensor out, boolean keepDim, int[] axes) {
        Tensor x = out.input(0);
        int[] s = x.shape();
        NDArray outK = keepDim ? out.data() : out.data().reshape(Shapes.reduced(s, Shapes.axes("max", axes, s.length), true));
        NDArray hits = x.data().eq(outK);
        NDArray share = hits.div(hits.sum(true, axes));
        return grads(keepDims(g, s, keepDim, axes).expand(s).mul(constant(share)));
    }

    /** d logsumexp(x) = g * softmax(x) = g * exp(x - out). */
    static Tensor[] logsumexp(Tensor g, Tensor out, int axis, boolean keepDim) {
        Tensor x = out.input(0);
        Tensor outK = keepDim ? out : out.unsqueeze(axis < 0 ? axis + x.rank() : axis);
        Tensor gK = keepDim ? g : g.unsqueeze(axis < 0 ? axis + x.rank() : axis);
        return grads(gK.mul(x.sub(outK).exp()));
    }

    /** d softmax: y * (g - sum(g*y)), fused into softmax_backward(g, y). */
    static Tensor[] softmax(Tensor g, Tensor out, int axis) {
        return grads(Tensor.softmaxBackward(g, out, axis));
    }

    /**
     * softmax_backward(g, y) = y*(g - S(g*y)) with S the sum along the axis. It is self-adjoint in g:
     * d g = softmax_backward(h, y); and d y = h*(g - S(g*y)) - g*S(h*y).
     */
    static Tensor[] softmaxBackward(Tensor h, Tensor out, int axis) {
        Tensor g = out.input(0), y = out.input(1);
        Tensor gy = needs(y) ? h.mul(g.sub(g.mul(y).sum(true, axis))).sub(g.mul(h.mul(y).sum(true, axis))) : null;
        return grads(needs(g) ? Tensor.softmaxBackward(h, y, axis) : null, gy);
    }

    /** d log_softmax: g - exp(y) * sum(g), fused into log_softmax_backward(g, y). */
    static Tensor[] logSoftmax(Tensor g, Tensor out, int axis) {
        return grads(Tensor.logSoftmaxBackward(g, out, axis));
    }

    /** log_softmax_backward(g, y) = g - e^y * S(g): d g = h - S(h * e^y); d y = -h * e^y * S(g). */
    static Tensor[] logSoftmaxBackward(Tensor h, Tensor out, int axis) {
        Tensor g = out.input(0), y = out.input(1);
        Tensor ey = y.exp();
        return grads(needs(g) ? h.sub(h.mul(ey).sum(true, axis)) : null,
                needs(y) ? h.mul(ey).mul(g.sum(true, axis)).neg() : null);
    }

    // ---------------------------------------------------------------- layout

    static Tensor[] reshape(Tensor g, int[] from) {
        return grads(g.reshape(from));
    }

    /** The inverse permutation undoes a permute. */
    static Tensor[] permute(Tensor g, int[] perm) {
        int[] inv = new int[perm.length];
        for (int i = 0; i < perm.length; i++) inv[Shapes.axis("permute", perm[i], perm.length)] = i;
        return grads(g.permute(inv));
    }

    /** A slice's gradient is g placed back where the slice came from, zeros elsewhere. */
    static Tensor[] slice(Tensor g, int axis, int start, int size) {
        return grads(g.padSlice(axis, start, size));
    }

    static Tensor[] padSlice(Tensor g, int axis, int start, int len) {
        return grads(g.slice(axis, start, start + len));
    }

    /** Broadcasting copies values, so the gradient sums them back. */
    static Tensor[] expand(Tensor g, int[] from) {
        return grads(g.sumTo(from));
    }

    static Tensor[] sumTo(Tensor g, int[] from) {
        return grads(g.expand(from));
    }

    /** Each part gets its own slice of g. */
    static Tensor[] concat(Tensor g, int axis, int[] sizes) {
        Tensor[] out = new Tensor[sizes.length];
        int at = 0;
        for (int i = 0; i < sizes.length; i++) {
            out[i] = g.slice(axis, at, at + sizes[i]);
            at += sizes[i];
        }
        return out;
    }

    // ---------------------------------------------------------------- linear algebra

    /**
     * C = op(A)·op(B). With G = dC: dA = G·B^T, dB = A^T·G for plain operands; the transposed cases are
     * the same identities rearranged so that no transpose is ever materialised. A 2-D operand shared by a
     * batch gets its gradient summed over the batch.
     */
    static Tensor[] matmul(Tensor g, Tensor out, boolean transA, boolean transB) {
        Tensor a = out.input(0), b = out.input(1);
        Tensor ga = null, gb = null;
        if (needs(a)) {
            if (!transA && !transB) ga = g.matmul(b, false, true);
            else if (transA && !transB) ga = b.matmul(g, false, true);
            else if (!transA) ga = g.matmul(b, false, false);
            else ga = b.matmul(g, true, true);
            ga = ga.sumTo(a.shape());
        }
        if (needs(b)) {
            if (!transA && !transB) gb = a.matmul(g, true, false);
            else if (transA && !transB) gb = a.matmul(g, false, false);
            else if (!transA) gb = g.matmul(a, true, false);
            else gb = g.matmul(a, true, true);
            gb = gb.sumTo(b.shape());
        }
        return grads(ga, gb);
    }

    /** y = x·W^T + b: dx = g·W, dW = g^T·x, db = sum of g over rows. */
    static Tensor[] linear(Tensor g, Tensor out) {
        Tensor x = out.input(0), w = out.input(1);
        Tensor gx = needs(x) ? g.matmul(w) : null;
        Tensor gw = needs(w) ? g.matmul(x, true, false) : null;
        if (out.inputs().size() == 2) return grads(gx, gw);
        Tensor b = out.input(2);
        return grads(gx, gw, needs(b) ? g.sum(false, 0) : null);
    }

    // ---------------------------------------------------------------- indexing

    /** gather's gradient scatters g back to the gathered positions (adding where an index repeats). */
    static Tensor[] gather(Tensor g, int axis, NDArray index, int[] from) {
        return grads(g.scatterAdd(axis, index, from));
    }

    static Tensor[] scatterAdd(Tensor g, int axis, NDArray index) {
        return grads(g.gather(axis, index));
    }

    static Tensor[] takeRows(Tensor g, int[] index, int rows) {
        return grads(g.indexAddRows(index, rows));
    }

    static Tensor[] indexAddRows(Tensor g, int[] index) {
        return grads(g.takeRows(index));
    }

    // ---------------------------------------------------------------- convolution

    /** y = conv(x, w): dx = conv^T(g, w), dw = weightGrad(x, g). */
    static Tensor[] conv2d(Tensor g, Tensor out, Conv2dGeometry geo) {
        Tensor x = out.input(0), w = out.input(1);
        return grads(needs(x) ? Tensor.conv2dInputGrad(g, w, geo) : null,
                needs(w) ? Tensor.conv2dWeightGrad(x, g, geo) : null);
    }

    /** z = conv^T(dy, w) is linear in both: d dy = conv(g, w), d w = weightGrad(g, dy). */
    static Tensor[] conv2dInputGrad(Tensor g, Tensor out, Conv2dGeometry geo) {
        Tensor dy = out.input(0), w = out.input(1);
        return grads(needs(dy) ? g.conv2d(w, geo.strideH(), geo.strideW(), geo.padH(), geo.padW()) : null,
                needs(w) ? Tensor.conv2dWeightGrad(g, dy, geo) : null);
    }

    /** z = weightGrad(x, dy): d x = conv^T(dy, g), d dy = conv(x, g). */
    static Tensor[] conv2dWeightGrad(Tensor g, Tensor out, Conv2dGeometry geo) {
        Tensor x = out.input(0), dy = out.input(1);
        return grads(needs(x) ? Tensor.conv2dInputGrad(dy, g, geo) : null,
                needs(dy) ? x.conv2d(g, geo.strideH(), geo.strideW(), geo.padH(), geo.padW()) : null);
    }
}
