package dev.ascent.nn;

import java.util.function.Supplier;

/** The activations {@link Mlp} can place between layers, each with its module and its init gain. */
public enum Activation {
    RELU(ReLU::new, Nonlinearity.RELU),
    TANH(Tanh::new, Nonlinearity.TANH),
    SIGMOID(Sigmoid::new, Nonlinearity.SIGMOID),
    SOFTPLUS(Softplus::new, Nonlinearity.LINEAR),
    IDENTITY(Identity::new, Nonlinearity.LINEAR);

    private final Supplier<Module> factory;
    private final Nonlinearity nonlinearity;

    Activation(Supplier<Module> factory, Nonlinearity nonlinearity) {
        this.factory = factory;
        this.nonlinearity = nonlinearity;
    }

    /** A new module computing this activation. */
    public Module module() {
        return factory.get();
    }

    /** The nonlinearity whose {@link Init#calculateGain} suits this activation. */
    public Nonlinearity nonlinearity() {
        return nonlinearity;
    }
}
