package dev.ascent.nn;

import dev.ascent.autograd.Tensor;

/** Elementwise max(0, x), as {@code torch.nn.ReLU}. */
public final class ReLU extends Module {
    @Override
    protected Tensor compute(Tensor input) {
        return input.relu();
    }
}
