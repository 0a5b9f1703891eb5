package dev.ascent.nn;

import dev.ascent.autograd.Tensor;

/** Elementwise 1 / (1 + exp(-x)), as {@code torch.nn.Sigmoid}. */
public final class Sigmoid extends Module {
    @Override
    protected Tensor compute(Tensor input) {
        return input.sigmoid();
    }
}
