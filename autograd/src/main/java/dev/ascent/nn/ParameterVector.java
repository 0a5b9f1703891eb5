package dev.ascent.nn;

import dev.ascent.autograd.Tensor;
import dev.ascent.engine.NDArray;
import dev.ascent.engine.Shapes;

import java.util.List;

/**
 * Parameters and gradients as one flat vector, the view TRPO, natural-gradient and evolution-strategy
 * code works in. The order is the order of the list (use {@link Module#parameters()}), each tensor
 * row-major, as {@code torch.nn.utils.parameters_to_vector}.
 */
public final class ParameterVector {
    private ParameterVector() {}

    /** Total number of scalars in {@code params}. */
    public static int size(List<Tensor> params) {
        long n = 0;
        for (Tensor p : params) n += p.size();
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("parameter vector: " + n + " elements do not fit one array");
        return (int) n;
    }

    /** A copy of the parameters' values, concatenated. */
    public static NDArray parametersToVector(List<Tensor> params) {
        float[] out = new float[size(params)];
        int at = 0;
        for (Tensor p : params) {
            float[] d = p.data().data();
            System.arraycopy(d, 0, out, at, d.length);
            at += d.length;
        }
        return NDArray.wrap(out, out.length);
    }

    /**
     * Writes {@code vector} into the parameters, in place (no graph is recorded): the inverse of
     * {@link #parametersToVector}. TRPO's line search sets {@code θ_old + step} this way.
     */
    public static void vectorToParameters(NDArray vector, List<Tensor> params) {
        int n = size(params);
        if (vector.rank() != 1 || vector.size() != n) {
            throw new IllegalArgumentException("vectorToParameters: expected a vector of " + n + " elements for " + params.size()
                    + " parameters, got shape " + Shapes.str(vector.shape()));
        }
        float[] v = vector.data();
        int at = 0;
        for (Tensor p : params) {
            float[] d = p.data().data();
            System.arraycopy(v, at, d, 0, d.length);
            at += d.length;
        }
    }

    /** The accumulated {@code .grad} of each parameter, concatenated; a parameter without a gradient contributes zeros. */
    public static NDArray gradientsToVector(List<Tensor> params) {
        float[] out = new float[size(params)];
        int at = 0;
        for (Tensor p : params) {
            if (p.grad() != null) System.arraycopy(p.grad().data().data(), 0, out, at, p.size());
            at += p.size();
        }
        return NDArray.wrap(out, out.length);
    }

    /**
     * Differentiable concatenation of gradients (e.g. from {@code Autograd.grad(..., createGraph=true)}),
     * each flattened; a null entry, for a parameter the output does not depend on, becomes zeros of
     * {@code params.get(i)}'s size. The Fisher-vector product of TRPO differentiates this vector again.
     */
    public static Tensor flatten(Tensor[] grads, List<Tensor> params) {
        if (grads.length != params.size()) {
            throw new IllegalArgumentException("flatten: " + grads.length + " gradients for " + params.size() + " parameters");
        }
        Tensor[] parts = new Tensor[grads.length];
        for (int i = 0; i < grads.length; i++) {
            parts[i] = grads[i] == null ? Tensor.zeros(params.get(i).size()) : grads[i].reshape(-1);
        }
        return Tensor.concat(0, parts);
    }
}
