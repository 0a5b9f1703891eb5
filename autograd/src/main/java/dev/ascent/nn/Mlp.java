package dev.ascent.nn;

import dev.ascent.engine.Rng;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds multilayer perceptrons as a {@link Sequential} of {@link Linear} layers with an activation
 * between them, so the parameter names are PyTorch's ({@code 0.weight}, {@code 0.bias}, {@code 2.weight},
 * …). The PPO actor of CleanRL:
 * <pre>{@code
 * Sequential actor = Mlp.builder(4, 64, 64, 2)
 *         .activation(Activation.TANH)
 *         .hiddenInit(LayerInit.orthogonal(Math.sqrt(2)))
 *         .outputInit(LayerInit.orthogonal(0.01))
 *         .build(rng);
 * }</pre>
 */
public final class Mlp {
    private Mlp() {}

    /** A builder for layer sizes {@code sizes[0] → sizes[1] → … → sizes[n-1]} (at least input and output). */
    public static Builder builder(int... sizes) {
        return new Builder(sizes);
    }

    /** Options of an MLP; defaults: tanh, no output activation, biases, PyTorch's default init. */
    public static final class Builder {
        private final int[] sizes;
        private Activation activation = Activation.TANH;
        private Activation outputActivation;
        private boolean bias = true;
        private LayerInit hiddenInit = LayerInit.pytorchDefault();
        private LayerInit outputInit = LayerInit.pytorchDefault();

        private Builder(int[] sizes) {
            if (sizes.length < 2) throw new IllegalArgumentException("Mlp: need at least an input and an output size, got " + sizes.length + " sizes");
            for (int s : sizes) if (s <= 0) throw new IllegalArgumentException("Mlp: layer sizes must be positive, got " + java.util.Arrays.toString(sizes));
            this.sizes = sizes.clone();
        }

        /** The activation after every hidden layer. */
        public Builder activation(Activation a) {
            this.activation = a;
            return this;
        }

        /** An activation after the output layer (none by default). */
        public Builder outputActivation(Activation a) {
            this.outputActivation = a;
            return this;
        }

        public Builder bias(boolean on) {
            this.bias = on;
            return this;
        }

        /** Initialisation of every layer but the last. */
        public Builder hiddenInit(LayerInit init) {
            this.hiddenInit = init;
            return this;
        }

        /** Initialisation of the last layer. */
        public Builder outputInit(LayerInit init) {
            this.outputInit = init;
            return this;
        }

        /** Builds the network, drawing initial weights from {@code rng} layer by layer. */
        public Sequential build(Rng rng) {
            List<Module> layers = new ArrayList<>();
            for (int i = 0; i + 1 < sizes.length; i++) {
                Linear l = new Linear(sizes[i], sizes[i + 1], bias, rng);
                boolean last = i + 2 == sizes.length;
                (last ? outputInit : hiddenInit).initialize(l, rng);
                layers.add(l);
                if (!last) layers.add(activation.module());
                else if (outputActivation != null) layers.add(outputActivation.module());
            }
            return new Sequential(layers);
        }
    }
}
