package dev.ascent.io;

import dev.ascent.autograd.Tensor;
import dev.ascent.distributions.Categorical;
import dev.ascent.engine.NDArray;
import dev.ascent.engine.Rng;
import dev.ascent.nn.GradClipping;
import dev.ascent.nn.LayerInit;
import dev.ascent.nn.Mlp;
import dev.ascent.nn.Sequential;
import dev.ascent.optim.Adam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A checkpoint of model + optimizer + extras + metadata resumes training bit-exactly. */
class CheckpointTest {
    @TempDir
    Path dir;

    private static Sequential policy(long seed) {
        return Mlp.builder(4, 16, 2).hiddenInit(LayerInit.orthogonal(Math.sqrt(2))).outputInit(LayerInit.orthogonal(0.01)).build(new Rng(seed));
    }

    /** One policy-gradient update on a batch drawn from {@code data}. */
    private static void update(Sequential pi, Adam adam, Rng data) {
        Tensor obs = Tensor.of(NDArray.normal(data, 0, 1, 32, 4));
        Categorical d = Categorical.fromLogits(pi.forward(obs));
        NDArray actions = d.sample(data);
        Tensor adv = Tensor.of(NDArray.normal(data, 0, 1, 32));
        Tensor loss = d.logProb(actions).mul(adv).mean().neg().sub(d.entropy().mean().mul(0.01f));
        adam.zeroGrad();
        loss.backward();
        GradClipping.clipGradNorm(pi.parameters(), 0.5);
        adam.step();
    }

    @Test
    void resumingFromACheckpointIsBitExact() throws IOException {
        Sequential pi = policy(1);
        Adam adam = new Adam(pi.parameters(), Adam.Config.defaults().withLr(2.5e-4).withEps(1e-5));
        Rng data = new Rng(2);
        for (int i = 0; i < 5; i++) update(pi, adam, data);

        Path file = dir.resolve("ckpt.safetensors");
        Checkpoint.builder()
                .module("policy", pi)
                .optimizer("optimizer", adam)
                .tensor("obs_rms.mean", NDArray.vector(0.5f, -0.5f, 0, 1))
                .metadata("global_step", "5")
                .rng("rng", data)
                .build()
                .write(file);

        for (int i = 0; i < 5; i++) update(pi, adam, data);

        Sequential resumed = policy(77); // different initial weights: everything must come from the file
        Adam resumedAdam = new Adam(resumed.parameters(), Adam.Config.defaults().withLr(2.5e-4).withEps(1e-5));
        Rng resumedData = new Rng(999);
        Checkpoint c = Checkpoint.read(file);
        c.restore("policy", resumed);
        c.restore("optimizer", resumedAdam);
        c.restoreRng("rng", resumedData);
        assertEquals("5", c.metadata("global_step"));
        assertEquals("pt", c.metadata("format"));
        assertArrayEquals(new float[] {0.5f, -0.5f, 0, 1}, c.tensor("obs_rms.mean").data());
        for (int i = 0; i < 5; i++) update(resumed, resumedAdam, resumedData);

        List<Tensor> a = pi.parameters(), b = resumed.parameters();
        for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i).data().data(), b.get(i).data().data(), "parameter " + i);
    }

    @Test
    void theFileIsAPlainSafetensorsFileWithPrefixedNames() throws IOException {
        Sequential pi = policy(3);
        Adam adam = new Adam(pi.parameters(), Adam.Config.defaults());
        update(pi, adam, new Rng(4));
        Path file = dir.resolve("plain.safetensors");
        Checkpoint.builder().module("policy", pi).optimizer("optimizer", adam).build().write(file);
        Safetensors.Contents raw = Safetensors.read(file);
        for (String k : new String[] {"policy.0.weight", "policy.2.bias", "optimizer.state.0.exp_avg", "optimizer.state.3.step",
                "optimizer.param_groups.0.lr", "optimizer.param_groups.0.params"}) {
            assertTrue(raw.tensors().containsKey(k), k + " in " + raw.tensors().keySet());
        }
        assertEquals(1f, raw.tensors().get("optimizer.state.3.step").item());
        assertArrayEquals(pi.parameters().get(0).data().data(), raw.tensors().get("policy.0.weight").data());
    }

    @Test
    void mistakesAreReportedByName() throws IOException {
        Sequential pi = policy(5);
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.builder().module("p", pi).tensor("p.0.weight", NDArray.zeros(1)));
        assertTrue(dup.getMessage().contains("p.0.weight"), dup.getMessage());
        Checkpoint c = Checkpoint.builder().module("policy", pi).build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.restore("critic", pi)).getMessage().contains("critic"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.tensor("nope")).getMessage().contains("policy.0.weight"));
        assertThrows(IllegalArgumentException.class, () -> c.metadata("nope"));
        Sequential wider = Mlp.builder(4, 32, 2).build(new Rng(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.restore("policy", wider));
        assertTrue(e.getMessage().contains("0.weight: checkpoint has [16, 4], module has [32, 4]"), e.getMessage());
    }
}
