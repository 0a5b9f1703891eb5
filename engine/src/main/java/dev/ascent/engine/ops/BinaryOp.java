package dev.ascent.engine.ops;

/** Elementwise binary ops. Comparisons return 1 for true and 0 for false. */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, MAXIMUM, MINIMUM, POW, GT, GE, LT, LE, EQ, NE;

    /** The scalar definition; the hot ops also have dedicated loops in {@link Elementwise}. */
    public float apply(float a, float b) {
        switch (this) {
            case ADD: return a + b;
            case SUB: return a - b;
            case MUL: return a * b;
            case DIV: return a / b;
            // NaN propagates, as torch.maximum/minimum do.
            case MAXIMUM: return (a != a || b != b) ? Float.NaN : Math.max(a, b);
            case MINIMUM: return (a != a || b != b) ? Float.NaN : Math.min(a, b);
            case POW: return (float) Math.pow(a, b);
            case GT: return a > b ? 1f : 0f;
            case GE: return a >= b ? 1f : 0f;
            case LT: return a < b ? 1f : 0f;
            case LE: return a <= b ? 1f : 0f;
            case EQ: return a == b ? 1f : 0f;
            case NE: return a != b ? 1f : 0f;
            default: throw new AssertionError(this);
        }
    }

    public String opName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
