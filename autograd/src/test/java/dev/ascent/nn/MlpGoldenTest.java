package dev.ascent.nn;

import dev.ascent.autograd.Reference;
import dev.ascent.autograd.Tensor;
import dev.ascent.engine.NDArray;
import dev.ascent.engine.Rng;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.ascent.autograd.Reference.at;
import static dev.ascent.autograd.Reference.floats;
import static dev.ascent.autograd.Reference.map;
import static dev.ascent.autograd.Reference.number;
import static dev.ascent.nn.Approx.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The reference 4-64-64-2 tanh MLP of ../shared/reference/autograd.json built with {@link Mlp}: the golden
 * weights (named {@code l0, l1, l2} there) are loaded through {@link Module#loadStateDict} into
 * {@code 0, 2, 4}, and logits, policy-gradient gradients and {@code clip_grad_norm_} must match PyTorch 1.13.
 */
class MlpGoldenTest {
    private static final String[] GOLDEN = {"l0.weight", "l0.bias", "l1.weight", "l1.bias", "l2.weight", "l2.bias"};
    private static final String[] OURS = {"0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"};

    private final Map<String, Object> root = Reference.autograd();
    private final Map<String, Object> inputs = map(at(root, "inputs", "mlp"));
    private final Map<String, Object> f32 = map(at(root, "float32"));

    /** The MLP with golden weights: random init first, so the load must overwrite every value. */
    private Sequential goldenMlp() {
        Sequential mlp = Mlp.builder(4, 64, 64, 2).activation(Activation.TANH).build(new Rng(99));
        Map<String, Object> w = map(inputs.get("weights"));
        Map<String, NDArray> state = new LinkedHashMap<>();
        Map<String, Tensor> params = mlp.namedParameters();
        for (int i = 0; i < GOLDEN.length; i++) state.put(OURS[i], NDArray.wrap(floats(w.get(GOLDEN[i])), params.get(OURS[i]).shape()));
        Module.LoadResult r = mlp.loadStateDict(state, true);
        assertEquals(true, r.isComplete());
        return mlp;
    }

    private Tensor pgLoss(Sequential mlp, float scale) {
        float[] s = floats(inputs.get("states"));
        Tensor x = Tensor.of(NDArray.wrap(s, s.length / 4, 4));
        float[] a = floats(inputs.get("actions"));
        Tensor adv = Tensor.of(floats(inputs.get("adv")), a.length);
        Tensor logp = mlp.forward(x).logSoftmax(1).gather(1, NDArray.wrap(a, a.length, 1)).reshape(-1);
        return logp.mul(adv).mean().neg().mul(scale);
    }

    @Test
    void namesFollowPyTorchSequential() {
        assertEquals(List.of(OURS), List.copyOf(goldenMlp().namedParameters().keySet()));
    }

    @Test
    void logitsAndPolicyGradientMatchPyTorch() {
        Sequential mlp = goldenMlp();
        Map<String, Object> want = map(f32.get("mlp_categorical"));
        float[] s = floats(inputs.get("states"));
        Tensor logits = mlp.forward(Tensor.of(NDArray.wrap(s, s.length / 4, 4)));
        assertClose("logits", floats(want.get("logits")), logits.data().data(), 1e-5);

        Tensor loss = pgLoss(mlp, 1f);
        assertEquals(number(want.get("loss_pg")), loss.item(), 1e-5 * Math.abs(number(want.get("loss_pg"))));
        loss.backward();
        Map<String, Object> grads = map(want.get("grad_loss_pg"));
        Map<String, Tensor> p = mlp.namedParameters();
        for (int i = 0; i < GOLDEN.length; i++) {
            assertClose("grad " + OURS[i], floats(grads.get(GOLDEN[i])), p.get(OURS[i]).grad().data().data(), 1e-5);
        }
    }

    @Test
    void clipGradNormOnTheMlpMatchesPyTorch() {
        Map<String, Object> want = map(at(f32, "adam", "clip_grad_norm_mlp"));
        Sequential mlp = goldenMlp();
        pgLoss(mlp, 10f).backward(); // "10 * mlp_categorical pg loss"
        float[] perParam = floats(want.get("per_param_norm_before"));
        List<Tensor> params = mlp.parameters();
        for (int i = 0; i < params.size(); i++) {
            double n = 0;
            for (float g : params.get(i).grad().data().data()) n += (double) g * g;
            assertClose("norm of " + OURS[i], perParam[i], Math.sqrt(n), 1e-5, 0);
        }
        float total = GradClipping.clipGradNorm(params, number(want.get("max_norm")));
        assertClose("total norm", number(want.get("total_norm_returned")), total, 1e-5, 0);
        Map<String, Object> after = map(want.get("grads_after"));
        for (int i = 0; i < GOLDEN.length; i++) {
            assertClose("clipped " + OURS[i], floats(after.get(GOLDEN[i])), params.get(i).grad().data().data(), 1e-5);
        }
        double clippedNorm = 0;
        for (Tensor t : params) for (float g : t.grad().data().data()) clippedNorm += (double) g * g;
        assertClose("norm after clipping", 0.5, Math.sqrt(clippedNorm), 1e-5, 0);
    }

    @Test
    void clipGradNormLeavesSmallGradientsAlone() {
        Map<String, Object> want = map(at(f32, "adam", "clip_grad_norm_small"));
        Tensor p = Tensor.param(NDArray.zeros(3));
        float[] g = floats(want.get("grad_before"));
        p.setGrad(Tensor.of(g.clone(), 3));
        float total = GradClipping.clipGradNorm(List.of(p), number(want.get("max_norm")));
        assertClose("total", number(want.get("total_norm_returned")), total, 1e-6, 0);
        assertClose("grad after", floats(want.get("grad_after")), p.grad().data().data(), 0);
    }
}
