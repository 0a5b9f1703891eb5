package dev.ascent.engine;

import dev.ascent.engine.ops.BinaryOp;
import dev.ascent.engine.ops.Convolution;
import dev.ascent.engine.ops.Elementwise;
import dev.ascent.engine.ops.Indexing;
import dev.ascent.engine.ops.Layout;
import dev.ascent.engine.ops.LinAlg;
import dev.ascent.engine.ops.Reductions;
import dev.ascent.engine.ops.UnaryOp;

import java.util.Arrays;

/**
 * An n-dimensional float32 array: a row-major {@code float[]} on the Java heap and a shape.
 *
 * <p>Design choices, and why:
 * <ul>
 *   <li><b>Always contiguous, no offset, no strides.</b> Every kernel is then a plain loop over
 *       {@code data[0..size)} that C2 can vectorise, and there is one code path to get right.
 *       {@link #reshape} is a view (it shares {@code data}); {@link #transpose}, {@link #permute},
 *       {@link #slice} and {@link #expand} copy. Matmul takes transpose flags instead, so the hot
 *       path never materialises a transpose.</li>
 *   <li><b>Heap storage.</b> Zero dependencies and no native memory to leak for embedded users;
 *       native backends copy into pooled buffers inside their kernels (see the README's architecture
 *       section for the measured cost).</li>
 *   <li><b>Immutable by convention.</b> Ops return new arrays; the only in-place methods are named
 *       so ({@code addInPlace}, {@code fill}, …) and are used by optimizers and gradient accumulation.</li>
 * </ul>
 * Indices (argmax, gather, one-hot) are stored as floats, exact up to 2^24.
 */
public final class NDArray {
    private static final float[] RELEASED = new float[0];

    private float[] data;
    private final int[] shape;
    /** Set while this array lives in a {@link Workspace}; such arrays die when it closes. */
    private Workspace workspace;
    private boolean ownsPooledBuffer;

    private NDArray(float[] data, int[] shape) {
        this.data = data;
        this.shape = shape;
    }

    /**
     * Wraps a kernel's output buffer (from {@link Workspace#floats}/{@link Workspace#zeros}): inside a
     * workspace the array is recycled when the workspace closes. This is how every op returns its result.
     */
    public static NDArray output(float[] data, int... shape) {
        NDArray a = wrap(data, shape);
        Workspace ws = Workspace.current();
        if (ws != null) {
            a.workspace = ws;
            a.ownsPooledBuffer = true;
            ws.register(a);
        }
        return a;
    }

    /** Called by the workspace at close: invalidates this array and returns the buffer it owned, if any. */
    float[] release() {
        float[] d = data;
        data = RELEASED;
        workspace = null;
        return ownsPooledBuffer ? d : null;
    }

    private float[] live() {
        float[] d = data;
        if (d == RELEASED && Shapes.size(shape) != 0) {
            throw new IllegalStateException("this NDArray" + Shapes.str(shape) + " was produced inside a Workspace that has been closed;"
                    + " copy() values that must outlive their workspace");
        }
        return d;
    }

    // ---------------------------------------------------------------- creation

    /** Wraps {@code data} without copying; its length must equal the shape's size. */
    public static NDArray wrap(float[] data, int... shape) {
        int[] s = shape.clone();
        int n = Shapes.size(s);
        if (data.length != n) {
            throw new IllegalArgumentException("wrap: " + data.length + " values do not fill shape " + Shapes.str(s) + " (" + n + " elements)");
        }
        return new NDArray(data, s);
    }

    /** Copies {@code data} into a new array of the given shape. */
    public static NDArray of(float[] data, int... shape) {
        return wrap(data.clone(), shape);
    }

    /** A 1-D array holding {@code values}. */
    public static NDArray vector(float... values) {
        return new NDArray(values.clone(), new int[] {values.length});
    }

    public static NDArray scalar(float value) {
        return new NDArray(new float[] {value}, new int[0]);
    }

    public static NDArray zeros(int... shape) {
        return new NDArray(new float[Shapes.size(shape)], shape.clone());
    }

    public static NDArray ones(int... shape) {
        return full(1f, shape);
    }

    public static NDArray full(float value, int... shape) {
        float[] d = new float[Shapes.size(shape)];
        if (value != 0f) Arrays.fill(d, value);
        return new NDArray(d, shape.clone());
    }

    /** 0, 1, …, n-1. */
    public static NDArray arange(int n) {
        return arange(0, n, 1);
    }

    /** start, start+step, … while below {@code end} (above, for a negative step), as {@code torch.arange}. */
    public static NDArray arange(float start, float end, float step) {
        if (step == 0f || !Float.isFinite(step)) throw new IllegalArgumentException("arange: step must be finite and non-zero, got " + step);
        int n = (int) Math.max(0, Math.ceil((end - start) / (double) step));
        float[] d = new float[n];
        for (int i = 0; i < n; i++) d[i] = (float) (start + (double) i * step);
        return new NDArray(d, new int[] {n});
    }

    /** Uniform samples in [low, high). */
    public static NDArray uniform(Rng rng, float low, float high, int... shape) {
        float[] d = new float[Shapes.size(shape)];
        for (int i = 0; i < d.length; i++) d[i] = rng.uniform(low, high);
        return new NDArray(d, shape.clone());
    }

    /** Normal samples with the given mean and standard deviation. */
    public static NDArray normal(Rng rng, float mean, float std, int... shape) {
        float[] d = new float[Shapes.size(shape)];
        for (int i = 0; i < d.length; i++) d[i] = (float) (mean + std * rng.normal());
        return new NDArray(d, shape.clone());
    }

    // ---------------------------------------------------------------- accessors

    /** The shape; a copy, so callers cannot change this array's shape under it. */
    public int[] shape() {
        return shape.clone();
    }

    /** Dimension {@code axis} (negative counts from the end). */
    public int dim(int axis) {
        return shape[Shapes.axis("dim", axis, shape.length)];
    }

    public int rank() {
        return shape.length;
    }

    public int size() {
        return Shapes.size(shape);
    }

    /**
     * The backing array, row-major, shared (not a copy). Writing to it changes this array and every
     * view of it; kernels and optimizers use it, user code normally should not.
     */
    public float[] data() {
        return live();
    }

    /** A copy of the values. */
    public float[] toArray() {
        return live().clone();
    }

    public float get(int... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("get: index " + Arrays.toString(index) + " has " + index.length + " coordinates for shape " + Shapes.str(shape));
        }
        int flat = 0;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("get: index " + Arrays.toString(index) + " is outside shape " + Shapes.str(shape));
            }
            flat = flat * shape[i] + index[i];
        }
        return live()[flat];
    }

    /** The single value of a one-element array. */
    public float item() {
        float[] d = live();
        if (d.length != 1) throw new IllegalArgumentException("item: expected one element, got shape " + Shapes.str(shape));
        return d[0];
    }

    public boolean sameShape(NDArray other) {
        return Arrays.equals(shape, other.shape);
    }

    public boolean hasShape(int... s) {
        return Arrays.equals(shape, s);
    }

    public NDArray copy() {
        return new NDArray(live().clone(), shape.clone());
    }

    // ---------------------------------------------------------------- in-place (optimizers, accumulation)

    public NDArray fill(float value) {
        Arrays.fill(live(), value);
        return this;
    }

    /** this += other (same shape). */
    public NDArray addInPlace(NDArray other) {
        requireSameShape("addInPlace", other);
        float[] o = other.live(), d = live();
        for (int i = 0; i < d.length; i++) d[i] += o[i];
        return this;
    }

    /** this += alpha * other (same shape). */
    public NDArray axpyInPlace(float alpha, NDArray other) {
        requireSameShape("axpyInPlace", other);
        float[] o = other.live(), d = live();
        for (int i = 0; i < d.length; i++) d[i] += alpha * o[i];
        return this;
    }

    public NDArray scaleInPlace(float s) {
        float[] d = live();
        for (int i = 0; i < d.length; i++) d[i] *= s;
        return this;
    }

    /** Copies {@code other}'s values into this array (same shape). */
    public NDArray assign(NDArray other) {
        requireSameShape("assign", other);
        float[] d = live();
        System.arraycopy(other.live(), 0, d, 0, d.length);
        return this;
    }

    private void requireSameShape(String op, NDArray other) {
        if (!Arrays.equals(shape, other.shape)) {
            throw new IllegalArgumentException(op + ": shapes " + Shapes.str(shape) + " and " + Shapes.str(other.shape) + " differ");
        }
    }

    // ---------------------------------------------------------------- layout

    /** A view with a new shape (shares data). One dimension may be -1 and is inferred. */
    public NDArray reshape(int... newShape) {
        NDArray view = new NDArray(live(), Layout.inferShape("reshape", shape, newShape));
        if (workspace != null) { // a view dies with the buffer it shares
            view.workspace = workspace;
            workspace.register(view);
        }
        return view;
    }

    /** Swaps the last two axes (copies). */
    public NDArray transpose() {
        return Layout.transpose(this);
    }

    /** Reorders axes (copies): result axis i is input axis {@code perm[i]}. */
    public NDArray permute(int... perm) {
        return Layout.permute(this, perm);
    }

    /** Elements {@code [start, end)} along {@code axis} (copies). */
    public NDArray slice(int axis, int start, int end) {
        return Layout.slice(this, axis, start, end);
    }

    /** Broadcasts to {@code target} (copies). */
    public NDArray expand(int... target) {
        return Layout.expand(this, target);
    }

    /** Sums broadcast dimensions away so the result has {@code target}'s shape: the adjoint of {@link #expand}. */
    public NDArray sumTo(int... target) {
        return Reductions.sumTo(this, target);
    }

    public static NDArray concat(int axis, NDArray... arrays) {
        return Layout.concat(axis, arrays);
    }

    public static NDArray stack(int axis, NDArray... arrays) {
        return Layout.stack(axis, arrays);
    }

    // ---------------------------------------------------------------- elementwise

    public NDArray add(NDArray o) { return Elementwise.binary(BinaryOp.ADD, this, o); }
    public NDArray sub(NDArray o) { return Elementwise.binary(BinaryOp.SUB, this, o); }
    public NDArray mul(NDArray o) { return Elementwise.binary(BinaryOp.MUL, this, o); }
    public NDArray div(NDArray o) { return Elementwise.binary(BinaryOp.DIV, this, o); }
    public NDArray maximum(NDArray o) { return Elementwise.binary(BinaryOp.MAXIMUM, this, o); }
    public NDArray minimum(NDArray o) { return Elementwise.binary(BinaryOp.MINIMUM, this, o); }
    public NDArray pow(NDArray o) { return Elementwise.binary(BinaryOp.POW, this, o); }
    public NDArray gt(NDArray o) { return Elementwise.binary(BinaryOp.GT, this, o); }
    public NDArray ge(NDArray o) { return Elementwise.binary(BinaryOp.GE, this, o); }
    public NDArray lt(NDArray o) { return Elementwise.binary(BinaryOp.LT, this, o); }
    public NDArray le(NDArray o) { return Elementwise.binary(BinaryOp.LE, this, o); }
    public NDArray eq(NDArray o) { return Elementwise.binary(BinaryOp.EQ, this, o); }
    public NDArray ne(NDArray o) { return Elementwise.binary(BinaryOp.NE, this, o); }

    public NDArray add(float s) { return Elementwise.affine(this, 1f, s); }
    public NDArray sub(float s) { return Elementwise.affine(this, 1f, -s); }
    public NDArray mul(float s) { return Elementwise.affine(this, s, 0f); }
    public NDArray div(float s) { return Elementwise.binary(BinaryOp.DIV, this, scalar(s)); }
    public NDArray pow(float p) { return Elementwise.pow(this, p); }
    public NDArray gt(float s) { return gt(scalar(s)); }
    public NDArray ge(float s) { return ge(scalar(s)); }
    public NDArray lt(float s) { return lt(scalar(s)); }
    public NDArray le(float s) { return le(scalar(s)); }
    public NDArray eq(float s) { return eq(scalar(s)); }

    public NDArray neg() { return Elementwise.unary(UnaryOp.NEG, this); }
    public NDArray exp() { return Elementwise.unary(UnaryOp.EXP, this); }
    public NDArray log() { return Elementwise.unary(UnaryOp.LOG, this); }
    public NDArray log1p() { return Elementwise.unary(UnaryOp.LOG1P, this); }
    public NDArray tanh() { return Elementwise.unary(UnaryOp.TANH, this); }
    public NDArray sigmoid() { return Elementwise.unary(UnaryOp.SIGMOID, this); }
    public NDArray relu() { return Elementwise.unary(UnaryOp.RELU, this); }
    /** log(1 + exp(x)), returning x itself above 20 as {@code torch.nn.functional.softplus} does. */
    public NDArray softplus() { return Elementwise.unary(UnaryOp.SOFTPLUS, this); }
    public NDArray sqrt() { return Elementwise.unary(UnaryOp.SQRT, this); }
    public NDArray abs() { return Elementwise.unary(UnaryOp.ABS, this); }
    public NDArray sign() { return Elementwise.unary(UnaryOp.SIGN, this); }
    public NDArray square() { return Elementwise.unary(UnaryOp.SQUARE, this); }
    public NDArray reciprocal() { return Elementwise.unary(UnaryOp.RECIPROCAL, this); }

    public NDArray clamp(float min, float max) { return Elementwise.clamp(this, min, max); }

    /** 1 where {@code min <= x <= max}, else 0: the mask clamp's gradient passes through. */
    public NDArray insideMask(float min, float max) { return Elementwise.insideMask(this, min, max); }

    /** {@code cond != 0 ? a : b}, with broadcasting of all three. */
    public static NDArray where(NDArray cond, NDArray a, NDArray b) { return Elementwise.where(cond, a, b); }

    // ---------------------------------------------------------------- reductions

    public NDArray sum(boolean keepDim, int... axes) { return Reductions.sum(this, keepDim, axes); }
    public NDArray sum() { return Reductions.sum(this, false); }
    public NDArray mean(boolean keepDim, int... axes) { return Reductions.mean(this, keepDim, axes); }
    public NDArray mean() { return Reductions.mean(this, false); }
    public NDArray max(boolean keepDim, int... axes) { return Reductions.max(this, keepDim, axes); }
    public NDArray min(boolean keepDim, int... axes) { return Reductions.min(this, keepDim, axes); }
    /** Variance with Bessel's correction ({@code correction = 1}, PyTorch's default) or without (0). */
    public NDArray var(int correction, boolean keepDim, int... axes) { return Reductions.var(this, correction, keepDim, axes); }
    public NDArray std(int correction, boolean keepDim, int... axes) { return Reductions.var(this, correction, keepDim, axes).sqrt(); }
    public NDArray logsumexp(int axis, boolean keepDim) { return Reductions.logsumexp(this, axis, keepDim); }
    public NDArray argmax(int axis, boolean keepDim) { return Reductions.argmax(this, axis, keepDim); }
    public NDArray softmax(int axis) { return Reductions.softmax(this, axis); }
    public NDArray logSoftmax(int axis) { return Reductions.logSoftmax(this, axis); }

    // ---------------------------------------------------------------- linear algebra

    /** op(this) · op(other), 2-D or batched, with transpose flags instead of materialised transposes. */
    public NDArray matmul(NDArray other, boolean transA, boolean transB) { return LinAlg.matmul(this, other, transA, transB); }
    public NDArray matmul(NDArray other) { return LinAlg.matmul(this, other, false, false); }
    public NDArray dot(NDArray other) { return LinAlg.dot(this, other); }
    public NDArray outer(NDArray other) { return LinAlg.outer(this, other); }

    // ---------------------------------------------------------------- indexing

    /** out[..., j, ...] = this[..., index[..., j, ...], ...] along {@code axis}. */
    public NDArray gather(int axis, NDArray index) { return Indexing.gather(this, axis, index); }
    /** The adjoint of {@link #gather}: zeros of {@code shape} with {@code this} added at {@code index}. */
    public NDArray scatterAdd(int axis, NDArray index, int... shape) { return Indexing.scatterAdd(this, axis, index, shape); }
    /** Rows {@code index[i]} of the leading axis (minibatches). */
    public NDArray takeRows(int[] index) { return Indexing.takeRows(this, index); }
    /** The adjoint of {@link #takeRows}: rows added into zeros with {@code rows} leading entries. */
    public NDArray indexAddRows(int[] index, int rows) { return Indexing.indexAddRows(this, index, rows); }
    public static NDArray oneHot(NDArray indices, int classes) { return Indexing.oneHot(indices, classes); }

    // ---------------------------------------------------------------- convolution

    public NDArray conv2d(NDArray weight, int stride, int padding) { return Convolution.conv2d(this, weight, stride, stride, padding, padding); }

    // ---------------------------------------------------------------- misc

    /** True when every element is finite (no NaN, no infinity). */
    public boolean allFinite() {
        for (float v : live()) if (!Float.isFinite(v)) return false;
        return true;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("NDArray").append(Shapes.str(shape)).append(' ');
        if (data == RELEASED && Shapes.size(shape) != 0) return sb.append("<released with its workspace>").toString();
        int show = Math.min(data.length, 16);
        sb.append('[');
        for (int i = 0; i < show; i++) {
            if (i > 0) sb.append(", ");
            sb.append(data[i]);
        }
        if (show < data.length) sb.append(", …");
        return sb.append(']').toString();
    }
}
