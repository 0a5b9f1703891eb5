package dev.ascent.autograd;

import dev.ascent.engine.NDArray;
import dev.ascent.engine.Rng;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Compares analytic gradients against central finite differences, as {@code torch.autograd.gradcheck}.
 *
 * <p>The full Jacobian is checked: one backward per output element for the analytic side, two forward
 * passes per input element for the numeric side, {@code (f(x+eps) - f(x-eps)) / 2eps}, with the
 * difference taken in double. Tensors are float32, so the defaults are looser than PyTorch's float64
 * gradcheck: eps = 1e-3 (float32 rounding error of the quotient ≈ 1e-7·|f|/eps ≈ 1e-4·|f|, truncation
 * error ≈ eps²·|f'''| ≈ 1e-6), atol = 1e-3 and rtol = 1e-2. An element passes when
 * {@code |analytic - numeric| <= atol + rtol * |numeric|}. Real bugs (a missing factor, a wrong sign, a
 * transposed gradient) are off by O(1) and fail by orders of magnitude. Keep inputs O(1) and away
 * from kinks (relu, abs, clamp, max) when you use this.
 */
public final class GradCheck {
    /** Step and tolerances. */
    public record Options(double eps, double atol, double rtol) {
        public static final Options DEFAULT = new Options(1e-3, 1e-3, 1e-2);
        /** For second order: the numeric side differentiates gradients that are themselves float32. */
        public static final Options SECOND_ORDER = new Options(1e-3, 5e-3, 3e-2);
    }

    /** Outcome of a check: the worst element and a description of the first failure, if any. */
    public record Result(boolean passed, double maxAbsError, String firstFailure, int checkedEntries) {}

    private GradCheck() {}

    /** Checks first derivatives of {@code f} at {@code inputs}; throws {@link AssertionError} with details on mismatch. */
    public static Result check(Function<Tensor[], Tensor> f, Tensor... inputs) {
        return check(f, Options.DEFAULT, inputs);
    }

    public static Result check(Function<Tensor[], Tensor> f, Options opt, Tensor... inputs) {
        Result r = evaluate(f, opt, inputs);
        if (!r.passed()) throw new AssertionError("gradcheck failed: " + r.firstFailure());
        return r;
    }

    /**
     * Checks second derivatives: the function {@code x -> d(sum(f(x) * v))/dx}, built with
     * {@code createGraph}, is itself gradchecked. {@code v} is a fixed pseudo-random weighting, as
     * PyTorch's gradgradcheck draws random grad_outputs.
     */
    public static Result checkSecondOrder(Function<Tensor[], Tensor> f, Tensor... inputs) {
        return checkSecondOrder(f, Options.SECOND_ORDER, inputs);
    }

    public static Result checkSecondOrder(Function<Tensor[], Tensor> f, Options opt, Tensor... inputs) {
        Tensor probe = f.apply(inputs);
        NDArray v = NDArray.uniform(new Rng(1234), 0.5f, 1.5f, probe.shape());
        Function<Tensor[], Tensor> firstOrder = xs -> {
            try (GradMode on = Autograd.enableGrad()) { // also while the numeric side perturbs under noGrad
                return flatGradient(f, v, xs);
            }
        };
        return check(firstOrder, opt, inputs);
    }

    /** d(sum(f(x) * v))/dx for every input, flattened and concatenated, with its graph kept. */
    private static Tensor flatGradient(Function<Tensor[], Tensor> f, NDArray v, Tensor[] xs) {
        Tensor weighted = f.apply(xs).mul(Tensor.of(v)).sum();
        Tensor[] g = Autograd.grad(new Tensor[] {weighted}, xs, null, true, true, true);
        Tensor[] flat = new Tensor[g.length];
        for (int i = 0; i < g.length; i++) {
            flat[i] = g[i] == null ? Tensor.zeros(xs[i].size()) : g[i].reshape(-1);
        }
        return Tensor.concat(0, flat);
    }

    /** Runs the comparison without throwing. */
    public static Result evaluate(Function<Tensor[], Tensor> f, Options opt, Tensor... inputs) {
        for (Tensor t : inputs) {
            if (!t.requiresGrad() || !t.isLeaf()) throw new IllegalArgumentException("gradcheck: inputs must be leaves that require grad");
        }
        Tensor out = f.apply(inputs);
        int nOut = out.size();
        // Analytic Jacobian, one row per output element.
        List<double[][]> analytic = new ArrayList<>();
        for (Tensor in : inputs) analytic.add(new double[in.size()][nOut]);
        if (out.requiresGrad()) {
            for (int j = 0; j < nOut; j++) {
                NDArray onehot = NDArray.zeros(out.shape());
                onehot.data()[j] = 1f;
                Tensor[] g = Autograd.grad(new Tensor[] {out}, inputs, new Tensor[] {Tensor.of(onehot)}, false, true, true);
                for (int k = 0; k < inputs.length; k++) {
                    if (g[k] == null) continue;
                    float[] gd = g[k].data().data();
                    for (int e = 0; e < gd.length; e++) analytic.get(k)[e][j] = gd[e];
                }
            }
        }
        double worst = 0;
        String failure = null;
        int checked = 0;
        try (GradMode ignored = Autograd.noGrad()) {
            for (int k = 0; k < inputs.length; k++) {
                float[] x = inputs[k].data().data();
                for (int e = 0; e < x.length; e++) {
                    float orig = x[e];
                    x[e] = (float) (orig + opt.eps());
                    double hiStep = x[e] - (double) orig;
                    float[] plus = f.apply(inputs).data().toArray();
                    x[e] = (float) (orig - opt.eps());
                    double loStep = orig - (double) x[e];
                    float[] minus = f.apply(inputs).data().toArray();
                    x[e] = orig;
                    for (int j = 0; j < nOut; j++) {
                        // Divide by the step actually taken: x ± eps is rounded to float32.
                        double numeric = ((double) plus[j] - minus[j]) / (hiStep + loStep);
                        double a = analytic.get(k)[e][j];
                        double err = Math.abs(a - numeric);
                        worst = Math.max(worst, err);
                        checked++;
                        if (failure == null && !(err <= opt.atol() + opt.rtol() * Math.abs(numeric))) {
                            failure = "input " + k + " element " + e + ", output element " + j + ": analytic " + a
                                    + " vs numeric " + numeric + " (|diff| " + err + ", allowed " + (opt.atol() + opt.rtol() * Math.abs(numeric)) + ")";
                        }
                    }
                }
            }
        }
        return new Result(failure == null, worst, failure, checked);
    }
}
