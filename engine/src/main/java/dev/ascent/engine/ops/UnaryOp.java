package dev.ascent.engine.ops;

/** Elementwise unary ops, each with its float32 definition as PyTorch computes it. */
public enum UnaryOp {
    NEG, EXP, LOG, LOG1P, TANH, SIGMOID, RELU, SOFTPLUS, SQRT, ABS, SIGN, SQUARE, RECIPROCAL;

    /** PyTorch's softplus returns x unchanged above this (beta = 1). */
    public static final float SOFTPLUS_THRESHOLD = 20f;

    public float apply(float x) {
        switch (this) {
            case NEG: return -x;
            case EXP: return (float) Math.exp(x);
            case LOG: return (float) Math.log(x);
            case LOG1P: return (float) Math.log1p(x);
            case TANH: return tanh(x);
            case SIGMOID: return sigmoid(x);
            case RELU: return x > 0f ? x : (x != x ? x : 0f);
            case SOFTPLUS: return x > SOFTPLUS_THRESHOLD ? x : (float) Math.log1p(Math.exp(x));
            case SQRT: return (float) Math.sqrt(x);
            case ABS: return Math.abs(x);
            case SIGN: return Math.signum(x);
            case SQUARE: return x * x;
            case RECIPROCAL: return 1f / x;
            default: throw new AssertionError(this);
        }
    }

    /**
     * tanh through the intrinsic {@code Math.exp} in double precision: JDK 17's {@code Math.tanh} is a
     * JNI call into fdlibm and several times slower. {@code (1-e)/(1+e)} with {@code e = exp(-2|x|)} loses
     * no float32 accuracy: near 0 the double cancellation error (~1e-16/|x| relative) is far below
     * float32's 6e-8, and for tiny |x| we return x exactly as tanh does.
     */
    static float tanh(float x) {
        float ax = Math.abs(x);
        if (ax < 1e-4f) return x;
        if (ax > 9.1f) return Math.copySign(1f, x); // tanh(9.1) rounds to 1 in float32
        double e = Math.exp(-2.0 * ax);
        return (float) Math.copySign((1.0 - e) / (1.0 + e), x);
    }

    /** 1/(1+exp(-x)), in double so that neither tail overflows or loses precision. */
    static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-(double) x)));
    }

    public String opName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
