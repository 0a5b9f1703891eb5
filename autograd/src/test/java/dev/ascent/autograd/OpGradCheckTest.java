package dev.ascent.autograd;

import dev.ascent.engine.NDArray;
import dev.ascent.engine.Rng;
import org.junit.jupiter.api.Test;

import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * First- and second-order gradient checks of every op against central finite differences. Inputs are
 * drawn away from kinks (relu, abs, clamp, max ties) where finite differences are meaningless.
 */
class OpGradCheckTest {
    private final Rng rng = new Rng(2024);

    private Tensor in(float lo, float hi, int... shape) {
        return Tensor.param(NDArray.uniform(rng, lo, hi, shape));
    }

    /** Values in [lo, hi] with magnitude at least {@code gap} (away from 0). */
    private Tensor awayFromZero(float gap, float hi, int... shape) {
        NDArray a = NDArray.uniform(rng, gap, hi, shape);
        float[] d = a.data();
        for (int i = 0; i < d.length; i++) if (rng.nextInt(2) == 0) d[i] = -d[i];
        return Tensor.param(a);
    }

    private static void both(Function<Tensor[], Tensor> f, Tensor... inputs) {
        GradCheck.check(f, inputs);
        GradCheck.checkSecondOrder(f, inputs);
    }

    @Test
    void broadcastingArithmetic() {
        both(x -> x[0].add(x[1]), in(-1, 1, 2, 3), in(-1, 1, 3));
        both(x -> x[0].sub(x[1]), in(-1, 1, 2, 1), in(-1, 1, 1, 3));
        both(x -> x[0].mul(x[1]), in(-1, 1, 2, 3), in(-1, 1, 2, 1));
        both(x -> x[0].div(x[1]), in(-1, 1, 2, 3), in(0.5f, 1.5f, 3));
        both(x -> x[0].pow(x[1]), in(0.5f, 1.5f, 2, 3), in(0.5f, 2f, 3));
        both(x -> x[0].mul(x[0]).mul(x[1]), in(-1, 1, 4), in(-1, 1, 1));
    }

    @Test
    void maximumAndMinimum() {
        Tensor a = Tensor.param(NDArray.vector(0.1f, 0.9f, -0.5f, 0.3f));
        Tensor b = Tensor.param(NDArray.vector(0.5f, 0.2f, -0.1f, 0.7f));
        both(x -> x[0].maximum(x[1]).mul(x[0]), a, b);
        both(x -> x[0].minimum(x[1]).mul(x[1]), a, b);
    }

    @Test
    void scalarOps() {
        both(x -> x[0].add(3f).mul(x[0]), in(-1, 1, 5));
        both(x -> x[0].mul(-2.5f).mul(x[0]), in(-1, 1, 5));
        both(x -> x[0].pow(3f), in(-1, 1, 5));
        both(x -> x[0].pow(2f), in(-1, 1, 5));
        both(x -> x[0].pow(0.5f), in(0.5f, 2, 5));
        both(x -> x[0].pow(-1.5f), in(0.5f, 2, 5));
        both(x -> x[0].rsub(1f).mul(x[0]), in(-1, 1, 5));
    }

    @Test
    void unaryOps() {
        both(x -> x[0].neg().mul(x[0]), in(-1, 1, 6));
        both(x -> x[0].exp(), in(-2, 2, 6));
        both(x -> x[0].log(), in(0.5f, 3, 6));
        both(x -> x[0].log1p(), in(-0.5f, 3, 6));
        both(x -> x[0].tanh(), in(-2, 2, 6));
        both(x -> x[0].sigmoid(), in(-3, 3, 6));
        both(x -> x[0].relu().mul(x[0]), awayFromZero(0.1f, 2, 6));
        // The fused backward op on its own, differentiated in both its inputs (g and the mask source y).
        both(x -> Tensor.reluBackward(x[0], x[1]).mul(x[0]), in(-1, 1, 6), awayFromZero(0.1f, 2, 6));
        both(x -> Tensor.tanhBackward(x[0], x[1]).mul(x[0]), in(-1, 1, 6), in(-0.9f, 0.9f, 6));
        both(x -> x[0].relu().square().sum(), awayFromZero(0.1f, 2, 2, 3));
        both(x -> x[0].softplus(), in(-3, 3, 6));
        both(x -> x[0].softplus().mul(x[0]), Tensor.param(NDArray.vector(25f, 30f, -25f)));
        both(x -> x[0].sqrt(), in(0.5f, 3, 6));
        both(x -> x[0].abs().mul(x[0]), awayFromZero(0.1f, 2, 6));
        both(x -> x[0].sign().add(x[0]), awayFromZero(0.1f, 2, 6));
        both(x -> x[0].square(), in(-2, 2, 6));
        both(x -> x[0].reciprocal(), in(0.5f, 2, 6));
        both(x -> x[0].clamp(-0.5f, 0.5f).mul(x[0]), Tensor.param(NDArray.vector(-0.9f, -0.3f, 0.1f, 0.45f, 0.8f)));
        NDArray cond = NDArray.vector(1, 0, 1, 0, 0);
        both(x -> Tensor.where(cond, x[0].mul(x[1]), x[1].exp()), in(-1, 1, 5), in(-1, 1, 5));
    }

    @Test
    void reductionsWithAxesAndKeepDim() {
        both(x -> x[0].sum(false, 1).square(), in(-1, 1, 2, 3, 4));
        both(x -> x[0].sum(true, 0, 2).square(), in(-1, 1, 2, 3, 4));
        both(x -> x[0].sum().square(), in(-1, 1, 3, 2));
        both(x -> x[0].mean(false, -1).square(), in(-1, 1, 2, 3, 4));
        both(x -> x[0].mean(true, 1).square(), in(-1, 1, 2, 3));
        Tensor distinct = Tensor.param(NDArray.of(new float[] {0.3f, -0.7f, 0.9f, 0.1f, -0.2f, 0.5f, -0.9f, 0.6f, 0.8f, -0.4f, 0.2f, -0.6f}, 3, 4));
        both(x -> x[0].max(false, 1).square(), distinct);
        both(x -> x[0].min(true, 0).square(), distinct);
        both(x -> x[0].var(1, false, 1), in(-1, 1, 3, 4));
        both(x -> x[0].std(0, true, 0), in(-1, 1, 3, 4));
        both(x -> x[0].logsumexp(1, false), in(-2, 2, 3, 4));
        both(x -> x[0].logsumexp(0, true), in(-2, 2, 3, 4));
    }

    @Test
    void softmaxAndLogSoftmax() {
        NDArray w = NDArray.uniform(new Rng(5), -1, 1, 3, 4);
        both(x -> x[0].softmax(1).mul(Tensor.of(w)), in(-2, 2, 3, 4));
        both(x -> x[0].softmax(0).mul(Tensor.of(w)), in(-2, 2, 3, 4));
        both(x -> x[0].logSoftmax(1).mul(Tensor.of(w)), in(-2, 2, 3, 4));
        both(x -> x[0].logSoftmax(-2).mul(Tensor.of(w)), in(-2, 2, 3, 4));
    }

    @Test
    void layoutOps() {
        both(x -> x[0].reshape(3, 2).mul(x[0].reshape(3, 2)), in(-1, 1, 2, 3));
        both(x -> x[0].permute(2, 0, 1).mul(x[1]), in(-1, 1, 2, 3, 4), in(-1, 1, 4, 2, 3));
        both(x -> x[0].transpose().mul(x[1]), in(-1, 1, 2, 3), in(-1, 1, 3, 2));
        both(x -> x[0].slice(1, 1, 3).square(), in(-1, 1, 2, 4));
        both(x -> x[0].padSlice(0, 1, 4).square(), in(-1, 1, 2, 3));
        both(x -> x[0].expand(3, 2, 4).square(), in(-1, 1, 2, 1));
        both(x -> x[0].sumTo(1, 4).square(), in(-1, 1, 3, 4));
        both(x -> Tensor.concat(1, x[0], x[1].square()), in(-1, 1, 2, 2), in(-1, 1, 2, 3));
        both(x -> Tensor.stack(0, x[0], x[1]).square(), in(-1, 1, 3), in(-1, 1, 3));
        both(x -> x[0].unsqueeze(1).squeeze(1).flatten(0).square(), in(-1, 1, 2, 3));
    }

    @Test
    void matmulAllTransposesBatchedAndBroadcast() {
        both(x -> x[0].matmul(x[1]), in(-1, 1, 3, 4), in(-1, 1, 4, 2));
        both(x -> x[0].matmul(x[1], true, false), in(-1, 1, 4, 3), in(-1, 1, 4, 2));
        both(x -> x[0].matmul(x[1], false, true), in(-1, 1, 3, 4), in(-1, 1, 2, 4));
        both(x -> x[0].matmul(x[1], true, true), in(-1, 1, 4, 3), in(-1, 1, 2, 4));
        both(x -> x[0].matmul(x[1]), in(-1, 1, 2, 3, 4), in(-1, 1, 2, 4, 2));
        both(x -> x[0].matmul(x[1], true, true), in(-1, 1, 2, 4, 3), in(-1, 1, 2, 2, 4));
        both(x -> x[0].matmul(x[1], false, true), in(-1, 1, 2, 3, 4), in(-1, 1, 5, 4));
        both(x -> x[0].matmul(x[1], true, false), in(-1, 1, 4, 3), in(-1, 1, 2, 4, 2));
        both(x -> x[0].linear(x[1], x[2]).tanh(), in(-1, 1, 5, 4), in(-1, 1, 3, 4), in(-1, 1, 3));
        both(x -> x[0].linear(x[1], null).square(), in(-1, 1, 2, 5, 4), in(-1, 1, 3, 4));
        both(x -> x[0].dot(x[1]).square(), in(-1, 1, 5), in(-1, 1, 5));
        both(x -> x[0].outer(x[1]).square(), in(-1, 1, 3), in(-1, 1, 2));
    }

    @Test
    void indexingOps() {
        NDArray idx = NDArray.of(new float[] {1, 0, 2, 2}, 4, 1);
        both(x -> x[0].gather(1, idx).square(), in(-1, 1, 4, 3));
        NDArray idx0 = NDArray.of(new float[] {2, 0, 0, 1, 1, 1}, 2, 3);
        both(x -> x[0].gather(0, idx0).square(), in(-1, 1, 3, 3));
        both(x -> x[0].scatterAdd(1, idx, 4, 3).square(), in(-1, 1, 4, 1));
        both(x -> x[0].takeRows(new int[] {2, 0, 2}).square(), in(-1, 1, 3, 2));
        both(x -> x[0].indexAddRows(new int[] {1, 1, 0}, 4).square(), in(-1, 1, 3, 2));
    }

    @Test
    void conv2dWithStrideAndPadding() {
        both(x -> x[0].conv2d(x[1], 2, 1).tanh(), in(-1, 1, 2, 2, 5, 5), in(-1, 1, 3, 2, 3, 3));
        both(x -> x[0].conv2d(x[1], 1, 0).square(), in(-1, 1, 1, 2, 4, 4), in(-1, 1, 2, 2, 2, 2));
        both(x -> x[0].conv2d(x[1], 2, 3, 1, 0).tanh(), in(-1, 1, 1, 1, 6, 7), in(-1, 1, 2, 1, 3, 2));
    }

    @Test
    void gradCheckCatchesAWrongRule() {
        // A deliberately wrong derivative (exp' taken as 2 exp) must be rejected: the checker can fail.
        Function<Tensor[], Tensor> wrong = x -> Tensor.record("bad_exp", x[0].data().exp(),
                (g, out) -> new Tensor[] {g.mul(out).mul(2f)}, x[0]);
        assertThrows(AssertionError.class, () -> GradCheck.check(wrong, in(-1, 1, 3)));
    }
}
