package dev.ascent.nn;

import dev.ascent.autograd.Tensor;
import dev.ascent.engine.NDArray;

import java.util.Arrays;

/**
 * Regression losses with {@code torch.nn.functional}'s definitions, composed of differentiable ops (so
 * they are twice differentiable). {@code input} and {@code target} must have the same shape; PyTorch
 * broadcasts with a warning, which in RL almost always means a {@code [n]} vs {@code [n, 1]} bug, so this
 * is an error here.
 */
public final class Losses {
    private Losses() {}

    /** Mean squared error. */
    public static Tensor mse(Tensor input, Tensor target) {
        return mse(input, target, Reduction.MEAN);
    }

    public static Tensor mse(Tensor input, Tensor target, Reduction reduction) {
        checkShapes("mse", input, target);
        return reduce(input.sub(target).square(), reduction);
    }

    /** Smooth L1 with {@code beta = 1}, mean-reduced. */
    public static Tensor smoothL1(Tensor input, Tensor target) {
        return smoothL1(input, target, 1.0, Reduction.MEAN);
    }

    /**
     * {@code smooth_l1_loss}: {@code 0.5 d²/β} where {@code |d| < β}, {@code |d| - 0.5β} elsewhere, with
     * {@code d = input - target}; {@code β = 0} is the L1 loss. Its gradient is {@code d/β} inside and
     * {@code sign(d)} outside.
     */
    public static Tensor smoothL1(Tensor input, Tensor target, double beta, Reduction reduction) {
        checkShapes("smoothL1", input, target);
        if (!(beta >= 0)) throw new IllegalArgumentException("smoothL1: beta must be >= 0, got " + beta);
        Tensor d = input.sub(target);
        if (beta == 0) return reduce(d.abs(), reduction);
        float b = (float) beta;
        Tensor abs = d.abs();
        NDArray inside = abs.data().lt(NDArray.scalar(b));
        Tensor quadratic = d.square().mul(0.5f).div(b);
        Tensor linear = abs.sub(0.5f * b);
        return reduce(Tensor.where(inside, quadratic, linear), reduction);
    }

    /** Huber with {@code delta = 1}, mean-reduced (equal to smooth L1 with β = 1). */
    public static Tensor huber(Tensor input, Tensor target) {
        return huber(input, target, 1.0, Reduction.MEAN);
    }

    /**
     * {@code huber_loss}: {@code 0.5 d²} where {@code |d| < δ}, {@code δ(|d| - 0.5δ)} elsewhere; equal to
     * {@code δ · smoothL1(β = δ)}. DQN's loss.
     */
    public static Tensor huber(Tensor input, Tensor target, double delta, Reduction reduction) {
        checkShapes("huber", input, target);
        if (!(delta > 0)) throw new IllegalArgumentException("huber: delta must be > 0, got " + delta);
        float dl = (float) delta;
        Tensor d = input.sub(target);
        Tensor abs = d.abs();
        NDArray inside = abs.data().lt(NDArray.scalar(dl));
        Tensor quadratic = d.square().mul(0.5f);
        Tensor linear = abs.sub(0.5f * dl).mul(dl);
        return reduce(Tensor.where(inside, quadratic, linear), reduction);
    }

    private static Tensor reduce(Tensor t, Reduction reduction) {
        switch (reduction) {
            case NONE: return t;
            case MEAN: return t.mean();
            case SUM: return t.sum();
            default: throw new AssertionError(reduction);
        }
    }

    private static void checkShapes(String loss, Tensor input, Tensor target) {
        if (!Arrays.equals(input.shape(), target.shape())) {
            throw new IllegalArgumentException(loss + ": input shape " + Arrays.toString(input.shape()) + " and target shape "
                    + Arrays.toString(target.shape()) + " differ (reshape one of them; silent broadcasting hides [n] vs [n, 1] bugs)");
        }
    }
}
