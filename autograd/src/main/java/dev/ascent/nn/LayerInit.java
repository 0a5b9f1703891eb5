package dev.ascent.nn;

import dev.ascent.engine.Rng;

/**
 * How to initialise one {@link Linear} layer. The RL reference implementations (CleanRL, SB3,
 * OpenAI Baselines) use {@link #orthogonal} with gain √2 on hidden layers, 0.01 on the policy head and
 * 1 on the value head, and zero biases.
 */
@FunctionalInterface
public interface LayerInit {
    void initialize(Linear layer, Rng rng);

    /** PyTorch's default (weight and bias U(-1/√in, 1/√in)). */
    static LayerInit pytorchDefault() {
        return Linear::resetParameters;
    }

    /** Orthogonal weight times {@code gain}, constant bias ({@code layer_init(layer, std, bias_const)} of CleanRL). */
    static LayerInit orthogonal(double gain, double biasConstant) {
        return (layer, rng) -> {
            Init.orthogonal(layer.weight(), gain, rng);
            if (layer.bias() != null) Init.constant(layer.bias(), biasConstant);
        };
    }

    /** Orthogonal weight times {@code gain}, zero bias. */
    static LayerInit orthogonal(double gain) {
        return orthogonal(gain, 0);
    }
}
