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
 * than Float.MAX_VALUE give +inf); tanh and sigmoid within about 3 ulp.
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
    // Taylor coefficients of tanh on |x| < 0.55 (odd powers 3..15): the remainder is below 5e-8 relative.
    private static final float T3 = -1f / 3, T5 = 2f / 15, T7 = -17f / 315, T9 = 62f / 2835,
            T11 = -1382f / 155925, T13 = 21844f / 6081075, T15 = -929569f / 638512875;
    private static final float TANH_SMALL = 0.55f;

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

    /** Odd Taylor polynomial near 0 (no cancellation); 1 - 2/(e^{2|x|} + 1) elsewhere, where tanh >= 0.5. */
    static FloatVector tanh(FloatVector x) {
        FloatVector ax = x.abs();
        FloatVector x2 = x.mul(x);
        FloatVector p = x2.fma(FloatVector.broadcast(S, T15), FloatVector.broadcast(S, T13));
        p = p.fma(x2, FloatVector.broadcast(S, T11));
        p = p.fma(x2, FloatVector.broadcast(S, T9));
        p = p.fma(x2, FloatVector.broadcast(S, T7));
        p = p.fma(x2, FloatVector.broadcast(S, T5));
        p = p.fma(x2, FloatVector.broadcast(S, T3));
        FloatVector small = p.mul(x2).fma(ax, ax);
        FloatVector e = exp(ax.add(ax));
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector big = one.sub(FloatVector.broadcast(S, 2f).div(e.add(one)));
        FloatVector magnitude = big.blend(small, ax.compare(VectorOperators.LT, TANH_SMALL));
        IntVector sign = x.reinterpretAsInts().and(0x80000000); // |tanh| >= 0: OR-ing the sign bit copies it (tanh(-0) = -0)
        return magnitude.reinterpretAsInts().or(sign).reinterpretAsFloats();
    }

    static float tanh(float x) {
        float ax = Math.abs(x);
        if (ax < TANH_SMALL) {
            float x2 = x * x;
            float p = Math.fma(x2, T15, T13);
            p = Math.fma(p, x2, T11);
            p = Math.fma(p, x2, T9);
            p = Math.fma(p, x2, T7);
            p = Math.fma(p, x2, T5);
            p = Math.fma(p, x2, T3);
            return Math.copySign(Math.fma(p * x2, ax, ax), x);
        }
        float e = exp(ax + ax);
        return Math.copySign(1f - 2f / (e + 1f), x);
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

    /** acc[accOff..+n) += x[xOff..+n): the column sums of reductions over a leading axis (bias gradients). */
    static void addInto(float[] acc, int accOff, float[] x, int xOff, int n) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector.fromArray(S, acc, accOff + i).add(FloatVector.fromArray(S, x, xOff + i)).intoArray(acc, accOff + i);
        }
        for (; i < n; i++) acc[accOff + i] += x[xOff + i];
    }
}
