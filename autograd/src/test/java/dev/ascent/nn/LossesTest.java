package dev.ascent.nn;

import dev.ascent.autograd.GradCheck;
import dev.ascent.autograd.Reference;
import dev.ascent.autograd.Tensor;
import dev.ascent.engine.NDArray;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.ascent.autograd.Reference.at;
import static dev.ascent.autograd.Reference.floats;
import static dev.ascent.autograd.Reference.map;
import static dev.ascent.autograd.Reference.number;
import static dev.ascent.nn.Approx.assertClose;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MSE, smooth L1 and Huber against PyTorch 1.13 (float32 goldens), their gradients, and second derivatives. */
class LossesTest {
    private final Map<String, Object> root = Reference.autograd();
    private final Map<String, Object> want = map(at(root, "float32", "misc"));
    private final float[] pred = floats(at(root, "inputs", "misc", "huber_pred"));
    private final float[] target = floats(at(root, "inputs", "misc", "huber_target"));

    private Tensor input() {
        return Tensor.param(NDArray.of(pred, pred.length));
    }

    private Tensor target() {
        return Tensor.of(NDArray.of(target, target.length));
    }

    private static void check(String what, Map<String, Object> golden, Tensor x, Tensor loss) {
        assertClose(what + " mean", number(golden.get("mean")), loss.item(), 1e-6, 1e-7);
        loss.backward();
        assertClose(what + " grad", floats(golden.get("grad_mean")), x.grad().data().data(), 1e-6);
    }

    @Test
    void smoothL1WithBetaOne() {
        Map<String, Object> g = map(want.get("smooth_l1_beta1"));
        Tensor x = input();
        assertClose("none", floats(g.get("none")), Losses.smoothL1(x, target(), 1, Reduction.NONE).data().data(), 1e-6);
        check("smooth_l1", g, x, Losses.smoothL1(x, target()));
    }

    @Test
    void huberWithDeltaTwo() {
        Tensor x = input();
        check("huber", map(want.get("huber_delta2")), x, Losses.huber(x, target(), 2, Reduction.MEAN));
    }

    @Test
    void meanSquaredError() {
        Tensor x = input();
        check("mse", map(want.get("mse")), x, Losses.mse(x, target()));
    }

    @Test
    void reductionsAndBetaZero() {
        Tensor x = input();
        float sum = Losses.mse(x, target(), Reduction.SUM).item();
        float mean = Losses.mse(x, target()).item();
        assertClose("sum = n·mean", mean * pred.length, sum, 1e-6, 0);
        float[] l1 = Losses.smoothL1(x, target(), 0, Reduction.NONE).data().data();
        for (int i = 0; i < pred.length; i++) assertClose("l1[" + i + "]", Math.abs(pred[i] - target[i]), l1[i], 0, 0);
        // Huber(δ) = δ · smoothL1(β = δ)
        float[] h = Losses.huber(x, target(), 0.7, Reduction.NONE).data().data();
        float[] s = Losses.smoothL1(x, target(), 0.7, Reduction.NONE).data().data();
        for (int i = 0; i < h.length; i++) assertClose("huber vs smoothL1 [" + i + "]", 0.7 * s[i], h[i], 1e-6, 1e-7);
    }

    @Test
    void twiceDifferentiableAwayFromTheKink() {
        Tensor x = Tensor.param(NDArray.vector(0.3f, -0.2f, 2.5f, -3f));
        Tensor t = Tensor.of(NDArray.vector(0.1f, 0.1f, 0.2f, -0.5f));
        GradCheck.check(v -> Losses.huber(v[0], t, 1, Reduction.SUM), x);
        GradCheck.checkSecondOrder(v -> Losses.huber(v[0], t, 1, Reduction.SUM), x);
        GradCheck.checkSecondOrder(v -> Losses.smoothL1(v[0], t, 0.5, Reduction.SUM), x);
        GradCheck.checkSecondOrder(v -> Losses.mse(v[0], t), x);
    }

    @Test
    void shapeMismatchIsAnErrorNotABroadcast() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.mse(Tensor.zeros(4, 1), Tensor.zeros(4)));
        assertTrue(e.getMessage().contains("[4, 1]") && e.getMessage().contains("[4]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Losses.huber(Tensor.zeros(2), Tensor.zeros(2), 0, Reduction.MEAN));
        assertThrows(IllegalArgumentException.class, () -> Losses.smoothL1(Tensor.zeros(2), Tensor.zeros(2), -1, Reduction.MEAN));
    }
}
