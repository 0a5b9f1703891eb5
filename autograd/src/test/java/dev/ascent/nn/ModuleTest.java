package dev.ascent.nn;

import dev.ascent.autograd.Autograd;
import dev.ascent.autograd.GradMode;
import dev.ascent.autograd.Tensor;
import dev.ascent.engine.NDArray;
import dev.ascent.engine.Rng;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Registry, names, state dicts, deep copies, modes and hooks of {@link Module}. */
class ModuleTest {
    /** An actor-critic as the algorithms module will write one: fields pointing at registered children and a parameter. */
    static final class ActorCritic extends Module {
        final Sequential actor, critic;
        final Tensor logStd;

        ActorCritic(Rng rng) {
            actor = registerModule("actor", Mlp.builder(3, 8, 2).build(rng));
            critic = registerModule("critic", Mlp.builder(3, 8, 1).build(rng));
            logStd = registerParameter("log_std", Tensor.param(NDArray.zeros(2)));
        }
    }

    @Test
    void dottedNamesInRegistrationOrder() {
        ActorCritic ac = new ActorCritic(new Rng(1));
        // As PyTorch's named_parameters: a module's own parameters first, then its children's, depth first.
        assertEquals(List.of("log_std", "actor.0.weight", "actor.0.bias", "actor.2.weight", "actor.2.bias",
                "critic.0.weight", "critic.0.bias", "critic.2.weight", "critic.2.bias"), List.copyOf(ac.namedParameters().keySet()));
        assertEquals(9, ac.parameters().size());
        assertEquals(3 * 8 + 8 + 8 * 2 + 2 + 3 * 8 + 8 + 8 + 1 + 2, ac.parameterCount());
        assertEquals(List.of("", "actor", "actor.0", "actor.1", "actor.2", "critic", "critic.0", "critic.1", "critic.2"),
                List.copyOf(ac.namedModules().keySet()));
        assertTrue(ac.toString().contains("(actor): Sequential("), ac.toString());
        assertTrue(ac.toString().contains("Linear(in_features=3, out_features=8, bias=true)"), ac.toString());
        for (Map.Entry<String, Tensor> e : ac.namedParameters().entrySet()) assertTrue(e.getValue().requiresGrad(), e.getKey());
    }

    @Test
    void sharedParametersAreListedOnce() {
        Rng rng = new Rng(2);
        Linear shared = new Linear(4, 4, rng);
        Sequential s = new Sequential(shared, new Tanh(), shared);
        assertEquals(List.of("0.weight", "0.bias"), List.copyOf(s.namedParameters().keySet()));
    }

    @Test
    void registrationRejectsBadNames() {
        Module m = new Module() {
            {
                registerParameter("w", Tensor.param(NDArray.zeros(1)));
                assertThrows(IllegalArgumentException.class, () -> registerParameter("w", Tensor.param(NDArray.zeros(1))));
                assertThrows(IllegalArgumentException.class, () -> registerModule("a.b", new Identity()));
                assertThrows(IllegalArgumentException.class, () -> registerBuffer("", NDArray.zeros(1)));
                Tensor nonLeaf = Tensor.param(NDArray.zeros(1)).mul(2f);
                assertThrows(IllegalArgumentException.class, () -> registerParameter("v", nonLeaf));
            }
        };
        assertEquals(1, m.parameters().size());
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> m.forward(Tensor.zeros(1)));
        assertTrue(e.getMessage().contains("no single-tensor forward"), e.getMessage());
    }

    @Test
    void stateDictIsASnapshotAndLoadsBack() {
        ActorCritic a = new ActorCritic(new Rng(3)), b = new ActorCritic(new Rng(4));
        Map<String, NDArray> state = a.stateDict();
        assertEquals(List.copyOf(a.namedParameters().keySet()), List.copyOf(state.keySet()));
        a.logStd.data().fill(5f);
        assertEquals(0f, state.get("log_std").data()[0], "the state dict must not alias the live parameters");

        Tensor before = b.actor.get(0).localParameters().get("weight");
        Module.LoadResult r = b.loadStateDict(state, true);
        assertTrue(r.isComplete());
        assertSame(before, b.namedParameters().get("actor.0.weight"), "loading must write in place, keeping the parameter objects");
        for (Map.Entry<String, NDArray> e : state.entrySet()) {
            assertArrayEquals(e.getValue().data(), b.namedParameters().get(e.getKey()).data().data(), e.getKey());
        }
    }

    @Test
    void strictLoadReportsEveryProblemAndChangesNothing() {
        ActorCritic m = new ActorCritic(new Rng(5));
        Map<String, NDArray> good = m.stateDict();
        Map<String, NDArray> bad = new java.util.LinkedHashMap<>(good);
        bad.remove("critic.2.bias");
        bad.put("extra.weight", NDArray.zeros(1));
        bad.put("actor.0.weight", NDArray.zeros(8, 4));
        bad.put("log_std", NDArray.full(7f, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.loadStateDict(bad, true));
        String msg = e.getMessage();
        assertTrue(msg.contains("actor.0.weight: checkpoint has [8, 4], module has [8, 3]"), msg);
        assertTrue(msg.contains("missing keys: [critic.2.bias]"), msg);
        assertTrue(msg.contains("unexpected keys: [extra.weight]"), msg);
        assertEquals(0f, m.logStd.data().data()[0], "nothing may be written when validation fails");

        // Non-strict: missing/unexpected are reported, shapes are still checked.
        bad.put("actor.0.weight", good.get("actor.0.weight"));
        Module.LoadResult r = m.loadStateDict(bad, false);
        assertEquals(List.of("critic.2.bias"), r.missingKeys());
        assertEquals(List.of("extra.weight"), r.unexpectedKeys());
        assertEquals(7f, m.logStd.data().data()[0]);
        bad.put("actor.0.weight", NDArray.zeros(3));
        assertThrows(IllegalArgumentException.class, () -> m.loadStateDict(bad, false));
    }

    @Test
    void deepCopyIsIndependentAndRebindsFields() {
        ActorCritic a = new ActorCritic(new Rng(6));
        a.eval();
        Tensor x = Tensor.of(NDArray.normal(new Rng(7), 0, 1, 5, 3));
        a.actor.forward(x).sum().backward();
        ActorCritic c = Module.copyOf(a);
        assertNotSame(a.actor, c.actor);
        assertSame(c.namedChildren().get("actor"), c.actor, "fields must point at the copy's children");
        assertSame(c.namedParameters().get("log_std"), c.logStd, "fields must point at the copy's parameters");
        assertFalse(c.isTraining());
        for (Map.Entry<String, Tensor> e : a.namedParameters().entrySet()) {
            Tensor copy = c.namedParameters().get(e.getKey());
            assertNotSame(e.getValue(), copy);
            assertNotSame(e.getValue().data(), copy.data());
            assertArrayEquals(e.getValue().data().data(), copy.data().data(), e.getKey());
            assertNull(copy.grad(), "copies start without gradients");
            assertTrue(copy.requiresGrad());
        }
        assertArrayEquals(a.actor.forward(x).data().data(), c.actor.forward(x).data().data());
        c.logStd.data().fill(1f);
        assertEquals(0f, a.logStd.data().data()[0]);
    }

    @Test
    void deepCopyPreservesSharingAndRejectsUnregisteredModules() {
        Linear shared = new Linear(2, 2, new Rng(8));
        Sequential s = new Sequential(shared, shared);
        Sequential c = Module.copyOf(s);
        assertSame(c.get(0), c.get(1));
        assertNotSame(shared, c.get(0));

        Module sneaky = new Module() {
            final Linear hidden = new Linear(2, 2, new Rng(9));
        };
        IllegalStateException e = assertThrows(IllegalStateException.class, sneaky::deepCopy);
        assertTrue(e.getMessage().contains("hidden") && e.getMessage().contains("registerModule"), e.getMessage());

        Module withList = new Module() {
            final List<Linear> layers = new ArrayList<>();

            {
                for (int i = 0; i < 2; i++) layers.add(registerModule("l" + i, new Linear(2, 2, new Rng(i))));
            }

            @Override
            protected Tensor compute(Tensor in) {
                return layers.get(1).forward(layers.get(0).forward(in));
            }
        };
        Module copy = withList.deepCopy();
        Tensor x = Tensor.of(NDArray.ones(1, 2));
        assertArrayEquals(withList.forward(x).data().data(), copy.forward(x).data().data());
        copy.namedParameters().get("l0.weight").data().fill(0f);
        assertFalse(java.util.Arrays.equals(withList.forward(x).data().data(), copy.forward(x).data().data()),
                "the copy's list must hold the copied layers");
    }

    @Test
    void trainEvalZeroGradAndFreezing() {
        ActorCritic m = new ActorCritic(new Rng(10));
        m.eval();
        for (Module sub : m.namedModules().values()) assertFalse(sub.isTraining());
        m.train();
        for (Module sub : m.namedModules().values()) assertTrue(sub.isTraining());
        m.critic.forward(Tensor.of(NDArray.ones(2, 3))).sum().backward();
        assertTrue(m.critic.parameters().get(0).grad() != null);
        m.zeroGrad();
        for (Tensor p : m.parameters()) assertNull(p.grad());
        m.actor.requiresGrad(false);
        assertFalse(m.actor.forward(Tensor.of(NDArray.ones(1, 3))).requiresGrad());
    }

    @Test
    void forwardHooksSeeLayerInputsAndOutputGradients() {
        // What K-FAC captures per Linear layer: a = its input, g = dL/d(output).
        Sequential net = Mlp.builder(3, 5, 2).build(new Rng(11));
        Linear first = (Linear) net.get(0);
        List<Tensor> inputs = new ArrayList<>(), outputs = new ArrayList<>(), grads = new ArrayList<>();
        HookHandle fwd = first.registerForwardHook((module, in, out) -> {
            assertSame(first, module);
            inputs.add(in);
            outputs.add(out);
        });
        HookHandle bwd = first.registerOutputGradientHook((module, g) -> grads.add(g));
        Tensor x = Tensor.of(NDArray.normal(new Rng(12), 0, 1, 4, 3));
        Tensor y = net.forward(x);
        Tensor loss = y.square().sum();
        assertEquals(1, inputs.size());
        assertSame(x, inputs.get(0));
        assertArrayEquals(new int[] {4, 5}, outputs.get(0).shape());
        loss.backward();
        assertEquals(1, grads.size());

        // The gradient handed over is dL/dz for z = first(x): check it against autograd on a fresh graph.
        Tensor z = first.forward(x);
        Tensor l2 = net.get(2).forward(net.get(1).forward(z)).square().sum();
        Tensor dz = Autograd.grad(l2, new Tensor[] {z}, false)[0];
        Approx.assertClose("dL/dz", dz.data().data(), grads.get(0).data().data(), 1e-6);
        assertEquals(2, grads.size(), "the second backward also reports");

        // The hook observes only: parameter gradients equal those of an unhooked copy.
        Sequential plain = Module.copyOf(net);
        net.zeroGrad();
        net.forward(x).square().sum().backward();
        plain.forward(x).square().sum().backward();
        Approx.assertClose("dW unchanged by the hook", plain.parameters().get(0).grad().data().data(),
                net.parameters().get(0).grad().data().data(), 0);
        assertTrue(plain.toString().equals(net.toString()));

        // Under noGrad there is no output gradient, and no error.
        try (GradMode off = Autograd.noGrad()) {
            net.forward(x);
        }
        int seen = grads.size();
        fwd.remove();
        bwd.close();
        net.forward(x).square().sum().backward();
        assertEquals(seen, grads.size());
        assertEquals(4, inputs.size(), "removed forward hooks stop firing");
        // Copies do not inherit hooks.
        List<Tensor> copyInputs = new ArrayList<>();
        ((Linear) net.get(0)).registerForwardHook((m, in, out) -> copyInputs.add(in));
        Module.copyOf(net).forward(x);
        assertEquals(0, copyInputs.size());
    }

    @Test
    void buffersAreStateButNotParameters() {
        Module norm = new Module() {
            final NDArray mean = registerBuffer("running_mean", NDArray.full(2f, 3));
        };
        assertEquals(0, norm.parameters().size());
        assertEquals(List.of("running_mean"), List.copyOf(norm.stateDict().keySet()));
        norm.loadStateDict(Map.of("running_mean", NDArray.full(5f, 3)), true);
        assertEquals(5f, norm.namedBuffers().get("running_mean").data()[0]);
        Module copy = norm.deepCopy();
        copy.namedBuffers().get("running_mean").fill(1f);
        assertEquals(5f, norm.namedBuffers().get("running_mean").data()[0]);
    }
}
