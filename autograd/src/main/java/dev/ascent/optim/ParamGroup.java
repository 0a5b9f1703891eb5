package dev.ascent.optim;

import dev.ascent.autograd.Tensor;

import java.util.List;

/**
 * Parameters that share hyperparameters, as an entry of PyTorch's {@code optimizer.param_groups}: for
 * instance the actor and the critic with different learning rates, or biases without weight decay.
 * The hyperparameters may be replaced at any time (learning-rate annealing); the next {@code step()}
 * uses the new values.
 */
public final class ParamGroup<H extends Hyperparameters<H>> {
    private final List<Tensor> params;
    private volatile H hyperparameters;

    private ParamGroup(List<Tensor> params, H hyperparameters) {
        this.params = List.copyOf(params);
        this.hyperparameters = hyperparameters;
    }

    public static <H extends Hyperparameters<H>> ParamGroup<H> of(List<Tensor> params, H hyperparameters) {
        if (hyperparameters == null) throw new IllegalArgumentException("ParamGroup: hyperparameters must not be null");
        return new ParamGroup<>(params, hyperparameters);
    }

    public List<Tensor> params() {
        return params;
    }

    public H hyperparameters() {
        return hyperparameters;
    }

    public void setHyperparameters(H h) {
        if (h == null) throw new IllegalArgumentException("ParamGroup: hyperparameters must not be null");
        this.hyperparameters = h;
    }

    public double learningRate() {
        return hyperparameters.lr();
    }

    public void setLearningRate(double lr) {
        setHyperparameters(hyperparameters.withLr(lr));
    }
}
