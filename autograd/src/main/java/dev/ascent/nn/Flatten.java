package dev.ascent.nn;

import dev.ascent.autograd.Tensor;

/** Flattens every axis from {@code startDim} on (default 1, keeping the batch), as {@code torch.nn.Flatten}. */
public final class Flatten extends Module {
    private final int startDim;

    public Flatten() {
        this(1);
    }

    public Flatten(int startDim) {
        this.startDim = startDim;
    }

    @Override
    protected Tensor compute(Tensor input) {
        return input.flatten(startDim);
    }

    @Override
    protected String extraRepr() {
        return "start_dim=" + startDim;
    }
}
