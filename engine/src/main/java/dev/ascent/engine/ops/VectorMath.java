package dev.ascent.engine.ops;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** SIMD transcendental loops; loaded only through {@link FastMath} when the Vector API is present. */
final class VectorMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorMath() {}

    static void exp(float[] x, float[] o, int n) {
        int i = 0;
        for (; i + L <= n; i += L) FloatVector.fromArray(S, x, i).lanewise(VectorOperators.EXP).intoArray(o, i);
        for (; i < n; i++) o[i] = (float) Math.exp(x[i]);
    }

    static void log(float[] x, float[] o, int n) {
        int i = 0;
        for (; i + L <= n; i += L) FloatVector.fromArray(S, x, i).lanewise(VectorOperators.LOG).intoArray(o, i);
        for (; i < n; i++) o[i] = (float) Math.log(x[i]);
    }

    static void tanh(float[] x, float[] o, int n) {
        int i = 0;
        for (; i + L <= n; i += L) FloatVector.fromArray(S, x, i).lanewise(VectorOperators.TANH).intoArray(o, i);
        for (; i < n; i++) o[i] = UnaryOp.tanh(x[i]);
    }

    /** 1/(1+exp(-x)); exp(-x) overflowing to +inf gives exactly 0, the correct limit. */
    static void sigmoid(float[] x, float[] o, int n) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector e = FloatVector.fromArray(S, x, i).neg().lanewise(VectorOperators.EXP);
            one.div(one.add(e)).intoArray(o, i);
        }
        for (; i < n; i++) o[i] = UnaryOp.sigmoid(x[i]);
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
