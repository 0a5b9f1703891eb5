package dev.ascent.nn;

/**
 * The nonlinearities {@link Init#calculateGain} knows, named as in {@code torch.nn.init.calculate_gain}.
 * The gain rescales an initialisation so that activations keep their variance through the layer.
 */
public enum Nonlinearity {
    LINEAR, CONV1D, CONV2D, CONV3D, CONV_TRANSPOSE1D, CONV_TRANSPOSE2D, CONV_TRANSPOSE3D, SIGMOID, TANH, RELU, LEAKY_RELU, SELU
}
