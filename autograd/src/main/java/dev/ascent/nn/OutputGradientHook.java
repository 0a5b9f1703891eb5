package dev.ascent.nn;

import dev.ascent.autograd.Tensor;

/**
 * Receives the gradient of the loss with respect to a module's output during a backward pass (the
 * {@code grad_output} of PyTorch's {@code register_full_backward_hook}). K-FAC accumulates its output-side
 * factor from it. The gradient has the output's shape; it is observed, not replaced.
 */
@FunctionalInterface
public interface OutputGradientHook {
    void onOutputGradient(Module module, Tensor gradOutput);
}
