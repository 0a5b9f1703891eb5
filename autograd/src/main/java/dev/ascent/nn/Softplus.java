package dev.ascent.nn;

import dev.ascent.autograd.Tensor;

/** Elementwise log(1 + exp(x)), x itself above 20 (PyTorch's threshold), as {@code torch.nn.Softplus}. */
public final class Softplus extends Module {
    @Override
    protected Tensor compute(Tensor input) {
        return input.softplus();
    }
}
