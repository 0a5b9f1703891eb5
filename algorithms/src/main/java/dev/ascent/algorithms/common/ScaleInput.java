package dev.ascent.algorithms.common;

import dev.ascent.autograd.Tensor;
import dev.ascent.nn.Module;

/** Multiplies the input by a constant: the {@code x / 255.0} in front of the Atari network. */
public final class ScaleInput extends Module {
    private final float factor;

    public ScaleInput(float factor) {
        this.factor = factor;
    }

    public float factor() {
        return factor;
    }

    @Override
    protected Tensor compute(Tensor input) {
        return input.mul(factor);
    }

    @Override
    protected String extraRepr() {
        return "factor=" + factor;
    }
}
