package dev.ascent.autograd;

import dev.ascent.engine.NDArray;
import dev.ascent.optim.ConjugateGradient;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.ascent.autograd.Reference.at;
import static dev.ascent.autograd.Reference.floats;
import static dev.ascent.autograd.Reference.map;
import static dev.ascent.autograd.Reference.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Values and gradients against PyTorch 1.13 (float32 section of ../shared/reference/autograd.json): the
 * 4-64-64-2 tanh MLP, Categorical log-probs and entropy through log_softmax + gather, the policy-gradient
 * and PPO clipped losses with their gradients, and TRPO's KL, Fisher-vector product and CG iterates.
 */
class GoldenTest {
    static final String[] NAMES = {"l0.weight", "l0.bias", "l1.weight", "l1.bias", "l2.weight", "l2.bias"};
    static final int[][] SHAPES = {{64, 4}, {64}, {64, 64}, {64}, {2, 64}, {2}};

    private final Map<String, Object> root = Reference.autograd();
    private final Map<String, Object> inputs = map(at(root, "inputs", "mlp"));
    private final Map<String, Object> f32 = map(at(root, "float32"));

    /** Parameters of the reference MLP, optionally shifted by the PPO old-policy delta. */
    static Map<String, Tensor> params(Map<String, Object> weights, Map<String, Object> delta) {
        Map<String, Tensor> p = new LinkedHashMap<>();
        for (int i = 0; i < NAMES.length; i++) {
            float[] w = floats(weights.get(NAMES[i]));
            if (delta != null) {
                float[] d = floats(delta.get(NAMES[i]));
                for (int j = 0; j < w.length; j++) w[j] += d[j];
            }
            p.put(NAMES[i], Tensor.param(NDArray.wrap(w, SHAPES[i])).named(NAMES[i]));
        }
        return p;
    }

    static Tensor logits(Map<String, Tensor> p, Tensor x) {
        Tensor h = x.linear(p.get("l0.weight"), p.get("l0.bias")).tanh();
        h = h.linear(p.get("l1.weight"), p.get("l1.bias")).tanh();
        return h.linear(p.get("l2.weight"), p.get("l2.bias"));
    }

    static Tensor states(Object json) {
        float[] s = floats(json);
        return Tensor.of(NDArray.wrap(s, s.length / 4, 4));
    }

    static NDArray actionIndex(Object json) {
        float[] a = floats(json);
        return NDArray.wrap(a, a.length, 1);
    }

    /** log pi(a|s) for each row: log_softmax then gather, as Categorical.log_prob does. */
    static Tensor logProb(Tensor logits, NDArray actions) {
        return logits.logSoftmax(1).gather(1, actions).reshape(-1);
    }

    static Tensor entropy(Tensor logits) {
        Tensor logp = logits.logSoftmax(1);
        return logp.exp().mul(logp).sum(false, 1).neg();
    }

    /** |got - want| <= rtol * |want| + atol, with atol scaled to the array's magnitude. */
    static void assertClose(String what, float[] want, float[] got, double rtol) {
        assertEquals(want.length, got.length, what + ": length");
        double scale = 0;
        for (float w : want) scale = Math.max(scale, Math.abs(w));
        for (int i = 0; i < want.length; i++) {
            double tol = rtol * Math.abs(want[i]) + rtol * scale;
            assertTrue(Math.abs(got[i] - want[i]) <= tol, what + "[" + i + "]: expected " + want[i] + " got " + got[i] + " (tol " + tol + ")");
        }
    }

    static void assertGrads(String what, Map<String, Object> want, Map<String, Tensor> p, double rtol) {
        for (String n : NAMES) assertClose(what + " " + n, floats(want.get(n)), p.get(n).grad().data().data(), rtol);
    }

    @Test
    void mlpCategoricalValuesAndPolicyGradient() {
        Map<String, Tensor> p = params(map(inputs.get("weights")), null);
        Map<String, Object> want = map(f32.get("mlp_categorical"));
        Tensor x = states(inputs.get("states"));
        NDArray a = actionIndex(inputs.get("actions"));
        Tensor adv = Tensor.of(floats(inputs.get("adv")), 5);

        Tensor logits = logits(p, x);
        assertClose("logits", floats(want.get("logits")), logits.data().data(), 1e-5);
        assertClose("probs", floats(want.get("probs")), logits.softmax(1).data().data(), 1e-5);
        Tensor logp = logProb(logits, a);
        assertClose("log_prob", floats(want.get("log_prob")), logp.data().data(), 1e-5);
        Tensor ent = entropy(logits);
        assertClose("entropy", floats(want.get("entropy")), ent.data().data(), 1e-5);

        Tensor loss = logp.mul(adv).mean().neg();
        assertEquals(number(want.get("loss_pg")), loss.item(), 1e-5 * Math.abs(number(want.get("loss_pg"))));
        loss.backward();
        assertGrads("grad_loss_pg", map(want.get("grad_loss_pg")), p, 1e-5);

        // With an entropy bonus, on fresh gradients.
        p.values().forEach(Tensor::zeroGrad);
        Tensor l2 = logits(p, x);
        Tensor lossEnt = logProb(l2, a).mul(adv).mean().neg().sub(entropy(l2).mean().mul(0.01f));
        assertEquals(number(want.get("loss_pg_ent")), lossEnt.item(), 1e-5 * Math.abs(number(want.get("loss_pg_ent"))));
        lossEnt.backward();
        assertGrads("grad_loss_pg_ent", map(want.get("grad_loss_pg_ent")), p, 1e-5);
    }

    @Test
    void ppoClippedLossAndGradient() {
        Map<String, Object> want = map(at(f32, "mlp_categorical", "ppo"));
        Map<String, Tensor> p = params(map(inputs.get("weights")), null);
        Map<String, Tensor> old = params(map(inputs.get("weights")), map(inputs.get("ppo_old_weight_delta")));
        Tensor x = states(inputs.get("states"));
        NDArray a = actionIndex(inputs.get("actions"));
        Tensor adv = Tensor.of(floats(inputs.get("adv")), 5);
        Tensor logpOld;
        try (GradMode ignored = Autograd.noGrad()) {
            logpOld = logProb(logits(old, x), a);
        }
        assertClose("logp_old", floats(want.get("logp_old")), logpOld.data().data(), 1e-5);
        Tensor ratio = logProb(logits(p, x), a).sub(logpOld).exp();
        assertClose("ratio", floats(want.get("ratio")), ratio.data().data(), 1e-5);
        Tensor loss = ratio.mul(adv).minimum(ratio.clamp(0.8f, 1.2f).mul(adv)).mean().neg();
        assertEquals(number(want.get("loss")), loss.item(), 1e-5 * Math.abs(number(want.get("loss"))));
        loss.backward();
        assertGrads("ppo grad", map(want.get("grad")), p, 1e-5);
    }

    @Test
    void softmaxFamilyOnLogitsOfPlusMinusThousand() {
        Map<String, Object> want = map(at(f32, "misc", "softmax_big"));
        float[] raw = floats(at(root, "inputs", "misc", "big_logits"));
        NDArray actions = actionIndex(at(root, "inputs", "misc", "big_actions"));
        Tensor x = Tensor.param(NDArray.wrap(raw, raw.length / 3, 3));
        assertClose("softmax", floats(want.get("softmax")), x.softmax(1).data().data(), 1e-6);
        assertClose("log_softmax", floats(want.get("log_softmax")), x.logSoftmax(1).data().data(), 1e-6);
        // Categorical(logits) as PyTorch computes it: logits normalised by subtracting logsumexp.
        Tensor norm = x.sub(x.logsumexp(1, true));
        Tensor logProb = norm.gather(1, actions).reshape(-1);
        Tensor entropy = norm.softmax(1).mul(norm).sum(false, 1).neg();
        assertClose("categorical_log_prob", floats(want.get("categorical_log_prob")), logProb.data().data(), 1e-6);
        assertClose("categorical_entropy", floats(want.get("categorical_entropy")), entropy.data().data(), 1e-6);
        logProb.sum().backward();
        assertClose("d sum(log_prob)", floats(want.get("grad_sum_log_prob_wrt_logits")), x.grad().data().data(), 1e-6);
        x.zeroGrad();
        Tensor norm2 = x.sub(x.logsumexp(1, true));
        norm2.softmax(1).mul(norm2).sum(false, 1).neg().sum().backward();
        float[] ge = x.grad().data().data();
        float[] we = floats(want.get("grad_sum_entropy_wrt_logits"));
        for (int i = 0; i < we.length; i++) {
            assertTrue(Float.isFinite(ge[i]));
            assertEquals(we[i], ge[i], 2e-5, "d sum(entropy)[" + i + "]"); // float32 noise around 0 at +-1000
        }
    }

    // ---------------------------------------------------------------- TRPO

    private static Tensor flat(Tensor[] parts) {
        Tensor[] f = new Tensor[parts.length];
        for (int i = 0; i < parts.length; i++) f[i] = parts[i].reshape(-1);
        return Tensor.concat(0, f);
    }

    private static Tensor meanKl(Map<String, Tensor> p, Tensor x) {
        Tensor logits = logits(p, x);
        Tensor logpOld = logits.detach().logSoftmax(1);
        Tensor logp = logits.logSoftmax(1);
        return logpOld.exp().mul(logpOld.sub(logp)).sum(false, 1).mean();
    }

    @Test
    void trpoKlFisherVectorProductAndConjugateGradient() {
        Map<String, Object> want = map(f32.get("trpo"));
        Map<String, Tensor> p = params(map(inputs.get("weights")), null);
        Tensor[] theta = p.values().toArray(new Tensor[0]);
        Tensor x = states(inputs.get("trpo_states"));
        NDArray a = actionIndex(inputs.get("trpo_actions"));
        Tensor adv = Tensor.of(floats(inputs.get("trpo_adv")), 32);
        NDArray v = NDArray.wrap(floats(inputs.get("v")), 4610);

        Tensor kl = meanKl(p, x);
        assertEquals(0.0, kl.item(), 1e-7);
        Tensor[] klGrad = Autograd.grad(kl, theta, true);
        Tensor gradFlat = flat(klGrad);
        float maxAbs = 0;
        for (float g : gradFlat.data().data()) maxAbs = Math.max(maxAbs, Math.abs(g));
        assertTrue(maxAbs < 1e-6, "d KL / d theta at theta_old should vanish, max |g| = " + maxAbs);

        // Fisher-vector product by double backward: d/dtheta (dKL/dtheta · v).
        Tensor gv = gradFlat.mul(Tensor.of(v)).sum();
        Tensor hv = flat(Autograd.grad(gv, theta, false));
        assertClose("Hv", floats(want.get("Hv")), hv.data().data(), 1e-5);

        // The surrogate gradient and the CG solve of (H + 0.1 I) x = -g.
        Tensor logp = logProb(logits(p, x), a);
        Tensor surr = logp.sub(logp.detach()).exp().mul(adv).mean().neg();
        assertEquals(number(want.get("surr_loss")), surr.item(), 1e-5 * Math.abs(number(want.get("surr_loss"))));
        NDArray g = flat(Autograd.grad(surr, theta, false)).data();
        assertClose("g", floats(want.get("g")), g.data(), 1e-5);

        java.util.function.UnaryOperator<NDArray> fvp = vec -> {
            Tensor kl2 = meanKl(p, x);
            Tensor gf = flat(Autograd.grad(kl2, theta, true));
            NDArray h = flat(Autograd.grad(gf.mul(Tensor.of(vec)).sum(), theta, false)).data();
            return h.add(vec.mul(0.1f));
        };
        assertClose("Hv + 0.1v", floats(want.get("Hv_plus_0.1v")), fvp.apply(v).data(), 1e-5);

        ConjugateGradient.Result two = ConjugateGradient.solve(fvp, g.neg(), 2, 1e-10);
        assertClose("cg_x after 2 iterations", floats(want.get("cg_x_after_2_iters")), two.x().data(), 1e-4);
        ConjugateGradient.Result cg = ConjugateGradient.solve(fvp, g.neg(), 10, 1e-10);
        List<?> history = (List<?>) want.get("cg_history");
        for (int i = 0; i < 4; i++) { // later iterations are float32 rounding noise (see the reference README)
            Map<String, Object> h = map(history.get(i));
            ConjugateGradient.Step s = cg.history().get(i);
            assertEquals(number(h.get("alpha")), s.alpha(), 1e-3 * Math.abs(number(h.get("alpha"))), "alpha " + i);
            assertEquals(number(h.get("beta")), s.beta(), 1e-3 * Math.abs(number(h.get("beta"))), "beta " + i);
            assertEquals(number(h.get("rdotr")), s.residualSquared(), 1e-3 * number(h.get("rdotr")), "rdotr " + i);
            assertEquals(number(h.get("x_norm")), s.solutionNorm(), 1e-4 * number(h.get("x_norm")), "x_norm " + i);
        }
        assertClose("cg_x", floats(want.get("cg_x")), cg.x().data(), 1e-3);

        // Step size: shs = 0.5 x·(H+0.1I)x, lm = sqrt(shs / max_kl).
        NDArray sol = cg.x();
        double shs = 0.5 * sol.dot(fvp.apply(sol)).item();
        assertEquals(number(want.get("shs")), shs, 1e-4 * number(want.get("shs")));
        double lm = Math.sqrt(shs / number(want.get("max_kl")));
        assertEquals(number(want.get("lm")), lm, 1e-4 * number(want.get("lm")));
        double improve = -g.dot(sol.mul((float) (1 / lm))).item();
        assertEquals(number(want.get("expected_improve")), improve, 1e-4 * number(want.get("expected_improve")));

        // Line search: surrogate and KL(old || new) at theta + frac * x / lm.
        Tensor logpOld, logitsOld;
        try (GradMode off = Autograd.noGrad()) {
            logitsOld = logits(p, x);
            logpOld = logProb(logitsOld, a);
        }
        for (Object o : (List<?>) want.get("linesearch")) {
            Map<String, Object> ls = map(o);
            float frac = (float) number(ls.get("frac"));
            Map<String, Tensor> moved = params(map(inputs.get("weights")), null);
            int at = 0;
            for (String n : NAMES) {
                float[] d = moved.get(n).data().data();
                for (int i = 0; i < d.length; i++) d[i] += frac * sol.data()[at++] / (float) lm;
            }
            try (GradMode off = Autograd.noGrad()) {
                Tensor logitsNew = logits(moved, x);
                float surrNew = logProb(logitsNew, a).sub(logpOld).exp().mul(adv).mean().neg().item();
                Tensor lpOld = logitsOld.logSoftmax(1);
                float klNew = lpOld.exp().mul(lpOld.sub(logitsNew.logSoftmax(1))).sum(false, 1).mean().item();
                assertEquals(number(ls.get("surr_loss")), surrNew, 1e-4 * Math.abs(number(ls.get("surr_loss"))), "line search surr at " + frac);
                assertEquals(number(ls.get("kl")), klNew, 2e-3 * number(ls.get("kl")), "line search kl at " + frac);
            }
        }
    }
}
