package dev.ascent.nn;

import dev.ascent.autograd.Tensor;

/** Softmax along an axis (default the last), as {@code torch.nn.Softmax(dim)}. */
public final class Softmax extends Module {
    private final int axis;

    public Softmax() {
        this(-1);
    }

    public Softmax(int axis) {
        this.axis = axis;
    }

    @Override
    protected Tensor compute(Tensor input) {
        return input.softmax(axis);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + axis;
    }
}
