package dev.ascent.optim;

import dev.ascent.engine.NDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Solves {@code A x = b} for a symmetric positive-definite A known only through products {@code v -> A v},
 * the way TRPO solves {@code F x = g} with Fisher-vector products and never forms F. Same iteration as the
 * reference TRPO implementations (x0 = 0, stop after {@code maxIterations} or when r·r < tolerance);
 * vectors are float32, dot products accumulate in double.
 */
public final class ConjugateGradient {
    /** One iteration's scalars, for diagnostics and tests. */
    public record Step(int iteration, double alpha, double beta, double residualSquared, double solutionNorm) {}

    /** The solution and how it was reached. */
    public record Result(NDArray x, List<Step> history) {}

    private ConjugateGradient() {}

    public static Result solve(UnaryOperator<NDArray> matrixVectorProduct, NDArray b, int maxIterations, double residualTolerance) {
        if (b.rank() != 1) throw new IllegalArgumentException("conjugate gradient: b must be a vector, got shape " + java.util.Arrays.toString(b.shape()));
        int n = b.size();
        float[] x = new float[n], r = b.toArray(), p = b.toArray();
        double rdotr = dot(r, r);
        List<Step> history = new ArrayList<>();
        for (int it = 0; it < maxIterations; it++) {
            float[] ap = matrixVectorProduct.apply(NDArray.wrap(p.clone(), n)).data();
            if (ap.length != n) throw new IllegalArgumentException("conjugate gradient: A·v returned " + ap.length + " values for a vector of " + n);
            float alpha = (float) (rdotr / dot(p, ap));
            for (int i = 0; i < n; i++) {
                x[i] += alpha * p[i];
                r[i] -= alpha * ap[i];
            }
            double next = dot(r, r);
            float beta = (float) (next / rdotr);
            for (int i = 0; i < n; i++) p[i] = r[i] + beta * p[i];
            rdotr = next;
            history.add(new Step(it, alpha, beta, rdotr, Math.sqrt(dot(x, x))));
            if (rdotr < residualTolerance) break;
        }
        return new Result(NDArray.wrap(x, n), history);
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
        return s;
    }
}
