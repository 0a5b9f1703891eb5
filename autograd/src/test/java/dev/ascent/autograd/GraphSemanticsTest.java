package dev.ascent.autograd;

import dev.ascent.engine.NDArray;
import dev.ascent.engine.Rng;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PyTorch's autograd semantics: accumulation, retain/create graph, noGrad, detach, hooks, errors. */
class GraphSemanticsTest {

    @Test
    void gradientsAccumulateAcrossBackwardCallsUntilZeroed() {
        Tensor x = Tensor.param(NDArray.vector(1f, 2f, 3f));
        x.mul(x).sum().backward();
        assertArrayEquals(new float[] {2, 4, 6}, x.grad().data().data());
        x.mul(3f).sum().backward();
        assertArrayEquals(new float[] {5, 7, 9}, x.grad().data().data());
        x.zeroGrad();
        assertNull(x.grad());
    }

    @Test
    void sharedSubexpressionsSumTheirGradients() {
        Tensor x = Tensor.param(NDArray.scalar(3f));
        Tensor y = x.mul(x); // x used twice by one op
        Tensor z = y.add(y).add(x); // y used twice
        z.backward();
        assertEquals(13f, x.grad().item()); // d(2x^2 + x) = 4x + 1
    }

    @Test
    void secondBackwardThroughAReleasedGraphFailsClearly() {
        Tensor x = Tensor.param(NDArray.vector(1f, 2f));
        Tensor loss = x.tanh().sum();
        loss.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("second time") && e.getMessage().contains("retainGraph"), e.getMessage());

        Tensor kept = x.tanh().sum();
        kept.backward(Tensor.scalar(1f), true, false);
        kept.backward(Tensor.scalar(1f), true, false); // retained: allowed
    }

    @Test
    void createGraphGivesDifferentiableGradients() {
        Tensor x = Tensor.param(NDArray.scalar(0.7f));
        Tensor y = x.pow(3f);
        Tensor dy = Autograd.grad(y, new Tensor[] {x}, true)[0];
        assertTrue(dy.requiresGrad());
        assertEquals(3 * 0.49f, dy.item(), 1e-6);
        Tensor d2y = Autograd.grad(dy, new Tensor[] {x}, true)[0];
        assertEquals(6 * 0.7f, d2y.item(), 1e-6);
        Tensor d3y = Autograd.grad(d2y, new Tensor[] {x}, false)[0];
        assertEquals(6f, d3y.item(), 1e-6);
        assertNull(x.grad(), "Autograd.grad must not touch .grad");
    }

    @Test
    void noGradRecordsNothingAndNests() {
        Tensor x = Tensor.param(NDArray.vector(1f, 2f));
        Tensor y;
        try (GradMode off = Autograd.noGrad()) {
            y = x.mul(2f);
            try (GradMode on = Autograd.enableGrad()) {
                assertTrue(x.mul(2f).requiresGrad());
            }
            assertFalse(x.mul(2f).requiresGrad());
        }
        assertFalse(y.requiresGrad());
        assertTrue(y.isLeaf());
        assertTrue(x.mul(2f).requiresGrad());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertTrue(e.getMessage().contains("does not require grad"), e.getMessage());
    }

    @Test
    void noGradIsPerThread() throws Exception {
        Tensor x = Tensor.param(NDArray.scalar(1f));
        boolean[] other = new boolean[1];
        try (GradMode off = Autograd.noGrad()) {
            Thread t = new Thread(() -> other[0] = x.mul(2f).requiresGrad());
            t.start();
            t.join();
        }
        assertTrue(other[0], "another thread's noGrad must not leak into this one");
    }

    @Test
    void detachCutsTheGraphButSharesData() {
        Tensor x = Tensor.param(NDArray.vector(1f, 2f));
        Tensor d = x.mul(2f).detach();
        assertFalse(d.requiresGrad());
        Tensor loss = x.mul(d).sum(); // gradient treats d as a constant
        loss.backward();
        assertArrayEquals(new float[] {2, 4}, x.grad().data().data());
        Tensor shared = x.detach();
        assertTrue(shared.data() == x.data());
    }

    @Test
    void unusedInputsAndNonScalarOutputs() {
        Tensor x = Tensor.param(NDArray.vector(1f, 2f)), unused = Tensor.param(NDArray.scalar(1f));
        Tensor y = x.mul(2f).sum();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Autograd.grad(new Tensor[] {y}, new Tensor[] {x, unused}, null, false, true, false));
        assertTrue(e.getMessage().contains("allowUnused"), e.getMessage());
        Tensor[] g = Autograd.grad(new Tensor[] {y}, new Tensor[] {x, unused}, null, false, false, true);
        assertNull(g[1]);
        IllegalStateException ns = assertThrows(IllegalStateException.class, () -> x.mul(2f).backward());
        assertTrue(ns.getMessage().contains("[2]"), ns.getMessage());
        Tensor v = x.mul(2f);
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> v.backward(Tensor.ones(3)));
        assertTrue(bad.getMessage().contains("[3]") && bad.getMessage().contains("[2]"), bad.getMessage());
    }

    @Test
    void hooksSeeAndCanReplaceGradients() {
        Tensor x = Tensor.param(NDArray.vector(1f, 2f));
        Tensor h = x.mul(3f);
        AtomicInteger calls = new AtomicInteger();
        float[] seen = new float[2];
        h.registerHook(g -> {
            calls.incrementAndGet();
            System.arraycopy(g.data().data(), 0, seen, 0, 2);
            return g.mul(10f);
        });
        h.square().sum().backward();
        assertEquals(1, calls.get());
        assertArrayEquals(new float[] {6, 12}, seen); // d(h^2)/dh = 2h
        assertArrayEquals(new float[] {180, 360}, x.grad().data().data()); // 10 * 2h * 3
    }

    @Test
    void shapeErrorsNameBothShapes() {
        Tensor a = Tensor.param(NDArray.zeros(2, 3)), b = Tensor.param(NDArray.zeros(4, 5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.matmul(b));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4, 5]"), e.getMessage());
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class, () -> a.add(Tensor.zeros(2, 2)));
        assertTrue(f.getMessage().contains("[2, 3]") && f.getMessage().contains("[2, 2]"), f.getMessage());
        IllegalArgumentException g = assertThrows(IllegalArgumentException.class, () -> a.linear(b, null));
        assertTrue(g.getMessage().contains("[2, 3]") && g.getMessage().contains("[4, 5]"), g.getMessage());
    }

    @Test
    void dotExportDescribesTheGraph() {
        Tensor w = Tensor.param(NDArray.zeros(2, 3)).named("w");
        Tensor x = Tensor.of(NDArray.ones(1, 3));
        String dot = x.linear(w, null).tanh().sum().toDot();
        assertTrue(dot.startsWith("digraph"), dot);
        for (String s : new String[] {"linear", "tanh", "sum", "w\\n[2, 3]", "->"}) assertTrue(dot.contains(s), s + " missing in\n" + dot);
    }

    @Test
    void stableAtPlusMinusThousand() {
        Tensor x = Tensor.param(NDArray.of(new float[] {1000, -1000, 0, 1000, 1000, 1000}, 2, 3));
        Tensor lse = x.logsumexp(1, false);
        Tensor lsm = x.logSoftmax(1);
        Tensor sm = x.softmax(1);
        assertTrue(lse.data().allFinite() && lsm.data().allFinite() && sm.data().allFinite());
        lse.sum().backward();
        // d logsumexp = exp(x - logsumexp(x)) = softmax: [1, 0, 0] and ~[1/3, 1/3, 1/3]. At 1000 the float32
        // logsumexp itself is rounded (ulp 6e-5), so PyTorch's float32 answer is 0.3333265, and so is ours.
        assertArrayEquals(new float[] {1, 0, 0, 0.3333265f, 0.3333265f, 0.3333265f}, x.grad().data().data(), 1e-7f);
        x.zeroGrad();
        lsm.gather(1, NDArray.of(new float[] {1, 2}, 2, 1)).sum().backward();
        // d log_softmax_k / dx = onehot(k) - softmax
        assertArrayEquals(new float[] {-1, 1, 0, -1 / 3f, -1 / 3f, 2 / 3f}, x.grad().data().data(), 1e-6f);
        assertTrue(x.grad().data().allFinite());
    }

    private static float[] trainFiveSteps(boolean inWorkspace) {
        Rng rng = new Rng(77);
        Tensor w0 = Tensor.param(NDArray.normal(rng, 0, 0.5f, 8, 4)), b0 = Tensor.param(NDArray.zeros(8));
        Tensor w1 = Tensor.param(NDArray.normal(rng, 0, 0.5f, 2, 8)), b1 = Tensor.param(NDArray.zeros(2));
        Tensor x = Tensor.of(NDArray.normal(rng, 0, 1, 16, 4));
        NDArray actions = NDArray.of(new float[16], 16, 1);
        Tensor[] params = {w0, b0, w1, b1};
        for (int step = 0; step < 5; step++) {
            dev.ascent.engine.Workspace ws = inWorkspace ? dev.ascent.engine.Workspace.open() : null;
            try {
                Tensor loss = x.linear(w0, b0).tanh().linear(w1, b1).logSoftmax(1).gather(1, actions).mean().neg();
                loss.backward();
                for (Tensor p : params) {
                    p.data().axpyInPlace(-0.1f, p.grad().data());
                    p.zeroGrad();
                }
            } finally {
                if (ws != null) ws.close();
            }
        }
        return Tensor.concat(0, w0.reshape(-1), b0, w1.reshape(-1), b1).data().toArray();
    }

    @Test
    void trainingInsideWorkspacesIsBitIdenticalToTheHeap() {
        assertArrayEquals(trainFiveSteps(false), trainFiveSteps(true));
    }

    @Test
    void hessianVectorProductEqualsExplicitHessianTimesV() {
        Rng rng = new Rng(9);
        Tensor w1 = Tensor.param(NDArray.normal(rng, 0, 0.5f, 3, 2)), w2 = Tensor.param(NDArray.normal(rng, 0, 0.5f, 1, 3));
        Tensor x = Tensor.of(NDArray.normal(rng, 0, 1, 4, 2));
        Tensor[] params = {w1, w2};
        java.util.function.Supplier<Tensor> loss = () -> x.linear(w1, null).tanh().linear(w2, null).square().mean();
        int n = 9;
        NDArray v = NDArray.normal(rng, 0, 1, n);
        // Hv by double backward.
        Tensor[] g = Autograd.grad(loss.get(), params, true);
        Tensor gFlat = Tensor.concat(0, g[0].reshape(-1), g[1].reshape(-1));
        Tensor[] hvParts = Autograd.grad(gFlat.mul(Tensor.of(v)).sum(), params, false);
        float[] hv = Tensor.concat(0, hvParts[0].reshape(-1), hvParts[1].reshape(-1)).data().data();
        // Explicit Hessian, one column at a time: H e_j = d/dtheta (g · e_j).
        double[][] hess = new double[n][n];
        Tensor[] g2 = Autograd.grad(loss.get(), params, true);
        Tensor gf2 = Tensor.concat(0, g2[0].reshape(-1), g2[1].reshape(-1));
        for (int j = 0; j < n; j++) {
            NDArray e = NDArray.zeros(n);
            e.data()[j] = 1f;
            Tensor[] col = Autograd.grad(new Tensor[] {gf2.mul(Tensor.of(e)).sum()}, params, null, false, true, false);
            float[] c = Tensor.concat(0, col[0].reshape(-1), col[1].reshape(-1)).data().data();
            for (int i = 0; i < n; i++) hess[i][j] = c[i];
        }
        for (int i = 0; i < n; i++) {
            assertEquals(hess[i][(i + 1) % n], hess[(i + 1) % n][i], 1e-5, "Hessian must be symmetric");
            double s = 0;
            for (int j = 0; j < n; j++) s += hess[i][j] * v.data()[j];
            assertEquals(s, hv[i], 1e-5 + 1e-5 * Math.abs(s), "Hv[" + i + "]");
        }
    }
}
