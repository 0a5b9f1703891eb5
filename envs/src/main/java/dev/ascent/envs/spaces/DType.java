package dev.ascent.envs.spaces;

/**
 * The element type a {@link Box} describes. Values are always stored as {@code float}; the dtype says which
 * values are valid ({@link #UINT8}: integers in [0, 255], e.g. pixels) and how {@code sample()} rounds.
 */
public enum DType {
    /** IEEE single precision, Gymnasium's default {@code np.float32}. */
    FLOAT32("float32"),
    /** Unsigned bytes held as integral floats, NumPy's {@code np.uint8} (image observations). */
    UINT8("uint8");

    private final String numpyName;

    DType(String numpyName) {
        this.numpyName = numpyName;
    }

    /** NumPy's name of the dtype, as printed in a space's representation. */
    public String numpyName() {
        return numpyName;
    }

    /** Whether only integral values are valid. */
    public boolean isIntegral() {
        return this == UINT8;
    }
}
