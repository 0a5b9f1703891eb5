package dev.ascent.optim;

import dev.ascent.autograd.Tensor;
import dev.ascent.engine.NDArray;
import dev.ascent.engine.Rng;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static dev.ascent.nn.Approx.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SGD, RMSprop and Adam against their PyTorch 1.13 formulas re-derived in double precision, parameter
 * groups, learning-rate changes, state dicts, and concurrent stepping.
 */
class OptimizerTest {
    private static final float[] P0 = {0.5f, -1.5f, 2f, 0.1f};
    private static final float[] A = {1f, 3f, 0.5f, 10f};

    /** Gradient of Σ a (p - 1)² · (1 + 0.1 t): varies per step so momentum terms matter. */
    private static double[] grad(double[] p, int t) {
        double[] g = new double[p.length];
        for (int i = 0; i < p.length; i++) g[i] = 2 * A[i] * (p[i] - 1) * (1 + 0.1 * t);
        return g;
    }

    private static void setGrad(Tensor p, int t) {
        double[] pd = new double[p.size()];
        for (int i = 0; i < pd.length; i++) pd[i] = p.data().data()[i];
        double[] g = grad(pd, t);
        float[] gf = new float[g.length];
        for (int i = 0; i < g.length; i++) gf[i] = (float) g[i];
        p.setGrad(Tensor.of(gf, gf.length));
    }

    private static double[] start() {
        double[] p = new double[P0.length];
        for (int i = 0; i < p.length; i++) p[i] = P0[i];
        return p;
    }

    /** Runs {@code steps} steps of {@code opt} and of the double-precision reference {@code ref}; compares every step. */
    private static void compare(String what, Function<List<Tensor>, Optimizer<?>> make, Reference ref, int steps) {
        Tensor p = Tensor.param(NDArray.of(P0, P0.length));
        Optimizer<?> opt = make.apply(List.of(p));
        double[] q = start();
        for (int t = 0; t < steps; t++) {
            setGrad(p, t);
            double[] g = grad(q, t);
            opt.step();
            ref.step(q, g, t + 1);
            double[] want = q.clone();
            for (int i = 0; i < q.length; i++) assertClose(what + " step " + (t + 1) + " p[" + i + "]", want[i], p.data().data()[i], 1e-5, 1e-6);
            // keep the reference on the float trajectory so rounding does not compound into the comparison
            for (int i = 0; i < q.length; i++) q[i] = p.data().data()[i];
        }
    }

    interface Reference {
        void step(double[] p, double[] g, int t);
    }

    @Test
    void sgdPlainMomentumDampeningNesterovWeightDecay() {
        compare("sgd", ps -> new SGD(ps, SGD.Config.of(0.01)), (p, g, t) -> {
            for (int i = 0; i < p.length; i++) p[i] -= 0.01 * g[i];
        }, 4);
        for (boolean nesterov : new boolean[] {false, true}) {
            double mu = 0.9, damp = nesterov ? 0 : 0.3, wd = 0.05, lr = 0.02;
            double[][] buf = {null};
            compare("sgd nesterov=" + nesterov, ps -> new SGD(ps, SGD.Config.of(lr).withMomentum(mu).withDampening(damp).withWeightDecay(wd).withNesterov(nesterov)),
                    (p, g, t) -> {
                        double[] d = new double[p.length];
                        for (int i = 0; i < p.length; i++) d[i] = g[i] + wd * p[i];
                        if (buf[0] == null) buf[0] = d.clone();
                        else for (int i = 0; i < p.length; i++) buf[0][i] = mu * buf[0][i] + (1 - damp) * d[i];
                        for (int i = 0; i < p.length; i++) p[i] -= lr * (nesterov ? d[i] + mu * buf[0][i] : buf[0][i]);
                    }, 5);
        }
        assertThrows(IllegalArgumentException.class, () -> SGD.Config.of(0.1).withNesterov(true));
        assertThrows(IllegalArgumentException.class, () -> SGD.Config.of(-1));
    }

    @Test
    void rmspropPlainCenteredMomentum() {
        for (boolean centered : new boolean[] {false, true}) {
            for (double mu : new double[] {0, 0.9}) {
                double lr = 0.01, alpha = 0.9, eps = 1e-6, wd = 0.01;
                double[] sq = new double[P0.length], ga = new double[P0.length], b = new double[P0.length];
                compare("rmsprop centered=" + centered + " momentum=" + mu,
                        ps -> new RMSprop(ps, RMSprop.Config.defaults().withLr(lr).withAlpha(alpha).withEps(eps).withWeightDecay(wd)
                                .withMomentum(mu).withCentered(centered)),
                        (p, g, t) -> {
                            for (int i = 0; i < p.length; i++) {
                                double gi = g[i] + wd * p[i];
                                sq[i] = alpha * sq[i] + (1 - alpha) * gi * gi;
                                double avg;
                                if (centered) {
                                    ga[i] = alpha * ga[i] + (1 - alpha) * gi;
                                    avg = Math.sqrt(sq[i] - ga[i] * ga[i]) + eps;
                                } else {
                                    avg = Math.sqrt(sq[i]) + eps;
                                }
                                if (mu > 0) {
                                    b[i] = mu * b[i] + gi / avg;
                                    p[i] -= lr * b[i];
                                } else {
                                    p[i] -= lr * gi / avg;
                                }
                            }
                        }, 5);
            }
        }
    }

    @Test
    void adamWithWeightDecayAndAmsgrad() {
        for (boolean ams : new boolean[] {false, true}) {
            double lr = 0.05, b1 = 0.8, b2 = 0.95, eps = 1e-6, wd = 0.1;
            double[] m = new double[P0.length], v = new double[P0.length], vmax = new double[P0.length];
            compare("adam amsgrad=" + ams, ps -> new Adam(ps, new Adam.Config(lr, b1, b2, eps, wd, ams)), (p, g, t) -> {
                for (int i = 0; i < p.length; i++) {
                    double gi = g[i] + wd * p[i];
                    m[i] = b1 * m[i] + (1 - b1) * gi;
                    v[i] = b2 * v[i] + (1 - b2) * gi * gi;
                    vmax[i] = Math.max(vmax[i], v[i]);
                    double denom = Math.sqrt(ams ? vmax[i] : v[i]) / Math.sqrt(1 - Math.pow(b2, t)) + eps;
                    p[i] -= lr / (1 - Math.pow(b1, t)) * m[i] / denom;
                }
            }, 6);
        }
        assertThrows(IllegalArgumentException.class, () -> Adam.Config.defaults().withBetas(1.0, 0.9));
        assertThrows(IllegalArgumentException.class, () -> Adam.Config.defaults().withEps(-1));
    }

    @Test
    void paramGroupsLearningRatesAndSkippedParameters() {
        Tensor actorW = Tensor.param(NDArray.ones(2)), criticW = Tensor.param(NDArray.ones(2)), frozen = Tensor.param(NDArray.ones(1));
        SGD sgd = new SGD(List.of(ParamGroup.of(List.of(actorW, frozen), SGD.Config.of(0.1)), ParamGroup.of(List.of(criticW), SGD.Config.of(1.0))));
        actorW.setGrad(Tensor.ones(2));
        criticW.setGrad(Tensor.ones(2));
        sgd.step();
        assertArrayEquals(new float[] {0.9f, 0.9f}, actorW.data().data());
        assertArrayEquals(new float[] {0f, 0f}, criticW.data().data());
        assertArrayEquals(new float[] {1f}, frozen.data().data(), "no gradient, no update");
        assertEquals(0.1, sgd.learningRate());
        sgd.setLearningRate(0.5);
        assertEquals(0.5, sgd.paramGroups().get(1).learningRate());
        sgd.paramGroups().get(0).setLearningRate(0.25);
        sgd.step();
        assertArrayEquals(new float[] {0.65f, 0.65f}, actorW.data().data());
        sgd.zeroGrad();
        assertEquals(null, actorW.grad());

        LinearSchedule anneal = new LinearSchedule(2.5e-4, 0, 100);
        assertEquals(2.5e-4, anneal.value(0));
        assertEquals(2.5e-4 * 0.75, anneal.value(25), 1e-18);
        assertEquals(0, anneal.value(500));
        anneal.apply(sgd, 50);
        assertEquals(1.25e-4, sgd.learningRate(), 1e-18);
        assertThrows(IllegalArgumentException.class, () -> new LinearSchedule(1, 0, 0));

        assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(actorW, actorW), SGD.Config.of(0.1)));
        assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(actorW.mul(2f)), SGD.Config.of(0.1)));
        assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(), SGD.Config.of(0.1)));
        assertTrue(sgd.toString().contains("group 1: 1 params"), sgd.toString());
    }

    private static List<Tensor> params(Rng rng) {
        return List.of(Tensor.param(NDArray.normal(rng, 0, 1, 3, 2)), Tensor.param(NDArray.normal(rng, 0, 1, 2)), Tensor.param(NDArray.normal(rng, 0, 1, 4)));
    }

    private static void randomGrads(List<Tensor> ps, Rng rng, boolean skipLast) {
        for (int i = 0; i < ps.size(); i++) {
            Tensor p = ps.get(i);
            p.setGrad(skipLast && i == ps.size() - 1 ? null : Tensor.of(NDArray.normal(rng, 0, 1, p.shape())));
        }
    }

    @Test
    void stateDictResumesBitExactly() {
        List<Function<List<Tensor>, Optimizer<?>>> makers = List.of(
                ps -> new Adam(ps, Adam.Config.defaults().withLr(2.5e-4).withEps(1e-5).withAmsgrad(true)),
                ps -> new SGD(ps, SGD.Config.of(0.01).withMomentum(0.9).withNesterov(true)),
                ps -> new RMSprop(ps, RMSprop.Config.defaults().withLr(7e-4).withAlpha(0.99).withEps(1e-5).withCentered(true).withMomentum(0.5)));
        for (Function<List<Tensor>, Optimizer<?>> make : makers) {
            List<Tensor> a = params(new Rng(1));
            Optimizer<?> optA = make.apply(a);
            Rng g = new Rng(2);
            for (int t = 0; t < 3; t++) {
                randomGrads(a, g, true); // the last parameter never gets a gradient: it has no state
                optA.step();
            }
            Map<String, NDArray> saved = optA.stateDict();
            assertTrue(saved.keySet().stream().noneMatch(k -> k.startsWith("state.2.")), saved.keySet().toString());
            List<NDArray> values = new ArrayList<>();
            for (Tensor p : a) values.add(p.data().copy());

            List<Tensor> b = params(new Rng(99));
            for (int i = 0; i < b.size(); i++) b.get(i).data().assign(values.get(i));
            Optimizer<?> optB = make.apply(b);
            optB.loadStateDict(saved);
            assertEquals(saved.keySet(), optB.stateDict().keySet());

            Rng g2 = new Rng(3), g3 = new Rng(3);
            for (int t = 0; t < 3; t++) {
                randomGrads(a, g2, false);
                randomGrads(b, g3, false);
                optA.step();
                optB.step();
            }
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(a.get(i).data().data(), b.get(i).data().data(), optA.getClass().getSimpleName() + " param " + i);
            }
        }
    }

    @Test
    void loadStateDictValidatesEverythingBeforeChangingAnything() {
        List<Tensor> ps = params(new Rng(4));
        Adam adam = new Adam(ps, Adam.Config.defaults());
        randomGrads(ps, new Rng(5), false);
        adam.step();
        Map<String, NDArray> good = adam.stateDict();

        Map<String, NDArray> wrongShape = new LinkedHashMap<>(good);
        wrongShape.put("state.1.exp_avg", NDArray.zeros(3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adam.loadStateDict(wrongShape));
        assertTrue(e.getMessage().contains("state.1") && e.getMessage().contains("exp_avg"), e.getMessage());

        Map<String, NDArray> unknown = new LinkedHashMap<>(good);
        unknown.put("state.0.momentum_buffer", NDArray.zeros(3, 2));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> adam.loadStateDict(unknown)).getMessage().contains("momentum_buffer"));

        Map<String, NDArray> outOfRange = new LinkedHashMap<>(good);
        outOfRange.put("state.7.step", NDArray.scalar(1));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> adam.loadStateDict(outOfRange)).getMessage().contains("state.7.step"));

        Map<String, NDArray> missingLr = new LinkedHashMap<>(good);
        missingLr.remove("param_groups.0.lr");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> adam.loadStateDict(missingLr)).getMessage().contains("param_groups.0.lr"));

        Map<String, NDArray> regrouped = new LinkedHashMap<>(good);
        regrouped.put("param_groups.0.params", NDArray.vector(0, 1));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> adam.loadStateDict(regrouped)).getMessage().contains("params"));

        Map<String, NDArray> badStep = new LinkedHashMap<>(good);
        badStep.put("state.0.step", NDArray.scalar(1.5f));
        badStep.put("param_groups.0.lr", NDArray.scalar(0.5f));
        assertThrows(IllegalArgumentException.class, () -> adam.loadStateDict(badStep));
        assertEquals(1e-3, adam.learningRate(), "a failed load must leave the hyperparameters alone");

        // A changed learning rate in the file is restored; an unchanged one keeps its exact double value.
        Map<String, NDArray> newLr = new LinkedHashMap<>(good);
        newLr.put("param_groups.0.lr", NDArray.scalar(0.5f));
        adam.loadStateDict(newLr);
        assertEquals(0.5, adam.learningRate());
        adam.setLearningRate(2.5e-4);
        adam.loadStateDict(adam.stateDict());
        assertEquals(2.5e-4, adam.learningRate(), "float32 round trip must not perturb an unchanged setting");
    }

    @Test
    void explicitGradientsAndConcurrentWorkers() throws Exception {
        // A3C: workers apply locally computed gradients to shared parameters through one optimizer.
        Tensor shared = Tensor.param(NDArray.zeros(1000));
        SGD sgd = new SGD(List.of(shared), SGD.Config.of(1.0 / 1024));
        int workers = 4, stepsEach = 200;
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            threads.add(new Thread(() -> {
                NDArray g = NDArray.full(-1f, 1000);
                for (int s = 0; s < stepsEach; s++) sgd.step(java.util.Collections.singletonList(g));
            }));
        }
        for (Thread t : threads) t.start();
        for (Thread t : threads) t.join();
        // Each step adds exactly 2^-10 (exact in float32 up to 800/1024): no update may be lost.
        for (float v : shared.data().data()) assertEquals(workers * stepsEach / 1024f, v);
        assertEquals(null, shared.grad(), "explicit gradients do not touch .grad");
        // The same through a worker's local copy of the parameters.
        Tensor local = Tensor.param(NDArray.zeros(1000));
        local.setGrad(Tensor.of(NDArray.full(-1024f, 1000)));
        sgd.stepFrom(List.of(local));
        for (float v : shared.data().data()) assertEquals(workers * stepsEach / 1024f + 1f, v);
        assertThrows(IllegalArgumentException.class, () -> sgd.step(java.util.Collections.singletonList(NDArray.zeros(3))));
        assertThrows(IllegalArgumentException.class, () -> sgd.step(List.of()));
    }
}
