package dev.ascent.nn;

import dev.ascent.autograd.Tensor;

/** Returns its input: a placeholder where a layer is optional (e.g. no output activation). */
public final class Identity extends Module {
    @Override
    protected Tensor compute(Tensor input) {
        return input;
    }
}
