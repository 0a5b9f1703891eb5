package dev.ascent.engine.ops;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD exp, tanh and sigmoid built only from IEEE-exact lane operations (add, mul, fma, div, compare,
 * blend, bit shifts); loaded only through {@link FastMath} when the Vector API is present.
 *
 * <p>Why not {@code lanewise(VectorOperators.EXP)}: the JDK computes it with {@code Math.exp} per lane
 * until the JIT compiles the loop and with Intel's SVML afterwards, and the two differ in the last bit.
 * A training run then depends on when the JIT kicked in, which breaks Ascent's promise that the same seed
 * gives bit-identical results. Every operation used here is exactly rounded in the interpreter and in
 * compiled code alike, and the scalar tail ({@link #exp(float)}, …) performs the same operations in the
 * same order, so a value's result does not depend on its position in the array either.
 *
 * <p>Accuracy (float32): exp within 2 ulp for results above 2^-126 (smaller results flush to 0, larger
 * than Float.MAX_VALUE give +inf); tanh within 2.5 ulp (checked exhaustively over all floats); sigmoid within
 * about 3 ulp.
 */
final class VectorMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;          // exactly representable high part of ln 2
    private static final float LN2_LO = -2.12194440e-4f;       // ln 2 - LN2_HI
    private static final float ROUND = 12582912f;              // 1.5 * 2^23: adding it rounds to an integer
    private static final int ROUND_BITS = Float.floatToRawIntBits(ROUND);
    private static final float EXP_MAX = 88.72283f;            // above: +inf
    private static final float EXP_MIN = -87.33654f;           // below: flush to 0 (2^-126 and under)
    // Taylor coefficients of e^r on |r| <= ln2/2: the degree-7 remainder is below 6e-9 relative.
    private static final float C7 = 1f / 5040, C6 = 1f / 720, C5 = 1f / 120, C4 = 1f / 24, C3 = 1f / 6, C2 = 0.5f;
    // tanh(y) ≈ y + y·s·E(s)/Q(s) with s = y², for |y| <= 4.6: a (3,3) rational in s fitted for minimax relative
    // error (3e-8 with these float coefficients), written as y plus a correction (one fma) so that near 0 the
    // rounding of the correction (about s/3 of the result) barely matters.
    private static final float E1 = -0.33333313f, E2 = -0.01974564f, E3 = -1.6881933e-4f;
    private static final float Q1 = 0.45923564f, Q2 = 0.022297023f, Q3 = 1.7427267e-4f;
    private static final float TANH_CLAMP = 9.2f; // tanh(9.2) rounds to 1 in float32, and so does the formula
    private VectorMath() {}

    // ---------------------------------------------------------------- exp

    static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(EXP_MIN).min(EXP_MAX);
        // t = x·log2(e) + 1.5·2^23 holds round(x·log2(e)) in its low mantissa bits: k as a float and as an int
        // without a float-to-int conversion (conversions and mask casts are not intrinsified in JDK 17).
        FloatVector t = xc.fma(FloatVector.broadcast(S, LOG2E), FloatVector.broadcast(S, ROUND));
        FloatVector k = t.sub(ROUND);
        FloatVector r = k.fma(FloatVector.broadcast(S, -LN2_HI), xc);
        r = k.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector p = r.fma(FloatVector.broadcast(S, C7), FloatVector.broadcast(S, C6));
        p = p.fma(r, FloatVector.broadcast(S, C5));
        p = p.fma(r, FloatVector.broadcast(S, C4));
        p = p.fma(r, FloatVector.broadcast(S, C3));
        p = p.fma(r, FloatVector.broadcast(S, C2));
        p = p.fma(r, FloatVector.broadcast(S, 1f));
        p = p.fma(r, FloatVector.broadcast(S, 1f));
        // 2^k as 2^(k>>1) · 2^(k - (k>>1)): both factors stay normal for every k in [-126, 128].
        IntVector ki = t.reinterpretAsInts().sub(ROUND_BITS);
        IntVector half = ki.lanewise(VectorOperators.ASHR, 1);
        FloatVector s1 = half.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = ki.sub(half).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector result = p.mul(s1).mul(s2);
        result = result.blend(FloatVector.broadcast(S, Float.POSITIVE_INFINITY), x.compare(VectorOperators.GT, EXP_MAX));
        // NaN needs no blend: max/min keep it (Math.max semantics) and it propagates through the arithmetic.
        return result.blend(FloatVector.zero(S), x.compare(VectorOperators.LT, EXP_MIN));
    }

    /** The same operations as {@link #exp(FloatVector)} on one value. */
    static float exp(float x) {
        if (x != x) return x;
        if (x > EXP_MAX) return Float.POSITIVE_INFINITY;
        if (x < EXP_MIN) return 0f;
        float t = Math.fma(x, LOG2E, ROUND);
        float k = t - ROUND;
        float r = Math.fma(k, -LN2_HI, x);
        r = Math.fma(k, -LN2_LO, r);
        float p = Math.fma(r, C7, C6);
        p = Math.fma(p, r, C5);
        p = Math.fma(p, r, C4);
        p = Math.fma(p, r, C3);
        p = Math.fma(p, r, C2);
        p = Math.fma(p, r, 1f);
        p = Math.fma(p, r, 1f);
        int ki = Float.floatToRawIntBits(t) - ROUND_BITS;
        int half = ki >> 1;
        return p * Float.intBitsToFloat(half + 127 << 23) * Float.intBitsToFloat(ki - half + 127 << 23);
    }

    // ---------------------------------------------------------------- tanh

    /**
     * tanh(x) = 2h / (1 + h²) with h = tanh(x/2) from the rational above. The half-angle step is what makes this
     * accurate near saturation: a relative error δ in h becomes δ·(1 - h²)/(1 + h²) in the result, so the
     * rounding of the rational barely shows where tanh is close to ±1. No exp, no bit tricks: only add, mul,
     * fma, div, min and max, which is what JDK 17 compiles to SIMD (its vector reinterpret/convert fall back to
     * slow Java code). The function is odd by construction, keeps -0 and NaN, and reaches ±1 at the clamp.
     */
    static FloatVector tanh(FloatVector x) {
        FloatVector xh = x.max(-TANH_CLAMP).min(TANH_CLAMP).mul(0.5f);
        FloatVector s = xh.mul(xh);
        FloatVector e = s.fma(E3, E2).fma(s, FloatVector.broadcast(S, E1));
        FloatVector q = s.fma(Q3, Q2).fma(s, FloatVector.broadcast(S, Q1)).fma(s, FloatVector.broadcast(S, 1f));
        // + 0 turns the -0 of s = 0 into +0, so that the fma below keeps the sign of x = -0.
        FloatVector h = xh.fma(s.mul(e).div(q).add(0f), xh);
        return h.add(h).div(h.fma(h, FloatVector.broadcast(S, 1f)));
    }

    /** The same operations as {@link #tanh(FloatVector)} on one value. */
    static float tanh(float x) {
        float xh = Math.min(Math.max(x, -TANH_CLAMP), TANH_CLAMP) * 0.5f;
        float s = xh * xh;
        float e = Math.fma(Math.fma(s, E3, E2), s, E1);
        float q = Math.fma(Math.fma(Math.fma(s, Q3, Q2), s, Q1), s, 1f);
        float h = Math.fma(xh, s * e / q + 0f, xh);
        return (h + h) / Math.fma(h, h, 1f);
    }

    // ---------------------------------------------------------------- sigmoid

    static FloatVector sigmoid(FloatVector x) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        return one.div(one.add(exp(x.neg())));
    }

    static float sigmoid(float x) {
        return 1f / (1f + exp(-x));
    }

    // ---------------------------------------------------------------- loops

    static void exp(float[] x, float[] o, int n) {
        int i = 0;
        for (; i + L <= n; i += L) exp(FloatVector.fromArray(S, x, i)).intoArray(o, i);
        for (; i < n; i++) o[i] = exp(x[i]);
    }

    static void tanh(float[] x, float[] o, int n) {
        int i = 0;
        for (; i + L <= n; i += L) tanh(FloatVector.fromArray(S, x, i)).intoArray(o, i);
        for (; i < n; i++) o[i] = tanh(x[i]);
    }

    static void sigmoid(float[] x, float[] o, int n) {
        int i = 0;
        for (; i + L <= n; i += L) sigmoid(FloatVector.fromArray(S, x, i)).intoArray(o, i);
        for (; i < n; i++) o[i] = sigmoid(x[i]);
    }

    /**
     * {@link UnaryOp#RELU} as a blend, not a branch: x where x > 0 or x is NaN, else +0 (so -0 becomes +0 and NaN
     * passes through, exactly as the scalar rule).
     */
    static void relu(float[] x, float[] o, int n) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            v.blend(0f, v.compare(VectorOperators.LE, 0f)).intoArray(o, i);
        }
        for (; i < n; i++) o[i] = UnaryOp.RELU.apply(x[i]);
    }

    /** o = y > 0 ? g : 0 (NaN y gives 0, as in the scalar rule). */
    static void reluBackward(float[] g, float[] y, float[] o, int n) {
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (; i + L <= n; i += L) {
            zero.blend(FloatVector.fromArray(S, g, i), FloatVector.fromArray(S, y, i).compare(VectorOperators.GT, 0f))
                    .intoArray(o, i);
        }
        for (; i < n; i++) o[i] = y[i] > 0f ? g[i] : 0f;
    }

    /** {@link OptimizerKernels#adam}: lanewise the same operations as its scalar loop, which finishes the tail. */
    static void adam(float[] p, float[] g, float[] m, float[] v, int n, float b1, float c1, float b2, float c2,
                     float negStep, float bc2Sqrt, float eps) {
        int k = 0;
        for (; k + L <= n; k += L) {
            FloatVector gk = FloatVector.fromArray(S, g, k);
            FloatVector mk = FloatVector.fromArray(S, m, k).mul(b1).add(gk.mul(c1));
            FloatVector vk = FloatVector.fromArray(S, v, k).mul(b2).add(gk.mul(c2).mul(gk));
            mk.intoArray(m, k);
            vk.intoArray(v, k);
            FloatVector denom = vk.lanewise(VectorOperators.SQRT).div(bc2Sqrt).add(eps);
            FloatVector.fromArray(S, p, k).add(mk.mul(negStep).div(denom)).intoArray(p, k);
        }
        OptimizerKernels.adamScalar(p, g, m, v, k, n, b1, c1, b2, c2, negStep, bc2Sqrt, eps);
    }

    /**
     * out[ob + i] = Σ_r x[xb + r·inner + i] for i < inner, r < rows, each column summed in row order (the same
     * order as the scalar tail and as repeated {@link #addInto}). Keeping four vectors of columns in registers
     * across all rows writes each output once instead of once per row: the bias gradients of a minibatch.
     */
    static void columnSums(float[] x, int xb, int rows, int inner, float[] out, int ob) {
        int i = 0;
        for (; i + 4 * L <= inner; i += 4 * L) {
            int at = xb + i;
            FloatVector a0 = FloatVector.fromArray(S, x, at), a1 = FloatVector.fromArray(S, x, at + L);
            FloatVector a2 = FloatVector.fromArray(S, x, at + 2 * L), a3 = FloatVector.fromArray(S, x, at + 3 * L);
            for (int r = 1; r < rows; r++) {
                at += inner;
                a0 = a0.add(FloatVector.fromArray(S, x, at));
                a1 = a1.add(FloatVector.fromArray(S, x, at + L));
                a2 = a2.add(FloatVector.fromArray(S, x, at + 2 * L));
                a3 = a3.add(FloatVector.fromArray(S, x, at + 3 * L));
            }
            a0.intoArray(out, ob + i);
            a1.intoArray(out, ob + i + L);
            a2.intoArray(out, ob + i + 2 * L);
            a3.intoArray(out, ob + i + 3 * L);
        }
        for (; i + L <= inner; i += L) {
            int at = xb + i;
            FloatVector a = FloatVector.fromArray(S, x, at);
            for (int r = 1; r < rows; r++) a = a.add(FloatVector.fromArray(S, x, at += inner));
            a.intoArray(out, ob + i);
        }
        for (; i < inner; i++) {
            float a = x[xb + i];
            for (int r = 1; r < rows; r++) a += x[xb + r * inner + i];
            out[ob + i] = a;
        }
    }

    /** acc[accOff..+n) += x[xOff..+n): the column sums of reductions over a leading axis (bias gradients). */
    static void addInto(float[] acc, int accOff, float[] x, int xOff, int n) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector.fromArray(S, acc, accOff + i).add(FloatVector.fromArray(S, x, xOff + i)).intoArray(acc, accOff + i);
        }
        for (; i < n; i++) acc[accOff + i] += x[xOff + i];
    }
}
