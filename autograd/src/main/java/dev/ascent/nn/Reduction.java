package dev.ascent.nn;

/** How a loss combines its elementwise terms, as PyTorch's {@code reduction} argument. */
public enum Reduction {
    NONE, MEAN, SUM
}
