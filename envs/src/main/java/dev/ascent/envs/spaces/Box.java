package dev.ascent.envs.spaces;

import dev.ascent.envs.random.NumpyRandom;
import java.util.Arrays;

/**
 * A (possibly unbounded) box in R<sup>n</sup> of any shape, Gymnasium's {@code gymnasium.spaces.Box}. Elements
 * are stored flat, row-major, as {@code float[]} of length {@link #size()}; {@link #shape()} gives the logical
 * shape (e.g. {@code (4, 84, 84)} for stacked pixel frames). Observations of every environment and actions of
 * continuous environments ({@code Env.step(float[])}) use this space.
 *
 * <p>Instances are immutable apart from the sampling generator.
 */
public final class Box implements Space {

    private final float[] low;
    private final float[] high;
    private final int[] shape;
    private final DType dtype;
    private NumpyRandom random;

    /**
     * A float32 box with the same bounds for every element, e.g. {@code new Box(-2f, 2f, 1)} is Pendulum's action
     * space {@code Box(-2.0, 2.0, (1,), float32)}.
     *
     * @param low lower bound of every element (may be -infinity)
     * @param high upper bound of every element (may be +infinity)
     * @param shape the shape, at least one dimension
     */
    public Box(float low, float high, int... shape) {
        this(low, high, DType.FLOAT32, shape);
    }

    /**
     * A box with the same bounds for every element and the given dtype, e.g.
     * {@code new Box(0, 255, DType.UINT8, 4, 84, 84)}.
     *
     * @param low lower bound of every element
     * @param high upper bound of every element
     * @param dtype element type
     * @param shape the shape, at least one dimension
     */
    public Box(float low, float high, DType dtype, int... shape) {
        this(filled(sizeOf(shape), low), filled(sizeOf(shape), high), shape, dtype);
    }

    /**
     * A one-dimensional float32 box with per-element bounds.
     *
     * @param low lower bounds
     * @param high upper bounds, same length
     */
    public Box(float[] low, float[] high) {
        this(low, high, new int[] {low.length}, DType.FLOAT32);
    }

    /**
     * A box with per-element bounds (flat, row-major) and an explicit shape.
     *
     * @param low lower bounds, {@code prod(shape)} values
     * @param high upper bounds, {@code prod(shape)} values
     * @param shape the shape
     * @param dtype element type
     */
    public Box(float[] low, float[] high, int[] shape, DType dtype) {
        int size = sizeOf(shape);
        if (low.length != size || high.length != size) {
            throw new IllegalArgumentException("Box bounds have lengths " + low.length + " and " + high.length
                    + " but shape " + shapeString(shape) + " needs " + size);
        }
        for (int i = 0; i < size; i++) {
            if (Float.isNaN(low[i]) || Float.isNaN(high[i])) {
                throw new IllegalArgumentException("Box bounds must not be NaN (index " + i + ")");
            }
            if (low[i] > high[i]) {
                throw new IllegalArgumentException("Box low > high at index " + i + ": " + low[i] + " > " + high[i]);
            }
            if (dtype == DType.UINT8 && (low[i] < 0 || high[i] > 255 || low[i] != Math.rint(low[i])
                    || high[i] != Math.rint(high[i]))) {
                throw new IllegalArgumentException("uint8 Box bounds must be integers in [0, 255], got ["
                        + low[i] + ", " + high[i] + "] at index " + i);
            }
        }
        this.low = low.clone();
        this.high = high.clone();
        this.shape = shape.clone();
        this.dtype = dtype;
    }

    private static int sizeOf(int[] shape) {
        if (shape.length == 0) {
            throw new IllegalArgumentException("Box shape needs at least one dimension");
        }
        long size = 1;
        for (int d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException("Box shape dimensions must be positive, got " + shapeString(shape));
            }
            size *= d;
            if (size > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("Box shape " + shapeString(shape) + " is too large");
            }
        }
        return (int) size;
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        Arrays.fill(a, v);
        return a;
    }

    /** Number of elements, the product of the shape. */
    public int size() {
        return low.length;
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** The element type. */
    public DType dtype() {
        return dtype;
    }

    /** A copy of the lower bounds (flat). */
    public float[] low() {
        return low.clone();
    }

    /** A copy of the upper bounds (flat). */
    public float[] high() {
        return high.clone();
    }

    /** Lower bound of flat element {@code i}. */
    public float low(int i) {
        return low[i];
    }

    /** Upper bound of flat element {@code i}. */
    public float high(int i) {
        return high[i];
    }

    /** Whether every element has finite lower and upper bounds. */
    public boolean isBounded() {
        for (int i = 0; i < low.length; i++) {
            if (Float.isInfinite(low[i]) || Float.isInfinite(high[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code x} is an element: right length, no NaN, within the bounds (inclusive) and, for integral
     * dtypes, integral.
     *
     * @param x candidate (flat)
     * @return membership
     */
    public boolean contains(float[] x) {
        if (x == null || x.length != low.length) {
            return false;
        }
        for (int i = 0; i < x.length; i++) {
            float v = x[i];
            if (!(v >= low[i] && v <= high[i])) { // also false for NaN
                return false;
            }
            if (dtype.isIntegral() && v != Math.rint(v)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Validates an action for {@code Env.step(float[])}: right length and no NaN. Values outside the bounds are
     * allowed, as in Gymnasium (e.g. Pendulum clips its torque).
     *
     * @param action the action
     * @throws IllegalArgumentException naming the value and the space
     */
    public void checkAction(float[] action) {
        if (action == null) {
            throw new IllegalArgumentException("action null is not in " + this + ": expected " + low.length + " values");
        }
        if (action.length != low.length) {
            throw new IllegalArgumentException("action " + Arrays.toString(action) + " is not in " + this + ": expected "
                    + low.length + " value" + (low.length == 1 ? "" : "s") + ", got " + action.length);
        }
        for (int i = 0; i < action.length; i++) {
            if (Float.isNaN(action[i])) {
                throw new IllegalArgumentException("action " + Arrays.toString(action) + " is not in " + this
                        + ": NaN at index " + i);
            }
        }
    }

    /**
     * A sample with this space's own generator ({@code space.sample()}). For bounded float32 boxes this is
     * bit-exact with Gymnasium for the same {@link #seed(long)}: each element is
     * {@code float32(uniform(low, high))}, element 0 first.
     *
     * @return a new array
     */
    public float[] sample() {
        return sample(random());
    }

    /**
     * A sample drawn from {@code rng}, following Gymnasium's {@code Box.sample}: bounded elements uniform,
     * half-bounded ones shifted exponential, unbounded ones standard normal; integral dtypes sample
     * {@code floor(uniform(low, high + 1))}. The draws come in Gymnasium's order (all normal elements, then
     * lower-bounded, upper-bounded, bounded).
     *
     * @param rng the generator
     * @return a new array
     */
    public float[] sample(NumpyRandom rng) {
        int n = low.length;
        double[] sample = new double[n];
        // Same pass order as Gymnasium so that bounded boxes consume the stream identically.
        for (int i = 0; i < n; i++) {
            if (!boundedBelow(i) && !boundedAbove(i)) {
                sample[i] = rng.standardNormal();
            }
        }
        for (int i = 0; i < n; i++) {
            if (boundedBelow(i) && !boundedAbove(i)) {
                sample[i] = rng.standardExponential() + low[i];
            }
        }
        for (int i = 0; i < n; i++) {
            if (!boundedBelow(i) && boundedAbove(i)) {
                sample[i] = -rng.standardExponential() + upperForSampling(i);
            }
        }
        for (int i = 0; i < n; i++) {
            if (boundedBelow(i) && boundedAbove(i)) {
                sample[i] = rng.uniform(low[i], upperForSampling(i));
            }
        }
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            double v = sample[i];
            if (dtype.isIntegral()) {
                v = Math.min(255.0, Math.max(0.0, Math.floor(v))); // floor, then clip to the uint8 range
            }
            out[i] = (float) v;
        }
        return out;
    }

    private boolean boundedBelow(int i) {
        return low[i] != Float.NEGATIVE_INFINITY;
    }

    private boolean boundedAbove(int i) {
        return high[i] != Float.POSITIVE_INFINITY;
    }

    /** Integral dtypes sample [low, high + 1) and floor, so that high itself is reachable. */
    private double upperForSampling(int i) {
        return dtype.isIntegral() ? (double) high[i] + 1.0 : high[i];
    }

    @Override
    public long seed(long seed) {
        random = NumpyRandom.seeded(seed);
        return seed;
    }

    @Override
    public long seed() {
        return seed(NumpyRandom.randomSeed());
    }

    @Override
    public NumpyRandom random() {
        if (random == null) {
            random = NumpyRandom.fromEntropy();
        }
        return random;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Box b && b.dtype == dtype && Arrays.equals(b.shape, shape) && Arrays.equals(b.low, low)
                && Arrays.equals(b.high, high);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(shape) + Arrays.hashCode(low)) + Arrays.hashCode(high);
    }

    @Override
    public String toString() {
        return "Box(" + boundString(low) + ", " + boundString(high) + ", " + shapeString(shape) + ", "
                + dtype.numpyName() + ")";
    }

    private String boundString(float[] bound) {
        boolean uniform = true;
        for (float v : bound) {
            uniform &= v == bound[0];
        }
        if (uniform) {
            return number(bound[0]);
        }
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < bound.length; i++) {
            sb.append(i == 0 ? "" : " ").append(number(bound[i]));
        }
        return sb.append(']').toString();
    }

    private String number(float v) {
        if (Float.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return dtype.isIntegral() ? Integer.toString((int) v) : Float.toString(v);
    }

    /** A Python-tuple rendering of a shape: {@code (4,)} or {@code (4, 84, 84)}. */
    public static String shapeString(int[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return sb.append(')').toString();
    }
}
