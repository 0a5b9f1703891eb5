package dev.ascent.engine.ops;

import dev.ascent.engine.backend.VectorSupport;

/**
 * Dispatch to the SIMD kernels of {@link VectorMath} when the Vector API is present: exp, tanh and
 * sigmoid as polynomials of exactly rounded lane operations, an order of magnitude faster than a scalar
 * {@code Math.exp} per element and deterministic (see {@link VectorMath} for why the JDK's own
 * vector EXP/TANH are not used). This class never loads {@code VectorMath} otherwise, so a JVM without
 * the module is unaffected.
 */
final class FastMath {
    static final boolean AVAILABLE = VectorSupport.AVAILABLE && !"false".equalsIgnoreCase(System.getProperty("ascent.vector.math"));

    private FastMath() {}

    static boolean supports(UnaryOp op) {
        return op == UnaryOp.EXP || op == UnaryOp.TANH || op == UnaryOp.SIGMOID || op == UnaryOp.RELU;
    }

    static void apply(UnaryOp op, float[] x, float[] o, int n) {
        switch (op) {
            case EXP: VectorMath.exp(x, o, n); break;
            case TANH: VectorMath.tanh(x, o, n); break;
            case SIGMOID: VectorMath.sigmoid(x, o, n); break;
            case RELU: VectorMath.relu(x, o, n); break;
            default: throw new AssertionError(op);
        }
    }

    /**
     * o = y > 0 ? g : 0. The scalar loop is a data-dependent branch that mispredicts about half the time on a
     * ReLU's outputs (3 ns per element for the Atari CNN, against about 0.2 ns as a vector blend).
     */
    static void reluBackward(float[] g, float[] y, float[] o, int n) {
        if (AVAILABLE) {
            VectorMath.reluBackward(g, y, o, n);
        } else {
            for (int i = 0; i < n; i++) o[i] = y[i] > 0f ? g[i] : 0f;
        }
    }

    /** Column sums of a [rows, inner] block (rows >= 1; only when {@link #AVAILABLE}); see {@link VectorMath#columnSums}. */
    static void columnSums(float[] x, int xb, int rows, int inner, float[] out, int ob) {
        VectorMath.columnSums(x, xb, rows, inner, out, ob);
    }

    /** acc[accOff..+n) += x[xOff..+n), vectorised when possible (C2 in JDK 17 does not vectorise this loop). */
    static void addInto(float[] acc, int accOff, float[] x, int xOff, int n) {
        if (AVAILABLE) {
            VectorMath.addInto(acc, accOff, x, xOff, n);
        } else {
            for (int i = 0; i < n; i++) acc[accOff + i] += x[xOff + i];
        }
    }
}
