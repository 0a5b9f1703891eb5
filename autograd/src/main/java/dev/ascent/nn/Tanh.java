package dev.ascent.nn;

import dev.ascent.autograd.Tensor;

/** Elementwise tanh(x), as {@code torch.nn.Tanh}. */
public final class Tanh extends Module {
    @Override
    protected Tensor compute(Tensor input) {
        return input.tanh();
    }
}
