package dev.ascent.autograd;

/**
 * How one op sends the gradient of its output back to its inputs. Given the gradient {@code g} of the
 * loss with respect to {@code out}, it returns one gradient per input of {@code out} (null where an input
 * needs none). Rules are written with differentiable {@link Tensor} ops, so when the engine runs them with
 * gradient recording on ({@code createGraph}), their results can be differentiated again.
 * The rules themselves live in {@link Derivatives}, one method per op.
 */
@FunctionalInterface
public interface BackwardRule {
    Tensor[] apply(Tensor g, Tensor out);
}
