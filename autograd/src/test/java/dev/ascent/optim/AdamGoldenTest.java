package dev.ascent.optim;

import dev.ascent.autograd.Reference;
import dev.ascent.autograd.Tensor;
import dev.ascent.engine.NDArray;
import dev.ascent.nn.GradClipping;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.ascent.autograd.Reference.at;
import static dev.ascent.autograd.Reference.floats;
import static dev.ascent.autograd.Reference.map;
import static dev.ascent.autograd.Reference.number;
import static dev.ascent.nn.Approx.assertClose;

/**
 * Five Adam steps on {@code loss = Σ a (p - c)²} for four configurations (one with clip_grad_norm 0.5
 * before each step), against PyTorch 1.13's float32 trajectories: loss, gradient, clipped gradient and
 * total norm, both moments and the parameter after every step.
 */
class AdamGoldenTest {
    private final Map<String, Object> root = Reference.autograd();
    private final Map<String, Object> in = map(at(root, "inputs", "adam"));

    private void run(String config) {
        Map<String, Object> want = map(at(root, "float32", "adam", config));
        List<?> betas = (List<?>) want.get("betas");
        Adam.Config c = Adam.Config.defaults().withLr(number(want.get("lr")))
                .withBetas(number(betas.get(0)), number(betas.get(1))).withEps(number(want.get("eps")));
        Object clip = want.get("clip_grad_norm");

        Tensor p = Tensor.param(NDArray.wrap(floats(in.get("p0")), 5));
        Tensor a = Tensor.of(floats(in.get("a")), 5), target = Tensor.of(floats(in.get("c")), 5);
        Adam adam = new Adam(List.of(p), c);
        for (Object stepJson : (List<?>) want.get("steps")) {
            Map<String, Object> s = map(stepJson);
            String at = config + " step " + s.get("step") + " ";
            adam.zeroGrad();
            Tensor loss = a.mul(p.sub(target).square()).sum();
            assertClose(at + "loss", number(s.get("loss_before")), loss.item(), 1e-6, 0);
            loss.backward();
            assertClose(at + "grad", floats(s.get("grad")), p.grad().data().data(), 1e-6);
            if (clip != null) {
                float total = GradClipping.clipGradNorm(List.of(p), number(clip));
                assertClose(at + "total norm", number(s.get("grad_total_norm_before_clip")), total, 1e-6, 0);
                assertClose(at + "clipped grad", floats(s.get("grad_after_clip")), p.grad().data().data(), 1e-6);
            }
            adam.step();
            Map<String, NDArray> state = adam.stateDict();
            assertClose(at + "exp_avg", floats(s.get("exp_avg")), state.get("state.0.exp_avg").data(), 1e-6);
            assertClose(at + "exp_avg_sq", floats(s.get("exp_avg_sq")), state.get("state.0.exp_avg_sq").data(), 1e-6);
            assertClose(at + "param", floats(s.get("param_after")), p.data().data(), 2e-6);
            assertClose(at + "step", number(s.get("step")), state.get("state.0.step").item(), 0, 0);
        }
    }

    @Test
    void lr1e3() {
        run("adam_lr1e-3");
    }

    @Test
    void lr1e3WithClipping() {
        run("adam_lr1e-3_clip0.5");
    }

    @Test
    void lr25e5WithEps1e5AsCleanRlPpo() {
        run("adam_lr2.5e-4_eps1e-5");
    }

    @Test
    void lr01() {
        run("adam_lr0.1");
    }
}
