package dev.ascent.autograd;

import dev.ascent.engine.NDArray;
import dev.ascent.engine.Rng;
import dev.ascent.engine.Shapes;
import dev.ascent.engine.ops.Conv2dGeometry;
import dev.ascent.engine.ops.Convolution;
import dev.ascent.engine.ops.Layout;
import dev.ascent.engine.ops.LinAlg;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A differentiable value: an {@link NDArray} plus, when it was computed from tensors that require
 * gradients, the op that made it and that op's inputs. That is the whole graph: each tensor is its own
 * node, as in micrograd, and {@link Autograd} walks it backwards.
 *
 * <p>Semantics follow PyTorch: leaves created with {@code requiresGrad} accumulate {@link #grad()}
 * across {@link #backward()} calls; ops under {@link Autograd#noGrad()} record nothing;
 * {@link #detach()} shares the data but cuts the graph. Every op's gradient rule is in
 * {@link Derivatives}, written with these same ops, so gradients of gradients work everywhere.
 */
public final class Tensor {
    private NDArray data;
    private boolean requiresGrad;
    private Tensor grad;

    // The graph node. A leaf has op == null; a non-leaf whose graph was released has rule == null.
    private final String op;
    private final Tensor[] inputs;
    private BackwardRule rule;
    private List<UnaryOperator<Tensor>> hooks;
    private String name;

    private Tensor(NDArray data, boolean requiresGrad, String op, Tensor[] inputs, BackwardRule rule) {
        this.data = data;
        this.requiresGrad = requiresGrad;
        this.op = op;
        this.inputs = inputs;
        this.rule = rule;
    }

    // ---------------------------------------------------------------- creation

    /** A constant (no gradient) over {@code data}, shared not copied. */
    public static Tensor of(NDArray data) {
        return new Tensor(data, false, null, null, null);
    }

    /** A leaf that requires gradients: a parameter or an input to differentiate with respect to. */
    public static Tensor param(NDArray data) {
        return new Tensor(data, true, null, null, null);
    }

    public static Tensor of(float[] values, int... shape) {
        return of(NDArray.of(values, shape));
    }

    public static Tensor scalar(float v) {
        return of(NDArray.scalar(v));
    }

    public static Tensor zeros(int... shape) {
        return of(NDArray.zeros(shape));
    }

    public static Tensor ones(int... shape) {
        return of(NDArray.ones(shape));
    }

    public static Tensor full(float v, int... shape) {
        return of(NDArray.full(v, shape));
    }

    public static Tensor randn(Rng rng, int... shape) {
        return of(NDArray.normal(rng, 0f, 1f, shape));
    }

    /** Records an op: the result joins the graph only if recording is on and some input requires grad. */
    static Tensor record(String op, NDArray value, BackwardRule rule, Tensor... inputs) {
        if (GradMode.isEnabled()) {
            for (Tensor t : inputs) {
                if (t.requiresGrad) return new Tensor(value, true, op, inputs, rule);
            }
        }
        return new Tensor(value, false, null, null, null);
    }

    // ---------------------------------------------------------------- state

    public NDArray data() {
        return data;
    }

    /**
     * Replaces the value of a leaf (loading a checkpoint, copying a target network). Shapes must match,
     * so that nothing holding this tensor is surprised.
     */
    public void setData(NDArray value) {
        if (!isLeaf()) throw new IllegalStateException("setData: only leaf tensors can be assigned, this one was made by " + op);
        if (!value.hasShape(data.shape())) {
            throw new IllegalArgumentException("setData: shape " + Shapes.str(value.shape()) + " does not match " + Shapes.str(data.shape()));
        }
        data = value;
    }

    public int[] shape() {
        return data.shape();
    }

    public int dim(int axis) {
        return data.dim(axis);
    }

    public int rank() {
        return data.rank();
    }

    public int size() {
        return data.size();
    }

    public float item() {
        return data.item();
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Turns gradient tracking on or off for a leaf, as {@code tensor.requires_grad_()}. */
    public Tensor requiresGrad(boolean on) {
        if (!isLeaf()) {
            throw new IllegalStateException("requiresGrad can only be changed on leaf tensors; use detach() to cut a "
                    + op + " result out of the graph");
        }
        requiresGrad = on;
        return this;
    }

    public boolean isLeaf() {
        return op == null;
    }

    /** The accumulated gradient of a leaf, or null before the first backward (or after {@link #zeroGrad()}). */
    public Tensor grad() {
        return grad;
    }

    public void setGrad(Tensor g) {
        if (g != null && !Arrays.equals(g.shape(), shape())) {
            throw new IllegalArgumentException("setGrad: gradient shape " + Shapes.str(g.shape()) + " does not match tensor shape " + Shapes.str(shape()));
        }
        grad = g;
    }

    /** Drops the accumulated gradient (PyTorch's {@code set_to_none=True} behaviour). */
    public void zeroGrad() {
        grad = null;
    }

    /** The op that produced this tensor, or null for a leaf. */
    public String op() {
        return op;
    }

    /** The inputs of the op that produced this tensor (empty for a leaf). */
    public List<Tensor> inputs() {
        return inputs == null ? List.of() : List.of(inputs);
    }

    Tensor input(int i) {
        return inputs[i];
    }

    BackwardRule rule() {
        return rule;
    }

    boolean isReleased() {
        return op != null && rule == null;
    }

    void release() {
        rule = null;
    }

    public String name() {
        return name;
    }

    /** A label for {@link #toDot()} and error messages (parameters get their dotted names). */
    public Tensor named(String n) {
        this.name = n;
        return this;
    }

    /**
     * Registers a hook that sees (and may replace, by returning a tensor) the gradient with respect to this
     * tensor each time a backward pass computes it. The hook point ACKTR's K-FAC uses for output gradients.
     */
    public Tensor registerHook(UnaryOperator<Tensor> hook) {
        if (!requiresGrad) throw new IllegalStateException("cannot register a hook on a tensor that does not require grad");
        if (hooks == null) hooks = new ArrayList<>(1);
        hooks.add(hook);
        return this;
    }

    List<UnaryOperator<Tensor>> hooks() {
        return hooks;
    }

    void accumulateGrad(Tensor g, boolean keepGraph) {
        if (grad == null) {
            // Copy: g may be a view of another gradient or of the caller's gradOutput.
            grad = keepGraph ? g : Tensor.of(g.data.copy());
        } else if (keepGraph || grad.requiresGrad) {
            grad = grad.add(g);
        } else {
            grad.data.addInPlace(g.data);
        }
    }

    /** Shares the data, cuts the graph: the result is a constant leaf. */
    public Tensor detach() {
        return new Tensor(data, false, null, null, null);
    }

    // ---------------------------------------------------------------- backward

    /** Backpropagates from this scalar, accumulating into the {@link #grad()} of every leaf that requires it. */
    public void backward() {
        if (size() != 1) {
            throw new IllegalStateException("backward() without a gradient needs a scalar output, this tensor has shape "
                    + Shapes.str(shape()) + "; pass gradOutput explicitly");
        }
        backward(Tensor.of(NDArray.full(1f, shape())), false, false);
    }

    public void backward(Tensor gradOutput) {
        backward(gradOutput, false, false);
    }

    public void backward(Tensor gradOutput, boolean retainGraph, boolean createGraph) {
        Autograd.backward(new Tensor[] {this}, new Tensor[] {gradOutput}, retainGraph || createGraph, createGraph);
    }

    /** The graph that produced this tensor as Graphviz DOT, for teaching and debugging. */
    public String toDot() {
        return DotExport.toDot(this);
    }

    // ---------------------------------------------------------------- elementwise, broadcasting

    public Tensor add(Tensor o) {
        return record("add", data.add(o.data), Derivatives::add, this, o);
    }

    public Tensor sub(Tensor o) {
        return record("sub", data.sub(o.data), Derivatives::sub, this, o);
    }

    public Tensor mul(Tensor o) {
        return record("mul", data.mul(o.data), Derivatives::mul, this, o);
    }

    public Tensor div(Tensor o) {
        return record("div", data.div(o.data), Derivatives::div, this, o);
    }

    public Tensor pow(Tensor exponent) {
        return record("pow", data.pow(exponent.data), Derivatives::pow, this, exponent);
    }

    /** Elementwise maximum; where the two are equal each receives half the gradient, as in PyTorch. */
    public Tensor maximum(Tensor o) {
        return record("maximum", data.maximum(o.data), Derivatives::maximum, this, o);
    }

    public Tensor minimum(Tensor o) {
        return record("minimum", data.minimum(o.data), Derivatives::minimum, this, o);
    }

    public Tensor add(float s) {
        return record("add_scalar", data.add(s), Derivatives::addScalar, this);
    }

    public Tensor sub(float s) {
        return add(-s);
    }

    /** {@code s - this}. */
    public Tensor rsub(float s) {
        return neg().add(s);
    }

    public Tensor mul(float s) {
        return record("mul_scalar", data.mul(s), (g, out) -> Derivatives.mulScalar(g, s), this);
    }

    public Tensor div(float s) {
        return mul(1f / s);
    }

    public Tensor pow(float p) {
        return record("pow_scalar", data.pow(p), (g, out) -> Derivatives.powScalar(g, out, p), this);
    }

    public Tensor neg() {
        return record("neg", data.neg(), Derivatives::neg, this);
    }

    public Tensor exp() {
        return record("exp", data.exp(), Derivatives::exp, this);
    }

    public Tensor log() {
        return record("log", data.log(), Derivatives::log, this);
    }

    public Tensor log1p() {
        return record("log1p", data.log1p(), Derivatives::log1p, this);
    }

    public Tensor tanh() {
        return record("tanh", data.tanh(), Derivatives::tanh, this);
    }

    public Tensor sigmoid() {
        return record("sigmoid", data.sigmoid(), Derivatives::sigmoid, this);
    }

    public Tensor relu() {
        return record("relu", data.relu(), Derivatives::relu, this);
    }

    /** log(1 + e^x), equal to x above 20 (PyTorch's threshold). */
    public Tensor softplus() {
        return record("softplus", data.softplus(), Derivatives::softplus, this);
    }

    public Tensor sqrt() {
        return record("sqrt", data.sqrt(), Derivatives::sqrt, this);
    }

    public Tensor abs() {
        return record("abs", data.abs(), Derivatives::abs, this);
    }

    /** sign(x) in {-1, 0, 1}; its gradient is zero. */
    public Tensor sign() {
        return record("sign", data.sign(), Derivatives::sign, this);
    }

    public Tensor square() {
        return record("square", data.square(), Derivatives::square, this);
    }

    public Tensor reciprocal() {
        return record("reciprocal", data.reciprocal(), Derivatives::reciprocal, this);
    }

    /** Clamps into [min, max]; the gradient passes where min <= x <= max, as in torch.clamp. */
    public Tensor clamp(float min, float max) {
        return record("clamp", data.clamp(min, max), (g, out) -> Derivatives.clamp(g, out, min, max), this);
    }

    /** {@code cond != 0 ? a : b}, broadcasting all three; the mask is a constant. */
    public static Tensor where(NDArray cond, Tensor a, Tensor b) {
        return record("where", NDArray.where(cond, a.data, b.data), (g, out) -> Derivatives.where(g, out, cond), a, b);
    }

    // Comparisons give constant 0/1 masks.
    public Tensor gt(Tensor o) { return of(data.gt(o.data)); }
    public Tensor ge(Tensor o) { return of(data.ge(o.data)); }
    public Tensor lt(Tensor o) { return of(data.lt(o.data)); }
    public Tensor le(Tensor o) { return of(data.le(o.data)); }
    public Tensor eq(Tensor o) { return of(data.eq(o.data)); }
    public Tensor ne(Tensor o) { return of(data.ne(o.data)); }

    // Fused backward ops: each is one kernel pass instead of three or four, and has its own rule so that
    // gradients of gradients still work (PyTorch does the same with tanh_backward and friends).

    static Tensor tanhBackward(Tensor g, Tensor y) {
        return record("tanh_backward", dev.ascent.engine.ops.Elementwise.tanhBackward(g.data, y.data), Derivatives::tanhBackward, g, y);
    }

    static Tensor sigmoidBackward(Tensor g, Tensor y) {
        return record("sigmoid_backward", dev.ascent.engine.ops.Elementwise.sigmoidBackward(g.data, y.data), Derivatives::sigmoidBackward, g, y);
    }

    static Tensor reluBackward(Tensor g, Tensor y) {
        return record("relu_backward", dev.ascent.engine.ops.Elementwise.reluBackward(g.data, y.data), Derivatives::reluBackward, g, y);
    }

    static Tensor softmaxBackward(Tensor g, Tensor y, int axis) {
        return record("softmax_backward", dev.ascent.engine.ops.Reductions.softmaxBackward(g.data, y.data, axis),
                (h, out) -> Derivatives.softmaxBackward(h, out, axis), g, y);
    }

    static Tensor logSoftmaxBackward(Tensor g, Tensor y, int axis) {
        return record("log_softmax_backward", dev.ascent.engine.ops.Reductions.logSoftmaxBackward(g.data, y.data, axis),
                (h, out) -> Derivatives.logSoftmaxBackward(h, out, axis), g, y);
    }

    // ---------------------------------------------------------------- reductions

    /** Sum over {@code axes} (all axes when none are given). */
    public Tensor sum(boolean keepDim, int... axes) {
        return record("sum", data.sum(keepDim, axes), (g, out) -> Derivatives.sum(g, out, keepDim, axes), this);
    }

    public Tensor sum() {
        return sum(false);
    }

    public Tensor mean(boolean keepDim, int... axes) {
        return record("mean", data.mean(keepDim, axes), (g, out) -> Derivatives.mean(g, out, keepDim, axes), this);
    }

    public Tensor mean() {
        return mean(false);
    }

    /** Maximum over {@code axes}; tied maxima share the gradient equally (torch.amax). */
    public Tensor max(boolean keepDim, int... axes) {
        return record("max", data.max(keepDim, axes), (g, out) -> Derivatives.extremum(g, out, keepDim, axes), this);
    }

    public Tensor min(boolean keepDim, int... axes) {
        return record("min", data.min(keepDim, axes), (g, out) -> Derivatives.extremum(g, out, keepDim, axes), this);
    }

    /** Variance with {@code correction} (1 = Bessel, PyTorch's default), composed of differentiable ops. */
    public Tensor var(int correction, boolean keepDim, int... axes) {
        int n = dev.ascent.engine.ops.Reductions.count(data, "var", axes);
        Tensor centered = sub(mean(true, axes));
        return centered.square().sum(keepDim, axes).mul(1f / Math.max(0, n - correction));
    }

    public Tensor std(int correction, boolean keepDim, int... axes) {
        return var(correction, keepDim, axes).sqrt();
    }

    /** log(sum(exp(x))) along {@code axis}, stable for any magnitude. */
    public Tensor logsumexp(int axis, boolean keepDim) {
        return record("logsumexp", data.logsumexp(axis, keepDim), (g, out) -> Derivatives.logsumexp(g, out, axis, keepDim), this);
    }

    public Tensor softmax(int axis) {
        return record("softmax", data.softmax(axis), (g, out) -> Derivatives.softmax(g, out, axis), this);
    }

    public Tensor logSoftmax(int axis) {
        return record("log_softmax", data.logSoftmax(axis), (g, out) -> Derivatives.logSoftmax(g, out, axis), this);
    }

    /** Index of the maximum along {@code axis}; not differentiable. */
    public Tensor argmax(int axis, boolean keepDim) {
        return of(data.argmax(axis, keepDim));
    }

    // ---------------------------------------------------------------- layout

    /** A view with a new shape (one dimension may be -1). */
    public Tensor reshape(int... shape) {
        int[] from = shape();
        return record("reshape", data.reshape(shape), (g, out) -> Derivatives.reshape(g, from), this);
    }

    /** Removes the size-1 dimension {@code axis}: [n, 1] becomes [n] with axis 1. */
    public Tensor squeeze(int axis) {
        int[] s = shape();
        int ax = Shapes.axis("squeeze", axis, s.length);
        if (s[ax] != 1) throw new IllegalArgumentException("squeeze: axis " + axis + " of shape " + Shapes.str(s) + " has size " + s[ax] + ", not 1");
        int[] out = new int[s.length - 1];
        for (int i = 0, j = 0; i < s.length; i++) if (i != ax) out[j++] = s[i];
        return reshape(out);
    }

    /** Inserts a size-1 dimension at {@code axis}. */
    public Tensor unsqueeze(int axis) {
        int[] s = shape();
        int ax = Shapes.axis("unsqueeze", axis, s.length + 1);
        int[] out = new int[s.length + 1];
        for (int i = 0, j = 0; i < out.length; i++) out[i] = i == ax ? 1 : s[j++];
        return reshape(out);
    }

    /** Flattens every axis from {@code startAxis} on into one. */
    public Tensor flatten(int startAxis) {
        int[] s = shape();
        int ax = Shapes.axis("flatten", startAxis, Math.max(1, s.length));
        int[] out = Arrays.copyOf(s, ax + 1);
        int n = 1;
        for (int i = ax; i < s.length; i++) n *= s[i];
        out[ax] = n;
        return reshape(out);
    }

    /** Swaps the last two axes (copies). */
    public Tensor transpose() {
        int r = rank();
        if (r < 2) throw new IllegalArgumentException("transpose: expected rank >= 2, got shape " + Shapes.str(shape()));
        int[] perm = new int[r];
        for (int i = 0; i < r; i++) perm[i] = i;
        perm[r - 2] = r - 1;
        perm[r - 1] = r - 2;
        return permute(perm);
    }

    public Tensor permute(int... perm) {
        return record("permute", data.permute(perm), (g, out) -> Derivatives.permute(g, perm), this);
    }

    public Tensor slice(int axis, int start, int end) {
        int size = dim(axis);
        return record("slice", data.slice(axis, start, end), (g, out) -> Derivatives.slice(g, axis, start, size), this);
    }

    /** The adjoint of {@link #slice}: this placed at {@code start} inside zeros of length {@code size} along the axis. */
    public Tensor padSlice(int axis, int start, int size) {
        int len = dim(axis);
        return record("pad_slice", Layout.padSlice(data, axis, start, size), (g, out) -> Derivatives.padSlice(g, axis, start, len), this);
    }

    public Tensor expand(int... target) {
        int[] from = shape();
        return record("expand", data.expand(target), (g, out) -> Derivatives.expand(g, from), this);
    }

    /** Sums the broadcast dimensions away to reach {@code target}: the adjoint of {@link #expand}. */
    public Tensor sumTo(int... target) {
        if (Arrays.equals(target, shape())) return this;
        int[] from = shape();
        return record("sum_to", data.sumTo(target), (g, out) -> Derivatives.sumTo(g, from), this);
    }

    public static Tensor concat(int axis, Tensor... parts) {
        NDArray[] arrays = new NDArray[parts.length];
        int[] sizes = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            arrays[i] = parts[i].data;
            sizes[i] = parts[i].dim(axis);
        }
        return record("concat", NDArray.concat(axis, arrays), (g, out) -> Derivatives.concat(g, axis, sizes), parts);
    }

    public static Tensor stack(int axis, Tensor... parts) {
        Tensor[] un = new Tensor[parts.length];
        for (int i = 0; i < parts.length; i++) un[i] = parts[i].unsqueeze(axis < 0 ? axis + parts[i].rank() + 1 : axis);
        return concat(axis < 0 ? axis + parts[0].rank() + 1 : axis, un);
    }

    // ---------------------------------------------------------------- linear algebra

    /** {@code op(this) · op(other)} with transpose flags (2-D or batched); no transpose is materialised. */
    public Tensor matmul(Tensor other, boolean transA, boolean transB) {
        return record("matmul", data.matmul(other.data, transA, transB),
                (g, out) -> Derivatives.matmul(g, out, transA, transB), this, other);
    }

    public Tensor matmul(Tensor other) {
        return matmul(other, false, false);
    }

    /**
     * {@code this · weight^T + bias}, PyTorch's {@code F.linear}: weight is [out, in], bias [out] or null.
     * Fused because it is the hot op of every MLP: one gemm writes onto the broadcast bias.
     */
    public Tensor linear(Tensor weight, Tensor bias) {
        int[] s = shape();
        if (s.length != 2) {
            int[] out = Arrays.copyOf(s, s.length);
            out[s.length - 1] = weight.dim(0);
            return reshape(-1, s[s.length - 1]).linear(weight, bias).reshape(out);
        }
        NDArray v = LinAlg.linear(data, weight.data, bias == null ? null : bias.data);
        return bias == null
                ? record("linear", v, Derivatives::linear, this, weight)
                : record("linear", v, Derivatives::linear, this, weight, bias);
    }

    /** Inner product of two vectors. */
    public Tensor dot(Tensor other) {
        if (rank() != 1 || other.rank() != 1 || size() != other.size()) {
            throw new IllegalArgumentException("dot: expected two vectors of equal length, got " + Shapes.str(shape()) + " and " + Shapes.str(other.shape()));
        }
        return mul(other).sum();
    }

    /** Outer product of two vectors: [n] x [m] -> [n, m]. */
    public Tensor outer(Tensor other) {
        if (rank() != 1 || other.rank() != 1) {
            throw new IllegalArgumentException("outer: expected two vectors, got " + Shapes.str(shape()) + " and " + Shapes.str(other.shape()));
        }
        return reshape(size(), 1).mul(other.reshape(1, other.size()));
    }

    // ---------------------------------------------------------------- indexing

    /** {@code torch.gather}: picks entries along {@code axis} (e.g. the log-prob of each action taken). */
    public Tensor gather(int axis, NDArray index) {
        int[] from = shape();
        return record("gather", data.gather(axis, index), (g, out) -> Derivatives.gather(g, axis, index, from), this);
    }

    /** Zeros of {@code shape} with this tensor's entries added at {@code index} along {@code axis}. */
    public Tensor scatterAdd(int axis, NDArray index, int... shape) {
        return record("scatter_add", data.scatterAdd(axis, index, shape), (g, out) -> Derivatives.scatterAdd(g, axis, index), this);
    }

    /** Rows {@code index[i]} of the leading axis: minibatch selection. */
    public Tensor takeRows(int[] index) {
        int rows = dim(0);
        return record("take_rows", data.takeRows(index), (g, out) -> Derivatives.takeRows(g, index, rows), this);
    }

    public Tensor indexAddRows(int[] index, int rows) {
        return record("index_add_rows", data.indexAddRows(index, rows), (g, out) -> Derivatives.indexAddRows(g, index), this);
    }

    // ---------------------------------------------------------------- convolution

    /** 2-D cross-correlation, NCHW input and [out, in, kh, kw] weight, no bias. */
    public Tensor conv2d(Tensor weight, int stride, int padding) {
        return conv2d(weight, stride, stride, padding, padding);
    }

    public Tensor conv2d(Tensor weight, int strideH, int strideW, int padH, int padW) {
        Conv2dGeometry geo = Conv2dGeometry.of(shape(), weight.shape(), strideH, strideW, padH, padW);
        return record("conv2d", Convolution.conv2d(data, weight.data, geo), (g, out) -> Derivatives.conv2d(g, out, geo), this, weight);
    }

    /** The input-gradient of conv2d (a transposed convolution) as a differentiable op. */
    static Tensor conv2dInputGrad(Tensor dy, Tensor weight, Conv2dGeometry geo) {
        return record("conv2d_input_grad", Convolution.inputGrad(dy.data, weight.data, geo),
                (g, out) -> Derivatives.conv2dInputGrad(g, out, geo), dy, weight);
    }

    /** The weight-gradient of conv2d as a differentiable op. */
    static Tensor conv2dWeightGrad(Tensor x, Tensor dy, Conv2dGeometry geo) {
        return record("conv2d_weight_grad", Convolution.weightGrad(x.data, dy.data, geo),
                (g, out) -> Derivatives.conv2dWeightGrad(g, out, geo), x, dy);
    }

    @Override
    public String toString() {
        String kind = op != null ? " op=" + op : (requiresGrad ? " requiresGrad" : "");
        String values = data.toString();
        return "Tensor" + values.substring("NDArray".length()) + kind;
    }
}
