package dev.ascent.nn;

import dev.ascent.autograd.Tensor;

/**
 * Observes a module's {@link Module#forward} call: its input and output (PyTorch's
 * {@code register_forward_hook}). Typical uses are K-FAC's capture of layer inputs and debugging of
 * activation statistics. A hook must not modify the tensors' data.
 */
@FunctionalInterface
public interface ForwardHook {
    void afterForward(Module module, Tensor input, Tensor output);
}
